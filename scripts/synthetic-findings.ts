// Synthetic Findings at any scale for store benchmarks and the crash test: same options, same findings.
// Defaults are the shape of the 1M-account benchmark: 40k rings (mean size 10), 500k accounts with risk,
// a quarter of the rings flagged with dense evidence graphs.
import { createRng } from '../src/lib/rng.js';
import { round6 } from '../src/lib/round.js';
import { z } from 'zod';
import { resolveConfig } from '../src/schema/config.js';
import { RingFeaturesSchema, RunSummarySchema, type Findings, type RingFeatures, type RingGraph, type RunSummary } from '../src/schema/findings.js';

export const SYNTHETIC_DEFAULTS = {
  rings: 40_000,
  /** Accounts with risk outside any ring (members get risk too). */
  extraAccounts: 100_000,
  flaggedShare: 0.25,
  seed: 7,
} as const;

export type SyntheticOptions = Partial<{ rings: number; extraAccounts: number; flaggedShare: number; seed: number }>;

/** A value of the schema's shape with every number 0, record empty, string '' and boolean false: fields added to the
 * schemas later need no change here. */
export function zeroOf(schema: z.ZodType): unknown {
  if (schema instanceof z.ZodObject) {
    // Optional fields are left out: null would not parse where the schema says optional.
    const entries = Object.entries(schema.shape as Record<string, z.ZodType>).map(([key, inner]) => [key, zeroOf(inner)] as const);
    return Object.fromEntries(entries.filter(([, value]) => value !== undefined));
  }
  if (schema instanceof z.ZodRecord) return {};
  if (schema instanceof z.ZodArray) return [];
  if (schema instanceof z.ZodString) return '';
  if (schema instanceof z.ZodBoolean) return false;
  if (schema instanceof z.ZodOptional) return undefined;
  if (schema instanceof z.ZodNullable) return null;
  return 0;
}

const baseFeatures = () => zeroOf(RingFeaturesSchema) as RingFeatures;

export function syntheticFindings(options: SyntheticOptions = {}): Findings {
  const { rings: ringCount, extraAccounts, flaggedShare, seed } = { ...SYNTHETIC_DEFAULTS, ...options };
  const random = createRng(seed);
  const base = baseFeatures();
  const rings: Findings['rings'] = [];
  const members: Findings['members'] = [];
  const accounts: Findings['accounts'] = [];
  const graphs: RingGraph[] = [];
  let nextAccount = 0;
  for (let r = 0; r < ringCount; r++) {
    const size = 4 + Math.floor(random() * 13); // 4..16, mean 10
    const flagged = random() < flaggedShare;
    const score = round6(flagged ? 0.5 + random() * 0.5 : random() * 0.5);
    const id = `c${r}`;
    const ids = Array.from({ length: size }, () => `acct-${(nextAccount++).toString(36).padStart(6, '0')}`);
    const devices = 1 + Math.floor(size / 6);
    rings.push({
      id,
      score,
      flagged,
      size,
      features: { ...base, size, edges: (size * (size - 1)) / 2, density: 1, sharedEntities: devices + 1, sharedEntitiesByType: { device: devices, ip: 1 }, accountsPerSharedEntity: size / devices },
      reasons: flagged
        ? [
            { code: 'shared_entities', text: `${size} accounts share ${devices} devices`, weight: 0.4 },
            { code: 'creation_burst', text: `${size - 1} of ${size} accounts created within 3 hours`, weight: 0.2 },
          ]
        : [{ code: 'weak_identifiers', text: `${size} accounts share 1 IP`, weight: 0.05 }],
    });
    ids.forEach((account, i) => {
      const role = i === 0 ? 'coordinator' : i < size - 2 ? 'member' : 'peripheral';
      const risk = round6(score * (1 - i * 0.02));
      members.push({ ring: id, account, role, risk, weightedDegree: size - 1 - i * 0.1, betweenness: i === 0 ? 0.5 : 0, pagerank: 1 / size });
      accounts.push({ account, risk, flagged, ring: id, role, reasons: flagged ? [`member of ring ${id} (${role})`, 'shares a device with ring members'] : [] });
    });
    if (flagged) graphs.push(graphOf(id, ids, devices));
  }
  for (let i = 0; i < extraAccounts; i++) {
    accounts.push({ account: `acct-x${i.toString(36)}`, risk: round6(random() * 0.3), flagged: false, ring: null, role: null, reasons: ['shares an IP with a flagged ring'] });
  }
  rings.sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : 1));
  accounts.sort((a, b) => b.risk - a.risk || (a.account < b.account ? -1 : 1));
  const ringsFlagged = rings.filter((ring) => ring.flagged).length;
  const zero = zeroOf(RunSummarySchema) as RunSummary;
  return {
    formatVersion: 1,
    config: resolveConfig({}),
    summary: {
      ...zero,
      accounts: nextAccount + extraAccounts,
      implicitAccounts: 0,
      entities: graphs.reduce((sum, g) => sum + g.entities.length, 0),
      hubEntities: 0,
      links: members.length * 3,
      actions: 0,
      files: {},
      graph: { ...zero.graph, nodes: nextAccount, edges: graphs.reduce((sum, g) => sum + g.edges.length, 0) },
      communities: ringCount,
      rings: ringCount,
      ringsFlagged,
      accountsFlagged: accounts.filter((a) => a.flagged).length,
    },
    rings,
    members,
    accounts,
    graphs,
  };
}

/** Members split over a few devices and one IP; every pair sharing a device is an edge (device farms are dense). */
function graphOf(ring: string, ids: string[], devices: number): RingGraph {
  const entities = [
    ...Array.from({ length: devices }, (_, d) => ({ id: `device:${ring}:${d}`, type: 'device', value: `dv-${ring}-${d}`, degree: 0, isHub: false })),
    { id: `ip:${ring}`, type: 'ip', value: `ip-${ring}`, degree: ids.length, isHub: false },
  ];
  const deviceOf = (i: number) => i % devices;
  for (let i = 0; i < ids.length; i++) entities[deviceOf(i)]!.degree++;
  const uses = ids.flatMap((account, i) => [
    { account, entity: entities[deviceOf(i)]!.id },
    { account, entity: `ip:${ring}` },
  ]);
  const edges: RingGraph['edges'] = [];
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      const sameDevice = deviceOf(i) === deviceOf(j);
      edges.push({
        source: ids[i]!,
        target: ids[j]!,
        weight: sameDevice ? 1.35 : 0.35,
        sharedEntities: sameDevice ? [entities[deviceOf(i)]!.id, `ip:${ring}`] : [`ip:${ring}`],
        syncTargets: 0,
      });
    }
  }
  return { ring, accounts: [...ids], entities, uses, edges };
}
