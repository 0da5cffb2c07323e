// A cluster-aware score (Wilson) interval for a ratio of cluster totals p = Σ y_c / Σ n_c with 0 ≤ y_c ≤ n_c:
// precision, recall, ring precision, a kind's flagged share. Estimand: the expected ratio of the population the
// clusters (rings, households, singleton accounts) were drawn from; the unit of sampling is the cluster.
//
// Method: Wilson's score interval (Wilson 1927) on an effective sample size n*, times Korn & Graubard's (1998)
// degrees-of-freedom factor (t_{n−1} / t_{C−1})² for n units (accounts or rings) in C clusters: about (z / t_{C−1})²
// for accounts in rings, 1 where every cluster is one ring (then n* is just the ring count and the interval is
// Wilson's own). One cluster gets the df of two (t₁): a ratio inside a single ring says little about other rings.
// Two designs for n*:
// - `linearization` (recall, flagged shares: a denominator fixed by the truth): n* = p(1 − p) / V with V the
//   cluster-robust (linearization) variance of the ratio, capped at n. Only when the estimate is exactly 0 or 1 (V is
//   0) one pseudo-cluster of a quarter of the typical size m = Σ n_c² / Σ n_c holding half successes enters V and p,
//   so n* stays finite; elsewhere the sample's own V stands (a pseudo-cluster there widened device-farm and pod recall,
//   where misses come a member at a time, to 0.98–1.000 coverage).
// - `all-or-nothing` (precision: a denominator made of what was flagged): n* = Kish's effective number of clusters
//   (Σ n_c)² / Σ n_c², each flagged cluster counted once whatever error it shows. Why: precision's failures are rare
//   heavy clusters (40–187 benign accounts flagged together in about one generated dataset in nine) that most
//   samples do not hold, so the spread inside one sample understates the spread between samples (between datasets
//   14–47 × the binomial variance): the linearization n* covered account precision 0.81–0.91 on six sets of 100
//   datasets (two detectors), this 0.90–0.99.
// Chosen by measurement on 100 generated datasets, then measured on 200 others (scripts/compare-coverage.ts, README).
// Never zero width from a finite sample.
import { studentTQuantile } from './student-t.js';
import { normalQuantile } from './normal-distribution.js';

export interface ClusterScoreInterval {
  value: number;
  low: number;
  high: number;
  /** Clusters with a non-zero denominator, and the denominator's total. */
  clusters: number;
  denominator: number;
  /** The effective sample size n* the score interval used. */
  effectiveN: number;
}

export type ClusterDesign = 'linearization' | 'all-or-nothing';
export const CLUSTER_SCORE_DEFAULTS = { pseudoClusterShare: 0.25, degreesOfFreedom: true, design: 'linearization' as ClusterDesign };

export interface ClusterScoreOptions {
  confidence: number;
  /** How n* is taken (see the header): from the sample's linearization variance (the default) or Kish's count. */
  design?: ClusterDesign;
  /** Size of the half-success pseudo-cluster (linearization at 0 or 1 only) as a share of m; 0 leaves it out, and
   * the Kish effective number of clusters stands in when the sample has no variance. */
  pseudoClusterShare?: number;
  /** Multiply n* by Korn & Graubard's (t_{n−1} / t_{max(1, C−1)})² (the default). */
  degreesOfFreedom?: boolean;
}

/**
 * Not used by compare (measured beside it by scripts/compare-coverage.ts: as a hull around the Wilson interval it
 * over-covered account precision, 1.000 on 100 datasets). Guo, Pan, Connett, Hannan & French (2005).
 * The robust score interval of a ratio of cluster totals with one half-success pseudo-cluster of size
 * `pseudo`: { p0 : (A − p0 B)² ≤ q² C/(C−1) Σ (y_c − p0 n_c)² }, q = t_{C−1}, solved as a quadratic in p0. [0, 1]
 * when the clusters are too few for the inequality to bound p0 (B² ≤ Q Σ n_c²).
 */
export function robustScoreInterval(numerators: ArrayLike<number>, denominators: ArrayLike<number>, pseudo: number, confidence: number): { low: number; high: number } {
  let A = pseudo / 2;
  let B = pseudo;
  let yy = (pseudo / 2) ** 2;
  let yn = (pseudo * pseudo) / 2;
  let nn = pseudo * pseudo;
  let units = pseudo > 0 ? 1 : 0;
  for (let c = 0; c < denominators.length; c++) {
    const n = denominators[c]!;
    if (n <= 0) continue;
    const y = numerators[c]!;
    A += y;
    B += n;
    yy += y * y;
    yn += y * n;
    nn += n * n;
    units++;
  }
  if (units < 2) return { low: 0, high: 1 };
  const q = studentTQuantile(1 - (1 - confidence) / 2, units - 1);
  const Q = ((q * q) * units) / (units - 1);
  // (B² − Q nn) p0² − 2 (A B − Q yn) p0 + (A² − Q yy) ≤ 0
  const a = B * B - Q * nn;
  const b = -2 * (A * B - Q * yn);
  const c = A * A - Q * yy;
  if (a <= 0) return { low: 0, high: 1 };
  const root = Math.sqrt(Math.max(0, b * b - 4 * a * c));
  return { low: Math.max(0, (-b - root) / (2 * a)), high: Math.min(1, (-b + root) / (2 * a)) };
}

/** Wilson's score interval for a proportion p observed on n (not necessarily whole) trials. */
export function wilsonInterval(p: number, n: number, confidence: number): { low: number; high: number } {
  const z = normalQuantile(1 - (1 - confidence) / 2);
  const z2 = z * z;
  const denominator = 1 + z2 / n;
  const center = (p + z2 / (2 * n)) / denominator;
  const half = (z / denominator) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  // at p = 0 or 1 the bound on that side is exactly the boundary (center ± half rounds a hair inside it)
  return { low: p <= 0 ? 0 : Math.max(0, center - half), high: p >= 1 ? 1 : Math.min(1, center + half) };
}

/** Per-cluster numerators and denominators (same length); clusters with denominator 0 are ignored. Null when no cluster has one. */
export function clusterScoreInterval(numerators: ArrayLike<number>, denominators: ArrayLike<number>, options: ClusterScoreOptions): ClusterScoreInterval | null {
  if (numerators.length !== denominators.length) throw new Error('numerators and denominators differ in length');
  let clusters = 0;
  let total = 0;
  let successes = 0;
  let squares = 0;
  for (let c = 0; c < denominators.length; c++) {
    const n = denominators[c]!;
    if (n <= 0) continue;
    clusters++;
    total += n;
    successes += numerators[c]!;
    squares += n * n;
  }
  if (clusters === 0) return null;
  const value = successes / total;
  const kishClusters = (total * total) / squares;
  let effectiveN = kishClusters;
  if ((options.design ?? CLUSTER_SCORE_DEFAULTS.design) === 'linearization') {
    const atBoundary = successes <= 0 || successes >= total;
    const pseudo = atBoundary ? (options.pseudoClusterShare ?? CLUSTER_SCORE_DEFAULTS.pseudoClusterShare) * (squares / total) : 0;
    const n = total + pseudo;
    const p = (successes + pseudo / 2) / n;
    let residuals = pseudo > 0 ? (pseudo / 2 - p * pseudo) ** 2 : 0;
    for (let c = 0; c < denominators.length; c++) {
      const d = denominators[c]!;
      if (d > 0) residuals += (numerators[c]! - p * d) ** 2;
    }
    const units = pseudo > 0 ? clusters + 1 : clusters;
    const variance = units > 1 ? ((units / (units - 1)) * residuals) / (n * n) : 0;
    if (variance > 0) effectiveN = Math.min(total, Math.max(1e-9, (p * (1 - p)) / variance));
  }
  if (options.degreesOfFreedom ?? CLUSTER_SCORE_DEFAULTS.degreesOfFreedom) {
    const tail = 1 - (1 - options.confidence) / 2;
    // n − 1 and C − 1 are whole counts for accounts and rings; F1's doubled counts are not, which t takes as well
    effectiveN *= (studentTQuantile(tail, Math.max(1, total - 1)) / studentTQuantile(tail, Math.max(1, clusters - 1))) ** 2;
  }
  const { low, high } = wilsonInterval(value, effectiveN, options.confidence);
  return { value, low, high, clusters, denominator: total, effectiveN };
}
