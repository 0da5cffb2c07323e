// Scoring's entry point: every candidate ring scored, by the default weights or, when the dataset's labels
// hold enough labelled rings of both classes, by weights learned from them with cross-fitting
// (learn-ring-weights.ts) and those rank the labelled rings better on held-out folds than the defaults do, by
// more than chance (DeLong's paired test).
// Returns the scores and a summary of which weights were used and why.
import { round6 } from '../lib/round.js';
import type { DetectionConfig } from '../schema/config.js';
import type { LabelTable } from '../schema/dataset.js';
import type { ScoringSummary } from '../schema/findings.js';
import type { RingMeasurements } from './ring-features.js';
import { EVIDENCE_TERMS, RING_SCORE_WEIGHTS, evidenceTerms, logistic, ringLogit, scoreRing, type EvidenceTerm, type RingScore, type RingScoreWeights } from './ring-score.js';
import { fitRingWeights, pairedAucDifference, rocAuc, type LabelledRing } from './learn-ring-weights.js';

export const CROSS_FIT_FOLDS = 5;
/** Learned weights replace the defaults only when their held-out AUC gain is this many standard errors above 0 (one-sided 5 %). */
const LEARNED_GAIN_MIN_Z = 1.645;

export interface ScoredRings {
  scores: RingScore[];
  summary: ScoringSummary;
}

/** rings[i] are the members of measured[i]; keys[i] a stable key of the ring (its id) for fold assignment. */
export function scoreRings(measured: RingMeasurements[], rings: Int32Array[], keys: string[], labels: LabelTable | undefined, config: DetectionConfig): ScoredRings {
  const termsOf = measured.map((m) => evidenceTerms(m.features));
  const examples: (LabelledRing & { ring: number })[] = [];
  if (labels) {
    rings.forEach((members, ring) => {
      let fraud = 0;
      let benign = 0;
      for (const v of members) {
        if (labels.label[v] === 1) fraud++;
        else if (labels.label[v] === 0) benign++;
      }
      if (fraud + benign === 0) return;
      examples.push({ ring, terms: EVIDENCE_TERMS.map((t) => termsOf[ring]![t]), fraudShare: fraud / (fraud + benign), labelled: fraud + benign, fold: foldOf(keys[ring]!, config.seed) });
    });
  }
  const fraudRings = examples.filter((e) => e.fraudShare >= 0.5).length;
  const benignRings = examples.length - fraudRings;
  const labelledAccounts = examples.reduce((sum, e) => sum + e.labelled, 0);
  const enough = config.learnFromLabels && fraudRings >= config.minLabelledRings && benignRings >= config.minLabelledRings;
  if (!enough) {
    const why = !config.learnFromLabels
      ? 'learning from labels is off (learnFromLabels: false)'
      : `too few labelled rings to learn from (${fraudRings} fraud, ${benignRings} benign; ${config.minLabelledRings} of each needed)`;
    return {
      scores: measured.map((m) => scoreRing(m)),
      summary: {
        weightsSource: 'defaults',
        weights: RING_SCORE_WEIGHTS,
        labelledRings: { fraud: fraudRings, benign: benignRings },
        labelledAccounts,
        heldOutAuc: null,
        defaultAuc: null,
        note: `default weights: ${why}`,
      },
    };
  }
  const expectedFlags = termsOf.reduce((sum, terms) => sum + logistic(ringLogit(terms, RING_SCORE_WEIGHTS)), 0);
  const fit = (subset: LabelledRing[]) => anchorBias(fitRingWeights(subset, RING_SCORE_WEIGHTS), termsOf, expectedFlags);
  const all = fit(examples);
  const byFold: RingScoreWeights[] = [];
  for (let fold = 0; fold < CROSS_FIT_FOLDS; fold++) byFold.push(fit(examples.filter((e) => e.fold !== fold)));
  const weightsOf = new Map<number, RingScoreWeights>(examples.map((e) => [e.ring, byFold[e.fold]!]));
  const isFraud = examples.map((e) => e.fraudShare >= 0.5);
  const heldOutScores = examples.map((e) => scoreRing(measured[e.ring]!, weightsOf.get(e.ring)!).score);
  // The defaults never saw these labels, so their AUC on the labelled rings is as honest as the cross-fitted one.
  const defaultScores = examples.map((e) => scoreRing(measured[e.ring]!).score);
  const heldOutAuc = rocAuc(heldOutScores, isFraud);
  const defaultAuc = rocAuc(defaultScores, isFraud);
  const summaryBase = { labelledRings: { fraud: fraudRings, benign: benignRings }, labelledAccounts, heldOutAuc, defaultAuc };
  // A third-decimal gain is noise of which rings happened to be labelled: the learned weights must beat the
  // defaults by more than the paired AUC difference's own uncertainty (one-sided, 5 %).
  const gain = pairedAucDifference(heldOutScores, defaultScores, isFraud);
  const significant = gain !== null && gain.difference > LEARNED_GAIN_MIN_Z * gain.standardError;
  if (heldOutAuc === null || defaultAuc === null || !significant) {
    return {
      scores: measured.map((m) => scoreRing(m)),
      summary: {
        weightsSource: 'defaults',
        weights: RING_SCORE_WEIGHTS,
        ...summaryBase,
        note: `default weights: weights learned from ${labelledAccounts} labelled accounts in ${examples.length} rings ranked them no better on held-out folds (AUC ${aucText(heldOutAuc)}) than the defaults (AUC ${aucText(defaultAuc)}) by more than chance${gainText(gain)}`,
      },
    };
  }
  return {
    scores: measured.map((m, ring) => scoreRing(m, weightsOf.get(ring) ?? all)),
    summary: {
      weightsSource: 'learned',
      weights: all,
      ...summaryBase,
      note: `weights learned from ${labelledAccounts} labelled accounts in ${examples.length} rings, cross-fitted over ${CROSS_FIT_FOLDS} folds (no ring scored by weights fit on its own labels; held-out AUC ${aucText(heldOutAuc)} against the defaults' ${aucText(defaultAuc)}${gainText(gain)}); bias anchored to the default model's expected number of fraud rings`,
    },
  };
}

function aucText(auc: number | null): string {
  return auc === null ? 'n/a' : auc.toFixed(3);
}

function gainText(gain: { difference: number; standardError: number } | null): string {
  return gain === null ? '' : ` (gain ${gain.difference.toFixed(3)} ± ${gain.standardError.toFixed(3)} standard error)`;
}

/**
 * Labels are a case-control sample (a team knows far more of its fraud than of its benign accounts, at rates
 * nobody states), which leaves the slopes of a logistic fit consistent but not its intercept. The learned
 * weights keep their slopes; the bias is set so the expected number of fraud rings among all candidates is the
 * default model's, so labels re-rank the evidence without moving the overall rate by an unknown sampling ratio.
 */
function anchorBias(weights: RingScoreWeights, everyRing: Record<EvidenceTerm, number>[], expectedFlags: number): RingScoreWeights {
  const slopes = Float64Array.from(everyRing, (terms) => ringLogit(terms, { ...weights, bias: 0 }));
  const total = (bias: number) => slopes.reduce((sum, z) => sum + logistic(z + bias), 0);
  let lo = -50;
  let hi = 50;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (total(mid) < expectedFlags) lo = mid;
    else hi = mid;
  }
  return { ...weights, bias: round6((lo + hi) / 2) };
}

/** A ring's fold from its key and the seed (FNV-1a): stable across runs, independent of ring order. */
function foldOf(key: string, seed: number): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return (h >>> 0) % CROSS_FIT_FOLDS;
}
