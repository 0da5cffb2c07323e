// Links accounts that act on the same quiet targets, whenever they act: a sockpuppet group working a few
// low-traffic pages, a card ring buying the same few products. Time-free, so coordination minutes to days apart
// counts as much as coordination within seconds; judged like shared identifiers, against what the data's own
// account–target graph gives two accounts by chance.
//
// A target counts when it has at least two distinct actors and at most maxTargetActors (a popular post says nothing
// about who else likes it). The cap comes from a pair budget: the largest actor count such that listing every pair
// of every target up to it stays within coTargetPairBudgetPerAccount pairs per account. Under a configuration null, accounts
// a and b, on d_a and d_b such targets, share by chance d_a · d_b · Σ_t d_t (d_t − 1) / D² of them (D = Σ_t d_t);
// a pair is linked when its shared targets are that surprising with fewer than maxChancePairs such pairs expected
// among the pairs that share one.
import { sortWholeNumbers } from '../lib/radix-sort.js';
import type { PairEdges } from './identifier-edges.js';
import { poissonPointSurprise, poissonTailSurprise } from './registration-bursts.js';
import { forEachPair, LEVELS } from './pair-level-keys.js';

export interface CoTargetOptions {
  /** Pairs listed per account at most: bounds the actor count of a target that is still quiet. */
  coTargetPairBudgetPerAccount: number;
  /** A pair is linked when fewer than this many pairs as surprising are expected by chance. */
  maxChancePairs: number;
  /** Weight of one shared target of two actors (a target of d actors weighs 1 / (d − 1) of it). */
  syncWeight: number;
}

/** Actions grouped by target: target t's actors are actor[offsets[t] .. offsets[t + 1]) (repeats allowed). */
export interface ActorsByTarget {
  offsets: Int32Array;
  actor: Int32Array;
}

export interface CoTargetEdges extends PairEdges {
  /** The largest distinct-actor count of a target that was paired. */
  maxTargetActors: number;
  /** Pairs that shared at least one quiet target: the tests made. */
  pairsTested: number;
}


export function buildCoTargetEdges({ offsets, actor }: ActorsByTarget, accountCount: number, options: CoTargetOptions): CoTargetEdges {
  const targetCount = offsets.length - 1;
  const distinct = distinctActors(offsets, actor, accountCount);
  const maxTargetActors = quietCap(distinct.count, options.coTargetPairBudgetPerAccount * accountCount);
  const quietTargetsOf = new Float64Array(accountCount);
  let incidences = 0;
  let sameTargetPairs = 0;
  for (let t = 0; t < targetCount; t++) {
    const d = distinct.count[t]!;
    if (d < 2 || d > maxTargetActors) continue;
    for (let k = distinct.offsets[t]!; k < distinct.offsets[t]! + d; k++) quietTargetsOf[distinct.actor[k]!]!++;
    incidences += d;
    sameTargetPairs += d * (d - 1);
  }
  const sorted = new Float64Array(sameTargetPairs / 2);
  let listed = 0;
  for (let t = 0; t < targetCount; t++) {
    const d = distinct.count[t]!;
    if (d < 2 || d > maxTargetActors) continue;
    const from = distinct.offsets[t]!;
    const level = Math.max(1, Math.round((LEVELS - 1) / (d - 1)));
    for (let i = from; i < from + d; i++) {
      const a = distinct.actor[i]!;
      for (let j = i + 1; j < from + d; j++) {
        const b = distinct.actor[j]!;
        sorted[listed++] = (a < b ? a * accountCount + b : b * accountCount + a) * LEVELS + level;
      }
    }
  }
  sortWholeNumbers(sorted);
  // The family is the pairs that met on a quiet target, as in the synchrony pair test. Counting every pair of accounts
  // on quiet targets instead (the strict family-wise bound) gave no benign account a tie at 100,000 accounts but a
  // quarter fewer ties inside rings and lower F1 on 12 of 14 variants (the other two unchanged); this family gives about
  // ten benign accounts a tie.
  let pairsTested = 0;
  forEachPair(sorted, accountCount, () => pairsTested++);
  const minSurprise = Math.log10(pairsTested / options.maxChancePairs);
  const chancePerPair = incidences > 0 ? sameTargetPairs / (incidences * incidences) : 0;
  const source: number[] = [];
  const target: number[] = [];
  const weight: number[] = [];
  const count: number[] = [];
  forEachPair(sorted, accountCount, (a, b, shared, sum) => {
    const chance = quietTargetsOf[a]! * quietTargetsOf[b]! * chancePerPair;
    // the point probability bounds the tail: most pairs fail that cheaper test
    if (poissonPointSurprise(shared, chance) < minSurprise || poissonTailSurprise(shared, chance) < minSurprise) return;
    source.push(a);
    target.push(b);
    weight.push(options.syncWeight * sum);
    count.push(shared);
  });
  return {
    source: Int32Array.from(source),
    target: Int32Array.from(target),
    weight: Float64Array.from(weight),
    count: Int32Array.from(count),
    maxTargetActors,
    pairsTested,
  };
}

/**
 * Each target's distinct actors, in first-action order: actor[offsets[t] .. offsets[t] + count[t]). One pass with a
 * last-seen mark per account, no sort.
 */
function distinctActors(offsets: Int32Array, actor: Int32Array, accountCount: number): { offsets: Int32Array; actor: Int32Array; count: Int32Array } {
  const targetCount = offsets.length - 1;
  const out = new Int32Array(actor.length);
  const count = new Int32Array(targetCount);
  const lastSeen = new Int32Array(accountCount).fill(-1);
  for (let t = 0; t < targetCount; t++) {
    let d = offsets[t]!;
    for (let k = offsets[t]!; k < offsets[t + 1]!; k++) {
      const a = actor[k]!;
      if (lastSeen[a] === t) continue;
      lastSeen[a] = t;
      out[d++] = a;
    }
    count[t] = d - offsets[t]!;
  }
  return { offsets, actor: out, count };
}

/** The largest distinct-actor count whose targets, with every smaller one, list at most `budget` pairs (1 when even pairs do not fit). */
function quietCap(count: Int32Array, budget: number): number {
  let maxCount = 0;
  for (const d of count) maxCount = Math.max(maxCount, d);
  const byCount = new Float64Array(maxCount + 1);
  for (const d of count) byCount[d]!++;
  let pairs = 0;
  let cap = 1; // none
  for (let d = 2; d <= maxCount; d++) {
    if (byCount[d] === 0) continue;
    pairs += (byCount[d]! * d * (d - 1)) / 2;
    if (pairs > budget) break;
    cap = d;
  }
  return cap;
}
