// Records a pipeline's findings as a run: stable ring ids against the previous run, indicators, alerts, one atomic save.
import { createHash } from 'node:crypto';
import type { DetectionConfig } from '../schema/config.js';
import { RingscanError } from '../schema/errors.js';
import type { Findings } from '../schema/findings.js';
import type { RunRecord } from '../schema/run.js';
import type { FindingsStore, RunToSave } from '../store/findings-store.js';
import { hashConfig } from './canonical-json.js';
import { RING_MATCH_DEFAULTS, type PreviousRing } from './match-rings.js';
import { ALERT_DEFAULTS, detectAlerts, type AlertRule } from './run-alerts.js';
import { computeIndicators } from './run-indicators.js';
import { stabilizeRingIds } from './stable-ring-ids.js';

export interface RecordRunOptions {
  /** Where the data came from (a folder path or a name); shown in `ringscan runs`. */
  dataset: string;
  startedAt: Date | string;
  finishedAt: Date | string;
  codeVersion: string;
  /** Defaults to findings.config; its canonical-JSON sha256 is the run's configHash. */
  config?: DetectionConfig;
  /** Defaults to config.ringMatchMinJaccard. */
  minJaccard?: number;
  alertRule?: AlertRule;
}

/** A run ready to save, and the findings under the stable ring ids it saves (print and write these). */
export interface PreparedRun {
  save: RunToSave;
  findings: Findings;
}

export async function recordRun(store: FindingsStore, findings: Findings, options: RecordRunOptions): Promise<RunRecord> {
  const prepared = await prepareRun(store, findings, options);
  await store.saveRun(prepared.save);
  return prepared.save.run;
}

/** Reads what the run depends on (the previous run's rings, history, a fresh run id) and assigns stable ring ids. */
export async function prepareRun(store: FindingsStore, findings: Findings, options: RecordRunOptions): Promise<PreparedRun> {
  const config = options.config ?? findings.config;
  const previousRun = await store.currentRun();
  const previous = previousRun === null ? [] : await loadRings(store, previousRun.id);
  const alertRule = options.alertRule ?? ALERT_DEFAULTS;
  const history = (await store.listRuns({ limit: alertRule.window })).reverse().map((run) => run.indicators);
  return buildRunToSave(findings, previous, history, {
    ...options,
    config,
    runId: await freshRunId(store, options, hashConfig(config)),
    alertRule,
  });
}

/** The ring ids findings get when there is no store to match against (`run --no-store`, compare, evaluate). */
export function withoutPreviousRun(findings: Findings, config: DetectionConfig = findings.config): Findings {
  return stabilizeRingIds(findings, [], { minJaccard: minJaccardOf(config) }).findings;
}

/** The pure part of prepareRun: everything it saves, from the findings, the previous run's rings and history. */
export function buildRunToSave(
  findings: Findings,
  previous: readonly (PreviousRing & { score: number })[],
  history: RunRecord['indicators'][],
  options: RecordRunOptions & { config: DetectionConfig; runId: string; alertRule: AlertRule },
): PreparedRun {
  const stable = stabilizeRingIds(findings, previous, { minJaccard: options.minJaccard ?? minJaccardOf(options.config) });
  const { rings, dissolved } = stable;
  const indicators = computeIndicators({ rings, accountsFlagged: findings.summary.accountsFlagged, dissolvedRings: dissolved.length });
  const save: RunToSave = {
    run: {
      id: options.runId,
      startedAt: isoOf(options.startedAt),
      finishedAt: isoOf(options.finishedAt),
      dataset: options.dataset,
      configHash: hashConfig(options.config),
      codeVersion: options.codeVersion,
      summary: findings.summary,
      indicators,
      alerts: detectAlerts(history, indicators, options.alertRule),
    },
    config: options.config,
    rings,
    dissolved,
    members: stable.findings.members,
    accounts: stable.findings.accounts,
    graphs: stable.findings.graphs,
  };
  return { save, findings: stable.findings };
}

const minJaccardOf = (config: DetectionConfig) => config.ringMatchMinJaccard ?? RING_MATCH_DEFAULTS.minJaccard;

/** Every ring of a stored run with its members (score ≥ 0 is every ring). */
export async function loadRings(store: FindingsStore, run: string): Promise<(PreviousRing & { score: number })[]> {
  const rings: (PreviousRing & { score: number })[] = [];
  for await (const ring of store.ringsWithMembers({ run, minScore: 0 })) {
    rings.push({ id: ring.ring, score: ring.score, members: ring.members.map((m) => m.account) });
  }
  return rings;
}

/** '20250102T030405Z-' + 8 hex of (start, dataset, config): readable, sortable, and unique in the store. */
async function freshRunId(store: FindingsStore, options: RecordRunOptions, configHash: string): Promise<string> {
  const startedAt = isoOf(options.startedAt);
  const stamp = startedAt.replace(/\.\d+Z$/, 'Z').replace(/[-:]/g, '');
  const base = `${stamp}-${createHash('sha256').update(`${startedAt}\n${options.dataset}\n${configHash}`).digest('hex').slice(0, 8)}`;
  let id = base;
  for (let n = 2; (await store.getRun(id)) !== null; n++) id = `${base}-${n}`;
  return id;
}

function isoOf(time: Date | string): string {
  const date = typeof time === 'string' ? new Date(time) : time;
  if (Number.isNaN(date.getTime())) throw new RingscanError('BAD_USAGE', `not a timestamp: ${String(time)}`);
  return date.toISOString();
}
