// The experiment acceptance checks, smaller than `npm run sim:experiment` (80 simulated experiments per check
// instead of 1,000; the bands are wider to match): A/A rejection of the 5 % test, coverage of a planted effect,
// CUPED's variance cut against the pre/post correlation, and SRM catching a 55/45 split. Seeded: the same figures
// every run, and a broken estimator moves them out of the bands.
import { describe, expect, it } from 'vitest';
import { runAcceptance } from '../../src/experiment/simulate-experiment.js';

describe('experiment acceptance (simulation, 80 experiments per check)', () => {
  it('A/A ≈ 5 %, planted effect covered, CUPED cut ≈ ρ², SRM catches 55/45', () => {
    const f = runAcceptance({ simulations: 80, seed: 101, rings: 600, holdout: 0.1, effect: -0.3, srmRings: 4000 });
    console.log(JSON.stringify(f));
    // 320 tests (4 metrics of 80 experiments): a true 5 % lands in [2.6 %, 7.4 %] 95 % of the time; measured 4.1 %
    // with the randomization reference (the Welch t reference measured 7.5 % here)
    expect(f.aa.rejection).toBeGreaterThan(0.02);
    expect(f.aa.rejection).toBeLessThan(0.08);
    expect(f.coverage.relative).toBeGreaterThan(0.88);
    expect(f.coverage.relative).toBeLessThan(0.995);
    expect(f.coverage.difference).toBeGreaterThan(0.88);
    for (const metric of ['reports', 'repeat_abuse', 'chargebacks']) {
      const c = f.cuped[metric]!;
      const rho2 = 1 - c.oneMinusRhoSquared;
      expect(rho2, metric).toBeGreaterThan(0.3);
      // across 80 experiments the variance of heavy-tailed estimates is itself noisy (the 1,000-run script is the claim)
      expect(Math.abs(1 - c.varianceRatio - rho2) / rho2, metric).toBeLessThan(0.3);
    }
    expect(f.srm.caught).toBeGreaterThanOrEqual(0.95);
    expect(f.srm.falseAlarms).toBeLessThanOrEqual(0.03);
  }, 300_000);
});
