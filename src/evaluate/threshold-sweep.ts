// Threshold sweep: precision / recall / F1 of "risk ≥ t" for a ladder of thresholds, in one sort and one pass.
import { ratesOf, type Rates } from './binary-metrics.js';

export interface SweepRange {
  from: number;
  to: number;
  step: number;
}

export interface SweepPoint extends Rates {
  threshold: number;
  /** Accounts (labelled or not) with risk ≥ threshold. */
  flagged: number;
  tp: number;
  fp: number;
  fn: number;
  /** True on the row with the highest F1 (the lowest such threshold on a tie). */
  best: boolean;
}

/** from, from+step, …, ≤ to; computed by index and rounded so 0.05 + 2×0.05 is 0.15, not 0.15000000000000002. */
export function thresholdsOf({ from, to, step }: SweepRange): number[] {
  if (!(step > 0) || !(to >= from)) throw new Error(`bad sweep range: from ${from} to ${to} step ${step}`);
  const count = Math.floor((to - from) / step + 1e-9) + 1;
  return Array.from({ length: count }, (_, i) => Number((from + i * step).toFixed(10)));
}

/**
 * One row per threshold (ascending). Label 1 fraud, 0 benign, -1 unlabelled (counted in `flagged` only).
 * `weights` counts an account that many times.
 */
export function sweepThresholds(score: ArrayLike<number>, label: ArrayLike<number>, thresholds: readonly number[], weights?: ArrayLike<number>): SweepPoint[] {
  const order = Array.from({ length: score.length }, (_, i) => i).sort((a, b) => score[b]! - score[a]!);
  let positives = 0;
  for (let i = 0; i < label.length; i++) if (label[i] === 1) positives += weights ? weights[i]! : 1;
  const descending = [...thresholds].sort((a, b) => b - a);
  const rows: SweepPoint[] = [];
  let k = 0;
  let flagged = 0;
  let tp = 0;
  let fp = 0;
  for (const threshold of descending) {
    while (k < order.length && score[order[k]!]! >= threshold) {
      const i = order[k]!;
      const w = weights ? weights[i]! : 1;
      flagged += w;
      if (label[i] === 1) tp += w;
      else if (label[i] === 0) fp += w;
      k++;
    }
    const fn = positives - tp;
    rows.push({ threshold, flagged, tp, fp, fn, ...ratesOf({ tp, fp, fn, tn: 0 }), best: false });
  }
  rows.reverse();
  let best: SweepPoint | undefined;
  for (const row of rows) if (row.f1 !== null && (best === undefined || row.f1 > best.f1!)) best = row;
  if (best) best.best = true;
  return rows;
}
