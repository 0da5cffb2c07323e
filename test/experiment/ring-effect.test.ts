// estimateRingEffect on small hand-checked cases, analyzeExperiment's bookkeeping, and difference-in-differences.
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/experiment/analyze-experiment.js';
import { differenceInDifferences } from '../../src/experiment/difference-in-differences.js';
import { estimateRingEffect } from '../../src/experiment/ring-effect.js';
import type { AssignmentRow, OutcomeRow } from '../../src/schema/experiment.js';

// rings 0–2 held out, 3–5 enforced; accounts per ring, Σ post, Σ pre
const totals = {
  arm: Uint8Array.from([0, 0, 0, 1, 1, 1]),
  accounts: Float64Array.from([2, 3, 5, 2, 4, 4]),
  post: Float64Array.from([4, 9, 12, 1, 4, 5]),
  pre: Float64Array.from([3, 8, 12, 4, 8, 9]),
};

describe('estimateRingEffect', () => {
  it('unadjusted: the difference of per-account means, Σ post / Σ accounts per arm', () => {
    const r = estimateRingEffect(totals, 0, 0.95);
    // held out 25 / 10 = 2.5, enforced 10 / 10 = 1
    expect(r.means.holdout).toBeCloseTo(2.5, 12);
    expect(r.means.enforce).toBeCloseTo(1, 12);
    expect(r.effect.difference).toBeCloseTo(-1.5, 12);
    expect(r.effect.relative).toBeCloseTo(-0.6, 12);
    expect(r.effect.low).toBeLessThan(-1.5);
    expect(r.effect.high).toBeGreaterThan(-1.5);
  });
  it('θ = 1 is difference-in-differences: (1 − 2.1) − (2.5 − 2.3)', () => {
    const r = estimateRingEffect(totals, 1, 0.95);
    expect(r.effect.difference).toBeCloseTo(1 - 2.1 - (2.5 - 2.3), 12);
  });
  it('CUPED with a pre-period that predicts the post-period narrows the interval', () => {
    const u = estimateRingEffect(totals, 0, 0.95);
    const c = estimateRingEffect(totals, 'fit', 0.95);
    expect(c.theta).toBeGreaterThan(0);
    expect(c.effect.standardError).toBeLessThan(u.effect.standardError);
  });
  it('needs two rings with outcomes in each arm', () => {
    expect(() => estimateRingEffect({ ...totals, arm: Uint8Array.from([0, 1, 1, 1, 1, 1]) }, 0, 0.95)).toThrow(/at least 2 rings/);
  });
});

const assignment: AssignmentRow[] = [
  ...['a1', 'a2'].map((account) => ({ account, ring: 'r1', arm: 'holdout' as const, band: 1, ringScore: 0.9 })),
  ...['b1', 'b2'].map((account) => ({ account, ring: 'r2', arm: 'holdout' as const, band: 1, ringScore: 0.8 })),
  ...['c1', 'c2'].map((account) => ({ account, ring: 'r3', arm: 'enforce' as const, band: 1, ringScore: 0.9 })),
  ...['d1', 'd2'].map((account) => ({ account, ring: 'r4', arm: 'enforce' as const, band: 1, ringScore: 0.7 })),
];
const post: Record<string, number> = { a1: 3, a2: 5, b1: 4, b2: 2, c1: 1, c2: 0, d1: 2, d2: 1 };
const outcomes: OutcomeRow[] = Object.entries(post).flatMap(([account, value]) => [
  { account, metric: 'reports', pre: value + 1, post: value },
  { account, metric: 'appeals', pre: 0, post: account.startsWith('c') || account.startsWith('d') ? 1 : 0 },
]);

describe('analyzeExperiment', () => {
  it('per metric, guardrails marked, SRM on ring counts, and a verdict that names what moved', () => {
    const a = analyzeExperiment(assignment, [...outcomes, { account: 'zz', metric: 'reports', pre: 1, post: 1 }], { design: { run: 'r', holdout: 0.5, seed: 1 }, guardrails: ['appeals'] });
    expect(a.metrics.map((m) => m.metric)).toEqual(['appeals', 'reports']);
    expect(a.metrics[0]!.guardrail).toBe(true);
    expect(a.metrics[1]!.unadjusted.difference).toBeCloseTo(1 - 3.5, 12);
    expect(a.srm.observed).toEqual({ enforce: 2, holdout: 2 });
    expect(a.srm.mismatch).toBe(false);
    expect(a.missing.outcomesOutsideAssignment).toBe(1);
    expect(a.verdict).toMatch(/reports/);
  });
  it('rejects a ring split across arms and duplicate outcome rows, in words', () => {
    const split = assignment.map((row) => (row.account === 'a2' ? { ...row, arm: 'enforce' as const } : row));
    expect(() => analyzeExperiment(split, outcomes, { design: { run: 'r', holdout: 0.5, seed: 1 } })).toThrow(/both arms/);
    expect(() => analyzeExperiment(assignment, [...outcomes, outcomes[0]!], { design: { run: 'r', holdout: 0.5, seed: 1 } })).toThrow(/two outcome rows/);
    expect(() => analyzeExperiment(assignment, outcomes, { design: { run: 'r', holdout: 0.5, seed: 1 }, guardrails: ['nope'] })).toThrow(/guardrail nope/);
  });
  it('a broken split is the verdict: do not trust it', () => {
    const many: AssignmentRow[] = Array.from({ length: 400 }, (_, r) => ({ account: `x${r}`, ring: `q${r}`, arm: r < 260 ? ('enforce' as const) : ('holdout' as const), band: 1, ringScore: 0.5 }));
    const rows: OutcomeRow[] = many.map((row, k) => ({ account: row.account, metric: 'reports', pre: k % 3, post: k % 2 }));
    const a = analyzeExperiment(many, rows, { design: { run: 'r', holdout: 0.5, seed: 1 } });
    expect(a.srm.mismatch).toBe(true);
    expect(a.verdict).toMatch(/^Do not trust this experiment: sample ratio mismatch/);
  });
});

describe('differenceInDifferences', () => {
  it('recovers (treated change) − (comparison change) and states parallel trends', () => {
    const segments = assignment.map((row) => ({ account: row.account, cluster: row.ring, segment: row.arm === 'enforce' ? ('treated' as const) : ('comparison' as const) }));
    const r = differenceInDifferences(segments, outcomes, 0.95);
    const reports = r.metrics.find((m) => m.metric === 'reports')!;
    // every account's post is its pre − 1, in both segments: no differential change
    expect(reports.effect.difference).toBeCloseTo(0, 12);
    expect(r.assumptions[0]).toMatch(/Parallel trends/);
  });
});
