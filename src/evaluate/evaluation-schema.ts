// The Evaluation object: what `ringscan evaluate --json` prints and what comparison and reports read.
import { z } from 'zod';

/** A rate in [0, 1], or null when its denominator is zero (see binary-metrics.ts). */
const rate = z.number().min(0).max(1).nullable();
const count = z.number().int().min(0);

export const AccountMetricsSchema = z.object({
  tp: count,
  fp: count,
  fn: count,
  tn: count,
  precision: rate,
  recall: rate,
  f1: rate,
});
export type AccountMetrics = z.infer<typeof AccountMetricsSchema>;

export const SweepRowSchema = z.object({
  threshold: z.number(),
  /** Accounts of the ground truth (labelled or not) with risk ≥ threshold. */
  flagged: count,
  tp: count,
  fp: count,
  fn: count,
  precision: rate,
  recall: rate,
  f1: rate,
  /** The row with the highest F1 (lowest threshold on a tie). */
  best: z.boolean(),
});
export type SweepRow = z.infer<typeof SweepRowSchema>;

export const TrueRingMatchSchema = z.object({
  ring: z.string(),
  /** Majority kind of its members (alphabetically first on a tie), null when unlabelled by kind. */
  kind: z.string().nullable(),
  size: count,
  bestJaccard: z.number().min(0).max(1),
  /** Id of the flagged ring it matches best, null when no flagged ring overlaps it. */
  bestMatch: z.string().nullable(),
  detected: z.boolean(),
});
export type TrueRingMatch = z.infer<typeof TrueRingMatchSchema>;

export const FlaggedRingMatchSchema = z.object({
  ring: z.string(),
  /** Distinct members in the findings, including accounts the ground truth does not know. */
  size: count,
  labelledMembers: count,
  fraudMembers: count,
  bestJaccard: z.number().min(0).max(1),
  bestMatch: z.string().nullable(),
  matched: z.boolean(),
});
export type FlaggedRingMatch = z.infer<typeof FlaggedRingMatchSchema>;

export const FraudKindSchema = z.object({
  kind: z.string(),
  rings: count,
  ringsDetected: count,
  accounts: count,
  accountsFlagged: count,
  recall: rate,
  /** Mean best-match Jaccard of this kind's true rings; null when it has no ring ids. */
  meanBestJaccard: rate,
});
export type FraudKind = z.infer<typeof FraudKindSchema>;

export const BenignKindSchema = z.object({
  kind: z.string(),
  accounts: count,
  /** False positives of this look-alike kind. */
  accountsFlagged: count,
  flaggedShare: rate,
});
export type BenignKind = z.infer<typeof BenignKindSchema>;

export const EvaluationSchema = z.object({
  counts: z.object({
    /** Accounts in the ground truth. */
    accounts: count,
    labelled: count,
    fraud: count,
    benign: count,
    unlabelled: count,
    /** Ground-truth accounts flagged by the findings (labelled or not). */
    flagged: count,
    /** Accounts in findings.accounts the ground truth does not know (left out of every metric). */
    findingsAccountsNotInTruth: count,
    /** Rows of findings.members naming a ring absent from findings.rings (ignored). */
    memberRowsWithUnknownRing: count,
  }),
  /** Account-level, the findings' own `flagged` against fraud labels. */
  accounts: AccountMetricsSchema,
  /** Average precision of account risk over labelled accounts; null without fraud labels. */
  prAuc: rate,
  /** Adjusted Rand index of flagged-ring partition vs true-ring partition over labelled accounts; null under 2 accounts. */
  ari: z.number().min(-1).max(1).nullable(),
  rings: z.object({
    /** Jaccard at or above which a true ring counts as detected and a flagged ring as matched. */
    matchJaccard: z.number().min(0).max(1),
    true: count,
    detected: count,
    flagged: count,
    unmatchedFlagged: count,
    /** Mean over true rings of the best Jaccard with any flagged ring; null when there are no true rings. */
    meanBestJaccard: rate,
    /** Mean over flagged rings of the best Jaccard with any true ring; null when nothing is flagged. */
    meanBestJaccardFlagged: rate,
  }),
  byKind: z.object({
    fraud: z.array(FraudKindSchema),
    benign: z.array(BenignKindSchema),
  }),
  sweep: z.array(SweepRowSchema),
  trueRings: z.array(TrueRingMatchSchema),
  flaggedRings: z.array(FlaggedRingMatchSchema),
});
export type Evaluation = z.infer<typeof EvaluationSchema>;

export const EVALUATE_DEFAULTS = {
  sweep: { from: 0.05, to: 0.95, step: 0.05 },
  matchJaccard: 0.5,
};

export const EvaluateOptionsSchema = z
  .object({
    sweep: z
      .object({ from: z.number().min(0).max(1), to: z.number().min(0).max(1), step: z.number().positive() })
      .refine((s) => s.to >= s.from, { message: 'sweep.to must be at least sweep.from' })
      .default(EVALUATE_DEFAULTS.sweep),
    matchJaccard: z.number().positive().max(1).default(EVALUATE_DEFAULTS.matchJaccard),
  })
  .strict();
export type EvaluateOptions = z.infer<typeof EvaluateOptionsSchema>;
export type EvaluateOptionsInput = z.input<typeof EvaluateOptionsSchema>;
