import { describe, expect, it } from 'vitest';
import { binomialTailSurprise, buildCreationTimeline, creationBurst } from '../../src/graph/creation-burst.js';

const HOUR = 3_600_000;

describe('creation burst', () => {
  it('computes the binomial tail exactly on a small case', () => {
    // P(X ≥ 2) for Binomial(3, 0.5) = 0.5
    expect(binomialTailSurprise(3, 2, 0.5)).toBeCloseTo(-Math.log10(0.5), 9);
    expect(binomialTailSurprise(10, 1, 0.5)).toBe(0); // not above expectation
  });

  it('finds 19 of 27 created within 3 hours and calls it surprising against a spread-out population', () => {
    const population = Float64Array.from({ length: 10_000 }, (_, i) => i * 3 * HOUR);
    const timeline = buildCreationTimeline(population);
    const members = [...Array.from({ length: 19 }, (_, i) => 5000 * HOUR + i * 6 * 60_000), ...Array.from({ length: 8 }, (_, i) => i * 1000 * HOUR + 500 * HOUR)];
    const burst = creationBurst(members, timeline, [3, 24]);
    expect(burst.count).toBe(19);
    expect(burst.windowHours).toBe(3);
    expect(burst.surprise).toBeGreaterThan(20);
  });

  it('is not surprised when the whole population signed up in the same window (a launch day)', () => {
    const population = Float64Array.from({ length: 1000 }, (_, i) => (i % 2 === 0 ? 100 * HOUR + i : i * 10 * HOUR));
    const members = Array.from({ length: 10 }, (_, i) => 100 * HOUR + i * 1000);
    const burst = creationBurst(members, buildCreationTimeline(population), [3]);
    expect(burst.surprise).toBeLessThan(4);
  });

  it('ignores accounts with unknown creation time', () => {
    const burst = creationBurst([NaN, NaN, 5], buildCreationTimeline(Float64Array.from([1, 2, 3])), [3]);
    expect(burst.count).toBe(0);
  });
});
