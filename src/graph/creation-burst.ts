// Creation burst: the most members created inside one window, and how surprising that is given how many
// accounts of the whole population were created in the same window (a binomial tail, so a launch day when
// everybody signs up is not a burst). Evaluated at several window lengths; the most surprising wins.
import { lowerBound } from '../lib/sorted-search.js';
export interface CreationBurst {
  count: number;
  windowHours: number;
  /** −log10 of the binomial tail probability; 0 when nothing stands out. */
  surprise: number;
}

export interface CreationTimeline {
  /** All declared accounts' creation times, ascending. */
  sortedMs: Float64Array;
}

export function buildCreationTimeline(createdAtMs: Float64Array): CreationTimeline {
  const valid = createdAtMs.filter((t) => Number.isFinite(t));
  return { sortedMs: valid.sort() };
}

export function creationBurst(memberCreatedMs: number[], timeline: CreationTimeline, windowsHours: number[]): CreationBurst {
  const times = memberCreatedMs.filter((t) => Number.isFinite(t)).sort((a, b) => a - b);
  let best: CreationBurst = { count: 0, windowHours: windowsHours[0] ?? 0, surprise: 0 };
  if (times.length < 2 || timeline.sortedMs.length === 0) return best;
  for (const hours of windowsHours) {
    const windowMs = hours * 3_600_000;
    let start = 0;
    let bestCount = 0;
    let bestStart = 0;
    for (let end = 0; end < times.length; end++) {
      while (times[end]! - times[start]! > windowMs) start++;
      if (end - start + 1 > bestCount) {
        bestCount = end - start + 1;
        bestStart = times[start]!;
      }
    }
    if (bestCount < 2) continue; // one account is not a burst
    const population = countInRange(timeline.sortedMs, bestStart, bestStart + windowMs);
    // Laplace-smoothed share of the population created in that window; at least one account per window.
    const p = Math.min(0.5, (population + 1) / (timeline.sortedMs.length + 2));
    const surprise = binomialTailSurprise(times.length, bestCount, p);
    if (surprise > best.surprise) best = { count: bestCount, windowHours: hours, surprise };
  }
  return best;
}

function countInRange(sorted: Float64Array, from: number, to: number): number {
  return lowerBound(sorted, to + 1) - lowerBound(sorted, from);
}

/** −log10 P(X ≥ k) for X ~ Binomial(n, p), summed in log space. */
export function binomialTailSurprise(n: number, k: number, p: number): number {
  if (k <= n * p) return 0;
  const logP = Math.log(p);
  const logQ = Math.log1p(-p);
  let logTerm = logChoose(n, k) + k * logP + (n - k) * logQ;
  let logSum = logTerm;
  for (let i = k + 1; i <= n; i++) {
    logTerm += Math.log((n - i + 1) / i) + logP - logQ;
    logSum = logSum + Math.log1p(Math.exp(logTerm - logSum));
  }
  return Math.max(0, -logSum / Math.LN10);
}

function logChoose(n: number, k: number): number {
  let sum = 0;
  for (let i = 1; i <= k; i++) sum += Math.log((n - k + i) / i);
  return sum;
}
