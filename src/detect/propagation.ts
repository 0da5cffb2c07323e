// Personalized PageRank from known-bad accounts over the weighted account graph (power iteration on the CSR).
import { edgeWeight, type AccountGraph } from '../graph/account-graph.js';

export interface PropagationOptions {
  alpha: number;
  iterations: number;
}

export const PROPAGATION_DEFAULTS: PropagationOptions = { alpha: 0.85, iterations: 30 };

/** Scores in [0, 1]: personalized PageRank relative to a seed's restart share (1/|seeds|), capped at 1. */
export function propagateFromSeeds(graph: AccountGraph, seeds: Int32Array, options: PropagationOptions = PROPAGATION_DEFAULTS): Float64Array {
  const n = graph.nodeCount;
  const strength = new Float64Array(n);
  for (let e = 0; e < graph.edgeCount; e++) {
    const w = edgeWeight(graph, e);
    strength[graph.source[e]!]! += w;
    strength[graph.target[e]!]! += w;
  }
  const restart = new Float64Array(n);
  for (const s of seeds) restart[s] = 1 / seeds.length;
  let rank = restart.slice();
  let next = new Float64Array(n);
  for (let iteration = 0; iteration < options.iterations; iteration++) {
    next.fill(0);
    let dangling = 0;
    for (let v = 0; v < n; v++) {
      const r = rank[v]!;
      if (r === 0) continue;
      if (strength[v] === 0) {
        dangling += r;
        continue;
      }
      for (let k = graph.offsets[v]!; k < graph.offsets[v + 1]!; k++) {
        next[graph.neighbor[k]!]! += (options.alpha * r * edgeWeight(graph, graph.edgeOf[k]!)) / strength[v]!;
      }
    }
    // Rank that would leave the graph (dangling nodes, the teleport share) returns to the seeds.
    for (let v = 0; v < n; v++) next[v]! += ((1 - options.alpha) + options.alpha * dangling) * restart[v]!;
    [rank, next] = [next, rank];
  }
  return rank.map((r) => Math.min(1, r * seeds.length));
}
