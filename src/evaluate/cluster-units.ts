// Resampling units for the cluster bootstrap: accounts that share a true ring or a flagged ring form one unit.
// Ring members are not independent (a ring is caught or missed together), so they are resampled as a block.
import { UnionFind } from '../lib/union-find.js';

export interface ClusterUnits {
  /** Per account: its cluster index, 0..count-1, numbered by first account (so the same input gives the same ids). */
  clusterOf: Int32Array;
  count: number;
  /** Accounts per cluster. */
  sizes: Int32Array;
}

/**
 * Joins accounts that carry the same group id in any grouping (a group id < 0 means "no group"); every other
 * account is a cluster of its own. Groupings are e.g. the true ring of each account and the flagged ring of each
 * account under strategy A and under strategy B; overlapping groups chain into one cluster (union–find).
 */
export function buildClusterUnits(accounts: number, groupings: readonly ArrayLike<number>[]): ClusterUnits {
  const sets = new UnionFind(accounts);
  for (const grouping of groupings) {
    if (grouping.length !== accounts) throw new Error(`grouping has ${grouping.length} entries, expected ${accounts}`);
    const firstOfGroup = new Map<number, number>();
    for (let i = 0; i < accounts; i++) {
      const group = grouping[i]!;
      if (group < 0) continue;
      const first = firstOfGroup.get(group);
      if (first === undefined) {
        firstOfGroup.set(group, i);
        continue;
      }
      // the smaller index stays root, so numbering below follows account order
      sets.union(first, i);
    }
  }
  const clusterOf = new Int32Array(accounts);
  const indexOfRoot = new Int32Array(accounts).fill(-1);
  let count = 0;
  for (let i = 0; i < accounts; i++) {
    const root = sets.find(i);
    if (indexOfRoot[root] === -1) indexOfRoot[root] = count++;
    clusterOf[i] = indexOfRoot[root]!;
  }
  const sizes = new Int32Array(count);
  for (let i = 0; i < accounts; i++) sizes[clusterOf[i]!]!++;
  return { clusterOf, count, sizes };
}
