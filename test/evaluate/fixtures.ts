// Hand-built findings and ground truth for the evaluation tests.
import { resolveConfig } from '../../src/schema/config.js';
import { z } from 'zod';
import { FindingsSchema, RingFeaturesSchema, type Findings, type RingFeatures } from '../../src/schema/findings.js';
import type { GroundTruth } from '../../src/evaluate/ground-truth.js';

export interface TruthRow {
  account: string;
  label: 'fraud' | 'benign' | null;
  ring?: string;
  kind?: string;
}

export function truthOf(rows: TruthRow[]): GroundTruth {
  return {
    accounts: rows.map((r) => r.account),
    label: Int8Array.from(rows.map((r) => (r.label === 'fraud' ? 1 : r.label === 'benign' ? 0 : -1))),
    ring: rows.map((r) => r.ring),
    kind: rows.map((r) => r.kind),
  };
}

export interface RingSpec {
  id: string;
  flagged: boolean;
  members: string[];
}

/**
 * Findings with the given rings; every member of a ring gets `riskOf(account)` (default 0.9 if the ring is flagged,
 * 0.3 if not) and is flagged when its ring is. `extraAccounts` adds accounts outside any ring.
 */
export function findingsOf(rings: RingSpec[], extraAccounts: { account: string; risk: number; flagged?: boolean }[] = [], riskOf?: (account: string) => number): Findings {
  const accounts = new Map<string, Findings['accounts'][number]>();
  for (const ring of rings) {
    for (const account of ring.members) {
      if (accounts.has(account)) continue;
      accounts.set(account, { account, risk: riskOf?.(account) ?? (ring.flagged ? 0.9 : 0.3), flagged: ring.flagged, ring: ring.id, role: 'member', reasons: [] });
    }
  }
  for (const extra of extraAccounts) accounts.set(extra.account, { account: extra.account, risk: extra.risk, flagged: extra.flagged ?? false, ring: null, role: null, reasons: [] });
  // zero features built from the schema's own shape, so the fixture follows the schema as it grows
  const features = Object.fromEntries(
    Object.entries(RingFeaturesSchema.shape).map(([key, field]) => [key, field instanceof z.ZodRecord ? {} : 0]),
  ) as RingFeatures;
  return FindingsSchema.parse({
    formatVersion: 1,
    config: resolveConfig({}),
    summary: {
      accounts: accounts.size,
      implicitAccounts: 0,
      entities: 0,
      hubEntities: 0,
      links: 0,
      actions: 0,
      files: {},
      graph: { nodes: 0, edges: 0, identifierEdges: 0, synchronyEdges: 0, prunedEdges: 0, skippedBurstWindows: 0 },
      communities: rings.length,
      rings: rings.length,
      ringsFlagged: rings.filter((r) => r.flagged).length,
      accountsFlagged: [...accounts.values()].filter((a) => a.flagged).length,
    },
    rings: rings.map((r) => ({ id: r.id, score: r.flagged ? 0.9 : 0.3, flagged: r.flagged, size: r.members.length, features: { ...features, size: r.members.length }, reasons: [] })),
    members: rings.flatMap((r) =>
      r.members.map((account) => ({ ring: r.id, account, role: 'member' as const, risk: accounts.get(account)!.risk, weightedDegree: 1, betweenness: 0, pagerank: 0 })),
    ),
    accounts: [...accounts.values()].sort((a, b) => b.risk - a.risk || (a.account < b.account ? -1 : 1)),
    graphs: [],
  });
}

/** ids "prefix0".."prefix{n-1}". */
export const idsOf = (prefix: string, n: number): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`);
