// Precision of a run's flagged set from a stratified review sample, with design weights N_h / r_h and a Wilson
// interval on the Kish effective sample size. Needs no labels file: the reviewers' verdicts are the only truth.
import { wilsonInterval } from './cluster-score-interval.js';
import { RingscanError } from '../schema/errors.js';
import type { ReviewFile } from './review-file-schema.js';

export interface StratumEstimate {
  stratum: number;
  riskFrom: number;
  riskTo: number;
  population: number;
  sampled: number;
  /** Verdicts fraud or benign (unsure and blank are left out, assumed missing at random within the band). */
  reviewed: number;
  fraud: number;
  precision: number | null;
  low: number | null;
  high: number | null;
}

export interface PrecisionEstimate {
  run: string;
  flaggedAccounts: number;
  reviewed: number;
  notReviewed: number;
  /** Σ W_h p_h over bands with at least one review, W_h = N_h / N of those bands. */
  precision: number | null;
  low: number | null;
  high: number | null;
  confidence: number;
  standardError: number | null;
  effectiveSampleSize: number | null;
  /** Estimated true positives in the flagged set (precision × flagged accounts covered). */
  estimatedFraud: number | null;
  /** Flagged accounts in bands without any review: the estimate does not speak for them. */
  uncoveredAccounts: number;
  strata: StratumEstimate[];
}

/**
 * Stratified estimator (Cochran 1977, ch. 5): p = Σ W_h p_h, Var = Σ W_h² (1 − r_h/N_h) s_h² / r_h with
 * s_h² = r_h p_h (1 − p_h) / (r_h − 1) (0.25 when r_h = 1). The interval is Wilson's on n_eff = p(1 − p)/Var
 * (Kish's effective size), which keeps it inside [0, 1] and behaves near 0 and 1 where the normal one fails;
 * with no sampling variance left (every band reviewed in full) it is the point itself.
 */
export function estimateReviewedPrecision(file: ReviewFile, confidence = 0.95): PrecisionEstimate {
  const byStratum = new Map(file.strata.map((s) => [s.stratum, { reviewed: 0, fraud: 0 }]));
  let notReviewed = 0;
  for (const item of file.items) {
    const tally = byStratum.get(item.stratum);
    if (!tally) throw new RingscanError('BAD_USAGE', `review item ${item.account} names stratum ${item.stratum}, which the file does not define`);
    if (item.verdict === 'fraud' || item.verdict === 'benign') {
      tally.reviewed++;
      if (item.verdict === 'fraud') tally.fraud++;
    } else notReviewed++;
  }
  const strata: StratumEstimate[] = file.strata.map((s) => {
    const { reviewed, fraud } = byStratum.get(s.stratum)!;
    if (reviewed > s.population) throw new RingscanError('BAD_USAGE', `stratum ${s.stratum} has ${reviewed} reviews for ${s.population} accounts`);
    const precision = reviewed > 0 ? fraud / reviewed : null;
    const interval = precision === null ? null : wilsonInterval(precision, reviewed, confidence);
    return { ...s, reviewed, fraud, precision, low: interval?.low ?? null, high: interval?.high ?? null };
  });
  const covered = strata.filter((s) => s.reviewed > 0);
  const coveredAccounts = covered.reduce((sum, s) => sum + s.population, 0);
  const reviewed = strata.reduce((sum, s) => sum + s.reviewed, 0);
  const base = { run: file.run, flaggedAccounts: file.flaggedAccounts, reviewed, notReviewed, confidence, uncoveredAccounts: file.flaggedAccounts - coveredAccounts, strata };
  if (covered.length === 0) return { ...base, precision: null, low: null, high: null, standardError: null, effectiveSampleSize: null, estimatedFraud: null };

  let precision = 0;
  let variance = 0;
  for (const s of covered) {
    const w = s.population / coveredAccounts;
    const p = s.precision!;
    precision += w * p;
    const spread = s.reviewed > 1 ? (s.reviewed * p * (1 - p)) / (s.reviewed - 1) : 0.25;
    variance += (w * w * (1 - s.reviewed / s.population) * spread) / s.reviewed;
  }
  const isCensus = covered.every((s) => s.reviewed === s.population) && covered.length === strata.length;
  let low = precision;
  let high = precision;
  let effectiveSampleSize: number | null = null;
  if (!isCensus) {
    // with p at 0 or 1 the variance says nothing; fall back to the plain count of reviews
    effectiveSampleSize = variance > 0 && precision > 0 && precision < 1 ? (precision * (1 - precision)) / variance : reviewed;
    ({ low, high } = wilsonInterval(precision, effectiveSampleSize, confidence));
  }
  return {
    ...base,
    precision,
    low,
    high,
    standardError: Math.sqrt(variance),
    effectiveSampleSize,
    estimatedFraud: precision * coveredAccounts,
  };
}
