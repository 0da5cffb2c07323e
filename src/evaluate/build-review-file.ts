// Assembles the review file from a drawn sample and each pick's evidence; verdicts start empty.
import type { ReviewEvidence, ReviewFile } from './review-file-schema.js';
import type { ReviewCandidate, ReviewDraw } from './review-sample.js';

export const REVIEW_ALLOCATION =
  'strata are score bands cut at the risk quantiles of the flagged accounts (ties never split); each band gets ' +
  'min(its size, minPerStratum) reviews, the rest of n goes to bands in proportion to their remaining accounts ' +
  '(largest remainder); accounts are drawn without replacement within each band; design weight = band size / sampled';

export const REVIEW_INSTRUCTIONS =
  'For each item set "verdict" to "fraud" (the account takes part in coordinated abuse), "benign" (it does not) or ' +
  '"unsure". Judge the account, not the ring: a benign member of a flagged ring is "benign". Leave the other fields ' +
  'as they are; then run `ringscan evaluate --reviews FILE`.';

export function buildReviewFile<T extends ReviewCandidate>(
  run: string,
  draw: ReviewDraw<T>,
  evidenceOf: (candidate: T) => ReviewEvidence,
  settings: { seed: number; requested: number; minPerStratum: number },
): ReviewFile {
  const weightOf = new Map(draw.strata.map((s) => [s.stratum, s.sampled > 0 ? s.population / s.sampled : 1]));
  return {
    formatVersion: 1,
    kind: 'ringscan-review-sample',
    run,
    seed: settings.seed,
    requested: settings.requested,
    allocation: `${REVIEW_ALLOCATION} (minPerStratum ${settings.minPerStratum})`,
    flaggedAccounts: draw.strata.reduce((sum, s) => sum + s.population, 0),
    strata: draw.strata,
    instructions: REVIEW_INSTRUCTIONS,
    items: draw.picks.map(({ candidate, stratum }) => ({
      account: candidate.account,
      stratum,
      risk: candidate.risk,
      designWeight: weightOf.get(stratum)!,
      evidence: evidenceOf(candidate),
      verdict: null,
    })),
  };
}
