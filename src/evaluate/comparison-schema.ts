// The Comparison object: what `ringscan compare --json` prints and `ringscan report --compare` reads.
import { z } from 'zod';
import { CostModelSchema } from './cost-model.js';
import { SweepRowSchema } from './evaluation-schema.js';

const value = z.number().nullable();
const count = z.number().int().min(0);

/** One strategy's value of a metric with its interval (null when undefined). */
export const EstimateSchema = z.object({
  value,
  low: value,
  high: value,
  /** For cluster-score intervals: the effective sample size n* behind it (below 10: too few to say much). */
  effectiveN: value.optional(),
  /** For cluster-score intervals: the ratio's denominator (accounts or rings) and the clusters it falls in. */
  denominator: value.optional(),
  clusters: value.optional(),
});
export type Estimate = z.infer<typeof EstimateSchema>;

export const DifferenceSchema = z.object({
  /** B − A on the full data. */
  value,
  low: value,
  high: value,
  /** Two-sided p-value of "B − A = 0", consistent with the interval (below 1 − confidence iff it excludes 0). */
  pValue: value,
  /** pValue below 1 − confidence. */
  significant: z.boolean(),
});
export type Difference = z.infer<typeof DifferenceSchema>;

export const MetricComparisonSchema = z.object({
  metric: z.string(),
  label: z.string(),
  higherIsBetter: z.boolean(),
  /** The difference's interval. bca: bias-corrected and accelerated; bc-percentile: bias-corrected only (ranking metrics have no cheap jackknife). */
  interval: z.enum(['bca', 'bc-percentile']),
  /** A and B's own intervals: cluster-score (Wilson on the effective sample size, for ratios of cluster counts) or the difference's kind. */
  estimateInterval: z.enum(['cluster-score', 'bca', 'bc-percentile']),
  a: EstimateSchema,
  b: EstimateSchema,
  difference: DifferenceSchema,
  /** Resamples in which the metric was undefined for A or B (a zero denominator); left out of the difference. */
  undefinedResamples: count,
});
export type MetricComparison = z.infer<typeof MetricComparisonSchema>;

export const KindComparisonSchema = z.object({
  kind: z.string(),
  /** fraud: recall and ring detection of this ring kind; benign: the share of this look-alike kind flagged. */
  side: z.enum(['fraud', 'benign']),
  accounts: count,
  rings: count,
  metrics: z.array(MetricComparisonSchema),
});
export type KindComparison = z.infer<typeof KindComparisonSchema>;

export const PrPointSchema = z.object({ threshold: z.number(), precision: z.number(), recall: z.number() });
export type PrPoint = z.infer<typeof PrPointSchema>;

export const StrategySummarySchema = z.object({
  name: z.string(),
  flagged: count,
  ringsFlagged: count,
  cost: z.object({
    /** Σ cost of the strategy's own flags over labelled accounts. */
    total: z.number(),
    perThousandLabelled: value,
    /** The account-risk threshold with the least total cost on this data. */
    optimum: z.object({ threshold: value, cost: z.number(), flagged: count, costOfFlaggingNothing: z.number() }),
  }),
  sweep: z.array(SweepRowSchema),
  /** Precision–recall curve over account risk (at most a few hundred points, highest threshold first). */
  prCurve: z.array(PrPointSchema),
});
export type StrategySummary = z.infer<typeof StrategySummarySchema>;

export const ComparisonSchema = z.object({
  formatVersion: z.literal(1),
  kind: z.literal('ringscan-comparison'),
  a: StrategySummarySchema,
  b: StrategySummarySchema,
  options: z.object({
    resamples: count,
    seed: z.number().int(),
    confidence: z.number(),
    topK: count,
    matchJaccard: z.number(),
    costs: CostModelSchema,
  }),
  units: z.object({
    accounts: count,
    labelled: count,
    /** Resampling units: true rings and flagged rings (joined where they overlap) and every other account alone. */
    clusters: count,
    multiAccountClusters: count,
    largestCluster: count,
    /** Flagged rings none of whose members the ground truth knows (left out of ring metrics). */
    flaggedRingsOutsideTruth: count,
  }),
  metrics: z.array(MetricComparisonSchema),
  byKind: z.array(KindComparisonSchema),
});
export type Comparison = z.infer<typeof ComparisonSchema>;
