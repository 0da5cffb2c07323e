// Measures one candidate ring as a whole: what its members share and how unusual that sharing is for each
// identifier's type, when they were created, how they acted in sync, which targets are theirs. Pure: reads the
// dataset, the bipartite index, the account graph and what the graph build learned from the data.
import { round6 } from '../lib/round.js';
import type { Dataset } from '../schema/dataset.js';
import type { DetectionConfig } from '../schema/config.js';
import type { RingFeatures } from '../schema/findings.js';
import { edgeWeight, type AccountGraph, type GraphEvidence } from '../graph/account-graph.js';
import type { GapBand } from '../graph/synchrony-edges.js';
import type { BipartiteIndex } from '../graph/bipartite-index.js';
import { groupByKey } from '../lib/compact-adjacency.js';
import { creationBurst, type CreationTimeline } from '../graph/creation-burst.js';

/** A ring's creation burst is measured at burstWindowHours and at one day and one week. */
export const EXTRA_BURST_WINDOWS_HOURS = [24, 24 * 7];

/** Accounts' actions in CSR form (in input order), and how many actions each target received in all. */
export interface AccountActions {
  offsets: Int32Array;
  actions: Int32Array;
  actionsPerTarget: Int32Array;
}

export interface ScoringContext {
  dataset: Dataset;
  index: BipartiteIndex;
  graph: AccountGraph;
  config: DetectionConfig;
  timeline: CreationTimeline;
  /** Per entity: how unusual its degree is for its type (graph/entity-surprise.ts). */
  entitySurprise: Float64Array;
  /** Per entity: how far its accounts are tied to each other by another identifier (graph/entity-surprise.ts). */
  entityCorroboration: Float64Array;
  evidence: GraphEvidence;
  /** Per account: index into evidence.bursts, or −1. */
  burstOf: Int32Array;
  accountActions: AccountActions;
  /** 1 for accounts known to be bad (labelled fraud and used as seeds), or null. */
  knownBad: Uint8Array | null;
}

/** Per shared-identifier type: accounts touching a shared entity of that type and how many such entities. */
export interface SharedByType {
  type: string;
  entities: number;
  accounts: number;
  /** Mean surprise of these entities for their type. */
  surprise: number;
}

export interface RingMeasurements {
  features: RingFeatures;
  sharedByType: SharedByType[];
}

export function measureRing(members: Int32Array, context: ScoringContext): RingMeasurements {
  const { graph, dataset, config } = context;
  const inRing = new Set<number>(members);
  let edges = 0;
  let internal = 0;
  let sync = 0;
  let external = 0;
  for (const v of members) {
    for (let k = graph.offsets[v]!; k < graph.offsets[v + 1]!; k++) {
      const e = graph.edgeOf[k]!;
      const u = graph.neighbor[k]!;
      if (!inRing.has(u)) {
        external += edgeWeight(graph, e);
      } else if (u > v) {
        edges++;
        internal += edgeWeight(graph, e);
        sync += graph.syncWeight[e]!;
      }
    }
  }
  const n = members.length;
  const shared = sharedEntities(members, context);
  const sharing = sharingEvidence(members, inRing, context);
  const burst = creationBurst(
    Array.from(members, (v) => dataset.accounts.createdAtMs[v]!),
    context.timeline,
    [config.burstWindowHours, ...EXTRA_BURST_WINDOWS_HOURS],
  );
  const registration = registrationBurstOf(members, context);
  const synchronized = synchronizedTargets(members, context);
  const own = ownTargets(members, context);
  const knownBad = context.knownBad ? members.reduce((sum, v) => sum + context.knownBad![v]!, 0) : 0;
  const sharedEntitiesByType: Record<string, number> = {};
  let sharedTotal = 0;
  let accountsPerSharedEntity = 0;
  for (const group of shared.byType) {
    sharedEntitiesByType[group.type] = group.entities;
    sharedTotal += group.entities;
    accountsPerSharedEntity = Math.max(accountsPerSharedEntity, group.accounts / group.entities);
  }
  const features: RingFeatures = {
    size: n,
    edges,
    density: n > 1 ? edges / ((n * (n - 1)) / 2) : 0,
    sharedEntities: sharedTotal,
    sharedEntitiesByType,
    accountsPerSharedEntity,
    sharingSets: sharing.sets,
    crossingSets: sharing.crossing,
    crossingEvidence: round6(sharing.crossingEvidence),
    sharingEvidence: round6(sharing.evidence),
    creationBurstShare: n > 0 ? burst.count / n : 0,
    creationBurstCount: burst.count,
    creationBurstHours: burst.windowHours,
    creationBurstSurprise: burst.surprise,
    registrationBurstMembers: registration.members,
    registrationBurstSurprise: round6(registration.surprise),
    synchronyEvidence: round6(n > 0 ? (2 * sync) / n : 0),
    synchronyShare: internal > 0 ? sync / internal : 0,
    syncTargets: synchronized.targets,
    syncTargetWeight: round6(synchronized.weighted),
    syncMemberShare: n > 0 ? round6(synchronized.members / n) : 0,
    syncGapSec: synchronized.medianGapSec,
    ownTargets: own.targets,
    ownTargetMemberShare: n > 0 ? round6(own.members / n) : 0,
    knownBadShare: n > 0 ? knownBad / n : 0,
    conductance: internal + external > 0 ? external / (2 * internal + external) : 0,
    hubEntities: shared.hubs,
  };
  return { features, sharedByType: shared.byType };
}

function sharedEntities(members: Int32Array, context: ScoringContext): { byType: SharedByType[]; hubs: number } {
  const { index, dataset } = context;
  const uses = new Map<number, number>();
  const hubs = new Set<number>();
  for (const v of members) {
    for (let i = index.accountOffsets[v]!; i < index.accountOffsets[v + 1]!; i++) {
      const e = index.accountEntities[i]!;
      if (index.isHub[e]) hubs.add(e);
      else uses.set(e, (uses.get(e) ?? 0) + 1);
    }
  }
  const entitiesByType = new Map<number, number>();
  const accountsByType = new Map<number, Set<number>>();
  const surpriseSum = new Map<number, number>();
  for (const [e, count] of uses) {
    if (count < 2) continue;
    const type = dataset.entities.typeOf[e]!;
    entitiesByType.set(type, (entitiesByType.get(type) ?? 0) + 1);
    surpriseSum.set(type, (surpriseSum.get(type) ?? 0) + context.entitySurprise[e]!);
  }
  for (const v of members) {
    for (let i = index.accountOffsets[v]!; i < index.accountOffsets[v + 1]!; i++) {
      const e = index.accountEntities[i]!;
      if ((uses.get(e) ?? 0) < 2) continue;
      const type = dataset.entities.typeOf[e]!;
      let accounts = accountsByType.get(type);
      if (!accounts) accountsByType.set(type, (accounts = new Set()));
      accounts.add(v);
    }
  }
  const byType = [...entitiesByType.entries()]
    .map(([type, entities]) => ({ type: dataset.entities.types[type]!, entities, accounts: accountsByType.get(type)!.size, surprise: surpriseSum.get(type)! / entities }))
    .sort((x, y) => strengthOf(y) - strengthOf(x) || y.accounts - x.accounts || x.type.localeCompare(y.type));
  return { byType, hubs: hubs.size };
}

/** Orders shared types for the reason text: the strongest concentration of accounts on few identifiers first. */
function strengthOf(group: SharedByType): number {
  return group.surprise * (group.accounts - group.entities);
}

/**
 * The ring's sharing judged as a whole. Identifiers used by exactly the same members count once (the most
 * surprising of them): a family sharing a tablet, a router and an address is one fact, not three, while a ring
 * whose cards and addresses each tie a different subset of members is many. Each distinct set adds its
 * identifier's surprise × corroboration, in proportion to the share of the ring it ties, so a pool of 120 devices
 * under 1,500 accounts is strong however faint each pair, and households glued by one default device id (whose
 * hundreds of users are strangers to each other) stay weak.
 */
function sharingEvidence(
  members: Int32Array,
  inRing: Set<number>,
  context: ScoringContext,
): { sets: number; crossing: number; crossingEvidence: number; evidence: number } {
  const { index, entitySurprise, entityCorroboration, dataset } = context;
  const strongestBySet = new Map<string, { size: number; surprise: number }>();
  const setsByType = new Map<number, Set<string>>();
  const seen = new Set<number>();
  for (const v of members) {
    for (let i = index.accountOffsets[v]!; i < index.accountOffsets[v + 1]!; i++) {
      const e = index.accountEntities[i]!;
      if (index.isHub[e] || seen.has(e)) continue;
      seen.add(e);
      if (entitySurprise[e]! < context.config.minEntitySurprise) continue;
      const corroboration = entityCorroboration[e]!;
      const s = entitySurprise[e]! * corroboration;
      const users: number[] = [];
      for (let j = index.entityOffsets[e]!; j < index.entityOffsets[e + 1]!; j++) {
        const u = index.entityAccounts[j]!;
        if (inRing.has(u)) users.push(u);
      }
      if (users.length < 2) continue;
      const key = users.join(',');
      const current = strongestBySet.get(key);
      if (!current || s > current.surprise) strongestBySet.set(key, { size: users.length, surprise: s });
      // Only an identifier whose accounts know each other can cross: households reporting a default device id do not.
      if (corroboration < 1) continue;
      const type = dataset.entities.typeOf[e]!;
      let sets = setsByType.get(type);
      if (!sets) setsByType.set(type, (sets = new Set()));
      sets.add(key);
    }
  }
  const n = members.length;
  const coverage = (size: number) => Math.sqrt((size - 1) / Math.max(1, n - 1));
  let evidence = 0;
  for (const { size, surprise } of strongestBySet.values()) evidence += surprise * coverage(size);
  const crossing = crossingSetsOf(setsByType, (x, y) => coverage(Math.min(strongestBySet.get(x)!.size, strongestBySet.get(y)!.size)));
  let crossingEvidence = 0;
  for (const weight of crossing.values()) crossingEvidence += weight;
  return { sets: strongestBySet.size, crossing: crossing.size, crossingEvidence, evidence };
}

const MAX_SETS_COMPARED = 200;

/**
 * Member sets that overlap another set without either containing the other, where one of the two is of a pooled
 * type: a type with two shared identifiers whose member sets do not nest (the ring's several cards, drop
 * addresses or farm devices, each tying a different subset). A household has one of each (one address, one
 * card, one router; a second IP after the ISP reassigned it nests in the first), so however its members happen
 * to use the tablet, nothing of it is pooled. Only fully corroborated identifiers are listed (sharingEvidence).
 * Each crossing set is weighted at the scale of the smaller set it crosses (its best such pair): one big shared
 * identifier crossing a few small ones is small.
 */
function crossingSetsOf(setsByType: Map<number, Set<string>>, weightOf: (x: string, y: string) => number): Map<string, number> {
  const parsed = new Map<string, Set<string>>();
  const setOf = (key: string) => parsed.get(key) ?? parsed.set(key, new Set(key.split(','))).get(key)!;
  const pooledKeys = new Set<string>();
  for (const keys of setsByType.values()) {
    const listed = [...keys].slice(0, MAX_SETS_COMPARED);
    const isPooled = listed.some((x, i) => listed.some((y, j) => j > i && relation(setOf(x), setOf(y)) !== 'nested'));
    if (isPooled) for (const key of keys) pooledKeys.add(key);
  }
  const crossing = new Map<string, number>();
  if (pooledKeys.size === 0) return crossing;
  const credit = (key: string, weight: number) => crossing.set(key, Math.max(crossing.get(key) ?? 0, weight));
  const listed = [...new Set([...setsByType.values()].flatMap((keys) => [...keys]))].slice(0, MAX_SETS_COMPARED);
  for (let i = 0; i < listed.length; i++) {
    for (let j = i + 1; j < listed.length; j++) {
      const [x, y] = [listed[i]!, listed[j]!];
      if (!(pooledKeys.has(x) || pooledKeys.has(y)) || relation(setOf(x), setOf(y)) !== 'crossing') continue;
      const weight = weightOf(x, y);
      credit(x, weight);
      credit(y, weight);
    }
  }
  return crossing;
}

function relation(x: Set<string>, y: Set<string>): 'nested' | 'crossing' | 'disjoint' {
  const [small, large] = x.size <= y.size ? [x, y] : [y, x];
  let common = 0;
  for (const m of small) if (large.has(m)) common++;
  return common === small.size ? 'nested' : common === 0 ? 'disjoint' : 'crossing';
}

/** The population-level registration burst holding most members. */
function registrationBurstOf(members: Int32Array, context: ScoringContext): { members: number; surprise: number } {
  const counts = new Map<number, number>();
  for (const v of members) {
    const b = context.burstOf[v]!;
    if (b >= 0) counts.set(b, (counts.get(b) ?? 0) + 1);
  }
  let best = { members: 0, surprise: 0 };
  for (const [b, count] of counts) {
    if (count > best.members) best = { members: count, surprise: Math.min(context.config.maxEntitySurprise, context.evidence.bursts[b]!.surprise) };
  }
  return best;
}

/**
 * Targets that are the ring's own: at least min(3, size) members acted on them, and members made most of all
 * the actions they ever received (a product only this group buys, a post only this group boosts). Popular
 * targets never qualify, so fans, families and colleagues liking the same hit do not count.
 */
function ownTargets(members: Int32Array, context: ScoringContext): { targets: number; members: number } {
  const { dataset, accountActions } = context;
  const { target, account } = dataset.actions;
  const needed = Math.min(3, members.length);
  const actionsByTarget = new Map<number, number>();
  const actorsByTarget = new Map<number, Set<number>>();
  for (const v of members) {
    for (let i = accountActions.offsets[v]!; i < accountActions.offsets[v + 1]!; i++) {
      const row = accountActions.actions[i]!;
      const t = target[row]!;
      actionsByTarget.set(t, (actionsByTarget.get(t) ?? 0) + 1);
      let actors = actorsByTarget.get(t);
      if (!actors) actorsByTarget.set(t, (actors = new Set()));
      actors.add(account[row]!);
    }
  }
  let count = 0;
  const actingMembers = new Set<number>();
  for (const [t, actors] of actorsByTarget) {
    if (actors.size >= needed && 2 * actionsByTarget.get(t)! > accountActions.actionsPerTarget[t]!) {
      count++;
      for (const v of actors) actingMembers.add(v);
    }
  }
  return { targets: count, members: actingMembers.size };
}

/**
 * Distinct targets on which two members tied to each other by synchrony acted one right after the other, within
 * the longest time scale the data shows coordination at; the median of those gaps;
 * and the targets weighted by how far beyond chance co-actions at that gap are in this dataset (the gap band's
 * weight): bots seconds apart count fully, busy people hours apart on many targets barely.
 */
function synchronizedTargets(members: Int32Array, context: ScoringContext): { targets: number; weighted: number; medianGapSec: number; members: number } {
  const { dataset, accountActions, graph } = context;
  const { target, tsSec, account } = dataset.actions;
  const position = new Map<number, number>();
  members.forEach((v, i) => position.set(v, i));
  const hasSyncPartner = new Uint8Array(members.length);
  const tied = new Set<number>();
  const n = dataset.accounts.ids.length;
  for (let i = 0; i < members.length; i++) {
    const v = members[i]!;
    for (let k = graph.offsets[v]!; k < graph.offsets[v + 1]!; k++) {
      const u = graph.neighbor[k]!;
      if (graph.syncWeight[graph.edgeOf[k]!]! > 0 && position.has(u)) {
        hasSyncPartner[i] = 1;
        tied.add(v < u ? v * n + u : u * n + v);
      }
    }
  }
  // The longest gap any used time scale covers: co-actions further apart are not synchrony in this dataset.
  const longestUsedGap = context.evidence.syncScales.reduce((longest, band) => (band.weight > 0 ? Math.max(longest, band.upToSec) : longest), 0);
  const rows: number[] = [];
  for (let i = 0; i < members.length; i++) {
    if (!hasSyncPartner[i]) continue;
    const v = members[i]!;
    for (let r = accountActions.offsets[v]!; r < accountActions.offsets[v + 1]!; r++) rows.push(accountActions.actions[r]!);
  }
  const tiedMembers = hasSyncPartner.reduce((sum, x) => sum + x, 0);
  if (rows.length < 2) return { targets: 0, weighted: 0, medianGapSec: 0, members: tiedMembers };
  rows.sort((x, y) => target[x]! - target[y]! || tsSec[x]! - tsSec[y]! || x - y);
  const gaps: number[] = [];
  let weighted = 0;
  let start = 0;
  while (start < rows.length) {
    const t = target[rows[start]!]!;
    let end = start;
    while (end < rows.length && target[rows[end]!] === t) end++;
    let closest = Infinity;
    for (let i = start + 1; i < end; i++) {
      const a = account[rows[i]!]!;
      const b = account[rows[i - 1]!]!;
      if (a !== b && tied.has(a < b ? a * n + b : b * n + a)) closest = Math.min(closest, tsSec[rows[i]!]! - tsSec[rows[i - 1]!]!);
    }
    if (closest <= longestUsedGap) {
      gaps.push(closest);
      weighted += bandWeightOf(closest, context.evidence.syncScales);
    }
    start = end;
  }
  gaps.sort((x, y) => x - y);
  return { targets: gaps.length, weighted, medianGapSec: gaps.length > 0 ? gaps[gaps.length >> 1]! : 0, members: tiedMembers };
}

function bandWeightOf(gapSec: number, scales: GapBand[]): number {
  for (const band of scales) if (gapSec <= band.upToSec) return band.weight;
  return 0;
}

export function buildAccountActions(dataset: Dataset): AccountActions {
  const n = dataset.accounts.ids.length;
  const { account } = dataset.actions;
  const { offsets, order: actions } = groupByKey(account, n);
  const actionsPerTarget = new Int32Array(dataset.actions.targets.length);
  for (const t of dataset.actions.target) actionsPerTarget[t]!++;
  return { offsets, actions, actionsPerTarget };
}

