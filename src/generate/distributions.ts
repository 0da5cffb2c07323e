// Samplers the generator draws from: weighted choice in O(1) (alias tables) and Zipf ranks over large catalogs.
import type { Rng } from '../lib/rng.js';

/** Walker/Vose alias table: O(n) to build, O(1) per draw; used for heavy-tailed entity pools. */
export class AliasTable {
  private readonly prob: Float64Array;
  private readonly alias: Int32Array;
  readonly size: number;

  constructor(weights: ArrayLike<number>) {
    const n = weights.length;
    if (n === 0) throw new RangeError('alias table needs at least one weight');
    this.size = n;
    this.prob = new Float64Array(n);
    this.alias = new Int32Array(n);
    let total = 0;
    for (let i = 0; i < n; i++) total += weights[i] ?? 0;
    const scaled = new Float64Array(n);
    for (let i = 0; i < n; i++) scaled[i] = ((weights[i] ?? 0) * n) / total;
    const small: number[] = [];
    const large: number[] = [];
    for (let i = 0; i < n; i++) ((scaled[i] ?? 0) < 1 ? small : large).push(i);
    while (small.length > 0 && large.length > 0) {
      const s = small.pop() as number;
      const l = large.pop() as number;
      this.prob[s] = scaled[s] ?? 0;
      this.alias[s] = l;
      scaled[l] = (scaled[l] ?? 0) + (scaled[s] ?? 0) - 1;
      ((scaled[l] ?? 0) < 1 ? small : large).push(l);
    }
    for (const i of large) this.prob[i] = 1;
    for (const i of small) this.prob[i] = 1;
  }

  sample(rng: Rng): number {
    const u = rng.next() * this.size;
    const i = Math.floor(u);
    return u - i < (this.prob[i] ?? 1) ? i : (this.alias[i] ?? i);
  }
}

/**
 * Zipf-like rank in [0, n) with exponent s, by inverting the continuous approximation of the CDF.
 * Rank 0 is the most popular. Exact Zipf needs a table per catalog; the approximation is O(1) and
 * keeps the heavy head (rank 0 of a 500k catalog with s = 1 takes ~7% of draws).
 */
export function zipfRank(rng: Rng, n: number, s: number): number {
  const u = rng.next();
  let x: number;
  if (Math.abs(s - 1) < 1e-9) {
    x = Math.pow(n + 1, u);
  } else {
    const e = 1 - s;
    x = Math.pow(1 + u * (Math.pow(n + 1, e) - 1), 1 / e);
  }
  return Math.min(n - 1, Math.max(0, Math.floor(x) - 1));
}

/** Weighted pick over a small list (linear scan); weights need not sum to 1. */
export function pickWeighted(rng: Rng, weights: readonly number[], total?: number): number {
  const sum = total ?? weights.reduce((a, b) => a + b, 0);
  let u = rng.next() * sum;
  for (let i = 0; i < weights.length; i++) {
    u -= weights[i] ?? 0;
    if (u < 0) return i;
  }
  return weights.length - 1;
}

/** Cumulative table for picking from a small fixed categorical distribution quickly. */
export class Categorical {
  private readonly cdf: Float64Array;

  constructor(weights: readonly number[]) {
    this.cdf = new Float64Array(weights.length);
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      total += weights[i] ?? 0;
      this.cdf[i] = total;
    }
    for (let i = 0; i < weights.length; i++) this.cdf[i] = (this.cdf[i] ?? 0) / total;
  }

  sample(rng: Rng): number {
    const u = rng.next();
    const cdf = this.cdf;
    for (let i = 0; i < cdf.length; i++) if (u < (cdf[i] ?? 1)) return i;
    return cdf.length - 1;
  }
}
