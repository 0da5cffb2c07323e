// Records a pipeline's findings as a run: stable ring ids against the previous run, indicators, alerts, one atomic save.
import { createHash } from 'node:crypto';
import type { DetectionConfig } from '../schema/config.js';
import { RingscanError } from '../schema/errors.js';
import type { Findings } from '../schema/findings.js';
import type { DissolvedRing, RunRecord, StoredRing } from '../schema/run.js';
import type { FindingsStore, RunToSave } from '../store/findings-store.js';
import { hashConfig } from './canonical-json.js';
import { matchRings, RING_MATCH_DEFAULTS, type PreviousRing } from './match-rings.js';
import { ALERT_DEFAULTS, detectAlerts, type AlertRule } from './run-alerts.js';
import { computeIndicators } from './run-indicators.js';

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

export async function recordRun(store: FindingsStore, findings: Findings, options: RecordRunOptions): Promise<RunRecord> {
  const config = options.config ?? findings.config;
  const previousRun = await store.currentRun();
  const previous = previousRun === null ? [] : await loadRings(store, previousRun.id);
  const alertRule = options.alertRule ?? ALERT_DEFAULTS;
  const history = (await store.listRuns({ limit: alertRule.window })).reverse().map((run) => run.indicators);

  const save = buildRunToSave(findings, previous, history, {
    ...options,
    config,
    runId: await freshRunId(store, options, hashConfig(config)),
    alertRule,
  });
  await store.saveRun(save);
  return save.run;
}

/** The pure part of recordRun: everything it saves, from the findings, the previous run's rings and history. */
export function buildRunToSave(
  findings: Findings,
  previous: readonly (PreviousRing & { score: number })[],
  history: RunRecord['indicators'][],
  options: RecordRunOptions & { config: DetectionConfig; runId: string; alertRule: AlertRule },
): RunToSave {
  const membersOf = new Map<string, string[]>(findings.rings.map((ring) => [ring.id, []]));
  for (const member of findings.members) membersOf.get(member.ring)?.push(member.account);
  const match = matchRings(
    previous,
    findings.rings.map((ring) => ({ members: membersOf.get(ring.id)! })),
    { minJaccard: options.minJaccard ?? options.config.ringMatchMinJaccard ?? RING_MATCH_DEFAULTS.minJaccard },
  );
  const stableId = new Map(findings.rings.map((ring, i) => [ring.id, match.rings[i]!.id]));
  const idOf = (detected: string) => stableId.get(detected) ?? detected;

  const rings: StoredRing[] = findings.rings.map((ring, i) => ({ ...ring, id: match.rings[i]!.id, status: match.rings[i]!.status, previous: match.rings[i]!.previous }));
  const previousById = new Map(previous.map((ring) => [ring.id, ring]));
  const dissolved: DissolvedRing[] = match.dissolved.map((id) => {
    const ring = previousById.get(id)!;
    return { id, size: ring.members.length, score: ring.score };
  });
  const indicators = computeIndicators({ rings, accountsFlagged: findings.summary.accountsFlagged, dissolvedRings: dissolved.length });

  return {
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
    // Literal objects rather than spreads: at a million rows V8 builds these several times faster.
    members: findings.members.map((m) => ({
      ring: idOf(m.ring),
      account: m.account,
      role: m.role,
      risk: m.risk,
      weightedDegree: m.weightedDegree,
      betweenness: m.betweenness,
      pagerank: m.pagerank,
    })),
    accounts: findings.accounts.map((a) => ({
      account: a.account,
      risk: a.risk,
      flagged: a.flagged,
      ring: a.ring === null ? null : idOf(a.ring),
      role: a.role,
      reasons: a.reasons,
    })),
    graphs: findings.graphs.map((g) => ({ ring: idOf(g.ring), accounts: g.accounts, entities: g.entities, uses: g.uses, edges: g.edges })),
  };
}

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
