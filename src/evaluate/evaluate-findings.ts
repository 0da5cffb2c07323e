// evaluateFindings: detection findings against ground truth → account, ranking, ring, per-kind and sweep metrics.
// Accounts absent from findings.accounts have risk 0 and are not flagged; unlabelled accounts are left out of the rates.
import type { Findings } from '../schema/findings.js';
import { adjustedRandIndex } from './adjusted-rand.js';
import { alignFindings, type AlignedFindings } from './align-findings.js';
import { averagePrecision } from './average-precision.js';
import { countConfusion, ratesOf } from './binary-metrics.js';
import { EvaluateOptionsSchema, type EvaluateOptionsInput, type Evaluation, type FlaggedRingMatch, type TrueRingMatch } from './evaluation-schema.js';
import { assertGroundTruth, BENIGN, FRAUD, UNLABELLED, type GroundTruth } from './ground-truth.js';
import { splitBenignKinds, splitFraudKinds } from './kind-split.js';
import { byText, meanOf } from './ordering.js';
import { matchTrueRings } from './ring-matching.js';
import { sweepThresholds, thresholdsOf } from './threshold-sweep.js';
import { groupTrueRings } from './true-rings.js';

/** Evaluate findings against ground truth. Pure: same inputs give the same Evaluation whatever the account order. */
export function evaluateFindings(findings: Findings, truth: GroundTruth, options: EvaluateOptionsInput = {}): Evaluation {
  return evaluateAligned(alignFindings(findings, truth), truth, options);
}

/** The same evaluation from findings already aligned with the truth (a stored run, a peer method's rings). */
export function evaluateAligned(aligned: AlignedFindings, truth: GroundTruth, options: EvaluateOptionsInput = {}): Evaluation {
  const { sweep, matchJaccard } = EvaluateOptionsSchema.parse(options);
  assertGroundTruth(truth);
  const n = truth.accounts.length;
  const { risk, isFlagged, flaggedRingOf, flaggedRingIds, flaggedRings } = aligned;
  const label = truth.label;

  let fraud = 0;
  let benign = 0;
  let flagged = 0;
  for (let i = 0; i < n; i++) {
    if (label[i] === FRAUD) fraud++;
    else if (label[i] === BENIGN) benign++;
    if (isFlagged[i]) flagged++;
  }

  const confusion = countConfusion(label, isFlagged);

  const truthRings = groupTrueRings(truth);
  // partitions over labelled accounts: a flagged ring / a true ring, or a singleton (-1)
  const predictedPartition: number[] = [];
  const truePartition: number[] = [];
  for (let i = 0; i < n; i++) {
    if (label[i] === UNLABELLED) continue;
    predictedPartition.push(flaggedRingOf[i]!);
    truePartition.push(truthRings.ringOf[i]!);
  }

  const matches = matchTrueRings(truthRings.ringOf, truthRings.sizes, flaggedRings);
  const trueRings: TrueRingMatch[] = truthRings.ids.map((ring, t) => ({
    ring,
    kind: truthRings.kinds[t]!,
    size: truthRings.sizes[t]!,
    bestJaccard: matches.trueBest[t]!,
    bestMatch: matches.trueMatch[t]! >= 0 ? flaggedRingIds[matches.trueMatch[t]!]! : null,
    detected: matches.trueBest[t]! >= matchJaccard,
  }));
  const flaggedRingRows: FlaggedRingMatch[] = flaggedRingIds.map((ring, p) => {
    const members = flaggedRings[p]!;
    let labelledMembers = 0;
    let fraudMembers = 0;
    for (let k = 0; k < members.known.length; k++) {
      const l = label[members.known[k]!];
      if (l !== UNLABELLED) labelledMembers++;
      if (l === FRAUD) fraudMembers++;
    }
    return {
      ring,
      size: members.size,
      labelledMembers,
      fraudMembers,
      bestJaccard: matches.predictedBest[p]!,
      bestMatch: matches.predictedMatch[p]! >= 0 ? truthRings.ids[matches.predictedMatch[p]!]! : null,
      matched: matches.predictedBest[p]! >= matchJaccard,
    };
  });
  flaggedRingRows.sort((a, b) => byText(a.ring, b.ring));

  return {
    counts: {
      accounts: n,
      labelled: fraud + benign,
      fraud,
      benign,
      unlabelled: n - fraud - benign,
      flagged,
      findingsAccountsNotInTruth: aligned.findingsAccountsNotInTruth,
      memberRowsWithUnknownRing: aligned.memberRowsWithUnknownRing,
    },
    accounts: { ...confusion, ...ratesOf(confusion) },
    prAuc: averagePrecision(risk, label),
    ari: adjustedRandIndex(predictedPartition, truePartition),
    rings: {
      matchJaccard,
      true: trueRings.length,
      detected: trueRings.filter((r) => r.detected).length,
      flagged: flaggedRingRows.length,
      unmatchedFlagged: flaggedRingRows.filter((r) => !r.matched).length,
      meanBestJaccard: meanOf(trueRings.map((r) => r.bestJaccard)),
      meanBestJaccardFlagged: meanOf(flaggedRingRows.map((r) => r.bestJaccard)),
    },
    byKind: {
      fraud: splitFraudKinds(truth, isFlagged, trueRings),
      benign: splitBenignKinds(truth, isFlagged),
    },
    sweep: sweepThresholds(risk, label, thresholdsOf(sweep)),
    trueRings,
    flaggedRings: flaggedRingRows,
  };
}
