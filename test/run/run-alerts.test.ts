// Alert rule: robust z-score against the recent median, with a minimum history and per-indicator direction.
import { describe, expect, it } from 'vitest';
import { ALERT_DEFAULTS, detectAlerts, median } from '../../src/run/run-alerts.js';
import type { Indicators } from '../../src/schema/run.js';

const day = (overrides: Partial<Indicators> = {}): Indicators => ({
  ringsFlagged: 40,
  accountsFlagged: 400,
  newRings: 5,
  persistingRings: 35,
  dissolvedRings: 4,
  meanRingScore: 0.42,
  p90RingScore: 0.8,
  ...overrides,
});

const history = [38, 41, 40, 43, 39, 40, 42].map((ringsFlagged) => day({ ringsFlagged }));

describe('detectAlerts', () => {
  it('median of odd and even lists', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });

  it('raises nothing with fewer than 5 earlier runs, however big the jump', () => {
    expect(detectAlerts(history.slice(0, 4), day({ ringsFlagged: 400 }))).toEqual([]);
  });

  it('raises nothing for ordinary day-to-day variation', () => {
    expect(detectAlerts(history, day({ ringsFlagged: 44 }))).toEqual([]);
  });

  it('flags a jump of flagged rings far above the median, with the robust z-score', () => {
    // median 40, MAD 1 → scale max(1.4826, 0.1·40 = 4, 1) = 4; z = (60 − 40) / 4 = 5
    const alerts = detectAlerts(history, day({ ringsFlagged: 60 }));
    expect(alerts).toEqual([
      {
        indicator: 'ringsFlagged',
        value: 60,
        baseline: 40,
        score: 5,
        message: 'ringsFlagged 60 is far above its median 40 over the last 7 runs (robust z 5.0, threshold 5)',
      },
    ]);
  });

  it('a drop counts for two-sided indicators but not for one-sided ones', () => {
    expect(detectAlerts(history, day({ ringsFlagged: 10 })).map((a) => a.indicator)).toEqual(['ringsFlagged']);
    const quiet = Array.from({ length: 7 }, () => day({ newRings: 30 }));
    expect(detectAlerts(quiet, day({ newRings: 0 }))).toEqual([]);
    expect(detectAlerts(quiet, day({ newRings: 60 })).map((a) => a.indicator)).toEqual(['newRings']);
  });

  it('a flat history does not turn a one-unit change into an alert', () => {
    const flat = Array.from({ length: 10 }, () => day());
    expect(detectAlerts(flat, day({ ringsFlagged: 41, newRings: 6 }))).toEqual([]);
  });

  it('only the last `window` runs count', () => {
    const old = Array.from({ length: 20 }, () => day({ ringsFlagged: 100 }));
    const recent = Array.from({ length: 14 }, () => day({ ringsFlagged: 40 }));
    expect(detectAlerts([...old, ...recent], day({ ringsFlagged: 100 }), ALERT_DEFAULTS).map((a) => a.indicator)).toEqual(['ringsFlagged']);
  });
});
