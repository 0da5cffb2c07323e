import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countConfusion, ratesOf } from '../../src/evaluate/binary-metrics.js';
import { sweepThresholds, thresholdsOf } from '../../src/evaluate/threshold-sweep.js';

describe('thresholdsOf', () => {
  it('0.05..0.95 step 0.05 gives 19 clean thresholds', () => {
    const t = thresholdsOf({ from: 0.05, to: 0.95, step: 0.05 });
    expect(t).toHaveLength(19);
    expect(t[2]).toBe(0.15);
    expect(t.at(-1)).toBe(0.95);
  });

  it('a bad range throws', () => {
    expect(() => thresholdsOf({ from: 0.5, to: 0.1, step: 0.1 })).toThrow(/bad sweep/);
    expect(() => thresholdsOf({ from: 0, to: 1, step: 0 })).toThrow(/bad sweep/);
  });
});

describe('sweepThresholds', () => {
  it('risk ≥ t flags; unlabelled count in flagged only; the best F1 row is marked', () => {
    // fraud at 0.9, 0.7; benign at 0.8, 0.2; unlabelled at 0.95
    const rows = sweepThresholds([0.9, 0.7, 0.8, 0.2, 0.95], Int8Array.from([1, 1, 0, 0, -1]), [0.1, 0.5, 0.7, 0.85, 0.99]);
    expect(rows.map((r) => r.threshold)).toEqual([0.1, 0.5, 0.7, 0.85, 0.99]);
    expect(rows.map((r) => r.flagged)).toEqual([5, 4, 4, 2, 0]);
    expect(rows.map((r) => [r.tp, r.fp, r.fn])).toEqual([[2, 2, 0], [2, 1, 0], [2, 1, 0], [1, 0, 1], [0, 0, 2]]);
    expect(rows[4]!.precision).toBeNull();
    // F1: 0.667, 0.8, 0.8, 0.667, 0 → the lowest threshold of the tie (0.5) is best
    expect(rows.map((r) => r.best)).toEqual([false, true, false, false, false]);
  });

  it('no fraud and nothing flagged at any threshold: no row is best', () => {
    const rows = sweepThresholds([0.1, 0.2], Int8Array.from([0, 0]), [0.5, 0.9]);
    expect(rows.every((r) => r.f1 === null && !r.best)).toBe(true);
  });

  it('property: each row equals counting the flag "risk ≥ t" directly', () => {
    const items = fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true }), fc.constantFrom(-1, 0, 1)), { maxLength: 60 });
    fc.assert(
      fc.property(items, (rows) => {
        const score = rows.map((r) => r[0]);
        const label = Int8Array.from(rows.map((r) => r[1]));
        const thresholds = thresholdsOf({ from: 0.05, to: 0.95, step: 0.05 });
        for (const row of sweepThresholds(score, label, thresholds)) {
          const flag = score.map((s): number => (s >= row.threshold ? 1 : 0));
          const counts = countConfusion(label, flag);
          expect([row.tp, row.fp, row.fn]).toEqual([counts.tp, counts.fp, counts.fn]);
          expect(row.flagged).toBe(flag.reduce((a, b) => a + b, 0));
          expect({ precision: row.precision, recall: row.recall, f1: row.f1 }).toEqual(ratesOf(counts));
        }
      }),
    );
  });
});
