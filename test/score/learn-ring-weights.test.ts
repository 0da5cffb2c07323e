import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { MAX_EXAMPLE_WEIGHT, PRIOR_STRENGTH, fitRingWeights, pairedAucDifference, rocAuc, type LabelledRing } from '../../src/score/learn-ring-weights.js';
import { EVIDENCE_TERMS, RING_SCORE_WEIGHTS, TERM_SIGNS, type RingScoreWeights } from '../../src/score/ring-score.js';
import { createRng } from '../../src/lib/rng.js';

const zeroPrior = { bias: 0, ...Object.fromEntries(EVIDENCE_TERMS.map((t) => [t, 0])) } as RingScoreWeights;
const logit = (w: RingScoreWeights, terms: number[]) => EVIDENCE_TERMS.reduce((z, t, j) => z + w[t] * terms[j]!, w.bias);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('fitRingWeights', () => {
  it('with no labelled ring stays exactly at the prior', () => {
    expect(fitRingWeights([], RING_SCORE_WEIGHTS)).toEqual(RING_SCORE_WEIGHTS);
  });

  it('recovers a known direction: rings whose fraud share follows a known logistic model give back its weights', () => {
    const truth = { ...zeroPrior, bias: -2, sharing: 1.5, ownTargets: 2, conductance: -1 };
    const random = createRng(11);
    // Enough rings that the prior (PRIOR_STRENGTH labelled members per unit) shrinks the fit by less than 0.05.
    const examples: LabelledRing[] = Array.from({ length: 3000 * PRIOR_STRENGTH }, (_, i) => {
      const terms = EVIDENCE_TERMS.map(() => random() * 2);
      return { terms, fraudShare: sigmoid(logit(truth, terms)), labelled: MAX_EXAMPLE_WEIGHT, fold: i % 5 };
    });
    const fitted = fitRingWeights(examples, zeroPrior);
    for (const key of ['bias', ...EVIDENCE_TERMS] as const) expect(fitted[key]).toBeCloseTo(truth[key], 1);
    // The truth is a fixed point: started from it, the fit does not move.
    expect(fitRingWeights(examples, truth)).toEqual(truth);
  });

  it('on separable data moves the separating term up from the prior and stays finite (the prior regularizes)', () => {
    const s = EVIDENCE_TERMS.indexOf('synchrony');
    const examples: LabelledRing[] = Array.from({ length: 40 }, (_, i) => {
      const terms = EVIDENCE_TERMS.map(() => 0);
      const fraud = i % 2 === 0;
      terms[s] = fraud ? 3 + (i % 7) * 0.1 : (i % 7) * 0.1;
      return { terms, fraudShare: fraud ? 1 : 0, labelled: 3, fold: i % 5 };
    });
    const fitted = fitRingWeights(examples, RING_SCORE_WEIGHTS);
    expect(fitted.synchrony).toBeGreaterThan(RING_SCORE_WEIGHTS.synchrony);
    for (const key of ['bias', ...EVIDENCE_TERMS] as const) expect(Number.isFinite(fitted[key])).toBe(true);
    const scores = examples.map((e) => logit(fitted, e.terms));
    expect(rocAuc(scores, examples.map((e) => e.fraudShare === 1))).toBe(1);
  });

  it('keeps every weight on its sign: evidence that goes with benign rings gets 0, never a negative weight, and conductance never turns positive', () => {
    const random = createRng(5);
    const sharing = EVIDENCE_TERMS.indexOf('sharing');
    const conductance = EVIDENCE_TERMS.indexOf('conductance');
    const examples: LabelledRing[] = Array.from({ length: 400 }, (_, i) => {
      const terms = EVIDENCE_TERMS.map(() => random());
      const fraud = i % 2 === 0;
      // Benign rings share more and lead outside less than fraud rings here: unconstrained, both weights would flip.
      terms[sharing] = fraud ? random() : 2 + random();
      terms[conductance] = fraud ? 0.5 + random() / 2 : random() / 2;
      return { terms, fraudShare: fraud ? 1 : 0, labelled: MAX_EXAMPLE_WEIGHT, fold: i % 5 };
    });
    const fitted = fitRingWeights(examples, zeroPrior);
    expect(fitted.sharing).toBe(0);
    expect(fitted.conductance).toBe(0);
    for (const term of EVIDENCE_TERMS) expect(fitted[term] * TERM_SIGNS[term]).toBeGreaterThanOrEqual(0);
  });

  it('one labelled ring moves the weights only a little from the prior', () => {
    const terms = EVIDENCE_TERMS.map(() => 1);
    const fitted = fitRingWeights([{ terms, fraudShare: 1, labelled: 2, fold: 0 }], RING_SCORE_WEIGHTS);
    for (const key of ['bias', ...EVIDENCE_TERMS] as const) expect(Math.abs(fitted[key] - RING_SCORE_WEIGHTS[key])).toBeLessThan(0.5);
  });

  it('a big ring cannot outvote many small ones: an example weighs at most MAX_EXAMPLE_WEIGHT labelled members', () => {
    const terms = EVIDENCE_TERMS.map((_, j) => j / 3);
    const small = fitRingWeights([{ terms, fraudShare: 0, labelled: MAX_EXAMPLE_WEIGHT, fold: 0 }], RING_SCORE_WEIGHTS);
    const huge = fitRingWeights([{ terms, fraudShare: 0, labelled: 1000, fold: 0 }], RING_SCORE_WEIGHTS);
    expect(huge).toEqual(small);
  });
});

describe('rocAuc', () => {
  it('is 1 for a perfect ranking, 0 for a reversed one and 0.5 when every score ties', () => {
    expect(rocAuc([0.1, 0.2, 0.8, 0.9], [false, false, true, true])).toBe(1);
    expect(rocAuc([0.9, 0.8, 0.2, 0.1], [false, false, true, true])).toBe(0);
    expect(rocAuc([0.5, 0.5, 0.5, 0.5], [false, true, false, true])).toBe(0.5);
  });

  it('counts pairs: scores 0.1, 0.4, 0.35, 0.8 for negatives, negatives, positive, positive give 0.75; a tie counts half', () => {
    expect(rocAuc([0.1, 0.4, 0.35, 0.8], [false, false, true, true])).toBe(0.75);
    expect(rocAuc([0.1, 0.5, 0.5, 0.9], [false, false, true, true])).toBe(0.875);
  });

  it('is in [0, 1], flips to 1 − AUC when the scores are negated, and ignores monotone transforms (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 20 }), fc.boolean()), { minLength: 2, maxLength: 60 }), (rows) => {
        const scores = rows.map((r) => r[0]);
        const positive = rows.map((r) => r[1]);
        const auc = rocAuc(scores, positive);
        if (auc === null) return;
        expect(auc).toBeGreaterThanOrEqual(0);
        expect(auc).toBeLessThanOrEqual(1);
        expect(rocAuc(scores.map((x) => -x), positive)).toBeCloseTo(1 - auc, 6);
        expect(rocAuc(scores.map((x) => Math.exp(x / 3)), positive)).toBe(auc);
      }),
      { numRuns: 200 },
    );
  });

  it('is null without both classes', () => {
    expect(rocAuc([0.1, 0.2], [true, true])).toBeNull();
    expect(rocAuc([0.1, 0.2], [false, false])).toBeNull();
    expect(rocAuc([], [])).toBeNull();
  });
});

describe('pairedAucDifference', () => {
  /** DeLong's components written from the paper's definition, pair by pair (O(P·N)), to check the sorted version. */
  function naiveDelong(a: number[], b: number[], positive: boolean[]) {
    const psi = (x: number, y: number) => (x > y ? 1 : x === y ? 0.5 : 0);
    const pos = positive.flatMap((p, i) => (p ? [i] : []));
    const neg = positive.flatMap((p, i) => (p ? [] : [i]));
    const v10 = (s: number[]) => pos.map((i) => neg.reduce((sum, j) => sum + psi(s[i]!, s[j]!), 0) / neg.length);
    const v01 = (s: number[]) => neg.map((j) => pos.reduce((sum, i) => sum + psi(s[i]!, s[j]!), 0) / pos.length);
    const cov = (x: number[], y: number[]) => {
      const mx = x.reduce((p, q) => p + q, 0) / x.length;
      const my = y.reduce((p, q) => p + q, 0) / y.length;
      return x.reduce((sum, xi, k) => sum + (xi - mx) * (y[k]! - my), 0) / (x.length - 1);
    };
    const [a10, b10, a01, b01] = [v10(a), v10(b), v01(a), v01(b)];
    const variance = (cov(a10, a10) + cov(b10, b10) - 2 * cov(a10, b10)) / pos.length + (cov(a01, a01) + cov(b01, b01) - 2 * cov(a01, b01)) / neg.length;
    return { variance };
  }

  it('matches the pairwise definition, ties included, and its difference is the difference of the two AUCs (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 8 }), fc.integer({ min: 0, max: 8 }), fc.boolean()), { minLength: 4, maxLength: 50 }), (rows) => {
        const a = rows.map((r) => r[0]);
        const b = rows.map((r) => r[1]);
        const positive = rows.map((r) => r[2]);
        const test = pairedAucDifference(a, b, positive);
        if (positive.filter(Boolean).length < 2 || positive.filter((p) => !p).length < 2) {
          expect(test).toBeNull();
          return;
        }
        expect(test!.difference).toBeCloseTo(rocAuc(a, positive)! - rocAuc(b, positive)!, 5);
        expect(test!.standardError ** 2).toBeCloseTo(naiveDelong(a, b, positive).variance, 10);
      }),
    );
  });

  it('a model against itself differs by 0 with no uncertainty; a perfect ranking against a coin is a clear gain', () => {
    const positive = Array.from({ length: 40 }, (_, i) => i % 2 === 0);
    const perfect = positive.map((p, i) => (p ? 1 : 0) + i / 100);
    expect(pairedAucDifference(perfect, perfect, positive)).toEqual({ difference: 0, standardError: 0 });
    const coin = positive.map((_, i) => ((i * 7919) % 13) / 13);
    const gain = pairedAucDifference(perfect, coin, positive)!;
    expect(gain.difference).toBeGreaterThan(0.3);
    expect(gain.difference / gain.standardError).toBeGreaterThan(3);
  });
});
