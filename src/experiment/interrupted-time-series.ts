// Interrupted time series on a stored run indicator, for a strategy change made without a holdout: segmented
// regression y_t = β0 + β1·t + β2·after_t + β3·(t − t0)·after_t over runs (Wagner et al. 2002), with Newey–West
// (HAC) standard errors so day-to-day autocorrelation does not make the intervals too narrow (Newey & West 1987,
// lag ⌊4 (T/100)^{2/9}⌋ with at least 1), never below the OLS error. Estimand: the level change β2 at the change and the slope change β3.
import { RingscanError } from '../schema/errors.js';
import type { TimeSeriesResult } from '../schema/experiment.js';
import { studentTQuantile, studentTTwoSided } from '../evaluate/student-t.js';

export interface SeriesPoint {
  run: string;
  at: string;
  value: number;
}

/** Solves the 4×4 normal equations by Gauss–Jordan; null when singular. */
function invert(m: number[][]): number[][] | null {
  const n = m.length;
  const a = m.map((row, i) => [...row, ...Array.from({ length: n }, (_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(a[r]![c]!) > Math.abs(a[pivot]![c]!)) pivot = r;
    if (Math.abs(a[pivot]![c]!) < 1e-12) return null;
    [a[c], a[pivot]] = [a[pivot]!, a[c]!];
    const d = a[c]![c]!;
    for (let j = 0; j < 2 * n; j++) a[c]![j]! /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = a[r]![c]!;
      for (let j = 0; j < 2 * n; j++) a[r]![j]! -= f * a[c]![j]!;
    }
  }
  return a.map((row) => row.slice(n));
}

export const ITS_ASSUMPTIONS = [
  'Without the change the indicator would have kept its pre-change level and linear trend (no other change at the same time: detector version, data volume, seasonality).',
  'The change happened at one known run and took effect at once (a gradual roll-out shows up as a slope change, not a level change).',
  'Runs are comparable measurements of the same population; autocorrelation is handled by Newey–West errors, not modelled.',
  'With few runs on either side the intervals are wide and the linear trend is a strong assumption: 8 or more runs per side is the usual minimum.',
];

/** `points` oldest first; `changeIndex` is the first run under the new strategy. */
export function interruptedTimeSeries(indicator: string, points: readonly SeriesPoint[], changeIndex: number, confidence: number): TimeSeriesResult {
  const T = points.length;
  if (changeIndex < 2 || T - changeIndex < 2) throw new RingscanError('BAD_USAGE', `an interrupted time series needs at least 2 runs before and 2 from the change on (have ${changeIndex} before, ${T - changeIndex} from it)`);
  if (T < 5) throw new RingscanError('BAD_USAGE', `an interrupted time series needs at least 5 runs (have ${T})`);
  const X = points.map((_, t) => {
    const after = t >= changeIndex ? 1 : 0;
    return [1, t, after, after * (t - changeIndex)];
  });
  const y = points.map((p) => p.value);
  const xtx = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => X.reduce((s, row) => s + row[i]! * row[j]!, 0)));
  const inv = invert(xtx);
  if (!inv) throw new RingscanError('BAD_USAGE', 'the time series is degenerate (the regression cannot be fit)');
  const xty = [0, 1, 2, 3].map((i) => X.reduce((s, row, t) => s + row[i]! * y[t]!, 0));
  const beta = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j]!, 0));
  const resid = y.map((v, t) => v - X[t]!.reduce((s, x, j) => s + x * beta[j]!, 0));
  const lag = Math.max(1, Math.floor(4 * Math.pow(T / 100, 2 / 9)));
  // meat: Σ_l w_l Σ_t (x_t e_t)(x_{t−l} e_{t−l})ᵀ (+ transpose), Bartlett weights
  const meat = [0, 1, 2, 3].map(() => [0, 0, 0, 0]);
  for (let l = 0; l <= lag; l++) {
    const w = l === 0 ? 1 : 1 - l / (lag + 1);
    for (let t = l; t < T; t++) {
      for (let i = 0; i < 4; i++)
        for (let j = 0; j < 4; j++) {
          const v = X[t]![i]! * resid[t]! * X[t - l]![j]! * resid[t - l]!;
          meat[i]![j]! += l === 0 ? v : w * v;
          if (l > 0) meat[j]![i]! += w * v;
        }
    }
  }
  const small = T / (T - 4);
  const cov = [0, 1, 2, 3].map((i) => [0, 1, 2, 3].map((j) => small * [0, 1, 2, 3].reduce((s, k) => s + inv[i]![k]! * [0, 1, 2, 3].reduce((s2, l) => s2 + meat[k]![l]! * inv[l]![j]!, 0), 0)));
  const df = T - 4;
  const tq = studentTQuantile(1 - (1 - confidence) / 2, df);
  const rss = resid.reduce((sum, e) => sum + e * e, 0);
  const coef = (k: number) => {
    // Newey–West is liberal with few points when the noise is independent (measured: 12 % under no change with 30
    // runs); the larger of it and the ordinary OLS error keeps both cases honest
    const se = Math.sqrt(Math.max(0, cov[k]![k]!, (rss / (T - 4)) * inv[k]![k]!));
    return { value: beta[k]!, low: beta[k]! - tq * se, high: beta[k]! + tq * se, pValue: se > 0 ? studentTTwoSided(beta[k]! / se, df) : beta[k] === 0 ? 1 : 0 };
  };
  let num = 0;
  let den = 0;
  for (let t = 0; t < T; t++) {
    den += resid[t]! * resid[t]!;
    if (t > 0) num += resid[t]! * resid[t - 1]!;
  }
  const level = coef(2);
  const slope = coef(3);
  const alpha = 1 - confidence;
  const words = (c: { value: number; low: number; high: number; pValue: number }, what: string) =>
    c.pValue < alpha ? `${what} ${c.value >= 0 ? 'rose' : 'fell'} by ${Math.abs(c.value).toPrecision(3)} [${c.low.toPrecision(3)}, ${c.high.toPrecision(3)}]` : `no detectable ${what} change (${c.value.toPrecision(3)} [${c.low.toPrecision(3)}, ${c.high.toPrecision(3)}])`;
  return {
    method: 'interrupted-time-series',
    indicator,
    points: points.map((p, t) => ({ ...p, after: t >= changeIndex })),
    levelChange: level,
    slopeChange: slope,
    preSlope: beta[1]!,
    lag1Autocorrelation: den > 0 ? num / den : null,
    assumptions: ITS_ASSUMPTIONS,
    verdict: `At run ${points[changeIndex]!.run}, ${indicator}: ${words(level, 'level')}; ${words(slope, 'per-run slope')} (${Math.round(confidence * 100)} % intervals, ${T - changeIndex} runs after the change, ${changeIndex} before). This is not a randomized comparison: read it with the assumptions below.`,
  };
}
