// Candidate interval methods for a ratio of cluster totals, measured beside compare's default by
// scripts/compare-coverage.ts on the same cluster parts. Each takes per-cluster (y_c, n_c) with n_c > 0.
import { clusterScoreInterval, robustScoreInterval, wilsonInterval } from '../src/evaluate/cluster-score-interval.js';
import { normalQuantile } from '../src/evaluate/normal-distribution.js';
import { regularizedBeta, studentTQuantile } from '../src/evaluate/student-t.js';
import { createRng } from '../src/lib/rng.js';
import type { MetricParts } from './coverage-parts.js';

type Interval = { low: number; high: number };
const CONF = 0.95;
const TAIL = 1 - (1 - CONF) / 2;

function totals(p: MetricParts) {
  let A = 0;
  let B = 0;
  let nn = 0;
  for (let c = 0; c < p.den.length; c++) {
    A += p.num[c]!;
    B += p.den[c]!;
    nn += p.den[c]! ** 2;
  }
  return { A, B, nn, C: p.den.length, value: A / B, m: nn / B };
}

/** Linearization variance of the ratio with an optional half-success pseudo-cluster of size `pseudo`. */
function linearization(p: MetricParts, pseudo: number) {
  const { A, B, C } = totals(p);
  const n = B + pseudo;
  const pHat = (A + pseudo / 2) / n;
  let residuals = pseudo > 0 ? (pseudo / 2 - pHat * pseudo) ** 2 : 0;
  for (let c = 0; c < C; c++) residuals += (p.num[c]! - pHat * p.den[c]!) ** 2;
  const units = pseudo > 0 ? C + 1 : C;
  const variance = units > 1 ? ((units / (units - 1)) * residuals) / (n * n) : 0;
  return { pHat, variance, units };
}

/** Beta quantile by bisection on the regularized incomplete beta. */
function betaQuantile(q: number, a: number, b: number): number {
  let low = 0;
  let high = 1;
  for (let k = 0; k < 60; k++) {
    const mid = (low + high) / 2;
    if (regularizedBeta(mid, a, b) < q) low = mid;
    else high = mid;
  }
  return (low + high) / 2;
}

/** Effective sample size n* = p(1 − p)/V (pseudo-cluster of a quarter of m), capped at B, times a df factor. */
function effectiveN(p: MetricParts, dfFactor: (t: ReturnType<typeof totals>) => number, edgeOnly = false): { nStar: number; value: number } {
  const t = totals(p);
  const atEdge = t.A <= 0 || t.A >= t.B;
  const { pHat, variance } = linearization(p, edgeOnly && !atEdge ? 0 : 0.25 * t.m);
  const kish = (t.B * t.B) / t.nn;
  const nStar = variance > 0 ? Math.min(t.B, Math.max(1e-9, (pHat * (1 - pHat)) / variance)) : kish;
  return { nStar: nStar * dfFactor(t), value: t.value };
}
const zOverT = (t: ReturnType<typeof totals>) => (normalQuantile(TAIL) / studentTQuantile(TAIL, Math.max(1, t.C - 1))) ** 2;
/** Korn & Graubard's df factor as published: (t_{n−1} / t_{df})², n the units (accounts or rings), df = C − 1. */
const kgFactor = (t: ReturnType<typeof totals>) => (studentTQuantile(TAIL, Math.max(1, t.B - 1)) / studentTQuantile(TAIL, Math.max(1, t.C - 1))) ** 2;

function jeffreys(value: number, n: number): Interval {
  const x = value * n;
  return { low: value <= 0 ? 0 : betaQuantile(1 - TAIL, x + 0.5, n - x + 0.5), high: value >= 1 ? 1 : betaQuantile(TAIL, x + 0.5, n - x + 0.5) };
}
function clopperPearson(value: number, n: number): Interval {
  const x = value * n;
  return { low: x <= 0 ? 0 : betaQuantile(1 - TAIL, x, n - x + 1), high: x >= n ? 1 : betaQuantile(TAIL, x + 1, n - x) };
}

/** Cluster bootstrap-t on the linearization standard error (with the pseudo-cluster, so se* > 0 at the boundary). */
function bootstrapT(p: MetricParts, resamples = 999): Interval {
  const t = totals(p);
  const pseudo = 0.25 * t.m;
  const base = linearization(p, pseudo);
  const se = Math.sqrt(base.variance);
  const rng = createRng(7);
  const stats: number[] = [];
  const y = new Float64Array(t.C);
  const n = new Float64Array(t.C);
  for (let r = 0; r < resamples; r++) {
    for (let c = 0; c < t.C; c++) {
      const k = Math.floor(rng() * t.C);
      y[c] = p.num[k]!;
      n[c] = p.den[k]!;
    }
    const star = linearization({ num: Array.from(y), den: Array.from(n) }, pseudo);
    const s = Math.sqrt(star.variance);
    if (s > 0) stats.push((star.pHat - base.pHat) / s);
  }
  stats.sort((a, b) => a - b);
  const q = (u: number) => stats[Math.min(stats.length - 1, Math.max(0, Math.floor(u * stats.length)))]!;
  return { low: Math.max(0, base.pHat - q(TAIL) * se), high: Math.min(1, base.pHat - q(1 - TAIL) * se) };
}

/** Wilson on the Kish effective number of clusters (B² / Σ n_c²: every cluster all-or-nothing), with the KG df factor. */
function kishWilson(p: MetricParts, withLinearization: boolean): Interval {
  const t = totals(p);
  const kish = (t.B * t.B) / t.nn;
  let nStar = kish;
  if (withLinearization) nStar = Math.min(kish, effectiveN(p, () => 1, true).nStar);
  return wilsonInterval(t.value, nStar * kgFactor(t), CONF);
}

/** compare's interval before this measurement: pseudo-cluster always, (z / t_{C−1})², robust score hull from 30 clusters. */
function previousDefault(p: MetricParts, hull: boolean): Interval {
  const e = effectiveN(p, zOverT);
  const w = wilsonInterval(e.value, e.nStar, CONF);
  if (!hull || p.den.length < 30) return w;
  const r = robustScoreInterval(p.num, p.den, totals(p).m, CONF);
  return { low: Math.min(w.low, r.low), high: Math.max(w.high, r.high) };
}

export const CANDIDATES: Record<string, (p: MetricParts) => Interval | null> = {
  linearization: (p) => clusterScoreInterval(p.num, p.den, { confidence: CONF, design: 'linearization' }),
  'all-or-nothing': (p) => clusterScoreInterval(p.num, p.den, { confidence: CONF, design: 'all-or-nothing' }),
  'all-or-nothing-no-df': (p) => clusterScoreInterval(p.num, p.den, { confidence: CONF, design: 'all-or-nothing', degreesOfFreedom: false }),
  'previous-default': (p) => previousDefault(p, true),
  'previous-wilson': (p) => previousDefault(p, false),
  'robust-score': (p) => (p.den.length >= 2 ? robustScoreInterval(p.num, p.den, totals(p).m, CONF) : null),
  'kg-jeffreys': (p) => {
    const e = effectiveN(p, kgFactor, true);
    return jeffreys(e.value, e.nStar);
  },
  'kg-clopper-pearson': (p) => {
    const e = effectiveN(p, kgFactor, true);
    return clopperPearson(e.value, e.nStar);
  },
  'min-kish-linearization': (p) => kishWilson(p, true),
  'bootstrap-t': (p) => bootstrapT(p),
};
