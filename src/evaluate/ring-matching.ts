// Best-match Jaccard between true rings and predicted rings, from the members of the predicted rings only:
// cost O(total members), never O(true rings × predicted rings) (lib/ring-overlaps).
import { countOverlaps, jaccard } from '../lib/ring-overlaps.js';

export interface PredictedRingMembers {
  /** Distinct members, including accounts the ground truth does not know. */
  size: number;
  /** Ground-truth indices of the members the ground truth knows, each once. */
  known: ArrayLike<number>;
}

export interface RingMatches {
  /** Per true ring: best Jaccard with any predicted ring (0 if none overlaps). */
  trueBest: Float64Array;
  /** Per true ring: index of that predicted ring, -1 if none (first one on a tie). */
  trueMatch: Int32Array;
  predictedBest: Float64Array;
  predictedMatch: Int32Array;
}

/**
 * `trueRingOf[i]` is account i's true ring index (or -1), `trueSizes[t]` the size of true ring t.
 * Jaccard(T, P) = |T ∩ P| / (|T| + |P| - |T ∩ P|).
 */
export function matchTrueRings(trueRingOf: ArrayLike<number>, trueSizes: ArrayLike<number>, predicted: readonly PredictedRingMembers[]): RingMatches {
  const trueBest = new Float64Array(trueSizes.length);
  const trueMatch = new Int32Array(trueSizes.length).fill(-1);
  const predictedBest = new Float64Array(predicted.length);
  const predictedMatch = new Int32Array(predicted.length).fill(-1);
  const overlaps = countOverlaps(
    predicted.map((ring) => Array.from(ring.known)),
    (member) => trueRingOf[member],
  );
  predicted.forEach((ring, p) => {
    const overlap = overlaps[p]!;
    // visit true rings in index order so ties resolve the same way whatever the member order
    for (const t of [...overlap.keys()].sort((x, y) => x - y)) {
      const score = jaccard(trueSizes[t]!, ring.size, overlap.get(t)!);
      if (score > trueBest[t]!) {
        trueBest[t] = score;
        trueMatch[t] = p;
      }
      if (score > predictedBest[p]!) {
        predictedBest[p] = score;
        predictedMatch[p] = t;
      }
    }
  });
  return { trueBest, trueMatch, predictedBest, predictedMatch };
}
