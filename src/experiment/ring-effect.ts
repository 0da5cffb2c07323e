// The effect of enforcement on a per-account metric when rings, not accounts, were randomized.
//
// Estimand: the difference in the mean post-period value per account between enforced and held-out rings (and the
// ratio − 1), for the population of flagged rings the experiment drew from. Unit of randomization: the ring.
// Estimator: each arm's mean is a ratio Σ Y_ring / Σ n_ring; its variance is the leave-one-ring-out jackknife of that
// ratio (Cochran 1977, ch. 6; the CR3 analogue of cluster-robust variance), so members of a ring are never treated
// as independent. The reference distribution of the studentized difference T = d / se is its randomization
// distribution: the design is re-run (rings re-shuffled within their strata, the same held-out count per stratum)
// and T recomputed each time, jackknife and θ included (Fisher's randomization test, studentized as in Chung &
// Romano 2013 so it stays valid for the weak null of no average effect; Young 2019 for few clusters). p-values and the
// interval's quantiles come from that distribution. Why: with a small held-out arm of heavy-tailed ring totals, a
// low held-out mean comes with a low variance estimate, so T is skewed and heavy-tailed; Welch's t with a one-term
// skewness correction still rejected 6.2–7.5 % under A/A. Without permutations the t reference remains.
//
// CUPED (Deng, Xu, Kohavi & Walker 2013) subtracts θ · (pre-period mean − its overall mean) from each arm, with θ the
// slope of ring post residuals on ring pre residuals that minimizes the difference's variance; the variance falls by
// ρ² (ρ the correlation of those residuals). With θ fixed at 1 the same estimator is difference-in-differences.
import { studentTCdf, studentTQuantile } from '../evaluate/student-t.js';
import { Rng } from '../lib/rng.js';
import type { Effect } from '../schema/experiment.js';

/** Per ring: its arm (1 enforced, 0 held out or comparison), accounts with outcomes, Σ post and Σ pre. */
export interface RingTotals {
  arm: Uint8Array;
  accounts: Float64Array;
  post: Float64Array;
  pre: Float64Array;
  /** Per ring: its randomization stratum (the design's score band); the randomization reference shuffles within it. */
  stratum?: Int32Array;
}

/** Re-randomizations for the reference distribution of T; 0 uses Student's t with the skewness correction. */
export interface Randomization {
  permutations: number;
  seed: number;
}

export interface RingEffect {
  effect: Effect;
  theta: number;
  /** The residual moments behind θ and the correlation (pooled over experiments they give the population ρ). */
  moments: { sEF: number; sFF: number; sEE: number };
  /** Weighted correlation of ring post and pre residuals (0 when the pre-period does not vary). */
  correlation: number;
  means: { enforce: number; holdout: number; preEnforce: number; preHoldout: number };
  rings: { enforce: number; holdout: number };
  accountsPerArm: { enforce: number; holdout: number };
}

/** Weighted cross-moments of ring post (e) and pre (f) residuals around each arm's means; ρ = sEF / √(sEE · sFF). */
export function residualMoments(totals: RingTotals, yBar: readonly number[], xBar: readonly number[], w: readonly number[]): { sEF: number; sFF: number; sEE: number } {
  let sEF = 0;
  let sFF = 0;
  let sEE = 0;
  for (let c = 0; c < totals.arm.length; c++) {
    const a = totals.arm[c]!;
    const m = totals.accounts[c]!;
    if (m <= 0) continue;
    const e = totals.post[c]! - yBar[a]! * m;
    const f = totals.pre[c]! - xBar[a]! * m;
    sEF += w[a]! * e * f;
    sFF += w[a]! * f * f;
    sEE += w[a]! * e * e;
  }
  return { sEF, sFF, sEE };
}

interface Core {
  C: [number, number];
  N: [number, number];
  yBar: [number, number];
  xBar: [number, number];
  adjusted: [number, number];
  difference: number;
  slope: number;
  moments: { sEF: number; sFF: number; sEE: number };
  /** Jackknife variance and third cumulant of each arm's (adjusted) mean. */
  V: [number, number];
  K3: [number, number];
}

/** The estimate and its jackknife variance for one assignment `arm` of the rings; null when an arm has < 2 rings with outcomes. */
function estimateCore(totals: RingTotals, arm: Uint8Array, theta: number | 'fit'): Core | null {
  const { accounts, post, pre } = totals;
  const n = arm.length;
  // per arm: rings, Σ m, Σ y, Σ x and the raw cross-moments the residual moments expand into (one pass; this runs
  // once per re-randomization)
  let C0 = 0, C1 = 0, N0 = 0, N1 = 0, Y0 = 0, Y1 = 0, X0 = 0, X1 = 0;
  let yx0 = 0, yx1 = 0, xx0 = 0, xx1 = 0, yy0 = 0, yy1 = 0, my0 = 0, my1 = 0, mx0 = 0, mx1 = 0, mm0 = 0, mm1 = 0;
  for (let c = 0; c < n; c++) {
    const m = accounts[c]!;
    if (m <= 0) continue;
    const y = post[c]!;
    const x = pre[c]!;
    if (arm[c] === 1) {
      C1++, N1 += m, Y1 += y, X1 += x, yx1 += y * x, xx1 += x * x, yy1 += y * y, my1 += m * y, mx1 += m * x, mm1 += m * m;
    } else {
      C0++, N0 += m, Y0 += y, X0 += x, yx0 += y * x, xx0 += x * x, yy0 += y * y, my0 += m * y, mx0 += m * x, mm0 += m * m;
    }
  }
  if (C0 < 2 || C1 < 2) return null;
  const yBar: [number, number] = [Y0 / N0, Y1 / N1];
  const xBar: [number, number] = [X0 / N0, X1 / N1];
  const xAll = (X0 + X1) / (N0 + N1);
  // weights 1/N_arm² make θ the minimizer of the difference's variance; Σ (y − ȳ m)(x − x̄ m) = Σ yx − ȳ Σ m x − x̄ Σ m y + ȳ x̄ Σ m²
  const w0 = 1 / (N0 * N0);
  const w1 = 1 / (N1 * N1);
  const cross = (yx: number, my: number, mx: number, mm: number, yb: number, xb: number) => yx - yb * mx - xb * my + yb * xb * mm;
  const sEF = w0 * cross(yx0, my0, mx0, mm0, yBar[0], xBar[0]) + w1 * cross(yx1, my1, mx1, mm1, yBar[1], xBar[1]);
  // a residual sum of squares that is rounding noise against its raw scale is 0 (e.g. pre-periods proportional to size)
  const clean = (value: number, scale: number) => (value > 1e-12 * scale ? value : 0);
  const sFF = clean(w0 * cross(xx0, mx0, mx0, mm0, xBar[0], xBar[0]) + w1 * cross(xx1, mx1, mx1, mm1, xBar[1], xBar[1]), w0 * xx0 + w1 * xx1);
  const sEE = clean(w0 * cross(yy0, my0, my0, mm0, yBar[0], yBar[0]) + w1 * cross(yy1, my1, my1, mm1, yBar[1], yBar[1]), w0 * yy0 + w1 * yy1);
  const slope = theta === 'fit' ? (sFF > 0 ? sEF / sFF : 0) : theta;
  // Jackknife variance of the difference, leaving one ring out at a time with the arms as strata and θ refit without
  // that ring (the CR3 analogue): a fitted θ is pulled towards the biggest rings and shrinks their residuals, so a
  // variance with θ held fixed comes out too small (measured: A/A rejected 9–10 % at 60 held-out rings).
  // K3 is the third cumulant of each arm's mean from the linearized ring residuals, for the t reference's skewness term.
  let sum0 = 0, sum1 = 0, sq0 = 0, sq1 = 0, cube0 = 0, cube1 = 0;
  const fit = theta === 'fit';
  for (let c = 0; c < n; c++) {
    const m = accounts[c]!;
    if (m <= 0) continue;
    const y = post[c]!;
    const x = pre[c]!;
    if (arm[c] === 1) {
      const e = y - yBar[1] * m;
      const f = x - xBar[1] * m;
      const left = sFF - w1 * f * f;
      const slopeWithout = fit ? (left > 0 ? (sEF - w1 * e * f) / left : 0) : slope;
      const rest = N1 - m;
      const yOut = rest > 0 ? (Y1 - y) / rest : yBar[1];
      const xOut = rest > 0 ? (X1 - x) / rest : xBar[1];
      // d without ring c, as enforced − held out
      const gap = yOut - yBar[0] - slopeWithout * (xOut - xBar[0]);
      const r = e - slope * f;
      sum1 += gap, sq1 += gap * gap, cube1 += r * r * r;
    } else {
      const e = y - yBar[0] * m;
      const f = x - xBar[0] * m;
      const left = sFF - w0 * f * f;
      const slopeWithout = fit ? (left > 0 ? (sEF - w0 * e * f) / left : 0) : slope;
      const rest = N0 - m;
      const yOut = rest > 0 ? (Y0 - y) / rest : yBar[0];
      const xOut = rest > 0 ? (X0 - x) / rest : xBar[0];
      const gap = yBar[1] - yOut - slopeWithout * (xBar[1] - xOut);
      const r = e - slope * f;
      sum0 += gap, sq0 += gap * gap, cube0 += r * r * r;
    }
  }
  const V: [number, number] = [((C0 - 1) / C0) * (sq0 - (sum0 * sum0) / C0), ((C1 - 1) / C1) * (sq1 - (sum1 * sum1) / C1)];
  const K3: [number, number] = [
    C0 > 2 ? ((C0 * C0) / ((C0 - 1) * (C0 - 2)) * cube0) / N0 ** 3 : 0,
    C1 > 2 ? ((C1 * C1) / ((C1 - 1) * (C1 - 2)) * cube1) / N1 ** 3 : 0,
  ];
  const adjusted: [number, number] = [yBar[0] - slope * (xBar[0] - xAll), yBar[1] - slope * (xBar[1] - xAll)];
  return { C: [C0, C1], N: [N0, N1], yBar, xBar, adjusted, difference: adjusted[1] - adjusted[0], slope, moments: { sEF, sFF, sEE }, V, K3 };
}

/** Fewer possible assignments than this and the randomization reference is not used (the t reference is). */
export const MIN_ASSIGNMENTS = 1000;
/** Fewer usable re-randomizations than this (arms left without 2 rings with outcomes) and the t reference is used. */
const MIN_REFERENCE = 100;

/**
 * T = d / se under `permutations` re-randomizations of the rings within their strata, each stratum keeping its
 * held-out count (the design's own randomization). Rings that drew too few rings with outcomes into an arm are skipped.
 */
function randomizationDistribution(totals: RingTotals, theta: number | 'fit', randomization: Randomization): Float64Array {
  const n = totals.arm.length;
  const stratum = totals.stratum ?? new Int32Array(n);
  const byStratum = new Map<number, number[]>();
  for (let c = 0; c < n; c++) {
    let list = byStratum.get(stratum[c]!);
    if (!list) byStratum.set(stratum[c]!, (list = []));
    list.push(c);
  }
  const strata = [...byStratum.keys()].sort((a, b) => a - b).map((s) => {
    const rings = Int32Array.from(byStratum.get(s)!);
    let held = 0;
    for (const c of rings) if (totals.arm[c] === 0) held++;
    return { rings, held };
  });
  // a design with few possible assignments gives a coarse, possibly one-point reference: the t reference serves there
  let logAssignments = 0;
  for (const { rings, held } of strata) for (let k = 1; k <= held; k++) logAssignments += Math.log((rings.length - held + k) / k);
  if (logAssignments < Math.log(MIN_ASSIGNMENTS)) return new Float64Array(0);
  const rng = new Rng(randomization.seed, 0x7a4d);
  const arm = new Uint8Array(n);
  const out = new Float64Array(randomization.permutations);
  let kept = 0;
  for (let p = 0; p < randomization.permutations; p++) {
    for (const { rings, held } of strata) {
      // partial Fisher–Yates: the first `held` positions become a uniform random subset
      for (let k = 0; k < held; k++) {
        const j = k + Math.floor(rng.next() * (rings.length - k));
        const t = rings[k]!;
        rings[k] = rings[j]!;
        rings[j] = t;
      }
      for (let k = 0; k < rings.length; k++) arm[rings[k]!] = k < held ? 0 : 1;
    }
    const core = estimateCore(totals, arm, theta);
    if (!core) continue;
    const variance = core.V[0] + core.V[1];
    if (variance > 0) out[kept++] = core.difference / Math.sqrt(variance);
  }
  return out.subarray(0, kept).sort();
}

/** The q-quantile of sorted values (linear between order statistics). */
function quantileOf(sorted: Float64Array, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/**
 * The ρ with (a1 − ρ a0) / √(V1 + ρ² V0) = c (a0 > 0): a root of (a0² − c² V0) ρ² − 2 a0 a1 ρ + a1² − c² V1 = 0 on
 * the side where a1 − ρ a0 has the sign of c. Null when the held-out mean is too uncertain to bound the ratio
 * (a0² ≤ c² V0: Fieller's interval is unbounded).
 */
function fiellerRoot(a1: number, a0: number, V1: number, V0: number, c: number): number | null {
  const A = a0 * a0 - c * c * V0;
  if (!(A > 0)) return null;
  const B = a0 * a1;
  const disc = B * B - A * (a1 * a1 - c * c * V1);
  const root = Math.sqrt(Math.max(0, disc));
  // the smaller root leaves a1 − ρ a0 positive, the larger negative
  return c >= 0 ? (B - root) / A : (B + root) / A;
}

/** θ: 0 (no adjustment), 1 (difference-in-differences) or 'fit' (CUPED). */
export function estimateRingEffect(totals: RingTotals, theta: number | 'fit', confidence: number, randomization: Randomization = { permutations: 0, seed: 1 }): RingEffect {
  const core = estimateCore(totals, totals.arm, theta);
  if (!core) {
    let enforced = 0;
    let held = 0;
    for (let c = 0; c < totals.arm.length; c++) if (totals.accounts[c]! > 0) totals.arm[c] === 1 ? enforced++ : held++;
    throw new Error(`each arm needs at least 2 rings with outcomes (enforced ${enforced}, held out ${held})`);
  }
  const { C, N, V, K3, adjusted, difference } = core;
  const variance = V[0] + V[1];
  const se = Math.sqrt(variance);
  const df = variance > 0 ? (variance * variance) / ((V[0] * V[0]) / (C[0] - 1) + (V[1] * V[1]) / (C[1] - 1)) : C[0] + C[1] - 2;
  const alpha = 1 - confidence;
  const reference = se > 0 && randomization.permutations > 0 ? randomizationDistribution(totals, theta, randomization) : null;
  // d − upperT · se and d − lowerT · se bound the interval
  let upperT: number;
  let lowerT: number;
  let pValue: number;
  const useRandomization = reference !== null && reference.length >= MIN_REFERENCE;
  if (useRandomization) {
    const t0 = difference / se;
    upperT = quantileOf(reference, 1 - alpha / 2);
    lowerT = quantileOf(reference, alpha / 2);
    let above = 0;
    let below = 0;
    for (const t of reference) {
      if (t >= t0) above++;
      if (t <= t0) below++;
    }
    // equal-tailed, counting the observed assignment as one of the draws
    pValue = Math.min(1, (2 * (1 + Math.min(above, below))) / (reference.length + 1));
  } else {
    // Skewness correction (Hall 1992, Edgeworth expansion of a studentized mean): P(T ≤ x) ≈ F_t(x) + γ (2x² + 1) φ(x)
    // / 6 with γ the skewness of d, so the quantiles move by −γ (2q² + 1) / 6; |γ| is capped at 0.5 where the
    // one-term expansion stays monotone.
    const gamma = variance > 0 ? Math.max(-0.5, Math.min(0.5, (K3[1] - K3[0]) / variance ** 1.5)) : 0;
    const q = studentTQuantile(1 - alpha / 2, df);
    const shift = (gamma * (2 * q * q + 1)) / 6;
    [upperT, lowerT] = [q - shift, -q - shift];
    if (se > 0) {
      const t0 = difference / se;
      const cdf = studentTCdf(t0, df) + (gamma * (2 * t0 * t0 + 1) * Math.exp((-t0 * t0) / 2)) / (6 * Math.sqrt(2 * Math.PI));
      pValue = Math.max(0, Math.min(1, 2 * Math.min(cdf, 1 - cdf)));
    } else pValue = difference === 0 ? 1 : 0;
  }
  let relative: number | null = null;
  let relativeLow: number | null = null;
  let relativeHigh: number | null = null;
  if (adjusted[0] > 0) {
    relative = adjusted[1] / adjusted[0] - 1;
    // Fieller's interval for the ratio, with the same reference quantiles: the ρ where (a₁ − ρ a₀) / √(V₁ + ρ² V₀)
    // stays between them. At ρ = 1 that statistic is d / se, so the relative interval excludes 0 exactly when the
    // difference's does (a delta-method interval disagreed with the test; measured in the worked example).
    const low = fiellerRoot(adjusted[1], adjusted[0], V[1], V[0], upperT);
    const high = fiellerRoot(adjusted[1], adjusted[0], V[1], V[0], lowerT);
    relativeLow = low === null ? null : low - 1;
    relativeHigh = high === null ? null : high - 1;
  }
  const { sEF, sFF, sEE } = core.moments;
  return {
    effect: { difference, low: difference - upperT * se, high: difference - lowerT * se, relative, relativeLow, relativeHigh, standardError: se, degreesOfFreedom: df, pValue, reference: useRandomization ? 'randomization' : 't' },
    theta: core.slope,
    moments: core.moments,
    correlation: sFF > 0 && sEE > 0 ? sEF / Math.sqrt(sEE * sFF) : 0,
    means: { enforce: core.yBar[1], holdout: core.yBar[0], preEnforce: core.xBar[1], preHoldout: core.xBar[0] },
    rings: { enforce: C[1], holdout: C[0] },
    accountsPerArm: { enforce: N[1], holdout: N[0] },
  };
}
