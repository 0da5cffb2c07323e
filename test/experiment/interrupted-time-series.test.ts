// Interrupted time series: a planted level change is found with its interval; a series without one is not called.
import { describe, expect, it } from 'vitest';
import { createRng } from '../../src/lib/rng.js';
import { interruptedTimeSeries } from '../../src/experiment/interrupted-time-series.js';

function series(seed: number, level: number, slope: number): { run: string; at: string; value: number }[] {
  const rng = createRng(seed);
  return Array.from({ length: 30 }, (_, t) => {
    const after = t >= 15;
    const noise = (rng() + rng() + rng() - 1.5) * 20;
    return { run: `run${t}`, at: new Date(Date.UTC(2026, 0, 1 + t)).toISOString(), value: 800 + 2 * t + (after ? level + slope * (t - 15) : 0) + noise };
  });
}

describe('interruptedTimeSeries', () => {
  it('finds a drop of 150 flagged accounts at the change, with an interval around it', () => {
    const r = interruptedTimeSeries('accountsFlagged', series(1, -150, 0), 15, 0.95);
    expect(r.levelChange.low).toBeLessThan(-150);
    expect(r.levelChange.high).toBeGreaterThan(-150);
    expect(r.levelChange.pValue).toBeLessThan(0.001);
    expect(r.verdict).toMatch(/level fell/);
    expect(r.assumptions.length).toBeGreaterThan(2);
  });
  it('calls no change in most of 200 series without one (5 % test, HAC errors)', () => {
    let called = 0;
    for (let s = 0; s < 200; s++) if (interruptedTimeSeries('accountsFlagged', series(100 + s, 0, 0), 15, 0.95).levelChange.pValue < 0.05) called++;
    // independent noise: the rate should be near 5 %; with the OLS floor on the error it is 5–7 %
    expect(called / 200).toBeLessThan(0.09);
  });
  it('refuses a change with fewer than 2 runs on a side, in words', () => {
    expect(() => interruptedTimeSeries('x', series(1, 0, 0).slice(0, 16), 15, 0.95)).toThrow(/at least 2 runs/);
  });
});
