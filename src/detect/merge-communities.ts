// Louvain splits a large, uniform group (1,500 accounts on a pool of 120 devices) into pieces of similar
// modularity. Pieces of one ring draw on the same identifier pool; distinct rings do not. Communities of one
// connected component whose shared, projected identifiers (those with an edge weight: not hubs, not too
// ordinary for their type) overlap by at least minPoolOverlap (Jaccard) are merged back.
import type { BipartiteIndex } from '../graph/bipartite-index.js';

export function mergeByIdentifierPool(communities: Int32Array[], index: BipartiteIndex, entityWeight: Float64Array, componentOf: Int32Array, minPoolOverlap: number): Int32Array[] {
  const pools = communities.map((members) => sharedPool(members, index, entityWeight));
  const parent = communities.map((_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  const byEntity = new Map<number, number[]>();
  pools.forEach((pool, c) => pool.forEach((e) => (byEntity.get(e) ?? byEntity.set(e, []).get(e)!).push(c)));
  const overlap = new Map<string, number>();
  for (const users of byEntity.values()) {
    for (let i = 0; i < users.length; i++) {
      for (let j = i + 1; j < users.length; j++) {
        const key = `${users[i]},${users[j]}`;
        overlap.set(key, (overlap.get(key) ?? 0) + 1);
      }
    }
  }
  for (const [key, common] of [...overlap.entries()].sort()) {
    const [a, b] = key.split(',').map(Number) as [number, number];
    if (componentOf[communities[a]![0]!] !== componentOf[communities[b]![0]!]) continue;
    if (common / (pools[a]!.size + pools[b]!.size - common) >= minPoolOverlap) parent[find(a)] = find(b);
  }
  const groups = new Map<number, number[]>();
  communities.forEach((members, c) => (groups.get(find(c)) ?? groups.set(find(c), []).get(find(c))!).push(...members));
  return [...groups.values()].map((members) => Int32Array.from(members).sort()).sort((x, y) => x[0]! - y[0]!);
}

/** Projected entities used by at least two of the community's members. */
function sharedPool(members: Int32Array, index: BipartiteIndex, entityWeight: Float64Array): Set<number> {
  const uses = new Map<number, number>();
  for (const v of members) {
    for (let i = index.accountOffsets[v]!; i < index.accountOffsets[v + 1]!; i++) {
      const e = index.accountEntities[i]!;
      if (entityWeight[e]! > 0) uses.set(e, (uses.get(e) ?? 0) + 1);
    }
  }
  return new Set([...uses].filter(([, n]) => n >= 2).map(([e]) => e));
}
