// Links accounts that act on the same targets close together in time, at every time scale the data shows.
//
// First the data says which scales carry coordination: co-action pairs are counted per gap band (10 s … 1 day)
// against what chance predicts for each target's own activity, and a band is used, with a weight equal to its
// share beyond chance, when its excess is significant (bots show it at seconds, people switching accounts at
// minutes to hours, a dataset without coordination at no scale). Then, per used window, accounts are paired
// only inside a sliding window per target: a window with more than maxBurstActors actions is a viral burst and
// a target whose average window already holds more than maxBackgroundActions actions is always busy; neither is
// paired, so no target costs O(actors²) and chance co-actions on busy targets never count. Each (pair, target)
// counts once per window, weighted 1/log2(1 + actions in the window). How many distinct targets a pair needs
// follows the data: more than its two accounts' co-action volume predicts (collapsePairs). Pairs that share quiet
// targets at any time (co-target-edges.ts) join these ties, the stronger evidence per pair kept.
//
// Accounts that answer everyone (moderators, reverters, bots, superfans) co-act with many accounts that have
// nothing to do with each other: their ties are scaled by how tied their partners are among themselves.
import type { ActionTable } from '../schema/dataset.js';
import { countingOffsets } from '../lib/compact-adjacency.js';
import { doubleSortKeys, radixSortByKey, sortWholeNumbers } from '../lib/radix-sort.js';
import { round6 } from '../lib/round.js';
import { GrowableFloat64 } from '../lib/growable-array.js';
import type { PairEdges } from './identifier-edges.js';
import { poissonTailSurprise } from './registration-bursts.js';
import { buildCoTargetEdges, type CoTargetOptions } from './co-target-edges.js';
import { forEachPair, LEVELS } from './pair-level-keys.js';

export interface SynchronyOptions extends CoTargetOptions {
  /** The longest gap ever paired. */
  maxSyncGapSec: number;
  /** A target's longest paired gap: this many of its own mean inter-action times. */
  syncGapMeanMultiple: number;
  /** A window with more actions than this on one target is a viral burst: not paired. */
  maxBurstActors: number;
  /** A target whose average window holds more actions than this is always busy: not paired at that window. */
  maxBackgroundActions: number;
  /** A pair needs co-actions on at least this many distinct targets within one window. */
  minCoActions: number;
  /** A pair is linked when fewer than this many pairs as surprising are expected by chance in its band (configuration null). */
  maxChancePairs: number;
  /** Weight of one synchronized target (before its window-crowding and band weights). */
  syncWeight: number;
  /** A gap band is used when its excess of co-actions over chance is at least this surprising (−log10 Poisson tail). */
  minGapBandSurprise: number;
}

/** Gap bands (seconds) whose excess over chance is measured on the data; co-actions are used only in bands that show it. */
export const GAP_BANDS_SEC = [10, 60, 600, 3600, 21_600, 86_400];

export interface GapBand {
  upToSec: number;
  observed: number;
  expected: number;
  /** Share of the band's co-actions beyond chance (1 − expected / observed), 0 when the excess is not significant. */
  weight: number;
}

export interface SynchronyEdges extends PairEdges {
  /** Actions in a window with more than maxBurstActors actions: not paired. */
  skippedBurstActions: number;
  /** Accounts whose ties were scaled down because their partners are strangers to each other. */
  broadActors: number;
  /** Pairs linked per window, by the window's length (within a minute, an hour, a day), before the broad-actor discount. */
  gapBands: { minute: number; hour: number; day: number };
  /** Co-actions per gap band against chance, and which bands were used. */
  scales: GapBand[];
  /** Pairs linked by the quiet targets they share at any time (co-target-edges.ts), and the quiet targets' largest actor count. */
  coTargets: { pairs: number; maxTargetActors: number };
}

/** Broad actors are judged on at most this many partners. */
const MAX_PARTNERS_CHECKED = 64;
/** Partner clustering at or above this keeps full weight (a pod's members are all tied to each other). */
const FULL_CLUSTERING = 0.3;
const MIN_PARTNERS_FOR_BREADTH = 5;

export function buildSynchronyEdges(actions: ActionTable, accountCount: number, options: SynchronyOptions): SynchronyEdges {
  const byTarget = actionsByTargetThenTime(actions);
  const scales = measureGapBands(byTarget, options);
  const gapBands = { minute: 0, hour: 0, day: 0 };
  let skippedBurstActions = 0;
  let merged: PairEdges = { source: new Int32Array(0), target: new Int32Array(0), weight: new Float64Array(0), count: new Int32Array(0) };
  for (const band of scales) {
    if (band.weight === 0) continue;
    const windowed = windowPairs(byTarget, accountCount, band, options);
    skippedBurstActions = Math.max(skippedBurstActions, windowed.skipped);
    const linked = windowed.pairs.source.length;
    if (band.upToSec <= 60) gapBands.minute += linked;
    else if (band.upToSec <= 3600) gapBands.hour += linked;
    else gapBands.day += linked;
    merged = strongestOf(merged, windowed.pairs);
  }
  const shared = buildCoTargetEdges(byTarget, accountCount, options);
  merged = strongestOf(merged, shared);
  const broadActors = scaleBroadActors(merged, accountCount);
  const coTargets = { pairs: shared.source.length, maxTargetActors: shared.maxTargetActors };
  return { ...withoutZeroWeights(merged), skippedBurstActions, broadActors, gapBands, scales, coTargets };
}

/** Pairs linked inside one window (the v1 pairing, at windowSec), weighted by the band's share beyond chance. */
function windowPairs({ offsets, ts: tsSec, actor }: ActionsByTarget, accountCount: number, band: GapBand, options: SynchronyOptions): { pairs: PairEdges; skipped: number } {
  const windowSec = band.upToSec;
  const keys = new GrowableFloat64(1024);
  const local = new GrowableFloat64(256);
  let skipped = 0;
  for (let t = 0; t + 1 < offsets.length; t++) {
    const start = offsets[t]!;
    const end = offsets[t + 1]!;
    if (end === start) continue;
    local.length = 0;
    const spanSec = tsSec[end - 1]! - tsSec[start]!;
    if (end - start > 2 && ((end - start) * windowSec) / Math.max(spanSec, windowSec) > options.maxBackgroundActions) {
      skipped += end - start;
      continue;
    }
    let j = start;
    let ahead = start;
    for (let i = start; i < end; i++) {
      const ts = tsSec[i]!;
      while (ts - tsSec[j]! > windowSec) j++;
      if (i === j) continue;
      // The burst test looks both ways, so the leading edge of a viral burst is skipped too.
      if (ahead < i) ahead = i;
      while (ahead + 1 < end && tsSec[ahead + 1]! - ts <= windowSec) ahead++;
      const windowCount = ahead - j + 1;
      if (windowCount > options.maxBurstActors) {
        skipped++;
        continue;
      }
      const level = Math.max(1, Math.round((LEVELS - 1) / Math.log2(1 + windowCount)));
      const a = actor[i]!;
      for (let k = j; k < i; k++) {
        const b = actor[k]!;
        if (a === b) continue;
        const pair = a < b ? a * accountCount + b : b * accountCount + a;
        local.push(pair * LEVELS + level);
      }
    }
    if (local.length > 0) appendStrongestPerPair(local.view().sort(), keys);
  }
  const sorted = keys.view();
  sortWholeNumbers(sorted);
  return { pairs: collapsePairs(sorted, accountCount, options, band), skipped };
}

/** Keys sorted ascending: for each pair keep its last (strongest) level. */
function appendStrongestPerPair(sorted: Float64Array, out: GrowableFloat64): void {
  for (let i = 0; i < sorted.length; i++) {
    const pair = Math.floor(sorted[i]! / LEVELS);
    if (i + 1 < sorted.length && Math.floor(sorted[i + 1]! / LEVELS) === pair) continue;
    out.push(sorted[i]!);
  }
}

/**
 * One edge per pair with its distinct targets and summed crowding weight, kept when the pair meets on more
 * targets than chance gives its two accounts. A configuration null deals chance meetings out in proportion to
 * each account's chance volume: accounts with chance volumes c_a and c_b of the band's C pair-targets expect
 * c_a·c_b / 2C meetings. Chance volume is an account's co-actions in the band less those with partners that look
 * coordinated at first sight (significant when only the band's chance share, expected / observed, of everyone's
 * volume is chance): a pod's members, whose co-actions are all with each other, keep none, even when the pod is
 * all the band holds; an account meeting strangers everywhere keeps nearly all, and needs many shared targets with
 * any one of them. The Poisson tail, over the number of pairs tested, must be at most maxChancePairs.
 */
function collapsePairs(sorted: Float64Array, accountCount: number, options: SynchronyOptions, band: GapBand): PairEdges {
  const volume = new Float64Array(accountCount);
  let total = 0;
  let pairCount = 0;
  // Only pairs meeting on minCoActions targets can be linked: the passes after the first read just those.
  const candidates = { a: [] as number[], b: [] as number[], targets: [] as number[], sum: [] as number[] };
  forEachPair(sorted, accountCount, (a, b, targets, sum) => {
    volume[a]! += targets;
    volume[b]! += targets;
    total += targets;
    pairCount++;
    if (targets < options.minCoActions) return;
    candidates.a.push(a);
    candidates.b.push(b);
    candidates.targets.push(targets);
    candidates.sum.push(sum);
  });
  const minSurprise = Math.log10(pairCount / options.maxChancePairs);
  const surprising = (targets: number, expected: number) => poissonTailSurprise(targets, expected) >= minSurprise;
  const chanceShare = Math.min(1, band.expected / band.observed);
  const chance = volume.slice();
  let chanceTotal = total;
  for (let p = 0; p < candidates.a.length; p++) {
    const a = candidates.a[p]!;
    const b = candidates.b[p]!;
    const targets = candidates.targets[p]!;
    if (!surprising(targets, (chanceShare * volume[a]! * volume[b]!) / (2 * total))) continue;
    chance[a]! -= targets;
    chance[b]! -= targets;
    chanceTotal -= targets;
  }
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  const count: number[] = [];
  for (let p = 0; p < candidates.a.length; p++) {
    const a = candidates.a[p]!;
    const b = candidates.b[p]!;
    const targets = candidates.targets[p]!;
    if (!surprising(targets, chanceTotal > 0 ? (chance[a]! * chance[b]!) / (2 * chanceTotal) : 0)) continue;
    source.push(a);
    target.push(b);
    weight.push(options.syncWeight * band.weight * candidates.sum[p]!);
    count.push(targets);
  }
  return { source: Int32Array.from(source), target: Int32Array.from(target), weight: Float64Array.from(weight), count: Int32Array.from(count) };
}

/** Pairs a broad actor's discount scaled to nothing are no tie at all. */
function withoutZeroWeights(pairs: PairEdges): PairEdges {
  const keep: number[] = [];
  for (let e = 0; e < pairs.source.length; e++) if (pairs.weight[e]! > 0) keep.push(e);
  if (keep.length === pairs.source.length) return pairs;
  const kept: PairEdges = { source: new Int32Array(keep.length), target: new Int32Array(keep.length), weight: new Float64Array(keep.length), count: new Int32Array(keep.length) };
  keep.forEach((e, k) => {
    kept.source[k] = pairs.source[e]!;
    kept.target[k] = pairs.target[e]!;
    kept.weight[k] = pairs.weight[e]!;
    kept.count[k] = pairs.count[e]!;
  });
  return kept;
}

/** Merge two (source, target)-sorted pair lists keeping, per pair, the stronger window's evidence. */
function strongestOf(x: PairEdges, y: PairEdges): PairEdges {
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  const count: number[] = [];
  let i = 0;
  let j = 0;
  while (i < x.source.length || j < y.source.length) {
    const order = i >= x.source.length ? 1 : j >= y.source.length ? -1 : x.source[i]! - y.source[j]! || x.target[i]! - y.target[j]!;
    const fromX = order <= 0;
    const fromY = order >= 0;
    const wx = fromX ? x.weight[i]! : -1;
    const wy = fromY ? y.weight[j]! : -1;
    const useX = wx >= wy;
    source.push(useX ? x.source[i]! : y.source[j]!);
    target.push(useX ? x.target[i]! : y.target[j]!);
    weight.push(useX ? wx : wy);
    count.push(Math.max(fromX ? x.count[i]! : 0, fromY ? y.count[j]! : 0));
    if (fromX) i++;
    if (fromY) j++;
  }
  return { source: Int32Array.from(source), target: Int32Array.from(target), weight: Float64Array.from(weight), count: Int32Array.from(count) };
}

function bandOf(gapSec: number): number {
  let b = 0;
  while (b < GAP_BANDS_SEC.length - 1 && gapSec > GAP_BANDS_SEC[b]!) b++;
  return b;
}

/**
 * Counts co-action pairs per gap band and what chance predicts for them (each target's actions spread
 * uniformly over its active span: for gaps up to g, a share 1 − (1 − g/S)² of its pairs). A co-action in a band
 * counts in proportion to the band's share beyond chance, when that excess is significant: bots show it at
 * seconds, people switching accounts at minutes to hours, and a dataset without coordination at no scale.
 */
function measureGapBands({ offsets, ts: tsSec, actor }: ActionsByTarget, options: SynchronyOptions): GapBand[] {
  const observed = new Float64Array(GAP_BANDS_SEC.length);
  const expected = new Float64Array(GAP_BANDS_SEC.length);
  for (let t = 0; t + 1 < offsets.length; t++) {
    const start = offsets[t]!;
    const end = offsets[t + 1]!;
    const n = end - start;
    const spanSec = n >= 2 ? tsSec[end - 1]! - tsSec[start]! : 0;
    if (n >= 2 && spanSec > 0) {
      const maxGap = Math.min(options.maxSyncGapSec, (options.syncGapMeanMultiple * spanSec) / (n - 1));
      const pairs = (n * (n - 1)) / 2;
      let below = 0;
      for (let b = 0; b < GAP_BANDS_SEC.length; b++) {
        const upTo = Math.min(GAP_BANDS_SEC[b]!, maxGap, spanSec);
        const share = 1 - (1 - upTo / spanSec) ** 2;
        if (share > below) expected[b]! += pairs * (share - below);
        below = Math.max(below, share);
      }
      for (let i = start; i < end; i++) {
        for (let j = i + 1; j < end && j - i <= options.maxBurstActors; j++) {
          const gap = tsSec[j]! - tsSec[i]!;
          if (gap > maxGap) break;
          if (actor[i] !== actor[j]) observed[bandOf(gap)]!++;
        }
      }
    }
  }
  return GAP_BANDS_SEC.map((upToSec, b) => ({
    upToSec,
    observed: observed[b]!,
    expected: Math.round(expected[b]! * 1000) / 1000,
    weight:
      poissonTailSurprise(observed[b]!, expected[b]!) >= options.minGapBandSurprise ? round6(1 - expected[b]! / observed[b]!) : 0,
  }));
}

/**
 * Scales each pair by the smaller partner-clustering factor of its two accounts: an account with many partners
 * who are not tied to each other answers everyone; its ties say nothing about a ring. Returns how many such
 * accounts there were.
 */
function scaleBroadActors(pairs: PairEdges, accountCount: number): number {
  const m = pairs.source.length;
  const offsets = new Int32Array(accountCount + 1);
  for (let e = 0; e < m; e++) {
    offsets[pairs.source[e]! + 1]!++;
    offsets[pairs.target[e]! + 1]!++;
  }
  for (let v = 0; v < accountCount; v++) offsets[v + 1]! += offsets[v]!;
  const neighbor = new Int32Array(2 * m);
  const cursor = offsets.slice(0, accountCount);
  for (let e = 0; e < m; e++) {
    neighbor[cursor[pairs.source[e]!]!++] = pairs.target[e]!;
    neighbor[cursor[pairs.target[e]!]!++] = pairs.source[e]!;
  }
  // Pairs are sorted by (source, target), so each neighbour list is sorted: membership by binary search.
  for (let v = 0; v < accountCount; v++) neighbor.subarray(offsets[v]!, offsets[v + 1]!).sort();
  const factor = new Float64Array(accountCount).fill(1);
  let broad = 0;
  for (let v = 0; v < accountCount; v++) {
    const from = offsets[v]!;
    const degree = offsets[v + 1]! - from;
    if (degree < MIN_PARTNERS_FOR_BREADTH) continue;
    const checked = Math.min(degree, MAX_PARTNERS_CHECKED);
    let tied = 0;
    for (let i = 0; i < checked; i++) {
      const u = neighbor[from + i]!;
      for (let j = i + 1; j < checked; j++) if (hasNeighbor(neighbor, offsets, u, neighbor[from + j]!)) tied++;
    }
    const clustering = tied / ((checked * (checked - 1)) / 2);
    if (clustering < FULL_CLUSTERING) {
      factor[v] = clustering / FULL_CLUSTERING;
      broad++;
    }
  }
  for (let e = 0; e < m; e++) pairs.weight[e]! *= Math.min(factor[pairs.source[e]!]!, factor[pairs.target[e]!]!);
  return broad;
}

function hasNeighbor(neighbor: Int32Array, offsets: Int32Array, u: number, w: number): boolean {
  let lo = offsets[u]!;
  let hi = offsets[u + 1]!;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (neighbor[mid]! < w) lo = mid + 1;
    else hi = mid;
  }
  return lo < offsets[u + 1]! && neighbor[lo] === w;
}

/**
 * Actions grouped by target, then time: target t's actions are positions offsets[t] .. offsets[t+1), with their
 * times and accounts gathered in that order, so the pairing loops read memory in sequence.
 */
interface ActionsByTarget {
  offsets: Int32Array;
  ts: Float64Array;
  actor: Int32Array;
}

/**
 * Actions ordered by target, then time, then account, then row: a counting sort by target keeps row order inside
 * each target, whose actions are then sorted by time and account, stably, in place (short runs by insertion,
 * long ones by radix passes over their own keys), so no pass reads the whole table at random.
 */
function actionsByTargetThenTime(actions: ActionTable): ActionsByTarget {
  const n = actions.account.length;
  const targetCount = actions.targets.length;
  const offsets = countingOffsets(actions.target, targetCount);
  const cursor = offsets.slice(0, targetCount);
  const ts = new Float64Array(n);
  const actor = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const at = cursor[actions.target[i]!]!++;
    ts[at] = actions.tsSec[i]!;
    actor[at] = actions.account[i]!;
  }
  const scratch = new SortScratch();
  for (let t = 0; t < targetCount; t++) sortByTimeThenActor(ts, actor, offsets[t]!, offsets[t + 1]!, scratch);
  return { offsets, ts, actor };
}

const INSERTION_SORT_MAX = 24;
/** A radix pass walks 65,536 buckets: worth it only for long runs. */
const RADIX_SORT_MIN = 65_536;

function sortByTimeThenActor(ts: Float64Array, actor: Int32Array, start: number, end: number, scratch: SortScratch): void {
  const m = end - start;
  if (m < 2) return;
  if (m <= INSERTION_SORT_MAX) {
    for (let i = start + 1; i < end; i++) {
      const t = ts[i]!;
      const a = actor[i]!;
      let j = i - 1;
      while (j >= start && (ts[j]! > t || (ts[j] === t && actor[j]! > a))) {
        ts[j + 1] = ts[j]!;
        actor[j + 1] = actor[j]!;
        j--;
      }
      ts[j + 1] = t;
      actor[j + 1] = a;
    }
    return;
  }
  if (sortByPackedKey(ts, actor, start, end, scratch)) return;
  const slice = ts.subarray(start, end);
  const people = actor.subarray(start, end);
  const order = new Int32Array(m);
  for (let i = 0; i < m; i++) order[i] = i;
  if (m < RADIX_SORT_MIN) order.sort((x, y) => slice[x]! - slice[y]! || people[x]! - people[y]! || x - y);
  else {
    const { high, low } = doubleSortKeys(slice);
    radixSortByKey(order, new Uint32Array(people.buffer, people.byteOffset, m));
    radixSortByKey(order, low);
    radixSortByKey(order, high);
  }
  const sortedTs = new Float64Array(m);
  const sortedActor = new Int32Array(m);
  for (let k = 0; k < m; k++) {
    sortedTs[k] = slice[order[k]!]!;
    sortedActor[k] = people[order[k]!]!;
  }
  slice.set(sortedTs);
  people.set(sortedActor);
}

/**
 * Times in whole milliseconds (the usual case) sort as one number each, (ms − earliest) × run length + position, by
 * the native typed-array sort: no comparator. Equal times keep their positions' order and are then put in account
 * order by insertion (such ties are rare). False, leaving the run untouched, when a time is finer than a millisecond
 * or the keys would pass 2^53.
 */
function sortByPackedKey(ts: Float64Array, actor: Int32Array, start: number, end: number, scratch: SortScratch): boolean {
  const m = end - start;
  let earliest = Infinity;
  let latest = -Infinity;
  for (let i = start; i < end; i++) {
    const ms = Math.round(ts[i]! * 1000);
    if (ms / 1000 !== ts[i]) return false;
    if (ms < earliest) earliest = ms;
    if (ms > latest) latest = ms;
  }
  if ((latest - earliest + 1) * m > Number.MAX_SAFE_INTEGER) return false;
  const { keys, runTs, runActor } = scratch.fit(m);
  for (let k = 0; k < m; k++) {
    runTs[k] = ts[start + k]!;
    runActor[k] = actor[start + k]!;
    keys[k] = (Math.round(runTs[k]! * 1000) - earliest) * m + k;
  }
  keys.sort();
  for (let k = 0; k < m; k++) {
    const from = keys[k]! % m;
    ts[start + k] = runTs[from]!;
    actor[start + k] = runActor[from]!;
  }
  for (let i = start + 1; i < end; i++) {
    const t = ts[i]!;
    const a = actor[i]!;
    let j = i - 1;
    while (j >= start && ts[j] === t && actor[j]! > a) {
      actor[j + 1] = actor[j]!;
      j--;
    }
    actor[j + 1] = a;
  }
  return true;
}

/** Buffers for one run's packed sort, grown to the longest run seen. */
class SortScratch {
  private keysBuffer = new Float64Array(0);
  private tsBuffer = new Float64Array(0);
  private actorBuffer = new Int32Array(0);

  fit(m: number): { keys: Float64Array; runTs: Float64Array; runActor: Int32Array } {
    if (this.keysBuffer.length < m) {
      const size = Math.max(m, this.keysBuffer.length * 2);
      this.keysBuffer = new Float64Array(size);
      this.tsBuffer = new Float64Array(size);
      this.actorBuffer = new Int32Array(size);
    }
    return { keys: this.keysBuffer.subarray(0, m), runTs: this.tsBuffer.subarray(0, m), runActor: this.actorBuffer.subarray(0, m) };
  }
}
