// Review sampling and the stratified precision estimator: allocation rules, determinism, and interval coverage over
// repeated samples from a known population of flagged accounts.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/rng.js';
import { buildReviewFile } from '../../src/evaluate/build-review-file.js';
import { formatPrecisionEstimate } from '../../src/evaluate/format-review-estimate.js';
import { estimateReviewedPrecision, wilsonInterval } from '../../src/evaluate/review-estimate.js';
import { ReviewFileSchema, type ReviewEvidence, type ReviewFile } from '../../src/evaluate/review-file-schema.js';
import { allocateSample, cutPoints, drawReviewSample, type ReviewCandidate } from '../../src/evaluate/review-sample.js';

const noEvidence: ReviewEvidence = { ring: null, ringScore: null, ringSize: null, role: null, reasons: [], ringReasons: [], sharedIdentifiers: [], closestMembers: [] };

interface Flagged extends ReviewCandidate {
  isFraud: boolean;
}

/** A known population: risk uniform in [0.5, 1), fraud more likely at higher risk (precision by band from `low` to `high`). */
function flaggedPopulation(size: number, seed: number, low: number, high: number): Flagged[] {
  const rng = createRng(seed);
  return Array.from({ length: size }, (_, i) => {
    const risk = Math.round((0.5 + 0.5 * rng()) * 1000) / 1000;
    return { account: `acct${i}`, risk, isFraud: rng() < low + (high - low) * ((risk - 0.5) / 0.5) };
  });
}

/** The reviewers, simulated: every verdict taken from the known truth. */
function review(file: ReviewFile, truth: Map<string, boolean>): ReviewFile {
  return { ...file, items: file.items.map((item) => ({ ...item, verdict: truth.get(item.account) ? 'fraud' : 'benign' })) };
}

const settings = (seed: number) => ({ seed, requested: 200, minPerStratum: 10 });

describe('allocateSample', () => {
  it('floors of 10, then the other 160 in proportion to 990, 490, 390, 90 (largest remainder)', () => {
    expect(allocateSample([1000, 500, 400, 100], 200, 10)).toEqual([91, 50, 42, 17]);
  });

  it('a band smaller than its floor is reviewed whole; the sum is always n', () => {
    const sizes = allocateSample([3, 1000, 1000], 100, 10);
    expect(sizes[0]).toBe(3);
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(100);
  });

  it('n at or above the population reviews everyone; floors above n are spread evenly', () => {
    expect(allocateSample([5, 6], 20, 10)).toEqual([5, 6]);
    expect(allocateSample([50, 50, 50], 7, 10)).toEqual([3, 2, 2]);
  });
});

describe('drawReviewSample', () => {
  const population = flaggedPopulation(2000, 1, 0.6, 0.95);

  it('four score bands at the risk quartiles, n picks without repeats, the same for the same seed in any input order', () => {
    const draw = drawReviewSample(population, { n: 200, seed: 4 });
    expect(draw.strata).toHaveLength(4);
    expect(draw.strata.reduce((sum, s) => sum + s.population, 0)).toBe(2000);
    expect(draw.picks).toHaveLength(200);
    expect(new Set(draw.picks.map((p) => p.candidate.account)).size).toBe(200);
    for (const pick of draw.picks) {
      const band = draw.strata[pick.stratum - 1]!;
      expect(pick.candidate.risk).toBeGreaterThanOrEqual(band.riskFrom);
      expect(pick.candidate.risk).toBeLessThanOrEqual(band.riskTo);
    }
    const shuffled = drawReviewSample([...population].reverse(), { n: 200, seed: 4 });
    expect(shuffled.picks.map((p) => p.candidate.account)).toEqual(draw.picks.map((p) => p.candidate.account));
    const other = drawReviewSample(population, { n: 200, seed: 5 });
    expect(other.picks.map((p) => p.candidate.account)).not.toEqual(draw.picks.map((p) => p.candidate.account));
  });

  it('ties are never split across bands: 300 accounts at one risk make a single band', () => {
    const tied = Array.from({ length: 300 }, (_, i) => ({ account: `t${i}`, risk: 0.7 }));
    expect(cutPoints([0.7, 0.7, 0.7], 4)).toEqual([]);
    expect(drawReviewSample(tied, { n: 20 }).strata).toEqual([{ stratum: 1, riskFrom: 0.7, riskTo: 0.7, population: 300, sampled: 20 }]);
  });

  it('rejects an empty flagged set and duplicate accounts', () => {
    expect(() => drawReviewSample([], {})).toThrow(/nothing to review/);
    expect(() => drawReviewSample([{ account: 'a', risk: 1 }, { account: 'a', risk: 0.5 }], {})).toThrow(/twice/);
  });
});

describe('estimateReviewedPrecision', () => {
  const population = flaggedPopulation(3000, 2, 0.6, 0.95);
  const truth = new Map(population.map((c) => [c.account, c.isFraud]));

  it('weights bands by their size: a file that parses, an estimate near the truth, blanks and unsure left out', () => {
    const draw = drawReviewSample(population, { n: 200, seed: 1 });
    const file = ReviewFileSchema.parse(buildReviewFile('run-1', draw, () => noEvidence, settings(1)));
    expect(file.items.every((item) => item.verdict === null)).toBe(true);
    const reviewed = review(file, truth);
    reviewed.items[0] = { ...reviewed.items[0]!, verdict: 'unsure' };
    reviewed.items[1] = { ...reviewed.items[1]!, verdict: null };
    const estimate = estimateReviewedPrecision(reviewed);
    expect(estimate.reviewed).toBe(198);
    expect(estimate.notReviewed).toBe(2);
    const truePrecision = population.filter((c) => c.isFraud).length / population.length;
    expect(Math.abs(estimate.precision! - truePrecision)).toBeLessThan(0.08);
    expect(estimate.low!).toBeLessThan(estimate.precision!);
    expect(estimate.high!).toBeGreaterThan(estimate.precision!);
    expect(formatPrecisionEstimate(estimate)).toContain('precision of the flagged set');
  });

  it('reviewing every flagged account gives the exact precision with a zero-width interval', () => {
    const small = population.slice(0, 60);
    const file = review(buildReviewFile('run-1', drawReviewSample(small, { n: 100 }), () => noEvidence, settings(1)), truth);
    const estimate = estimateReviewedPrecision(file);
    const exact = small.filter((c) => c.isFraud).length / small.length;
    expect(estimate.precision).toBeCloseTo(exact, 12);
    expect(estimate.low).toBeCloseTo(exact, 12);
    expect(estimate.high).toBeCloseTo(exact, 12);
  });

  it('a band with no review is reported as uncovered, not silently extrapolated', () => {
    const file = review(buildReviewFile('run-1', drawReviewSample(population, { n: 200 }), () => noEvidence, settings(1)), truth);
    const withoutTop = { ...file, items: file.items.map((item) => (item.stratum === 4 ? { ...item, verdict: null } : item)) };
    const estimate = estimateReviewedPrecision(withoutTop);
    expect(estimate.uncoveredAccounts).toBe(file.strata[3]!.population);
    expect(formatPrecisionEstimate(estimate)).toContain('no review');
  });

  it('Wilson interval: 0 of 10 and 10 of 10 stay inside [0, 1] with non-zero width', () => {
    const zero = wilsonInterval(0, 10, 0.95);
    const all = wilsonInterval(1, 10, 0.95);
    expect(zero.low).toBe(0);
    expect(zero.high).toBeCloseTo(0.2775, 3);
    expect(all.high).toBe(1);
    expect(all.low).toBeCloseTo(0.7225, 3);
  });
});

describe('review estimator coverage (simulation)', () => {
  for (const [name, low, high] of [
    ['moderate precision (≈0.78)', 0.6, 0.95],
    ['high precision (≈0.96)', 0.92, 0.995],
  ] as const) {
    it(`${name}: 95 % intervals cover the true flagged precision in 92–98 % of 1000 samples of 200 reviews`, () => {
      const population = flaggedPopulation(5000, 9, low, high);
      const truth = new Map(population.map((c) => [c.account, c.isFraud]));
      const truePrecision = population.filter((c) => c.isFraud).length / population.length;
      const samples = 1000;
      let covered = 0;
      for (let s = 0; s < samples; s++) {
        const file = review(buildReviewFile('run', drawReviewSample(population, { n: 200, seed: s }), () => noEvidence, settings(s)), truth);
        const estimate = estimateReviewedPrecision(file);
        if (estimate.low! <= truePrecision && truePrecision <= estimate.high!) covered++;
      }
      const coverage = covered / samples;
      console.log(`review-sample coverage, ${name}: ${coverage} (true precision ${truePrecision.toFixed(3)})`);
      expect(coverage).toBeGreaterThanOrEqual(0.92);
      expect(coverage).toBeLessThanOrEqual(0.98);
    });
  }
});
