// The generator's experiment outcomes: deterministic from the seed, the planted effect is there, A/A plants none.
import { describe, expect, it } from 'vitest';
import { OUTCOME_DEFAULTS, simulateOutcomes, trueEffects } from '../../src/generate/experiment-outcomes.js';

const units = Array.from({ length: 40_000 }, (_, i) => ({ account: `a${i}`, ring: `r${Math.floor(i / 10)}`, enforced: Math.floor(i / 10) % 2 === 0, fraud: true }));
const mean = (rows: { post: number }[]) => rows.reduce((s, r) => s + r.post, 0) / rows.length;

describe('simulateOutcomes', () => {
  it('one row per account and metric, the same bytes for the same seed', () => {
    const a = simulateOutcomes(units.slice(0, 100), { ...OUTCOME_DEFAULTS, seed: 3 });
    expect(a).toHaveLength(400);
    expect(JSON.stringify(simulateOutcomes(units.slice(0, 100), { ...OUTCOME_DEFAULTS, seed: 3 }))).toBe(JSON.stringify(a));
    expect(JSON.stringify(simulateOutcomes(units.slice(0, 100), { ...OUTCOME_DEFAULTS, seed: 4 }))).not.toBe(JSON.stringify(a));
  });
  it('enforcement cuts reports by the planted 30 % (4,000 rings), and adds the planted appeals', () => {
    const options = { ...OUTCOME_DEFAULTS, seed: 1, effect: -0.3 };
    const rows = simulateOutcomes(units, options);
    const enforced = new Set(units.filter((u) => u.enforced).map((u) => u.account));
    const of = (metric: string, arm: boolean) => rows.filter((r) => r.metric === metric && enforced.has(r.account) === arm);
    const relative = mean(of('reports', true)) / mean(of('reports', false)) - 1;
    expect(relative).toBeGreaterThan(-0.4);
    expect(relative).toBeLessThan(-0.2);
    const truth = trueEffects(options, 1);
    expect(truth.find((t) => t.metric === 'reports')!.relative).toBe(-0.3);
    expect(mean(of('appeals', true)) - mean(of('appeals', false))).toBeCloseTo(truth.find((t) => t.metric === 'appeals')!.difference, 1);
  });
  it('A/A: the same outcome model on both arms, every planted effect 0', () => {
    const options = { ...OUTCOME_DEFAULTS, seed: 2, aa: true };
    const rows = simulateOutcomes(units, options);
    const enforced = new Set(units.filter((u) => u.enforced).map((u) => u.account));
    const reports = rows.filter((r) => r.metric === 'reports');
    const relative = mean(reports.filter((r) => enforced.has(r.account))) / mean(reports.filter((r) => !enforced.has(r.account))) - 1;
    expect(Math.abs(relative)).toBeLessThan(0.1);
    expect(trueEffects(options, 1).every((t) => t.difference === 0)).toBe(true);
  });
  it('the binary metric’s planted difference accounts for its 0.95 cap (mean rate within 2 % of the simulated one)', () => {
    const options = { ...OUTCOME_DEFAULTS, seed: 5, aa: true };
    const rows = simulateOutcomes(units, options).filter((r) => r.metric === 'repeat_abuse');
    const simulated = rows.reduce((s, r) => s + r.pre, 0) / rows.length;
    const planted = trueEffects({ ...options, aa: false, effect: -1 + 1e-9 }, 1).find((t) => t.metric === 'repeat_abuse')!.difference;
    expect(Math.abs(-planted - simulated) / simulated).toBeLessThan(0.05);
  });
});
