// BCa intervals and their p-values: the normal helpers, the plain percentile case, skew correction, and agreement
// between "p < 0.05" and "the 95 % interval excludes 0".
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { acceleration, bcaInterval, bcaPValue, biasCorrection } from '../../src/evaluate/bca-interval.js';
import { log10NormalUpperTail, normalCdf, normalQuantile } from '../../src/evaluate/normal-distribution.js';

describe('normal distribution', () => {
  it('Φ⁻¹(0.975) = 1.959964, Φ(1.959964) = 0.975, Φ⁻¹ inverts Φ across the range', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 6);
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    for (const p of [0.001, 0.02, 0.3, 0.5, 0.8, 0.99]) expect(normalCdf(normalQuantile(p))).toBeCloseTo(p, 6);
  });

  it('log10 P(Z ≥ z) matches 1 − Φ near the centre and stays exact in relative terms far out, where Φ rounds to 1', () => {
    for (const z of [-2, 0, 1.96, 3]) expect(log10NormalUpperTail(z)).toBeCloseTo(Math.log10(1 - normalCdf(z)), 6);
    expect(log10NormalUpperTail(5)).toBeCloseTo(Math.log10(2.866516e-7), 5);
    expect(log10NormalUpperTail(10)).toBeCloseTo(Math.log10(7.619853e-24), 5);
    // φ(z) / z · (1 − 1/z² + 3/z⁴) at z = 200, about 10^−8688.59, far below the smallest double
    expect(log10NormalUpperTail(200)).toBeCloseTo((-(200 * 200) / 2 - Math.log(200 * Math.sqrt(2 * Math.PI)) + Math.log1p(-1 / 200 ** 2 + 3 / 200 ** 4)) / Math.LN10, 5);
  });
});

describe('bcaInterval', () => {
  const draws = Array.from({ length: 1001 }, (_, i) => i / 1000);

  it('with the estimate at the median and no jackknife skew it is the percentile interval', () => {
    const interval = bcaInterval(draws, 0.5, null, 0.95)!;
    expect(interval.low).toBeCloseTo(0.025, 3);
    expect(interval.high).toBeCloseTo(0.975, 3);
  });

  it('an estimate above most draws (median bias) moves the interval up', () => {
    expect(biasCorrection(draws, 0.7)).toBeGreaterThan(0);
    const interval = bcaInterval(draws, 0.7, null, 0.95)!;
    expect(interval.low).toBeGreaterThan(0.025);
    expect(interval.high).toBeGreaterThan(0.975);
  });

  it('a jackknife skewed by one influential cluster gives a non-zero acceleration', () => {
    expect(acceleration([1, 1, 1, 1, 0])).not.toBe(0);
    expect(acceleration([2, 2, 2])).toBe(0);
  });

  it('no draws: no interval and no p-value', () => {
    expect(bcaInterval([], 0, null, 0.95)).toBeNull();
    expect(bcaPValue([], 0, null)).toBeNull();
  });
});

describe('bcaPValue', () => {
  it('all draws at the null value (a strategy against itself): p = 1', () => {
    expect(bcaPValue([0, 0, 0, 0], 0, null)).toBe(1);
  });

  it('every draw above 0: p is the floor 1/(R + 1)', () => {
    expect(bcaPValue(Array.from({ length: 99 }, (_, i) => 1 + i), 50, null)).toBeCloseTo(0.01, 12);
  });

  it('agrees with the interval: p < 0.05 exactly when the 95 % interval excludes 0', () => {
    fc.assert(
      fc.property(fc.array(fc.integer({ min: -20, max: 40 }), { minLength: 40, maxLength: 200 }), fc.integer({ min: -5, max: 20 }), (values, estimate) => {
        const draws = values.map((v) => v / 10);
        const jackknife = values.slice(0, 10).map((v) => v / 100);
        const interval = bcaInterval(draws, estimate / 10, jackknife, 0.95)!;
        const p = bcaPValue(draws, estimate / 10, jackknife)!;
        const excludes = interval.low > 0 || interval.high < 0;
        // away from the boundary itself (bisection tolerance), the two verdicts must agree
        if (Math.abs(p - 0.05) > 1e-6) expect(p < 0.05).toBe(excludes);
      }),
    );
  });
});
