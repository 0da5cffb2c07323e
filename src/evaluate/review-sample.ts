// Stratified review sample of a run's flagged accounts: strata are score bands (risk quantiles), each gets a floor
// of reviews and the rest goes in proportion to its size; accounts are drawn without replacement with a seeded rng.
// The allocation is documented here and written into the review file, so the estimator can weight it back.
import { z } from 'zod';
import { createRng } from '../lib/rng.js';
import { RingscanError } from '../schema/errors.js';
import { byText } from './ordering.js';

export const REVIEW_SAMPLE_DEFAULTS = {
  n: 200,
  /** Score bands: cut at the risk quantiles 1/strata, 2/strata, … of the flagged accounts (ties never split). */
  strata: 4,
  /** Each band gets at least this many reviews (or all its accounts), so no band's precision goes unmeasured. */
  minPerStratum: 10,
  seed: 1,
};

export const ReviewSampleOptionsSchema = z
  .object({
    n: z.number().int().min(1).default(REVIEW_SAMPLE_DEFAULTS.n),
    strata: z.number().int().min(1).max(20).default(REVIEW_SAMPLE_DEFAULTS.strata),
    minPerStratum: z.number().int().min(0).default(REVIEW_SAMPLE_DEFAULTS.minPerStratum),
    seed: z.number().int().default(REVIEW_SAMPLE_DEFAULTS.seed),
  })
  .strict();
export type ReviewSampleOptionsInput = z.input<typeof ReviewSampleOptionsSchema>;

export interface ReviewCandidate {
  account: string;
  risk: number;
}

export interface StratumPlan {
  /** 1 is the lowest score band. */
  stratum: number;
  riskFrom: number;
  riskTo: number;
  population: number;
  sampled: number;
}

export interface ReviewDraw<T extends ReviewCandidate> {
  strata: StratumPlan[];
  /** Drawn accounts, highest band first, then by account id. */
  picks: { candidate: T; stratum: number }[];
}

/** Band of each risk: the number of cut points at or below it, cut points being distinct risk quantiles. */
export function cutPoints(sortedRisks: readonly number[], strata: number): number[] {
  const cuts = new Set<number>();
  for (let h = 1; h < strata; h++) {
    const cut = sortedRisks[Math.floor((h * sortedRisks.length) / strata)];
    // a cut at the minimum would leave the first band empty
    if (cut !== undefined && cut > sortedRisks[0]!) cuts.add(cut);
  }
  return [...cuts].sort((a, b) => a - b);
}

/**
 * Sample sizes per stratum: min(N_h, floor) each, the rest in proportion to the accounts left in each stratum
 * (largest remainder, ties to the lower stratum), never more than N_h. When the floors alone exceed n, n is split
 * as evenly as the strata allow. n ≥ ΣN_h reviews everything.
 */
export function allocateSample(populations: readonly number[], n: number, minPerStratum: number): number[] {
  const total = populations.reduce((sum, size) => sum + size, 0);
  if (n >= total) return [...populations];
  const floors = populations.map((size) => Math.min(size, minPerStratum));
  if (floors.reduce((sum, f) => sum + f, 0) > n) return spreadEvenly(populations, n);
  const sizes = [...floors];
  const rest = n - floors.reduce((sum, f) => sum + f, 0);
  const room = populations.map((size, h) => size - floors[h]!);
  const roomTotal = room.reduce((sum, r) => sum + r, 0);
  const quotas = room.map((r) => (roomTotal > 0 ? (rest * r) / roomTotal : 0));
  let given = 0;
  quotas.forEach((quota, h) => {
    sizes[h]! += Math.floor(quota);
    given += Math.floor(quota);
  });
  const order = quotas.map((quota, h) => ({ h, fraction: quota - Math.floor(quota) })).sort((a, b) => b.fraction - a.fraction || a.h - b.h);
  for (const { h } of order) {
    if (given >= rest) break;
    if (sizes[h]! < populations[h]!) {
      sizes[h]!++;
      given++;
    }
  }
  return sizes;
}

function spreadEvenly(populations: readonly number[], n: number): number[] {
  const sizes = populations.map(() => 0);
  let left = n;
  while (left > 0) {
    let moved = false;
    for (let h = 0; h < populations.length && left > 0; h++) {
      if (sizes[h]! < populations[h]!) {
        sizes[h]!++;
        left--;
        moved = true;
      }
    }
    if (!moved) break;
  }
  return sizes;
}

/** Pure: the same candidates (in any order), options and seed give the same sample. */
export function drawReviewSample<T extends ReviewCandidate>(candidates: readonly T[], options: ReviewSampleOptionsInput = {}): ReviewDraw<T> {
  const settings = ReviewSampleOptionsSchema.parse(options);
  if (candidates.length === 0) throw new RingscanError('BAD_USAGE', 'the run flagged no accounts: there is nothing to review');
  const seen = new Set<string>();
  for (const c of candidates) {
    if (seen.has(c.account)) throw new RingscanError('BAD_USAGE', `account ${c.account} is listed twice`);
    seen.add(c.account);
  }
  const sorted = [...candidates].sort((a, b) => a.risk - b.risk || byText(a.account, b.account));
  const cuts = cutPoints(
    sorted.map((c) => c.risk),
    settings.strata,
  );
  const members: T[][] = Array.from({ length: cuts.length + 1 }, () => []);
  for (const candidate of sorted) {
    let band = 0;
    while (band < cuts.length && candidate.risk >= cuts[band]!) band++;
    members[band]!.push(candidate);
  }
  const sizes = allocateSample(
    members.map((m) => m.length),
    settings.n,
    settings.minPerStratum,
  );
  const rng = createRng(settings.seed);
  const picks: { candidate: T; stratum: number }[] = [];
  const strata: StratumPlan[] = members.map((group, h) => {
    // members are in (risk, id) order, so the draw does not depend on input order
    const pool = [...group];
    const take = sizes[h]!;
    for (let k = 0; k < take; k++) {
      const j = k + Math.floor(rng() * (pool.length - k));
      [pool[k], pool[j]] = [pool[j]!, pool[k]!];
      picks.push({ candidate: pool[k]!, stratum: h + 1 });
    }
    return { stratum: h + 1, riskFrom: group[0]!.risk, riskTo: group[group.length - 1]!.risk, population: group.length, sampled: take };
  });
  picks.sort((a, b) => b.stratum - a.stratum || byText(a.candidate.account, b.candidate.account));
  return { strata, picks };
}
