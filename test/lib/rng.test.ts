import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AliasTable, Categorical, zipfRank } from '../../src/generate/distributions.js';
import { Rng, hashKeys, mix32 } from '../../src/lib/rng.js';

describe('Rng', () => {
  it('same seed and stream give the same sequence; another seed or stream gives another', () => {
    const draw = (seed: number, stream = 0) => {
      const rng = new Rng(seed, stream);
      return Array.from({ length: 20 }, () => rng.nextUint32());
    };
    expect(draw(7)).toEqual(draw(7));
    expect(draw(7)).not.toEqual(draw(8));
    expect(draw(7, 1)).not.toEqual(draw(7, 2));
  });

  it('next() stays in [0, 1) and its mean is near 0.5', () => {
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const rng = new Rng(seed);
        let sum = 0;
        for (let i = 0; i < 2000; i++) {
          const x = rng.next();
          if (x < 0 || x >= 1) return false;
          sum += x;
        }
        return Math.abs(sum / 2000 - 0.5) < 0.05;
      }),
      { numRuns: 50 },
    );
  });

  it('int, intBetween and paretoInt stay inside their bounds', () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 1, max: 50 }), fc.integer({ min: 0, max: 200 }), (seed, lo, span) => {
        const rng = new Rng(seed);
        for (let i = 0; i < 200; i++) {
          const a = rng.int(lo);
          const b = rng.intBetween(lo, lo + span);
          const c = rng.paretoInt(lo, lo + span, 1.2);
          if (a < 0 || a >= lo || b < lo || b > lo + span || c < lo || c > lo + span) return false;
        }
        return true;
      }),
    );
  });

  it('lognormal and poisson have the requested means', () => {
    const rng = new Rng(3);
    let logSum = 0;
    let poissonSmall = 0;
    let poissonLarge = 0;
    const n = 40_000;
    for (let i = 0; i < n; i++) {
      logSum += rng.lognormal(12, 1.1);
      poissonSmall += rng.poisson(2.5);
      poissonLarge += rng.poisson(80);
    }
    expect(logSum / n).toBeGreaterThan(11);
    expect(logSum / n).toBeLessThan(13);
    expect(poissonSmall / n).toBeCloseTo(2.5, 1);
    expect(Math.abs(poissonLarge / n - 80)).toBeLessThan(1);
  });

  it('mix32 is a bijection (no collisions over 200k consecutive keys) and hashKeys depends on every key', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 200_000; i++) seen.add(mix32(i));
    expect(seen.size).toBe(200_000);
    expect(hashKeys(1, 2)).not.toBe(hashKeys(2, 1));
    expect(hashKeys(1, 2 ** 40)).not.toBe(hashKeys(1, 0));
  });
});

describe('samplers', () => {
  it('an alias table draws each index in proportion to its weight', () => {
    const table = new AliasTable([1, 2, 7, 0]);
    const rng = new Rng(11);
    const counts = [0, 0, 0, 0];
    for (let i = 0; i < 50_000; i++) counts[table.sample(rng)]!++;
    expect(counts[3]).toBe(0);
    expect(counts[0]! / 50_000).toBeCloseTo(0.1, 1);
    expect(counts[2]! / 50_000).toBeCloseTo(0.7, 1);
  });

  it('a categorical picker follows its weights', () => {
    const picker = new Categorical([3, 1]);
    const rng = new Rng(5);
    let zeros = 0;
    for (let i = 0; i < 20_000; i++) if (picker.sample(rng) === 0) zeros++;
    expect(zeros / 20_000).toBeCloseTo(0.75, 1);
  });

  it('Zipf ranks have a heavy head and a long tail inside [0, n)', () => {
    const rng = new Rng(2);
    const n = 100_000;
    const counts = new Map<number, number>();
    for (let i = 0; i < 100_000; i++) {
      const r = zipfRank(rng, n, 1);
      counts.set(r, (counts.get(r) ?? 0) + 1);
    }
    expect(Math.min(...counts.keys())).toBeGreaterThanOrEqual(0);
    expect(Math.max(...counts.keys())).toBeLessThan(n);
    // P(rank 0) = ln 2 / ln(n + 1) ≈ 6%; P(rank 100) ≈ 0.09%
    expect(counts.get(0)!).toBeGreaterThan(4000);
    expect(counts.get(0)!).toBeGreaterThan(30 * (counts.get(100) ?? 0));
    expect(counts.size).toBeGreaterThan(10_000); // the tail is long: many distinct ranks
    for (const s of [0.8, 1.1]) expect(zipfRank(new Rng(1), 10, s)).toBeLessThan(10);
  });
});
