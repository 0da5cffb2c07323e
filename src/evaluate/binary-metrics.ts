// Confusion counts and precision / recall / F1 of a flag against fraud labels, unlabelled accounts skipped.
// Rates are null when undefined (nothing flagged, no fraud) rather than a made-up 0 or 1.

export interface Confusion {
  tp: number;
  fp: number;
  fn: number;
  tn: number;
}

export interface Rates {
  /** tp / (tp + fp); null when nothing labelled was flagged. */
  precision: number | null;
  /** tp / (tp + fn); null when there is no fraud label. */
  recall: number | null;
  /** 2tp / (2tp + fp + fn); null only when there is no fraud and nothing flagged. */
  f1: number | null;
}

/**
 * Counts over accounts whose label is 1 (fraud) or 0 (benign); label -1 is skipped.
 * `weights` (optional) counts an account that many times, e.g. bootstrap multiplicities.
 */
export function countConfusion(label: ArrayLike<number>, isFlagged: ArrayLike<number>, weights?: ArrayLike<number>): Confusion {
  const counts: Confusion = { tp: 0, fp: 0, fn: 0, tn: 0 };
  for (let i = 0; i < label.length; i++) {
    const l = label[i];
    if (l !== 0 && l !== 1) continue;
    const w = weights ? weights[i]! : 1;
    if (isFlagged[i]) {
      if (l === 1) counts.tp += w;
      else counts.fp += w;
    } else if (l === 1) counts.fn += w;
    else counts.tn += w;
  }
  return counts;
}

export function ratesOf({ tp, fp, fn }: Confusion): Rates {
  return {
    precision: tp + fp > 0 ? tp / (tp + fp) : null,
    recall: tp + fn > 0 ? tp / (tp + fn) : null,
    f1: 2 * tp + fp + fn > 0 ? (2 * tp) / (2 * tp + fp + fn) : null,
  };
}
