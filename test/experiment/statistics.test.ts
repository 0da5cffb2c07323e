// The small statistical pieces, each against values worked out by hand or from published tables.
import { describe, expect, it } from 'vitest';
import { studentTCdf, studentTQuantile } from '../../src/evaluate/student-t.js';
import { adjustPValues } from '../../src/experiment/multiple-testing.js';
import { checkSampleRatio } from '../../src/experiment/srm-check.js';
import { designEffect, holdoutPower } from '../../src/experiment/holdout-power.js';

describe('Student t', () => {
  it('matches table quantiles (t_{0.975}: 12.706 at 1 df, 2.571 at 5, 2.228 at 10, 2.042 at 30)', () => {
    expect(studentTQuantile(0.975, 1)).toBeCloseTo(12.7062, 3);
    expect(studentTQuantile(0.975, 5)).toBeCloseTo(2.5706, 3);
    expect(studentTQuantile(0.975, 10)).toBeCloseTo(2.2281, 3);
    expect(studentTQuantile(0.975, 30)).toBeCloseTo(2.0423, 3);
    expect(studentTQuantile(0.995, 8)).toBeCloseTo(3.3554, 3);
  });
  it('the CDF is symmetric and 0.5 at 0', () => {
    expect(studentTCdf(0, 7)).toBeCloseTo(0.5, 12);
    expect(studentTCdf(1.3, 4) + studentTCdf(-1.3, 4)).toBeCloseTo(1, 12);
  });
});

describe('many-metrics corrections', () => {
  const p = [0.01, 0.04, 0.03, 0.2];
  it('Holm: sorted p times (m − rank), running maximum, in input order', () => {
    // sorted 0.01, 0.03, 0.04, 0.2 → 0.04, 0.09, 0.09 (max with 0.08), 0.2
    expect(adjustPValues(p, 'holm').map((x) => +x.toFixed(6))).toEqual([0.04, 0.09, 0.09, 0.2]);
  });
  it('Benjamini–Hochberg: m p / rank, running minimum from the top', () => {
    // sorted 0.01, 0.03, 0.04, 0.2 → 0.04, 0.06→0.0533, 0.0533, 0.2
    expect(adjustPValues(p, 'bh').map((x) => +x.toFixed(4))).toEqual([0.04, 0.0533, 0.0533, 0.2]);
  });
});

describe('sample-ratio mismatch', () => {
  it('550 / 450 rings where 50/50 was designed: χ² = 10, p ≈ 0.0016 (no alarm at 0.001); 1100 / 900: χ² = 20, alarm', () => {
    const moderate = checkSampleRatio({ enforce: 550, holdout: 450 }, 0.5);
    expect(moderate.chiSquare).toBeCloseTo(10, 9);
    expect(moderate.pValue).toBeCloseTo(0.001565, 5);
    expect(moderate.mismatch).toBe(false);
    expect(checkSampleRatio({ enforce: 1100, holdout: 900 }, 0.5).mismatch).toBe(true);
  });
  it('exactly the designed 90/10 split passes with p = 1', () => {
    const ok = checkSampleRatio({ enforce: 900, holdout: 100 }, 0.1);
    expect(ok.chiSquare).toBeCloseTo(0, 12);
    expect(ok.pValue).toBeCloseTo(1, 6);
  });
});

describe('holdout power', () => {
  it('design effect of equal rings is 1 + (m − 1) ICC; unequal sizes raise it', () => {
    expect(designEffect(20, 0, 0.05)).toBeCloseTo(1.95, 12);
    expect(designEffect(20, 1, 0.05)).toBeGreaterThan(designEffect(20, 0, 0.05));
  });
  it('MDE and sample size invert each other', () => {
    const base = { baselineMean: 2, standardDeviation: 3, rings: 1000, meanRingSize: 10, ringSizeCv: 0.5, icc: 0.1, holdout: 0.1, alpha: 0.05, power: 0.8, preCorrelation: 0 };
    const mde = holdoutPower(base);
    // (1.96 + 0.8416)² · 9 · (1 + (1.25 · 10 − 1) · 0.1) / (10 000 · 0.1 · 0.9) → MDE = 2.8016 · √(9 · 2.15 / 900)
    expect(mde.minimumDetectableEffect!).toBeCloseTo(2.8016 * Math.sqrt((9 * 2.15) / 900), 3);
    const back = holdoutPower({ ...base, targetEffect: mde.minimumDetectableEffect! });
    expect(back.ringsNeeded).toBeGreaterThanOrEqual(1000);
    expect(back.ringsNeeded).toBeLessThanOrEqual(1001);
    expect(holdoutPower({ ...base, preCorrelation: 0.6 }).minimumDetectableEffect!).toBeCloseTo(mde.minimumDetectableEffect! * 0.8, 9);
  });
});
