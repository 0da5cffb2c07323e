import { describe, expect, it } from 'vitest';
import { CROSS_FIT_FOLDS, scoreRings } from '../../src/score/score-rings.js';
import { fitRingWeights, type LabelledRing } from '../../src/score/learn-ring-weights.js';
import { EVIDENCE_TERMS, RING_SCORE_WEIGHTS, evidenceTerms, scoreRing, type RingScoreWeights } from '../../src/score/ring-score.js';
import type { RingMeasurements } from '../../src/score/ring-features.js';
import { createRng } from '../../src/lib/rng.js';
import { resolveConfig } from '../../src/schema/config.js';
import type { LabelTable } from '../../src/schema/dataset.js';
import { ringFeatures } from '../helpers/ring-features.js';

const config = resolveConfig({});
const RING_SIZE = 4;

interface Scenario {
  measured: RingMeasurements[];
  rings: Int32Array[];
  keys: string[];
  labels: LabelTable;
}

/**
 * `fraud` rings with many own targets, `benign` rings with few or none, `unlabelled` rings of either kind;
 * fraud rings' first two members labelled fraud, benign rings' first member labelled benign (the rest unknown).
 * Here the evidence that separates them is what they share, which the default weights barely count; own targets,
 * which the defaults count a lot, are spread alike over both.
 */
function scenario(fraud: number, benign: number, unlabelled: number, seed = 5): Scenario {
  const random = createRng(seed);
  const total = fraud + benign + unlabelled;
  const label = new Int8Array(total * RING_SIZE).fill(-1);
  const measured: RingMeasurements[] = [];
  const rings: Int32Array[] = [];
  const keys: string[] = [];
  for (let r = 0; r < total; r++) {
    const isFraud = r < fraud || (r >= fraud + benign && r % 2 === 0);
    const features = ringFeatures({
      size: RING_SIZE,
      sharingSets: 1 + Math.floor(random() * 3),
      sharingEvidence: isFraud ? 2 + random() * 6 : random(),
      ownTargets: 1 + Math.floor(random() * 2),
      ownTargetMemberShare: 1,
      conductance: random() * 0.5,
    });
    measured.push({ features, sharedByType: [{ type: 'device', entities: 1, accounts: RING_SIZE, surprise: 2 }] });
    rings.push(Int32Array.from({ length: RING_SIZE }, (_, i) => r * RING_SIZE + i));
    keys.push(`R${r.toString(16).padStart(6, '0')}`);
    if (r < fraud) label[r * RING_SIZE] = label[r * RING_SIZE + 1] = 1;
    else if (r < fraud + benign) label[r * RING_SIZE] = 0;
  }
  return { measured, rings, keys, labels: { label } };
}

/** The fold of a ring as score-rings.ts specifies it: FNV-1a of its key, seeded, modulo the fold count. */
function foldOf(key: string, seed: number): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % CROSS_FIT_FOLDS;
}

/** The labelled examples as scoring sees them, rebuilt independently. */
function examplesOf(s: Scenario): (LabelledRing & { ring: number })[] {
  const out: (LabelledRing & { ring: number })[] = [];
  s.rings.forEach((members, ring) => {
    const fraud = Array.from(members).filter((v) => s.labels.label[v] === 1).length;
    const benign = Array.from(members).filter((v) => s.labels.label[v] === 0).length;
    if (fraud + benign === 0) return;
    const terms = evidenceTerms(s.measured[ring]!.features);
    out.push({ ring, terms: EVIDENCE_TERMS.map((t) => terms[t]), fraudShare: fraud / (fraud + benign), labelled: fraud + benign, fold: foldOf(s.keys[ring]!, config.seed) });
  });
  return out;
}

const logitOf = (w: RingScoreWeights, terms: number[]) => EVIDENCE_TERMS.reduce((z, t, j) => z + w[t] * terms[j]!, w.bias);
const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
const termsOf = (m: RingMeasurements) => {
  const terms = evidenceTerms(m.features);
  return EVIDENCE_TERMS.map((t) => terms[t]);
};
/** Expected number of fraud rings among all candidates under the given weights. */
const expectedFraudRings = (w: RingScoreWeights, measured: RingMeasurements[]) => measured.reduce((sum, m) => sum + sigmoid(logitOf(w, termsOf(m))), 0);

/** The learned slopes with the bias that keeps the default model's expected number of fraud rings (found by bisection). */
function anchored(slopes: RingScoreWeights, measured: RingMeasurements[]): RingScoreWeights {
  const target = expectedFraudRings(RING_SCORE_WEIGHTS, measured);
  let lo = -50;
  let hi = 50;
  while (hi - lo > 1e-10) {
    const mid = (lo + hi) / 2;
    if (expectedFraudRings({ ...slopes, bias: mid }, measured) < target) lo = mid;
    else hi = mid;
  }
  return { ...slopes, bias: (lo + hi) / 2 };
}

describe('scoreRings', () => {
  it('with too few labelled rings (3 fraud, 2 benign) uses the defaults and the summary says why', () => {
    const s = scenario(3, 2, 10);
    const { scores, summary } = scoreRings(s.measured, s.rings, s.keys, s.labels, config);
    expect(summary.weightsSource).toBe('defaults');
    expect(summary.weights).toEqual(RING_SCORE_WEIGHTS);
    expect(summary.labelledRings).toEqual({ fraud: 3, benign: 2 });
    expect(summary.labelledAccounts).toBe(3 * 2 + 2);
    expect(summary.heldOutAuc).toBeNull();
    expect(summary.note).toBe('default weights: too few labelled rings to learn from (3 fraud, 2 benign; 8 of each needed)');
    expect(scores).toEqual(s.measured.map((m) => scoreRing(m)));
  });

  it('learns from exactly minLabelledRings of each class (8 and 8), not from 8 and 7', () => {
    // With enough, weights are fitted and checked out of fold (whether they then beat the defaults is another test's).
    const enough = scenario(8, 8, 0);
    const fitted = scoreRings(enough.measured, enough.rings, enough.keys, enough.labels, config).summary;
    expect(fitted.heldOutAuc).not.toBeNull();
    expect(fitted.note).not.toContain('too few');
    const short = scenario(8, 7, 0);
    const { summary } = scoreRings(short.measured, short.rings, short.keys, short.labels, config);
    expect(summary.weightsSource).toBe('defaults');
    expect(summary.note).toContain('(8 fraud, 7 benign; 8 of each needed)');
  });

  it('without labels, or with learning turned off, uses the defaults and says so', () => {
    const s = scenario(20, 20, 5);
    const none = scoreRings(s.measured, s.rings, s.keys, undefined, config);
    expect(none.summary.weightsSource).toBe('defaults');
    expect(none.summary.labelledRings).toEqual({ fraud: 0, benign: 0 });
    const off = scoreRings(s.measured, s.rings, s.keys, s.labels, { ...config, learnFromLabels: false });
    expect(off.summary.weightsSource).toBe('defaults');
    expect(off.summary.note).toBe('default weights: learning from labels is off (learnFromLabels: false)');
    expect(off.scores).toEqual(s.measured.map((m) => scoreRing(m)));
  });

  it('with 20 fraud and 20 benign labelled rings learns the weights, reports them with the label counts and a held-out AUC', () => {
    const s = scenario(20, 20, 10);
    const { summary } = scoreRings(s.measured, s.rings, s.keys, s.labels, config);
    expect(summary.weightsSource).toBe('learned');
    expect(summary.labelledRings).toEqual({ fraud: 20, benign: 20 });
    expect(summary.labelledAccounts).toBe(20 * 2 + 20);
    // The slopes are the fit on every labelled ring; the bias keeps the default model's expected number of fraud
    // rings among all candidates (labels are a case-control sample: their class ratio says nothing about the rate).
    const fitted = fitRingWeights(examplesOf(s), RING_SCORE_WEIGHTS);
    for (const term of EVIDENCE_TERMS) expect(summary.weights[term]).toBe(fitted[term]);
    expect(expectedFraudRings(summary.weights as RingScoreWeights, s.measured)).toBeCloseTo(expectedFraudRings(RING_SCORE_WEIGHTS, s.measured), 3);
    // Sharing separates the classes here: its learned weight rises above the default.
    expect(summary.weights.sharing!).toBeGreaterThan(RING_SCORE_WEIGHTS.sharing);
    expect(summary.heldOutAuc).toBeGreaterThan(0.9);
    expect(summary.heldOutAuc).toBeLessThanOrEqual(1);
    expect(summary.note).toMatch(/^weights learned from 60 labelled accounts in 40 rings, cross-fitted over 5 folds/);
  });

  it('keeps the defaults when the learned weights rank the labelled rings no better out of fold, and says so with both AUCs', () => {
    const s = scenario(20, 20, 10);
    const learned = scoreRings(s.measured, s.rings, s.keys, s.labels, config).summary;
    expect(learned.defaultAuc).not.toBeNull();
    expect(learned.heldOutAuc!).toBeGreaterThan(learned.defaultAuc!);
    // Benign rings that share less than the fraud rings: the defaults already rank every labelled ring right.
    const easy = s.measured.map((m, ring) => (ring >= 20 && ring < 40 ? { ...m, features: { ...m.features, sharingEvidence: 0, ownTargets: 0 } } : m));
    const { scores, summary } = scoreRings(easy, s.rings, s.keys, s.labels, config);
    expect(summary.defaultAuc).toBe(1);
    expect(summary.weightsSource).toBe('defaults');
    expect(summary.weights).toEqual(RING_SCORE_WEIGHTS);
    expect(summary.note).toMatch(/ranked them no better on held-out folds \(AUC 1\.000\) than the defaults \(AUC 1\.000\) by more than chance \(gain 0\.000 ± 0\.000 standard error\)$/);
    expect(scores).toEqual(easy.map((m) => scoreRing(m)));
  });

  it('no labelled ring is scored by weights fit on a fold that contains it: each gets the fit on the other folds', () => {
    const s = scenario(20, 20, 10);
    const { scores } = scoreRings(s.measured, s.rings, s.keys, s.labels, config);
    const examples = examplesOf(s);
    expect(new Set(examples.map((e) => e.fold)).size).toBe(CROSS_FIT_FOLDS);
    for (const e of examples) {
      const others = anchored(fitRingWeights(examples.filter((x) => x.fold !== e.fold), RING_SCORE_WEIGHTS), s.measured);
      expect(scores[e.ring]!.score).toBeCloseTo(scoreRing(s.measured[e.ring]!, others).score, 5);
    }
    // Unlabelled rings are scored by the weights fit on every labelled ring.
    const all = anchored(fitRingWeights(examples, RING_SCORE_WEIGHTS), s.measured);
    for (let ring = 40; ring < 50; ring++) expect(scores[ring]!.score).toBeCloseTo(scoreRing(s.measured[ring]!, all).score, 5);
  });

  it("flipping a labelled ring's own labels does not change its own score (its labels never fed its weights)", () => {
    const s = scenario(40, 40, 10); // enough rings that the learned weights still beat the defaults after the flip
    const before = scoreRings(s.measured, s.rings, s.keys, s.labels, config);
    const flipped = new Int8Array(s.labels.label);
    for (const v of s.rings[3]!) if (flipped[v] !== -1) flipped[v] = 1 - flipped[v]!;
    flipped[3 * RING_SIZE] = 0; // ring 3 becomes a benign-labelled ring (counts stay ≥ 8 of each)
    flipped[3 * RING_SIZE + 1] = 0;
    const after = scoreRings(s.measured, s.rings, s.keys, { label: flipped }, config);
    expect(after.summary.weightsSource).toBe('learned');
    expect(after.scores[3]).toEqual(before.scores[3]);
    expect(after.summary.weights).not.toEqual(before.summary.weights);
  });

  it('is deterministic, and does not depend on the order the rings come in', () => {
    const s = scenario(20, 20, 10);
    const once = scoreRings(s.measured, s.rings, s.keys, s.labels, config);
    expect(JSON.stringify(scoreRings(s.measured, s.rings, s.keys, s.labels, config))).toBe(JSON.stringify(once));
    const order = s.keys.map((_, i) => i).reverse();
    const reversed = scoreRings(order.map((i) => s.measured[i]!), order.map((i) => s.rings[i]!), order.map((i) => s.keys[i]!), s.labels, config);
    expect(reversed.summary).toEqual(once.summary);
    order.forEach((i, j) => expect(reversed.scores[j]).toEqual(once.scores[i]));
  });
});
