// estimateRingEffect on small hand-checked cases, analyzeExperiment's bookkeeping, and difference-in-differences.
import { describe, expect, it } from 'vitest';
import { analyzeExperiment } from '../../src/experiment/analyze-experiment.js';
import { differenceInDifferences } from '../../src/experiment/difference-in-differences.js';
import { estimateRingEffect, type RingTotals } from '../../src/experiment/ring-effect.js';
import { Rng } from '../../src/lib/rng.js';
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

/** 100 rings of Pareto-tailed sizes and lognormal rates (heavy-tailed ring totals), `held` of them held out at random. */
function skewedRings(seed: number, held: number, effect = 0): RingTotals {
  const rng = new Rng(seed, 7);
  const n = 100;
  const accounts = Float64Array.from({ length: n }, () => rng.paretoInt(3, 60, 1.5));
  const rate = Float64Array.from({ length: n }, () => rng.lognormal(1, 1));
  const pre = Float64Array.from({ length: n }, (_, c) => rng.poisson(accounts[c]! * rate[c]!));
  const arm = new Uint8Array(n).fill(1);
  for (let k = 0; k < held; ) {
    const c = Math.floor(rng.next() * n);
    if (arm[c] === 1) (arm[c] = 0), k++;
  }
  const post = Float64Array.from({ length: n }, (_, c) => rng.poisson(accounts[c]! * rate[c]! * (arm[c] === 1 ? 1 + effect : 1)));
  return { arm, accounts, post, pre };
}

describe('estimateRingEffect: the randomization reference', () => {
  it('is deterministic from its seed, and its p-value agrees with its interval', () => {
    const totals = skewedRings(1, 15, -0.5);
    const a = estimateRingEffect(totals, 'fit', 0.95, { permutations: 999, seed: 4 });
    const b = estimateRingEffect(totals, 'fit', 0.95, { permutations: 999, seed: 4 });
    expect(a.effect).toEqual(b.effect);
    expect(a.effect.reference).toBe('randomization');
    // the estimate, standard error and θ do not depend on the reference
    const t = estimateRingEffect(totals, 'fit', 0.95);
    expect(t.effect.reference).toBe('t');
    expect(a.effect.difference).toBe(t.effect.difference);
    expect(a.effect.standardError).toBe(t.effect.standardError);
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const e = estimateRingEffect(skewedRings(seed, 15, seed % 2 === 0 ? -0.5 : 0), 'fit', 0.95, { permutations: 999, seed }).effect;
      expect(e.low).toBeLessThan(e.difference);
      expect(e.high).toBeGreaterThan(e.difference);
      expect(e.pValue).toBeGreaterThanOrEqual(2 / 1000);
      // 0 outside the interval ⇔ p < 0.05, up to the quantiles' interpolation
      if (e.pValue < 0.04) expect(e.low > 0 || e.high < 0).toBe(true);
      if (e.pValue > 0.06) expect(e.low <= 0 && e.high >= 0).toBe(true);
      // Fieller's relative interval excludes 0 exactly when the difference's interval does
      expect(e.relativeLow).not.toBeNull();
      expect(e.relativeLow! < e.relative! && e.relative! < e.relativeHigh!).toBe(true);
      expect(e.relativeLow! <= 0 && e.relativeHigh! >= 0).toBe(e.low <= 0 && e.high >= 0);
    }
  });
  it('under a sharp null, re-drawing which 10 of 100 heavy-tailed rings are held out rejects at most 5 % (plus noise)', () => {
    // the ring totals stay fixed and only the assignment is random, exactly what the randomization test conditions on
    const base = skewedRings(11, 10);
    const rng = new Rng(12, 3);
    let rejected = 0;
    let rejectedT = 0;
    const draws = 400;
    for (let d = 0; d < draws; d++) {
      const arm = new Uint8Array(100).fill(1);
      for (let k = 0; k < 10; ) {
        const c = Math.floor(rng.next() * 100);
        if (arm[c] === 1) (arm[c] = 0), k++;
      }
      const totals = { ...base, arm };
      if (estimateRingEffect(totals, 0, 0.95, { permutations: 199, seed: d }).effect.pValue < 0.05) rejected++;
      if (estimateRingEffect(totals, 0, 0.95).effect.pValue < 0.05) rejectedT++;
    }
    // 400 draws: a true 5 % (4.5 % after the (1 + count) / (P + 1) rounding at P = 199) stays below 7.5 % 99 % of the time
    expect(rejected / draws).toBeLessThan(0.075);
    expect(rejected / draws).toBeGreaterThan(0.02);
    console.log(`sharp null, 10 of 100 rings held out: randomization rejects ${rejected}/${draws}, Welch t ${rejectedT}/${draws}`);
  });
  it('falls back to the t reference when the strata allow fewer than 1,000 assignments', () => {
    // 6 rings, 3 held out: C(6, 3) = 20 assignments
    const e = estimateRingEffect(totals, 'fit', 0.95, { permutations: 999, seed: 1 }).effect;
    expect(e.reference).toBe('t');
    // two strata, each wholly in one arm: one possible assignment
    const one = estimateRingEffect({ ...skewedRings(3, 50), stratum: Int32Array.from({ length: 100 }, (_, c) => c) }, 0, 0.95, { permutations: 999, seed: 1 }).effect;
    expect(one.reference).toBe('t');
    expect(one.high - one.low).toBeGreaterThan(0);
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
