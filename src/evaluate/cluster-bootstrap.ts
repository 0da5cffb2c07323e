// The cluster bootstrap's building blocks: multiplicity draws, sparse per-cluster columns and draw quantiles.
// Pure; the only randomness is the seeded rng passed in.
import type { RandomFn } from '../lib/rng.js';

/** A per-cluster quantity stored sparsely: most clusters are unflagged benign singletons that add 0. */
export interface SparseColumn {
  index: Int32Array;
  value: Float64Array;
}

export function sparseColumn(values: ArrayLike<number>): SparseColumn {
  let nonZero = 0;
  for (let c = 0; c < values.length; c++) if (values[c] !== 0) nonZero++;
  const index = new Int32Array(nonZero);
  const value = new Float64Array(nonZero);
  for (let c = 0, k = 0; c < values.length; c++) {
    if (values[c] === 0) continue;
    index[k] = c;
    value[k++] = values[c]!;
  }
  return { index, value };
}

/** Σ multiplicity[c] · column[c]; with multiplicity null, the plain total (the original sample). */
export function sumColumn(column: SparseColumn, multiplicity: Int32Array | null): number {
  let sum = 0;
  const { index, value } = column;
  if (multiplicity === null) for (let k = 0; k < value.length; k++) sum += value[k]!;
  else for (let k = 0; k < value.length; k++) sum += multiplicity[index[k]!]! * value[k]!;
  return sum;
}

/** One bootstrap resample: `out.length` clusters drawn with replacement; out[c] = how many times c was drawn. */
export function drawMultiplicities(rng: RandomFn, out: Int32Array): Int32Array {
  const count = out.length;
  out.fill(0);
  for (let k = 0; k < count; k++) out[Math.floor(rng() * count)]!++;
  return out;
}

/** Quantile q of ascending `sorted` with linear interpolation between order statistics (Hyndman & Fan type 7). */
export function quantileOfSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export interface Interval {
  low: number;
  high: number;
}
