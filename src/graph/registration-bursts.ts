// Registration bursts as a shared trait of their own: a window in which far more accounts were created than the
// population's local background rate predicts (a Poisson tail against the rate around it). The accounts of one
// burst are tied like the accounts of one shared identifier, so bulk registration is evidence even when the
// accounts share nothing rarer than a hub value. Windows are tried from minutes to a day; the background is
// measured around each window, so a launch day or a daily peak is not a burst.
import { GrowableFloat64, GrowableInt32 } from '../lib/growable-array.js';
import { doubleSortKeys, radixSortByKey } from '../lib/radix-sort.js';
import type { PairEdges } from './identifier-edges.js';
import { log10NormalUpperTail } from '../evaluate/normal-distribution.js';

export interface RegistrationBurstOptions {
  /** Windows tried, in seconds. */
  burstWindowsSec: number[];
  /** A burst must reach this surprise (−log10 of its Poisson tail) … */
  minBurstSurprise: number;
  /** … and this many times the background rate. */
  minBurstRateRatio: number;
}

export interface BurstEdgeOptions {
  /** A burst counts as a shared trait of at most this surprise (like any identifier). */
  maxEntitySurprise: number;
  /** Bursts larger than this are tied as a chain in creation order (each account to its nearest neighbours), not a clique. */
  maxCliqueSize: number;
}

export interface RegistrationBurst {
  startMs: number;
  endMs: number;
  windowSec: number;
  /** Members, ascending account index. */
  members: Int32Array;
  /** Accounts the background rate predicts in the window. */
  expected: number;
  surprise: number;
}

const CHAIN_NEIGHBOURS = 8;

/**
 * `coreOf` gives the members of a would-be burst that hold an identifier it holds far more often than the
 * population does (null when none): a window below minBurstRateRatio times its background (a sign-up campaign
 * lifts the rate a few times; in a large population so does a bulk registration of a hundred) is a burst only as
 * that core.
 */
export function findRegistrationBursts(createdAtMs: Float64Array, options: RegistrationBurstOptions, coreOf: (members: Int32Array) => Int32Array | null = () => null): RegistrationBurst[] {
  let finite = 0;
  for (const ms of createdAtMs) if (Number.isFinite(ms)) finite++;
  const order = new Int32Array(finite);
  for (let v = 0, k = 0; v < createdAtMs.length; v++) if (Number.isFinite(createdAtMs[v]!)) order[k++] = v;
  // by creation time, then account (the radix sort is stable and order starts ascending)
  const { high, low } = doubleSortKeys(createdAtMs);
  radixSortByKey(order, low);
  radixSortByKey(order, high);
  const times = new Float64Array(finite);
  for (let k = 0; k < finite; k++) times[k] = createdAtMs[order[k]!]!;
  const n = times.length;
  if (n < 3) return [];
  const candidates: { start: number; end: number; windowSec: number; expected: number; surprise: number }[] = [];
  for (const windowSec of options.burstWindowsSec) {
    const windowMs = windowSec * 1000;
    // Background: the larger of two rates around the window (the window excluded): over a span 30 windows wide
    // (at least two days), and over the six windows on either side. A sign-up campaign lifts the hours around
    // it too, so it is no burst at the hour scale; a bulk registration within minutes stands out at both.
    const wide = new RateCounter(times, Math.max(30 * windowMs, 2 * 86_400_000));
    const near = new RateCounter(times, 6 * windowMs);
    let end = 0;
    for (let start = 0; start < n; start++) {
      if (start > 0 && times[start] === times[start - 1]) continue;
      while (end < n && times[end]! - times[start]! <= windowMs) end++;
      const count = end - start;
      if (count < 3) continue;
      const backgroundRate = Math.max(wide.rateAround(times[start]!, windowMs, count), near.rateAround(times[start]!, windowMs, count));
      const expected = backgroundRate * windowMs;
      // P(X ≥ k) ≥ P(X = k): a window whose point probability is not surprising enough is skipped unsummed
      if (count <= expected || poissonPointSurprise(count, expected) < options.minBurstSurprise) continue;
      const surprise = poissonTailSurprise(count, expected);
      if (surprise >= options.minBurstSurprise) candidates.push({ start, end, windowSec, expected, surprise });
    }
  }
  // Most surprising first; a candidate overlapping an accepted burst is the same event seen at another scale.
  candidates.sort((x, y) => y.surprise - x.surprise || x.start - y.start || x.windowSec - y.windowSec);
  // Windows below the rate ratio are judged by their core once per stretch: one without a core settles the
  // stretch for other such windows, never for an intense one.
  const taken = new Uint8Array(n);
  const settled = new Uint8Array(n);
  const bursts: RegistrationBurst[] = [];
  for (const c of candidates) {
    const isIntense = c.end - c.start >= options.minBurstRateRatio * c.expected;
    let overlaps = false;
    for (let i = c.start; i < c.end && !overlaps; i++) overlaps = taken[i] === 1 || (!isIntense && settled[i] === 1);
    if (overlaps) continue;
    let members: Int32Array | null = order.slice(c.start, c.end).sort();
    if (!isIntense) members = coreOf(members);
    if (members === null || members.length < 3) {
      settled.fill(1, c.start, c.end);
      continue;
    }
    taken.fill(1, c.start, c.end);
    bursts.push({ startMs: times[c.start]!, endMs: times[c.end - 1]!, windowSec: c.windowSec, members, expected: c.expected, surprise: c.surprise });
  }
  return bursts.sort((x, y) => x.startMs - y.startMs);
}

/** Accounts per ms in [t − aroundMs, t + windowMs + aroundMs], the window's own count excluded; queries must come in ascending t. */
class RateCounter {
  private lo = 0;
  private hi = 0;
  constructor(
    private readonly times: Float64Array,
    private readonly aroundMs: number,
  ) {}

  rateAround(t: number, windowMs: number, inWindow: number): number {
    const { times, aroundMs } = this;
    while (times[this.lo]! < t - aroundMs) this.lo++;
    while (this.hi < times.length && times[this.hi]! <= t + windowMs + aroundMs) this.hi++;
    return Math.max(this.hi - this.lo - inWindow, 1) / (2 * aroundMs);
  }
}

/**
 * The largest burst tied as a clique: bursts, smallest first, are cliques while all their pairs together stay
 * within pairBudget (never below minSize). A chain is cut into pieces by community detection, so a bulk
 * registration of a hundred stays one clique wherever a hundred-account clique is cheap, whatever the hub cap.
 */
export function burstCliqueSizeFromBudget(bursts: RegistrationBurst[], pairBudget: number, minSize: number): number {
  let cap = minSize;
  let pairs = 0;
  for (const k of bursts.map((b) => b.members.length).sort((x, y) => x - y)) {
    pairs += (k * (k - 1)) / 2;
    if (pairs > pairBudget) break;
    cap = Math.max(cap, k);
  }
  return cap;
}

/** Pair edges tying each burst's members; each member receives the burst's (capped) surprise in all. */
export function buildBurstEdges(bursts: RegistrationBurst[], createdAtMs: Float64Array, accountCount: number, options: BurstEdgeOptions): PairEdges {
  const keys = new GrowableFloat64(1024);
  const weights = new GrowableFloat64(1024);
  for (const burst of bursts) {
    const s = Math.min(options.maxEntitySurprise, burst.surprise);
    const k = burst.members.length;
    if (k <= options.maxCliqueSize) {
      const w = s / (k - 1);
      for (let i = 0; i < k; i++) for (let j = i + 1; j < k; j++) pushPair(keys, weights, burst.members[i]!, burst.members[j]!, w, accountCount);
    } else {
      const inTime = Array.from(burst.members).sort((x, y) => createdAtMs[x]! - createdAtMs[y]! || x - y);
      const w = s / (2 * CHAIN_NEIGHBOURS);
      for (let i = 0; i < k; i++) for (let j = i + 1; j <= i + CHAIN_NEIGHBOURS && j < k; j++) pushPair(keys, weights, inTime[i]!, inTime[j]!, w, accountCount);
    }
  }
  return collapse(keys.view(), weights.view(), accountCount);
}

function pushPair(keys: GrowableFloat64, weights: GrowableFloat64, a: number, b: number, w: number, n: number): void {
  keys.push(a < b ? a * n + b : b * n + a);
  weights.push(w);
}

function collapse(keys: Float64Array, weights: Float64Array, n: number): PairEdges {
  const order = Array.from(keys.keys()).sort((x, y) => keys[x]! - keys[y]! || x - y);
  const source = new GrowableInt32(order.length);
  const target = new GrowableInt32(order.length);
  const weight = new GrowableFloat64(order.length);
  const count = new GrowableInt32(order.length);
  for (let i = 0; i < order.length; ) {
    const key = keys[order[i]!]!;
    let w = 0;
    let c = 0;
    for (; i < order.length && keys[order[i]!] === key; i++) {
      w += weights[order[i]!]!;
      c++;
    }
    source.push(Math.floor(key / n));
    target.push(key % n);
    weight.push(w);
    count.push(c);
  }
  return { source: source.toArray(), target: target.toArray(), weight: weight.toArray(), count: count.toArray() };
}

/** −log10 P(X ≥ k) for X ~ Poisson(mu), summed in log space (0 when k ≤ mu); a Wilson–Hilferty normal tail for large mu. */
export function poissonTailSurprise(k: number, mu: number): number {
  if (k <= mu) return 0;
  if (mu <= 0) return Infinity;
  if (mu > 1e4) {
    // P(X ≥ k) = P(Gamma(k, 1) ≤ mu); Wilson–Hilferty's cube-root normal approximation is accurate to a few
    // digits at these sizes, where summing terms would take millions of steps.
    const z = (1 - 1 / (9 * k) - Math.cbrt(mu / k)) * 3 * Math.sqrt(k);
    return Math.max(0, -log10NormalUpperTail(z));
  }
  let logTerm = logPoissonAt(k, mu);
  let logSum = logTerm;
  for (let i = k + 1; ; i++) {
    logTerm += Math.log(mu / i);
    const next = logSum + Math.log1p(Math.exp(logTerm - logSum));
    if (next - logSum < 1e-12) break;
    logSum = next;
  }
  return Math.max(0, -logSum / Math.LN10);
}

/** −log10 P(X = k) for X ~ Poisson(mu > 0): at least poissonTailSurprise(k, mu). */
export function poissonPointSurprise(k: number, mu: number): number {
  return -logPoissonAt(k, mu) / Math.LN10;
}

/** ln P(X = k) for X ~ Poisson(mu > 0). */
function logPoissonAt(k: number, mu: number): number {
  return -mu + k * Math.log(mu) - logFactorial(k);
}

function logFactorial(k: number): number {
  if (k < 2) return 0;
  // Stirling with two correction terms: exact to ~1e-10 beyond k = 10.
  if (k > 20) return k * Math.log(k) - k + 0.5 * Math.log(2 * Math.PI * k) + 1 / (12 * k) - 1 / (360 * k ** 3);
  let sum = 0;
  for (let i = 2; i <= k; i++) sum += Math.log(i);
  return sum;
}
