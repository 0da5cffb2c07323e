// The cluster-score interval for ratios of cluster counts: never zero width at 0 or 1, clusters count as units,
// and coverage where failures are rare and clustered (the case where the bootstrap gave [1, 1]).
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/rng.js';
import { clusterScoreInterval, wilsonInterval } from '../../src/evaluate/cluster-score-interval.js';

const level = { confidence: 0.95 };

describe('clusterScoreInterval', () => {
  it('40 rings of 20, every account a success: upper bound 1, lower bound well below 1 (not [1, 1])', () => {
    const r = clusterScoreInterval(new Array(40).fill(20), new Array(40).fill(20), level)!;
    expect(r.value).toBe(1);
    expect(r.high).toBe(1);
    expect(r.low).toBeLessThan(0.99);
    expect(r.low).toBeGreaterThan(0.8);
  });
  it('no success at all: [0, something above 0]', () => {
    const r = clusterScoreInterval(new Array(30).fill(0), new Array(30).fill(3), level)!;
    expect(r.low).toBe(0);
    expect(r.high).toBeGreaterThan(0.01);
  });
  it('the same 800 accounts are worth less as 40 rings than as 800 singletons', () => {
    const rings = clusterScoreInterval([...new Array(36).fill(20), ...new Array(4).fill(0)], new Array(40).fill(20), level)!;
    const singles = clusterScoreInterval([...new Array(720).fill(1), ...new Array(80).fill(0)], new Array(800).fill(1), level)!;
    expect(rings.value).toBeCloseTo(singles.value, 12);
    expect(rings.high - rings.low).toBeGreaterThan(3 * (singles.high - singles.low));
    expect(rings.effectiveN).toBeLessThan(60);
  });
  it('with singleton clusters and no pseudo-cluster or df shrink it is the plain Wilson interval', () => {
    const nums = [...new Array(70).fill(1), ...new Array(30).fill(0)];
    const r = clusterScoreInterval(nums, new Array(100).fill(1), { confidence: 0.95, pseudoClusterShare: 0, degreesOfFreedom: false })!;
    const w = wilsonInterval(0.7, 100 * (99 / 100), 0.95);
    // n* = p(1 − p) / V with V carrying the C/(C − 1) factor: 99 rather than 100
    expect(r.low).toBeCloseTo(w.low, 6);
    expect(r.high).toBeCloseTo(w.high, 6);
  });
  it('null when no cluster has a denominator', () => {
    expect(clusterScoreInterval([0, 0], [0, 0], level)).toBeNull();
  });
});

describe('coverage at the boundary (simulation)', () => {
  it('precision ≈ 0.99 from ~40 caught rings and rare flagged households: 92–98 % of 1,000 intervals cover, none of zero width', () => {
    // a population of flagged clusters: fraud rings (size 5–35, a member missed now and then) and benign households
    // (size 2–5) flagged with small probability; each sample draws 45 flagged clusters
    const rng = createRng(17);
    const population: { num: number; den: number }[] = [];
    for (let k = 0; k < 20_000; k++) {
      if (rng() < 0.94) {
        const size = 5 + Math.floor(rng() * 31);
        population.push({ num: size, den: size });
      } else {
        const size = 2 + Math.floor(rng() * 4);
        population.push({ num: 0, den: size });
      }
    }
    const truth = population.reduce((s, c) => s + c.num, 0) / population.reduce((s, c) => s + c.den, 0);
    let covered = 0;
    let zeroWidth = 0;
    let perfect = 0;
    const samples = 1000;
    for (let s = 0; s < samples; s++) {
      const nums: number[] = [];
      const dens: number[] = [];
      for (let k = 0; k < 45; k++) {
        const c = population[Math.floor(rng() * population.length)]!;
        nums.push(c.num);
        dens.push(c.den);
      }
      const r = clusterScoreInterval(nums, dens, level)!;
      if (r.value === 1) perfect++;
      if (r.high - r.low <= 0) zeroWidth++;
      if (r.low <= truth && truth <= r.high) covered++;
    }
    console.log(`cluster-score coverage ${covered / samples} (truth ${truth.toFixed(4)}; ${perfect} samples with no failure)`);
    expect(perfect).toBeGreaterThan(30);
    expect(zeroWidth).toBe(0);
    expect(covered / samples).toBeGreaterThanOrEqual(0.92);
    expect(covered / samples).toBeLessThanOrEqual(0.98);
  });
});
