// Enforcement experiments: the assignment file (one row per account of a flagged ring), its design record, the
// outcomes file (one row per account and metric, pre- and post-period values) and what analysis and power answer.
import { z } from 'zod';

export const ArmSchema = z.enum(['enforce', 'holdout']);
export type Arm = z.infer<typeof ArmSchema>;

export const AssignmentRowSchema = z
  .object({
    account: z.string().min(1),
    /** The randomization unit: every member of a ring shares its arm. */
    ring: z.string().min(1),
    arm: ArmSchema,
    /** Score band (stratum), 1 = lowest ring scores. */
    band: z.number().int().min(1),
    ringScore: z.number(),
  })
  .strict();
export type AssignmentRow = z.infer<typeof AssignmentRowSchema>;

export const StratumSchema = z.object({
  band: z.number().int().min(1),
  scoreFrom: z.number(),
  scoreTo: z.number(),
  rings: z.number().int().min(0),
  holdoutRings: z.number().int().min(0),
  accounts: z.number().int().min(0),
  holdoutAccounts: z.number().int().min(0),
});
export type Stratum = z.infer<typeof StratumSchema>;

/** Written beside the assignment file (`X.design.json` for `X.ndjson`): what was designed, from which run. */
export const DesignRecordSchema = z.object({
  formatVersion: z.literal(1),
  kind: z.literal('ringscan-experiment-design'),
  run: z.string(),
  /** When the run finished (the design adds no clock of its own). */
  runFinishedAt: z.string(),
  seed: z.number().int(),
  /** Designed share of rings held out (not enforced). */
  holdout: z.number().gt(0).lt(1),
  stratify: z.enum(['band', 'none']),
  bands: z.number().int().min(1),
  randomization: z.string(),
  rings: z.object({ enforce: z.number().int(), holdout: z.number().int() }),
  accounts: z.object({ enforce: z.number().int(), holdout: z.number().int() }),
  /** Accounts in more than one flagged ring: kept in the riskiest one only. */
  accountsInSeveralRings: z.number().int().min(0),
  strata: z.array(StratumSchema),
  /** sha256 of the assignment file's bytes, so analysis can tell the file was not edited. */
  assignmentSha256: z.string(),
});
export type DesignRecord = z.infer<typeof DesignRecordSchema>;

export const OutcomeRowSchema = z
  .object({
    account: z.string().min(1),
    metric: z.string().min(1),
    pre: z.number().finite(),
    post: z.number().finite(),
  })
  .strict();
export type OutcomeRow = z.infer<typeof OutcomeRowSchema>;

const value = z.number().nullable();

export const EffectSchema = z.object({
  /** Enforced mean − holdout mean (per account, post-period). */
  difference: z.number(),
  low: z.number(),
  high: z.number(),
  /** Enforced / holdout − 1 (delta-method interval); null when the holdout mean is 0. */
  relative: value,
  relativeLow: value,
  relativeHigh: value,
  standardError: z.number(),
  degreesOfFreedom: z.number(),
  pValue: z.number(),
  /** Where the p-value and the interval's quantiles come from: the randomization distribution of the studentized
   * difference under re-runs of the design, or Student's t (Welch df) with a skewness correction. */
  reference: z.enum(['randomization', 't']).default('t'),
});
export type Effect = z.infer<typeof EffectSchema>;

export const MetricAnalysisSchema = z.object({
  metric: z.string(),
  guardrail: z.boolean(),
  higherIsBetter: z.boolean(),
  accounts: z.object({ enforce: z.number().int(), holdout: z.number().int() }),
  rings: z.object({ enforce: z.number().int(), holdout: z.number().int() }),
  mean: z.object({ enforce: z.number(), holdout: z.number(), preEnforce: z.number(), preHoldout: z.number() }),
  /** Without the pre-period. */
  unadjusted: EffectSchema,
  /** CUPED: post − θ (pre − mean pre), θ fit on ring totals (Deng et al. 2013); the reported effect. */
  cuped: EffectSchema,
  theta: z.number(),
  /** Correlation of pre and post ring-level residuals, and 1 − variance(CUPED) / variance(unadjusted). */
  preCorrelation: z.number(),
  varianceReduction: z.number(),
  /** p-value after the many-metrics correction (Holm or BH over all metrics). */
  adjustedPValue: z.number(),
  significant: z.boolean(),
  /** better / worse / no detectable change, by direction and the corrected test. */
  call: z.enum(['better', 'worse', 'no detectable change']),
});
export type MetricAnalysis = z.infer<typeof MetricAnalysisSchema>;

export const SrmSchema = z.object({
  unit: z.literal('rings'),
  observed: z.object({ enforce: z.number().int(), holdout: z.number().int() }),
  expected: z.object({ enforce: z.number(), holdout: z.number() }),
  chiSquare: z.number(),
  pValue: z.number(),
  threshold: z.number(),
  mismatch: z.boolean(),
});
export type Srm = z.infer<typeof SrmSchema>;

export const AnalysisSchema = z.object({
  formatVersion: z.literal(1),
  kind: z.literal('ringscan-experiment-analysis'),
  design: z.object({ run: z.string(), holdout: z.number(), seed: z.number().int() }),
  confidence: z.number(),
  correction: z.enum(['holm', 'bh']),
  srm: SrmSchema,
  /** Assigned accounts with no outcome row for a metric, and outcome rows for accounts outside the assignment. */
  missing: z.object({ assignedWithoutOutcomes: z.number().int(), outcomesOutsideAssignment: z.number().int() }),
  metrics: z.array(MetricAnalysisSchema),
  verdict: z.string(),
  method: z.string(),
});
export type Analysis = z.infer<typeof AnalysisSchema>;

export const PowerResultSchema = z.object({
  mode: z.enum(['mde', 'sample']),
  alpha: z.number(),
  power: z.number(),
  holdout: z.number(),
  baselineMean: z.number(),
  standardDeviation: z.number(),
  meanRingSize: z.number(),
  ringSizeCv: z.number(),
  icc: z.number(),
  designEffect: z.number(),
  rings: z.number(),
  accounts: z.number(),
  /** Smallest absolute effect detectable (mode mde), and as a share of the baseline. */
  minimumDetectableEffect: value,
  minimumDetectableRelative: value,
  /** Rings needed for the target effect (mode sample). */
  ringsNeeded: value,
  targetEffect: value,
  explanation: z.string(),
});
export type PowerResult = z.infer<typeof PowerResultSchema>;

export const TimeSeriesResultSchema = z.object({
  method: z.literal('interrupted-time-series'),
  indicator: z.string(),
  points: z.array(z.object({ run: z.string(), at: z.string(), value: z.number(), after: z.boolean() })),
  /** Level change at the intervention and change of slope (per run) after it, with HAC (Newey–West) intervals. */
  levelChange: z.object({ value: z.number(), low: z.number(), high: z.number(), pValue: z.number() }),
  slopeChange: z.object({ value: z.number(), low: z.number(), high: z.number(), pValue: z.number() }),
  preSlope: z.number(),
  lag1Autocorrelation: value,
  assumptions: z.array(z.string()),
  verdict: z.string(),
});
export type TimeSeriesResult = z.infer<typeof TimeSeriesResultSchema>;

/** Without a holdout: which accounts a strategy change touched (treated) and which it did not (comparison). */
export const SegmentRowSchema = z
  .object({
    account: z.string().min(1),
    /** Accounts that move together (a ring; an account alone may be its own cluster). */
    cluster: z.string().min(1),
    segment: z.enum(['treated', 'comparison']),
  })
  .strict();
export type SegmentRow = z.infer<typeof SegmentRowSchema>;

export const DidMetricSchema = z.object({
  metric: z.string(),
  clusters: z.object({ treated: z.number().int(), comparison: z.number().int() }),
  mean: z.object({ treatedPre: z.number(), treatedPost: z.number(), comparisonPre: z.number(), comparisonPost: z.number() }),
  effect: EffectSchema,
  /** Treated − comparison in the pre-period: large gaps make parallel trends harder to believe. */
  preGap: z.number(),
});
export const DidResultSchema = z.object({
  method: z.literal('difference-in-differences'),
  confidence: z.number(),
  metrics: z.array(DidMetricSchema),
  assumptions: z.array(z.string()),
  verdict: z.string(),
});
export type DidResult = z.infer<typeof DidResultSchema>;
