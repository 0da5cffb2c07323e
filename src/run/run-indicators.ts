// A run's indicators: what was flagged, how rings moved since the previous run, and the ring score distribution.
import type { Indicators, RingStatus } from '../schema/run.js';

export interface IndicatorInput {
  /** Every candidate ring of the run (flagged or not). */
  rings: readonly { status: RingStatus; score: number; flagged: boolean }[];
  accountsFlagged: number;
  /** Previous rings that dissolved in this run. */
  dissolvedRings: number;
}

/**
 * newRings counts rings with status 'new'; persistingRings counts every ring that continues a previous one
 * (persisting, grown, shrunk, merged, split), so newRings + persistingRings = all candidate rings.
 * meanRingScore and p90RingScore (nearest rank) are over all candidate rings; 0 when there are none.
 */
export function computeIndicators(input: IndicatorInput): Indicators {
  const scores = input.rings.map((ring) => ring.score).sort((a, b) => a - b);
  const newRings = input.rings.filter((ring) => ring.status === 'new').length;
  return {
    ringsFlagged: input.rings.filter((ring) => ring.flagged).length,
    accountsFlagged: input.accountsFlagged,
    newRings,
    persistingRings: input.rings.length - newRings,
    dissolvedRings: input.dissolvedRings,
    meanRingScore: scores.length === 0 ? 0 : scores.reduce((sum, score) => sum + score, 0) / scores.length,
    p90RingScore: scores.length === 0 ? 0 : scores[Math.ceil(0.9 * scores.length) - 1]!,
  };
}
