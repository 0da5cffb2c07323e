// Louvain splits a large, uniform group (1,500 accounts on a pool of 120 devices) into pieces of similar
// modularity. Pieces of one ring draw on the same identifier pool; distinct rings do not. Pieces of one
// connected component (detectCommunities calls this per component) whose shared pool identifiers (poolIdentifiers:
// projected ones, and ordinary ones whose accounts projected ones tie, such as a farm's proxy IPs) overlap by at
// least minPoolOverlap (Jaccard) are merged back.
import type { BipartiteIndex } from '../graph/bipartite-index.js';
import { UnionFind } from '../lib/union-find.js';

/** Pieces of one connected component, merged where their identifier pools overlap by minPoolOverlap or more. */
export function mergeByIdentifierPool(communities: Int32Array[], index: BipartiteIndex, inPool: Uint8Array, minPoolOverlap: number): Int32Array[] {
  const pools = communities.map((members) => sharedPool(members, index, inPool));
  const byEntity = new Map<number, number[]>();
  pools.forEach((pool, c) => pool.forEach((e) => (byEntity.get(e) ?? byEntity.set(e, []).get(e)!).push(c)));
  const n = communities.length;
  const overlap = new Map<number, number>();
  for (const users of byEntity.values()) {
    for (let i = 0; i < users.length; i++) {
      for (let j = i + 1; j < users.length; j++) {
        const key = users[i]! * n + users[j]!;
        overlap.set(key, (overlap.get(key) ?? 0) + 1);
      }
    }
  }
  const sets = new UnionFind(n);
  for (const [key, common] of overlap) {
    const a = Math.floor(key / n);
    const b = key % n;
    if (common / (pools[a]!.size + pools[b]!.size - common) >= minPoolOverlap) sets.union(a, b);
  }
  const groups = new Map<number, number[]>();
  communities.forEach((members, c) => (groups.get(sets.find(c)) ?? groups.set(sets.find(c), []).get(sets.find(c))!).push(...members));
  return [...groups.values()].map((members) => Int32Array.from(members).sort()).sort((x, y) => x[0]! - y[0]!);
}

/** Pool entities used by at least two of the community's members. */
function sharedPool(members: Int32Array, index: BipartiteIndex, inPool: Uint8Array): Set<number> {
  const uses = new Map<number, number>();
  for (const v of members) {
    for (let i = index.accountOffsets[v]!; i < index.accountOffsets[v + 1]!; i++) {
      const e = index.accountEntities[i]!;
      if (inPool[e]) uses.set(e, (uses.get(e) ?? 0) + 1);
    }
  }
  return new Set([...uses].filter(([, n]) => n >= 2).map(([e]) => e));
}
