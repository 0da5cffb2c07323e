import { describe, expect, it } from 'vitest';
import { countConfusion, ratesOf } from '../../src/evaluate/binary-metrics.js';

describe('countConfusion and ratesOf', () => {
  it('2 of 3 fraud flagged plus 1 benign flagged gives P=2/3, R=2/3, F1=2/3; unlabelled ignored', () => {
    const counts = countConfusion(Int8Array.from([1, 1, 1, 0, 0, -1]), [1, 1, 0, 1, 0, 1]);
    expect(counts).toEqual({ tp: 2, fp: 1, fn: 1, tn: 1 });
    const rates = ratesOf(counts);
    expect(rates.precision).toBeCloseTo(2 / 3, 12);
    expect(rates.recall).toBeCloseTo(2 / 3, 12);
    expect(rates.f1).toBeCloseTo(2 / 3, 12);
  });

  it('nothing flagged gives precision null, recall 0, F1 0', () => {
    expect(ratesOf(countConfusion(Int8Array.from([1, 0]), [0, 0]))).toEqual({ precision: null, recall: 0, f1: 0 });
  });

  it('no fraud labels gives recall null; with nothing flagged F1 is null too', () => {
    expect(ratesOf(countConfusion(Int8Array.from([0, 0]), [1, 0]))).toEqual({ precision: 0, recall: null, f1: 0 });
    expect(ratesOf(countConfusion(Int8Array.from([0, 0]), [0, 0]))).toEqual({ precision: null, recall: null, f1: null });
  });

  it('weights multiply counts', () => {
    expect(countConfusion(Int8Array.from([1, 0]), [1, 1], [3, 2])).toEqual({ tp: 3, fp: 2, fn: 0, tn: 0 });
  });
});
