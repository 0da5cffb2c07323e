// How unusual it is, in this dataset, for an identifier of a given type to be shared by k accounts: each
// entity is judged against its own type's degree distribution. A card shared by 10 where almost every card has 1–3 users is strong evidence; an IP shared
// by 10 where offices and NAT are common is weak. No type name is read: only the data's own statistics.
import { entityDegree, type BipartiteIndex } from './bipartite-index.js';

export interface EntitySurpriseOptions {
  /** Entities less surprising than this are background (common sharing for their type): not projected. */
  minEntitySurprise: number;
  /** One entity never counts for more than this (a single huge identifier of a rare type is not a ring). */
  maxEntitySurprise: number;
}

export interface EntityEvidence {
  /** Per entity: −log10 P(an entity of its type has degree ≥ its degree); 0 for degree < 2. */
  surprise: Float64Array;
  /**
   * Per entity in [0, 1], for judging a ring's sharing: 1 once FULL_CORROBORATION of its accounts are tied to each
   * other by another identifier (and for groups of up to three, which need none); 0 for hubs and background.
   */
  corroboration: Float64Array;
  /** Per-pair projection weight: surprise × the share of its accounts so tied / (degree − 1); 0 for hubs and background. */
  weight: Float64Array;
}

/** Per type, links on entities of each degree or more: tails[type][k] (index 0 holds all the type's links). */
export type DegreeTails = number[][];

export function degreeTails(degrees: Int32Array, typeOf: Int32Array, typeCount: number): DegreeTails {
  const tails = Array.from({ length: typeCount }, () => [] as number[]);
  for (let e = 0; e < degrees.length; e++) {
    const histogram = tails[typeOf[e]!]!;
    const degree = degrees[e]!;
    while (histogram.length <= degree) histogram.push(0);
    histogram[degree]! += degree;
  }
  for (const histogram of tails) for (let k = histogram.length - 2; k >= 0; k--) histogram[k]! += histogram[k + 1]!;
  return tails;
}

/**
 * −log10 of the share of its type's links that sit on entities shared by `degree` accounts or more: how unusual
 * it is, for an account's identifier of this type, to be shared this widely. Where most IPs are shared by
 * offices and NAT, a widely shared IP is ordinary; where almost every card has one user, a card of ten is not.
 * A degree beyond the type's widest entity counts as one more entity of that degree.
 */
function surpriseAtDegree(tails: DegreeTails, type: number, degree: number, maxEntitySurprise: number): number {
  const tail = tails[type]!;
  if (degree < 2 || tail.length === 0) return 0;
  const above = degree < tail.length ? tail[degree]! : degree;
  return Math.min(maxEntitySurprise, Math.log10(Math.max(tail[0]!, above) / above));
}

/** Per entity, surpriseAtDegree of how widely it counts as shared (its degree, or its pool's accounts). */
export function surpriseOfWidths(tails: DegreeTails, widths: Int32Array, typeOf: Int32Array, maxEntitySurprise: number): Float64Array {
  const surprise = new Float64Array(widths.length);
  for (let e = 0; e < widths.length; e++) surprise[e] = surpriseAtDegree(tails, typeOf[e]!, widths[e]!, maxEntitySurprise);
  return surprise;
}

/** A ring's shared identifier counts fully once this share of its accounts are tied to each other by another identifier. */
export const FULL_CORROBORATION = 0.3;

/**
 * Per non-hub entity of degree ≥ 2, the share of its accounts tied to another of its accounts through another
 * non-hub identifier (co-occurrence): a farm's pool devices overlap, a default device id shared by hundreds of
 * strangers does not (the odd household on it ties a few percent). Groups of up to three need no tie: 1.
 * `ties` narrows which identifiers tie (by default every non-hub one), `judged` which entities are measured (others get 0).
 */
export function tiedShares(index: BipartiteIndex, ties: (entity: number) => boolean = () => true, judged: (entity: number) => boolean = () => true): Float64Array {
  const { entityCount, entityOffsets, entityAccounts, accountOffsets, accountEntities, isHub } = index;
  const shares = new Float64Array(entityCount);
  // common[f]: accounts entity e shares with entity f. An account of e is tied when one of its other non-hub
  // entities shares another of e's accounts (common ≥ 2): one pass over e's accounts' entities, never over f's accounts.
  const common = new Int32Array(entityCount);
  const touched: number[] = [];
  for (let e = 0; e < entityCount; e++) {
    const from = entityOffsets[e]!;
    const degree = entityOffsets[e + 1]! - from;
    if (degree < 2 || isHub[e] || !judged(e)) continue;
    if (degree <= 3) {
      shares[e] = 1;
      continue;
    }
    for (let i = from; i < from + degree; i++) {
      const a = entityAccounts[i]!;
      for (let j = accountOffsets[a]!; j < accountOffsets[a + 1]!; j++) {
        const f = accountEntities[j]!;
        if (f === e || isHub[f] || !ties(f)) continue;
        if (common[f] === 0) touched.push(f);
        common[f]!++;
      }
    }
    let tied = 0;
    for (let i = from; i < from + degree; i++) {
      const a = entityAccounts[i]!;
      for (let j = accountOffsets[a]!; j < accountOffsets[a + 1]!; j++) {
        const f = accountEntities[j]!;
        if (f !== e && common[f]! >= 2) {
          tied++;
          break;
        }
      }
    }
    for (const f of touched) common[f] = 0;
    touched.length = 0;
    shares[e] = tied / degree;
  }
  return shares;
}

/**
 * Corroboration and projection weights. A widely shared identifier counts in proportion to its tied share
 * (tiedShares). Small groups need no corroboration (a pair is tied by one card). A pair's weight scales with the
 * tied share itself; a ring's member set counts fully from FULL_CORROBORATION on, because a pool whose
 * accounts each use one or two of its identifiers ties only part of each identifier's accounts to the rest.
 */
export function computeEntityEvidence(index: BipartiteIndex, surprise: Float64Array, tiedShare: Float64Array, options: EntitySurpriseOptions): EntityEvidence {
  const corroboration = new Float64Array(index.entityCount);
  const weight = new Float64Array(index.entityCount);
  for (let e = 0; e < index.entityCount; e++) {
    const degree = index.entityOffsets[e + 1]! - index.entityOffsets[e]!;
    if (degree < 2 || index.isHub[e] || surprise[e]! < options.minEntitySurprise) continue;
    const smallGroup = Math.min(1, 2 / (degree - 1));
    const withSmallGroup = (share: number) => share + (1 - share) * smallGroup;
    corroboration[e] = withSmallGroup(Math.min(1, tiedShare[e]! / FULL_CORROBORATION));
    weight[e] = (surprise[e]! * withSmallGroup(tiedShare[e]!)) / (degree - 1);
  }
  return { surprise, corroboration, weight };
}

export function entityDegrees(entityOfLink: Int32Array, entityCount: number): Int32Array {
  const degree = new Int32Array(entityCount);
  for (let i = 0; i < entityOfLink.length; i++) degree[entityOfLink[i]!]!++;
  return degree;
}

/**
 * The hub cap from the data: the largest degree such that expanding every entity up to it that is surprising
 * enough to be projected stays within pairBudgetPerAccount pairs per account (never below minHubDegree). Above
 * it an identifier is context only: a 50-account farm device is expanded, a NAT IP of 100,000 never is.
 */
export function hubDegreeFromData(degrees: Int32Array, surprise: Float64Array, accountCount: number, options: { pairBudgetPerAccount: number; minHubDegree: number; minEntitySurprise: number }): number {
  let maxDegree = 0;
  for (let e = 0; e < degrees.length; e++) maxDegree = Math.max(maxDegree, degrees[e]!);
  const byDegree = new Float64Array(maxDegree + 1);
  for (let e = 0; e < degrees.length; e++) {
    const d = degrees[e]!;
    if (d >= 2 && surprise[e]! >= options.minEntitySurprise) byDegree[d]!++;
  }
  const budget = options.pairBudgetPerAccount * accountCount;
  let pairs = 0;
  let cap = options.minHubDegree;
  for (let d = 2; d <= maxDegree; d++) {
    if (byDegree[d] === 0) continue;
    pairs += (byDegree[d]! * d * (d - 1)) / 2;
    if (pairs > budget) break;
    cap = Math.max(cap, d);
  }
  return cap;
}

/**
 * Identifiers a ring's pool is drawn from, for joining Louvain pieces back (merge-communities.ts): the projected
 * ones, and those too ordinary for their type to be projected (a proxy IP of 40 where offices are common) whose
 * accounts are tied to each other by projected identifiers (a farm's devices), as an office's are not.
 */
export function poolIdentifiers(index: BipartiteIndex, weight: Float64Array): Uint8Array {
  const projected = (e: number) => weight[e]! > 0;
  const tiedByProjected = tiedShares(index, projected, (e) => !projected(e) && entityDegree(index, e) > 3);
  const inPool = new Uint8Array(index.entityCount);
  for (let e = 0; e < index.entityCount; e++) inPool[e] = projected(e) || tiedByProjected[e]! >= FULL_CORROBORATION ? 1 : 0;
  return inPool;
}
