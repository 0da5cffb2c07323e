// Identifier pools: identifiers whose account sets cross (they share accounts and neither holds the other) are one
// pool, of any mix of types; each identifier is judged as shared by the accounts of the pool's identifiers of its
// own type. A ring juggling cards, each used by a different few of its members, is a pool of cards shared by the
// whole ring, however ordinary each card of three is; cards that never cross each other but meet on a drop
// address pool through it. A household has one card, one address, one router (a second IP after the ISP
// reassigned it nests in the first), so each counts as wide as itself. Chains of office and NAT IPs do pool, and
// stay ordinary for their type.
import { UnionFind } from '../lib/union-find.js';
import { groupByKey } from '../lib/compact-adjacency.js';
import { entityDegree, type BipartiteIndex } from './bipartite-index.js';

export interface IdentifierPools {
  /** Per entity, the smallest entity of its pool (itself when it crosses no other). */
  poolOf: Int32Array;
  /** Per entity, distinct accounts of its pool's identifiers of its type (its own degree when unpooled). */
  poolAccounts: Int32Array;
}

/** Non-hub entities of degree ≥ 2 that `poolable` admits are pooled; the rest are left as they are. */
export function findIdentifierPools(index: BipartiteIndex, typeOf: Int32Array, poolable: (entity: number) => boolean): IdentifierPools {
  const { entityCount, entityOffsets, entityAccounts, accountOffsets, accountEntities, isHub } = index;
  const degree = (e: number) => entityDegree(index, e);
  const isPooled = new Uint8Array(entityCount);
  for (let e = 0; e < entityCount; e++) if (degree(e) >= 2 && !isHub[e] && poolable(e)) isPooled[e] = 1;
  const pools = new UnionFind(entityCount);
  const common = new Int32Array(entityCount);
  const touched: number[] = [];
  for (let e = 0; e < entityCount; e++) {
    if (!isPooled[e]) continue;
    for (let i = entityOffsets[e]!; i < entityOffsets[e + 1]!; i++) {
      const a = entityAccounts[i]!;
      for (let j = accountOffsets[a]!; j < accountOffsets[a + 1]!; j++) {
        const f = accountEntities[j]!;
        if (f <= e || !isPooled[f]) continue;
        if (common[f] === 0) touched.push(f);
        common[f]!++;
      }
    }
    for (const f of touched) {
      if (common[f]! < Math.min(degree(e), degree(f))) pools.union(e, f);
      common[f] = 0;
    }
    touched.length = 0;
  }
  const poolOf = new Int32Array(entityCount);
  for (let e = 0; e < entityCount; e++) poolOf[e] = pools.find(e);
  return { poolOf, poolAccounts: countPoolAccounts(index, poolOf, typeOf) };
}

/** Per entity, the distinct accounts of its pool's entities of its own type. */
function countPoolAccounts(index: BipartiteIndex, poolOf: Int32Array, typeOf: Int32Array): Int32Array {
  const { entityCount, entityOffsets, entityAccounts } = index;
  // Entities grouped by pool; each (pool, type) part's accounts counted once with a stamp of its own.
  const { offsets, order } = groupByKey(poolOf, entityCount);
  const poolAccounts = new Int32Array(entityCount);
  const stamp = new Int32Array(index.accountCount).fill(-1);
  let part = 0;
  const types: number[] = [];
  for (let p = 0; p < entityCount; p++) {
    types.length = 0;
    for (let k = offsets[p]!; k < offsets[p + 1]!; k++) if (!types.includes(typeOf[order[k]!]!)) types.push(typeOf[order[k]!]!);
    for (const t of types) {
      let accounts = 0;
      for (let k = offsets[p]!; k < offsets[p + 1]!; k++) {
        const e = order[k]!;
        if (typeOf[e] !== t) continue;
        for (let i = entityOffsets[e]!; i < entityOffsets[e + 1]!; i++) {
          const a = entityAccounts[i]!;
          if (stamp[a] !== part) {
            stamp[a] = part;
            accounts++;
          }
        }
      }
      for (let k = offsets[p]!; k < offsets[p + 1]!; k++) if (typeOf[order[k]!] === t) poolAccounts[order[k]!] = accounts;
      part++;
    }
  }
  return poolAccounts;
}
