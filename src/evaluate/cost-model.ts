// Decision costs: a false positive (benign account flagged) and a false negative (fraud account missed), optionally
// per ground-truth kind; the cost of a flag, and the risk threshold that minimizes it.
import { z } from 'zod';
import { BENIGN, FRAUD, type GroundTruth } from './ground-truth.js';

export const COST_DEFAULTS = {
  /** Cost of flagging one benign account (a wrongly restricted customer). */
  fp: 1,
  /** Cost of missing one fraud account. */
  fn: 5,
};

export const CostModelSchema = z
  .object({
    fp: z.number().min(0).default(COST_DEFAULTS.fp),
    fn: z.number().min(0).default(COST_DEFAULTS.fn),
    /** Per kind: replaces `fp` for benign accounts of that kind and `fn` for fraud accounts of that kind. */
    byKind: z.record(z.string(), z.number().min(0)).default({}),
  })
  .strict();
export type CostModel = z.infer<typeof CostModelSchema>;
export type CostModelInput = z.input<typeof CostModelSchema>;

/** Per account: what flagging it costs (benign) and what missing it costs (fraud); 0 for the other case and unlabelled. */
export function accountCosts(truth: GroundTruth, costs: CostModel): { ifFlagged: Float64Array; ifMissed: Float64Array } {
  const n = truth.accounts.length;
  const ifFlagged = new Float64Array(n);
  const ifMissed = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const kind = truth.kind[i];
    const kindCost = kind === undefined ? undefined : costs.byKind[kind];
    if (truth.label[i] === BENIGN) ifFlagged[i] = kindCost ?? costs.fp;
    else if (truth.label[i] === FRAUD) ifMissed[i] = kindCost ?? costs.fn;
  }
  return { ifFlagged, ifMissed };
}

export interface CostOptimum {
  /** Flag accounts with risk ≥ threshold; null means flag nothing is cheapest. */
  threshold: number | null;
  cost: number;
  /** Accounts (labelled or not) flagged at that threshold. */
  flagged: number;
  /** Cost of flagging nothing, for scale. */
  costOfFlaggingNothing: number;
}

/** Scans every distinct risk value once (one sort); on equal cost the higher threshold (fewer flags) wins. */
export function minimizeCost(risk: ArrayLike<number>, ifFlagged: Float64Array, ifMissed: Float64Array): CostOptimum {
  const order = Array.from({ length: risk.length }, (_, i) => i).sort((a, b) => risk[b]! - risk[a]!);
  let cost = 0;
  for (let i = 0; i < ifMissed.length; i++) cost += ifMissed[i]!;
  const costOfFlaggingNothing = cost;
  let best: CostOptimum = { threshold: null, cost, flagged: 0, costOfFlaggingNothing };
  let flagged = 0;
  for (let k = 0; k < order.length; ) {
    const r = risk[order[k]!]!;
    while (k < order.length && risk[order[k]!] === r) {
      const i = order[k]!;
      cost += ifFlagged[i]! - ifMissed[i]!;
      flagged++;
      k++;
    }
    // compare with a small tolerance so float noise does not pick a lower threshold for nothing
    if (cost < best.cost - 1e-9) best = { threshold: r, cost, flagged, costOfFlaggingNothing };
  }
  return best;
}
