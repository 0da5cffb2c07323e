import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averagePrecision } from '../../src/evaluate/average-precision.js';

describe('averagePrecision', () => {
  it('a perfect ranking gives 1', () => {
    expect(averagePrecision([0.9, 0.8, 0.2, 0.1], Int8Array.from([1, 1, 0, 0]))).toBe(1);
  });

  it('the reversed ranking of 2 fraud under 2 benign gives 5/12', () => {
    // cut after 3 accounts: recall 1/2, precision 1/3; after 4: recall 1, precision 1/2
    // AP = 1/2·1/3 + 1/2·1/2 = 1/6 + 1/4 = 5/12
    expect(averagePrecision([0.9, 0.8, 0.2, 0.1], Int8Array.from([0, 0, 1, 1]))).toBeCloseTo(5 / 12, 12);
  });

  it('all scores tied gives the base rate, whatever the order', () => {
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], Int8Array.from([1, 0, 0, 0]))).toBe(0.25);
    expect(averagePrecision([0.5, 0.5, 0.5, 0.5], Int8Array.from([0, 0, 0, 1]))).toBe(0.25);
  });

  it('a tie between a fraud and a benign account at the top counts as one threshold: 1 fraud, 1 benign tied, then 1 fraud gives 0.5·0.5 + 0.5·2/3', () => {
    expect(averagePrecision([0.9, 0.9, 0.5], Int8Array.from([1, 0, 1]))).toBeCloseTo(0.25 + 1 / 3, 12);
  });

  it('unlabelled accounts are skipped and no fraud gives null', () => {
    expect(averagePrecision([0.99, 0.9, 0.1], Int8Array.from([-1, 1, 0]))).toBe(1);
    expect(averagePrecision([0.9, 0.1], Int8Array.from([0, -1]))).toBeNull();
  });

  it('weight 2 on an account equals listing it twice', () => {
    const weighted = averagePrecision([0.9, 0.6, 0.3], Int8Array.from([0, 1, 1]), [2, 1, 1]);
    expect(weighted).toBeCloseTo(averagePrecision([0.9, 0.9, 0.6, 0.3], Int8Array.from([0, 0, 1, 1]))!, 12);
  });

  it('property: in [0, 1] and independent of input order', () => {
    const rows = fc.array(fc.tuple(fc.constantFrom(0, 0.25, 0.5, 0.75, 1), fc.constantFrom(-1, 0, 1)), { minLength: 1, maxLength: 50 });
    fc.assert(
      fc.property(rows, fc.integer(), (items, seed) => {
        const ap = averagePrecision(items.map((r) => r[0]), Int8Array.from(items.map((r) => r[1])));
        if (!items.some((r) => r[1] === 1)) {
          expect(ap).toBeNull();
          return;
        }
        expect(ap).toBeGreaterThan(0);
        expect(ap).toBeLessThanOrEqual(1);
        const rotated = items.map((_, i) => items[(i + Math.abs(seed)) % items.length]!).reverse();
        expect(averagePrecision(rotated.map((r) => r[0]), Int8Array.from(rotated.map((r) => r[1])))).toBe(ap);
      }),
    );
  });
});
