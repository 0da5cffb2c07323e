// Weighted ranking metrics: without weights they equal average-precision.ts; with cluster multiplicities they equal
// the unweighted metric on the data with each cluster repeated that many times.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { averagePrecision } from '../../src/evaluate/average-precision.js';
import { buildRiskRanking, precisionAtK, weightedAveragePrecision, type RankingTotals } from '../../src/evaluate/risk-ranking.js';

function totalsOf(label: Int8Array, weight: (i: number) => number): RankingTotals {
  const totals = { accounts: 0, labelled: 0, fraud: 0 };
  label.forEach((l, i) => {
    const w = weight(i);
    totals.accounts += w;
    if (l !== -1) totals.labelled += w;
    if (l === 1) totals.fraud += w;
  });
  return totals;
}

const rows = fc.array(
  fc.record({ risk: fc.constantFrom(0, 0.2, 0.5, 0.5, 0.8, 0.9), label: fc.constantFrom(-1, 0, 1), cluster: fc.integer({ min: 0, max: 5 }) }),
  { minLength: 1, maxLength: 40 },
);

describe('weightedAveragePrecision', () => {
  it('equals averagePrecision without weights (ties and risk-0 accounts included)', () => {
    fc.assert(
      fc.property(rows, (data) => {
        const risk = Float64Array.from(data.map((d) => d.risk));
        const label = Int8Array.from(data.map((d) => d.label));
        const ranking = buildRiskRanking(risk, label, Int32Array.from(data, (_, i) => i));
        const expected = averagePrecision(risk, label);
        const actual = weightedAveragePrecision(ranking, totalsOf(label, () => 1), null);
        if (expected === null) expect(actual).toBeNull();
        else expect(actual).toBeCloseTo(expected, 12);
      }),
    );
  });

  it('with cluster multiplicities equals averagePrecision with per-account weights', () => {
    fc.assert(
      fc.property(rows, fc.array(fc.integer({ min: 0, max: 3 }), { minLength: 6, maxLength: 6 }), (data, counts) => {
        const risk = Float64Array.from(data.map((d) => d.risk));
        const label = Int8Array.from(data.map((d) => d.label));
        const clusterOf = Int32Array.from(data.map((d) => d.cluster));
        const m = Int32Array.from(counts);
        const ranking = buildRiskRanking(risk, label, clusterOf);
        const weights = Float64Array.from(data.map((d) => m[d.cluster]!));
        const expected = averagePrecision(risk, label, weights);
        const actual = weightedAveragePrecision(ranking, totalsOf(label, (i) => weights[i]!), m);
        if (expected === null) expect(actual).toBeNull();
        else expect(actual).toBeCloseTo(expected, 12);
      }),
    );
  });
});

describe('precisionAtK', () => {
  const risk = Float64Array.from([0.9, 0.8, 0.8, 0.3, 0, 0]);
  const label = Int8Array.from([1, 1, 0, -1, 1, 0]);
  const ranking = buildRiskRanking(risk, label, Int32Array.from([0, 1, 2, 3, 4, 5]));
  const totals = totalsOf(label, () => 1);

  it('K = 1 takes the riskiest account (fraud): 1', () => {
    expect(precisionAtK(ranking, 1, totals, null)).toBe(1);
  });

  it('K = 2 takes half of the tied pair at 0.8 (one fraud, one benign): 1.5 / 2', () => {
    expect(precisionAtK(ranking, 2, totals, null)).toBeCloseTo(0.75, 12);
  });

  it('K = 4 includes an unlabelled account, which uses budget but not precision: 2 / 3', () => {
    expect(precisionAtK(ranking, 4, totals, null)).toBeCloseTo(2 / 3, 12);
  });

  it('K = 6 reaches into the risk-0 group: all labelled accounts, 3 / 5', () => {
    expect(precisionAtK(ranking, 6, totals, null)).toBeCloseTo(3 / 5, 12);
  });

  it('a cluster drawn twice counts twice: account 0 ×2 fills K = 2 with fraud', () => {
    const m = Int32Array.from([2, 1, 1, 1, 1, 1]);
    expect(precisionAtK(ranking, 2, totalsOf(label, (i) => m[i]!), m)).toBe(1);
  });
});
