// Links accounts that act on the same targets within a short window, counted over distinct targets.
// Pairs are only formed inside a sliding window per target; an action with more than maxBurstActors actions
// within the window on either side of it is part of a viral burst and is not paired at all, so one popular post never costs O(fans²) nor links its fans.
// A target that is busy all the time (a login screen, a post trending for weeks) is background: when its
// average window already holds more than maxBackgroundActions actions, co-actions on it are expected by
// chance and it is not paired either. Each (pair, target) is counted once, weighted 1/log2(1 + actions in
// the window): a co-action among few is stronger evidence than one among many.
import type { ActionTable } from '../schema/dataset.js';
import { groupByKey } from '../lib/compact-adjacency.js';
import { GrowableFloat64 } from '../lib/growable-array.js';
import type { PairEdges } from './identifier-edges.js';

export interface SynchronyOptions {
  syncWindowSeconds: number;
  minCoActions: number;
  maxBurstActors: number;
  maxBackgroundActions: number;
  syncWeight: number;
}

export interface SynchronyEdges extends PairEdges {
  /** Actions not paired: in a window with more than maxBurstActors actions, or on a background target. */
  skippedBurstActions: number;
}

const LEVELS = 64; // contribution quantized into the low bits of a pair key

export function buildSynchronyEdges(actions: ActionTable, accountCount: number, options: SynchronyOptions): SynchronyEdges {
  const order = actionsByTargetThenTime(actions);
  const keys = new GrowableFloat64(1024);
  const local = new GrowableFloat64(256);
  let skippedBurstActions = 0;
  const { account, target, tsSec } = actions;
  let start = 0;
  while (start < order.length) {
    const t = target[order[start]!]!;
    let end = start;
    while (end < order.length && target[order[end]!] === t) end++;
    local.length = 0;
    const spanSec = tsSec[order[end - 1]!]! - tsSec[order[start]!]!;
    if (end - start > 2 && ((end - start) * options.syncWindowSeconds) / Math.max(spanSec, options.syncWindowSeconds) > options.maxBackgroundActions) {
      skippedBurstActions += end - start;
      start = end;
      continue;
    }
    let j = start;
    let ahead = start;
    for (let i = start; i < end; i++) {
      const ai = order[i]!;
      const ts = tsSec[ai]!;
      while (ts - tsSec[order[j]!]! > options.syncWindowSeconds) j++;
      if (i === j) continue;
      // The burst test looks both ways, so the leading edge of a viral burst is skipped too.
      if (ahead < i) ahead = i;
      while (ahead + 1 < end && tsSec[order[ahead + 1]!]! - ts <= options.syncWindowSeconds) ahead++;
      const windowCount = ahead - j + 1;
      if (windowCount > options.maxBurstActors) {
        skippedBurstActions++;
        continue;
      }
      const level = Math.max(1, Math.round((LEVELS - 1) / Math.log2(1 + windowCount)));
      const a = account[ai]!;
      for (let k = j; k < i; k++) {
        const b = account[order[k]!]!;
        if (a === b) continue;
        const pair = a < b ? a * accountCount + b : b * accountCount + a;
        local.push(pair * LEVELS + level);
      }
    }
    if (local.length > 0) appendStrongestPerPair(local.view().sort(), keys);
    start = end;
  }
  return { ...collapsePairs(keys.view().sort(), accountCount, options), skippedBurstActions };
}

/** Keys sorted ascending: for each pair keep its last (strongest) level. */
function appendStrongestPerPair(sorted: Float64Array, out: GrowableFloat64): void {
  for (let i = 0; i < sorted.length; i++) {
    const pair = Math.floor(sorted[i]! / LEVELS);
    if (i + 1 < sorted.length && Math.floor(sorted[i + 1]! / LEVELS) === pair) continue;
    out.push(sorted[i]!);
  }
}

function collapsePairs(sorted: Float64Array, accountCount: number, options: SynchronyOptions): PairEdges {
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  const count: number[] = [];
  let i = 0;
  while (i < sorted.length) {
    const pair = Math.floor(sorted[i]! / LEVELS);
    let targets = 0;
    let sum = 0;
    while (i < sorted.length && Math.floor(sorted[i]! / LEVELS) === pair) {
      sum += (sorted[i]! - pair * LEVELS) / (LEVELS - 1);
      targets++;
      i++;
    }
    if (targets < options.minCoActions) continue;
    source.push(Math.floor(pair / accountCount));
    target.push(pair % accountCount);
    weight.push(options.syncWeight * sum);
    count.push(targets);
  }
  return { source: Int32Array.from(source), target: Int32Array.from(target), weight: Float64Array.from(weight), count: Int32Array.from(count) };
}

/** Action indices ordered by target, then time, then account (a counting sort by target, then small sorts). */
function actionsByTargetThenTime(actions: ActionTable): Int32Array {
  const targetCount = actions.targets.length;
  const { offsets, order } = groupByKey(actions.target, targetCount);
  const { tsSec, account } = actions;
  for (let t = 0; t < targetCount; t++) {
    const slice = order.subarray(offsets[t]!, offsets[t + 1]!);
    if (slice.length > 1) slice.sort((x, y) => tsSec[x]! - tsSec[y]! || account[x]! - account[y]! || x - y);
  }
  return order;
}
