// Measures one candidate ring: cohesion, what its members share, when they were created, how often they
// acted in sync. Pure: reads the dataset, the bipartite index and the account graph.
import type { Dataset } from '../schema/dataset.js';
import type { DetectionConfig } from '../schema/config.js';
import { typeWeightOf } from '../schema/config.js';
import type { RingFeatures } from '../schema/findings.js';
import { EXTRA_BURST_WINDOWS_HOURS, edgeWeight, type AccountGraph } from '../graph/account-graph.js';
import type { BipartiteIndex } from '../graph/bipartite-index.js';
import { groupByKey } from '../lib/compact-adjacency.js';
import { creationBurst, type CreationTimeline } from '../graph/creation-burst.js';

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
  /** Per entity: how clustered its accounts' creation times are (see graph/entity-weights.ts). */
  entitySuspicion: Float64Array;
  accountActions: AccountActions;
  /** 1 for accounts known to be bad (labelled fraud and used as seeds), or null. */
  knownBad: Uint8Array | null;
}

/** Per shared-identifier type: accounts touching a shared entity of that type and how many such entities. */
export interface SharedByType {
  type: string;
  entities: number;
  accounts: number;
  typeWeight: number;
  /** Mean creation-clustering suspicion of these entities, weighted by how many members use each. */
  suspicion: number;
}

export interface RingMeasurements {
  features: RingFeatures;
  sharedByType: SharedByType[];
  /** Σ over distinct member sets of shared entities of (set size − 1) × type weight × suspicion. */
  sharingExcess: number;
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
  const burst = creationBurst(
    Array.from(members, (v) => dataset.accounts.createdAtMs[v]!),
    context.timeline,
    [config.burstWindowHours, ...EXTRA_BURST_WINDOWS_HOURS],
  );
  const knownBad = context.knownBad ? members.reduce((sum, v) => sum + context.knownBad![v]!, 0) : 0;
  const sharedEntitiesByType: Record<string, number> = {};
  let sharedTotal = 0;
  let strongShared = 0;
  let accountsPerSharedEntity = 0;
  for (const group of shared.byType) {
    sharedEntitiesByType[group.type] = group.entities;
    sharedTotal += group.entities;
    if (group.typeWeight >= 0.75) strongShared += group.entities;
    accountsPerSharedEntity = Math.max(accountsPerSharedEntity, group.accounts / group.entities);
  }
  const features: RingFeatures = {
    size: n,
    edges,
    density: n > 1 ? edges / ((n * (n - 1)) / 2) : 0,
    sharedEntities: sharedTotal,
    sharedEntitiesByType,
    accountsPerSharedEntity,
    strongIdentifierShare: sharedTotal > 0 ? strongShared / sharedTotal : 0,
    creationBurstShare: n > 0 ? burst.count / n : 0,
    creationBurstCount: burst.count,
    creationBurstHours: burst.windowHours,
    creationBurstSurprise: burst.surprise,
    synchronyShare: internal > 0 ? sync / internal : 0,
    syncTargets: synchronizedTargets(members, context),
    ownTargets: ownTargets(members, context),
    knownBadShare: n > 0 ? knownBad / n : 0,
    conductance: internal + external > 0 ? external / (2 * internal + external) : 0,
    hubEntities: shared.hubs,
  };
  return { features, sharedByType: shared.byType, sharingExcess: sharingExcess(members, inRing, context) };
}

function sharedEntities(members: Int32Array, context: ScoringContext): { byType: SharedByType[]; hubs: number } {
  const { index, dataset, config } = context;
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
  const suspicionSum = new Map<number, number>();
  const usesByType = new Map<number, number>();
  for (const [e, count] of uses) {
    if (count < 2) continue;
    const type = dataset.entities.typeOf[e]!;
    entitiesByType.set(type, (entitiesByType.get(type) ?? 0) + 1);
    suspicionSum.set(type, (suspicionSum.get(type) ?? 0) + count * context.entitySuspicion[e]!);
    usesByType.set(type, (usesByType.get(type) ?? 0) + count);
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
    .map(([type, entities]) => {
      const name = dataset.entities.types[type]!;
      const suspicion = suspicionSum.get(type)! / usesByType.get(type)!;
      return { type: name, entities, accounts: accountsByType.get(type)!.size, typeWeight: typeWeightOf(config, name), suspicion };
    })
    .sort((x, y) => strengthOf(y) - strengthOf(x) || y.accounts - x.accounts || x.type.localeCompare(y.type));
  return { byType, hubs: hubs.size };
}

/** Orders shared types for the reason text: the strongest concentration of accounts on few identifiers first. */
function strengthOf(group: SharedByType): number {
  return group.typeWeight * group.suspicion * (group.accounts - group.entities);
}

/**
 * How much sharing the ring shows beyond one account per identifier. Identifiers used by exactly the same
 * members count once (the strongest of them): a family sharing a tablet, a router and an address is one
 * fact, not three, while a ring whose cards and addresses each tie a different subset of members is many.
 */
function sharingExcess(members: Int32Array, inRing: Set<number>, context: ScoringContext): number {
  const { index, dataset, config, entitySuspicion } = context;
  const strongestBySet = new Map<string, { size: number; strength: number }>();
  const seen = new Set<number>();
  for (const v of members) {
    for (let i = index.accountOffsets[v]!; i < index.accountOffsets[v + 1]!; i++) {
      const e = index.accountEntities[i]!;
      if (index.isHub[e] || seen.has(e)) continue;
      seen.add(e);
      const users: number[] = [];
      for (let j = index.entityOffsets[e]!; j < index.entityOffsets[e + 1]!; j++) {
        const u = index.entityAccounts[j]!;
        if (inRing.has(u)) users.push(u);
      }
      if (users.length < 2) continue;
      const key = users.join(',');
      const strength = typeWeightOf(config, dataset.entities.types[dataset.entities.typeOf[e]!]!) * entitySuspicion[e]!;
      const current = strongestBySet.get(key);
      if (!current || strength > current.strength) strongestBySet.set(key, { size: users.length, strength });
    }
  }
  let excess = 0;
  for (const { size, strength } of strongestBySet.values()) excess += (size - 1) * strength;
  return excess;
}

/**
 * Targets that are the ring's own: at least three members acted on them, and members made most of all the
 * actions they ever received (a product only this group buys, a post only this group boosts). Popular
 * targets never qualify, so fans, families and colleagues liking the same hit do not count.
 */
function ownTargets(members: Int32Array, context: ScoringContext): number {
  const { dataset, accountActions } = context;
  const { target, account } = dataset.actions;
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
  for (const [t, actors] of actorsByTarget) {
    if (actors.size >= 3 && 2 * actionsByTarget.get(t)! > accountActions.actionsPerTarget[t]!) count++;
  }
  return count;
}

/** Distinct targets on which at least three members (or all, in smaller rings) acted inside one sync window. */
function synchronizedTargets(members: Int32Array, context: ScoringContext): number {
  const { dataset, accountActions, config } = context;
  const { target, tsSec, account } = dataset.actions;
  const rows: number[] = [];
  for (const v of members) {
    for (let i = accountActions.offsets[v]!; i < accountActions.offsets[v + 1]!; i++) rows.push(accountActions.actions[i]!);
  }
  if (rows.length < 2) return 0;
  rows.sort((x, y) => target[x]! - target[y]! || tsSec[x]! - tsSec[y]! || x - y);
  const needed = Math.min(3, members.length);
  let count = 0;
  let start = 0;
  while (start < rows.length) {
    const t = target[rows[start]!]!;
    let end = start;
    while (end < rows.length && target[rows[end]!] === t) end++;
    if (end - start >= needed && hasSyncedWindow(rows, start, end, needed, tsSec, account, config.syncWindowSeconds)) count++;
    start = end;
  }
  return count;
}

function hasSyncedWindow(rows: number[], from: number, to: number, needed: number, tsSec: Float64Array, account: Int32Array, windowSec: number): boolean {
  let lo = from;
  for (let hi = from; hi < to; hi++) {
    while (tsSec[rows[hi]!]! - tsSec[rows[lo]!]! > windowSec) lo++;
    if (hi - lo + 1 >= needed) {
      const distinct = new Set<number>();
      for (let k = lo; k <= hi; k++) distinct.add(account[rows[k]!]!);
      if (distinct.size >= needed) return true;
    }
  }
  return false;
}

export function buildAccountActions(dataset: Dataset): AccountActions {
  const n = dataset.accounts.ids.length;
  const { account } = dataset.actions;
  const { offsets, order: actions } = groupByKey(account, n);
  const actionsPerTarget = new Int32Array(dataset.actions.targets.length);
  for (const t of dataset.actions.target) actionsPerTarget[t]!++;
  return { offsets, actions, actionsPerTarget };
}
