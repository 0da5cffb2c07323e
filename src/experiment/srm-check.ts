// Sample-ratio mismatch: are the randomization units seen in each arm in the designed proportion? A chi-square
// goodness-of-fit test on ring counts (the unit of randomization; account counts are clustered and would over-alarm).
// A failed check means the experiment is broken (assignment, logging or outcome joins; Fabijan et al. 2019,
// "Diagnosing sample ratio mismatch in online controlled experiments"): no effect from it should be trusted.
import { normalCdf } from '../evaluate/normal-distribution.js';
import type { Srm } from '../schema/experiment.js';

/** The usual SRM alarm level: strict, because the check runs on every experiment and a false alarm is costly. */
export const SRM_THRESHOLD = 0.001;

export function checkSampleRatio(observed: { enforce: number; holdout: number }, holdoutShare: number, threshold = SRM_THRESHOLD): Srm {
  const total = observed.enforce + observed.holdout;
  const expected = { enforce: total * (1 - holdoutShare), holdout: total * holdoutShare };
  const chiSquare =
    total === 0 ? 0 : (observed.enforce - expected.enforce) ** 2 / expected.enforce + (observed.holdout - expected.holdout) ** 2 / expected.holdout;
  // one degree of freedom: P(χ²₁ > x) = 2 (1 − Φ(√x))
  const pValue = Math.min(1, 2 * (1 - normalCdf(Math.sqrt(chiSquare))));
  return { unit: 'rings', observed, expected, chiSquare, pValue, threshold, mismatch: pValue < threshold };
}
