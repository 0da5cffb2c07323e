// Builds small, valid Findings (checked with FindingsSchema) and RunToSave values from a list of rings.
import { zeroOf } from '../../scripts/synthetic-findings.js';
import { resolveConfig } from '../../src/schema/config.js';
import { FindingsSchema, RingFeaturesSchema, RunSummarySchema, type Findings, type RingFeatures, type RingGraph, type RunSummary } from '../../src/schema/findings.js';
import type { RingStatus, RunRecord } from '../../src/schema/run.js';
import type { RunToSave } from '../../src/store/findings-store.js';

export interface RingSpec {
  /** Detection id (defaults to c0, c1, … in the given order). */
  id?: string;
  members: string[];
  score: number;
  /** Defaults to score ≥ 0.5. */
  flagged?: boolean;
}

/** Every feature zero (records empty), read from the schema so new features need no change here. */
function zeroFeatures(size: number): RingFeatures {
  return { ...(zeroOf(RingFeaturesSchema) as RingFeatures), size, edges: Math.max(0, size - 1), density: size > 1 ? 2 / size : 0 };
}

/** Risk of a member: its ring's score, a little lower further down the member list (deterministic). */
const riskOf = (score: number, index: number) => Math.round(score * (1 - index * 0.01) * 1e6) / 1e6;

/**
 * Findings for the given rings. Flagged rings get an evidence graph: one shared device used by every member, and
 * a star of edges from the first member (the coordinator) to the others plus a chain between consecutive members.
 */
export function makeFindings(specs: RingSpec[], extraAccounts: { account: string; risk: number }[] = []): Findings {
  const rings = specs
    .map((spec, i) => {
      const id = spec.id ?? `c${i}`;
      const flagged = spec.flagged ?? spec.score >= 0.5;
      return {
        id,
        score: spec.score,
        flagged,
        size: spec.members.length,
        features: zeroFeatures(spec.members.length),
        reasons: flagged ? [{ code: 'shared_entities', text: `${spec.members.length} accounts share 1 device`, weight: 0.4 }] : [],
        members: spec.members,
      };
    })
    .sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  const members = rings.flatMap((ring) =>
    ring.members.map((account, i) => ({
      ring: ring.id,
      account,
      role: i === 0 ? ('coordinator' as const) : ('member' as const),
      risk: riskOf(ring.score, i),
      weightedDegree: ring.members.length - 1 - i * 0.5,
      betweenness: i === 0 ? 1 : 0,
      pagerank: 1 / ring.members.length,
    })),
  );
  const flaggedOf = new Map(rings.map((ring) => [ring.id, ring.flagged]));
  const accounts = [
    ...members.map((m) => ({
      account: m.account,
      risk: m.risk,
      flagged: flaggedOf.get(m.ring)!,
      ring: m.ring,
      role: m.role,
      reasons: flaggedOf.get(m.ring) ? [`member of ring ${m.ring}`] : [],
    })),
    ...extraAccounts.map((a) => ({ account: a.account, risk: a.risk, flagged: false, ring: null, role: null, reasons: ['shares an IP with a flagged ring'] })),
  ].sort((a, b) => b.risk - a.risk || (a.account < b.account ? -1 : 1));
  const graphs: RingGraph[] = rings.filter((ring) => ring.flagged).map((ring) => graphOf(ring.id, ring.members));
  // zeroOf gives null for optional fields, which the schema rejects: leave them out instead.
  const zeroSummary = withoutNulls(zeroOf(RunSummarySchema)) as RunSummary;
  const findings = {
    formatVersion: 1 as const,
    config: resolveConfig({}),
    summary: {
      ...zeroSummary,
      accounts: accounts.length,
      implicitAccounts: 0,
      entities: graphs.length,
      hubEntities: 0,
      links: members.length,
      actions: 0,
      files: { accounts: { read: accounts.length, accepted: accounts.length, rejected: 0 } },
      graph: { ...zeroSummary.graph, nodes: accounts.length, edges: graphs.reduce((sum, g) => sum + g.edges.length, 0) },
      communities: rings.length,
      rings: rings.length,
      ringsFlagged: rings.filter((ring) => ring.flagged).length,
      accountsFlagged: accounts.filter((a) => a.flagged).length,
    },
    rings: rings.map(({ members: _members, ...ring }) => ring),
    members,
    accounts,
    graphs,
  };
  return FindingsSchema.parse(findings);
}

function graphOf(ring: string, members: string[]): RingGraph {
  const device = `device:${ring}`;
  const edges = new Map<string, RingGraph['edges'][number]>();
  const add = (source: string, target: string, weight: number) => {
    const key = source < target ? `${source}\u0000${target}` : `${target}\u0000${source}`;
    if (source !== target && !edges.has(key)) edges.set(key, { source, target, weight, sharedEntities: [device], syncTargets: 0 });
  };
  members.slice(1).forEach((account, i) => add(members[0]!, account, 1 - i * 0.05));
  members.slice(1).forEach((account, i) => add(members[i]!, account, 0.3));
  return {
    ring,
    accounts: [...members],
    entities: [{ id: device, type: 'device', value: `dev-${ring}`, degree: members.length, isHub: false }],
    uses: members.map((account) => ({ account, entity: device })),
    edges: [...edges.values()],
  };
}

/** Store-level input for a run: every ring 'new' unless `statusOf` says otherwise (no matching involved). */
export function toRunToSave(
  findings: Findings,
  options: { runId: string; finishedAt?: string; statusOf?: (ringId: string) => RingStatus; dissolved?: RunToSave['dissolved'] },
): RunToSave {
  const run: RunRecord = {
    id: options.runId,
    startedAt: '2025-01-01T00:00:00.000Z',
    finishedAt: options.finishedAt ?? '2025-01-01T00:05:00.000Z',
    dataset: 'fixture',
    configHash: 'f'.repeat(64),
    codeVersion: 'test',
    summary: findings.summary,
    indicators: { ringsFlagged: findings.summary.ringsFlagged, accountsFlagged: findings.summary.accountsFlagged, newRings: findings.rings.length, persistingRings: 0, dissolvedRings: 0, meanRingScore: 0.5, p90RingScore: 0.9 },
    alerts: [],
  };
  return {
    run,
    config: findings.config,
    rings: findings.rings.map((ring) => ({ ...ring, status: options.statusOf?.(ring.id) ?? 'new', previous: [] })),
    dissolved: options.dissolved ?? [],
    members: findings.members,
    accounts: findings.accounts,
    graphs: findings.graphs,
  };
}

/** `prefix0 … prefix{n-1}`. */
export const accountsNamed = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

function withoutNulls(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value;
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== null).map(([k, v]) => [k, withoutNulls(v)]));
}
