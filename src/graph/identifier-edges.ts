// Projects the bipartite index onto account pairs: each shared non-hub entity adds its entity weight
// (entity-surprise.ts) to the pair. A sparse row accumulator (one dense scratch array, a touched list) keeps this O(Σ degree²) over non-hub
// entities with no hashing; hubs above the cap are skipped, so a NAT IP shared by 100,000 costs nothing.
import type { BipartiteIndex } from './bipartite-index.js';
import { GrowableFloat64, GrowableInt32 } from '../lib/growable-array.js';

export interface PairEdges {
  /** Pairs in ascending (source, target) order, source < target. */
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
  /** Identifier edges: number of shared entities. Synchrony edges: number of distinct synchronized targets. */
  count: Int32Array;
}

/** entityWeight is 0 for hubs and entities nobody else shares: those are skipped. */
export function buildIdentifierEdges(index: BipartiteIndex, entityWeight: Float64Array): PairEdges {
  const n = index.accountCount;
  const accumulated = new Float64Array(n);
  const shared = new Int32Array(n);
  const touched = new GrowableInt32(64);
  const source = new GrowableInt32(1024);
  const target = new GrowableInt32(1024);
  const weight = new GrowableFloat64(1024);
  const count = new GrowableInt32(1024);
  for (let a = 0; a < n; a++) {
    touched.length = 0;
    for (let i = index.accountOffsets[a]!; i < index.accountOffsets[a + 1]!; i++) {
      const e = index.accountEntities[i]!;
      const w = entityWeight[e]!;
      if (w === 0) continue;
      for (let j = index.entityOffsets[e]!; j < index.entityOffsets[e + 1]!; j++) {
        const b = index.entityAccounts[j]!;
        if (b <= a) continue;
        if (shared[b] === 0) touched.push(b);
        accumulated[b]! += w;
        shared[b]!++;
      }
    }
    if (touched.length === 0) continue;
    const row = touched.view().sort();
    for (let k = 0; k < row.length; k++) {
      const b = row[k]!;
      source.push(a);
      target.push(b);
      weight.push(accumulated[b]!);
      count.push(shared[b]!);
      accumulated[b] = 0;
      shared[b] = 0;
    }
  }
  return { source: source.toArray(), target: target.toArray(), weight: weight.toArray(), count: count.toArray() };
}
