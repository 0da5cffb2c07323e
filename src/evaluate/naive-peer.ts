// The naive peer: what a data scientist would try first, computed on the same data so every ringscan figure reads
// against it. Accounts are joined when they share an identifier used by 2..maxIdentifierDegree accounts, or act on
// the same target within windowSeconds of each other (targets with more than maxTargetActors distinct actors, such
// as viral posts or a login screen, are dropped: the usual "remove the hubs"); every connected component of at
// least minComponentSize accounts is a flagged ring. No weights, no scores, no learning.
import type { Dataset } from '../schema/dataset.js';
import { UnionFind } from '../lib/union-find.js';

export const NAIVE_PEER_DEFAULTS = {
  /** Identifiers shared by more accounts than this are hubs (NAT, wifi, default ids) and ignored: a round fixed cap. */
  maxIdentifierDegree: 50,
  /** Targets acted on by more distinct accounts than this are popular and ignored. */
  maxTargetActors: 50,
  /** Two actions on one target this close (by different accounts) join their accounts. */
  windowSeconds: 3600,
  minComponentSize: 2,
};
export type NaivePeerOptions = typeof NAIVE_PEER_DEFAULTS;

export interface NaivePeerResult {
  /** Flagged rings as account indices, largest first (ties: smallest first index). */
  rings: number[][];
  /** Identifiers and targets that joined accounts. */
  identifiersUsed: number;
  targetsUsed: number;
}

export function naivePeerRings(dataset: Dataset, options: Partial<NaivePeerOptions> = {}): NaivePeerResult {
  const o = { ...NAIVE_PEER_DEFAULTS, ...options };
  const n = dataset.accounts.ids.length;
  const uf = new UnionFind(n);

  const { account: linkAccount, entity: linkEntity } = dataset.links;
  const entityCount = dataset.entities.values.length;
  const degree = new Int32Array(entityCount);
  for (let k = 0; k < linkEntity.length; k++) degree[linkEntity[k]!]!++;
  const first = new Int32Array(entityCount).fill(-1);
  let identifiersUsed = 0;
  for (let k = 0; k < linkEntity.length; k++) {
    const e = linkEntity[k]!;
    const d = degree[e]!;
    if (d < 2 || d > o.maxIdentifierDegree) continue;
    const a = linkAccount[k]!;
    if (first[e]! < 0) {
      first[e] = a;
      identifiersUsed++;
    } else uf.union(a, first[e]!);
  }

  // actions grouped by target, in time order; chaining consecutive actions within the window gives the same
  // components as pairing every two actions within it, in linear time after the sort
  const { account: actor, target, tsSec } = dataset.actions;
  const m = target.length;
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  order.sort((x, y) => target[x]! - target[y]! || tsSec[x]! - tsSec[y]! || actor[x]! - actor[y]!);
  const seenOnTarget = new Int32Array(n).fill(-1);
  let targetsUsed = 0;
  for (let start = 0; start < m; ) {
    const t = target[order[start]!]!;
    let end = start;
    let actors = 0;
    while (end < m && target[order[end]!] === t) {
      const a = actor[order[end]!]!;
      if (seenOnTarget[a] !== t) {
        seenOnTarget[a] = t;
        actors++;
      }
      end++;
    }
    if (actors >= 2 && actors <= o.maxTargetActors) {
      let joined = false;
      for (let k = start + 1; k < end; k++) {
        const prev = order[k - 1]!;
        const cur = order[k]!;
        if (tsSec[cur]! - tsSec[prev]! <= o.windowSeconds && actor[cur] !== actor[prev]) {
          uf.union(actor[cur]!, actor[prev]!);
          joined = true;
        }
      }
      if (joined) targetsUsed++;
    }
    start = end;
  }

  const rootOf = new Int32Array(n);
  const size = new Int32Array(n);
  for (let i = 0; i < n; i++) size[(rootOf[i] = uf.find(i))]!++;
  const members = new Map<number, number[]>();
  for (let i = 0; i < n; i++) {
    const root = rootOf[i]!;
    if (size[root]! < o.minComponentSize) continue;
    let list = members.get(root);
    if (!list) members.set(root, (list = []));
    list.push(i);
  }
  const rings = [...members.values()];
  rings.sort((x, y) => y.length - x.length || x[0]! - y[0]!);
  return { rings, identifiersUsed, targetsUsed };
}
