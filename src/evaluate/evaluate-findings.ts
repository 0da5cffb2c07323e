// evaluateFindings: detection findings against ground truth → account, ranking, ring, per-kind and sweep metrics.
// Accounts absent from findings.accounts have risk 0 and are not flagged; unlabelled accounts are left out of the rates.
import type { Findings } from '../schema/findings.js';
import { adjustedRandIndex } from './adjusted-rand.js';
import { averagePrecision } from './average-precision.js';
import { countConfusion, ratesOf } from './binary-metrics.js';
import { EvaluateOptionsSchema, type BenignKind, type EvaluateOptionsInput, type Evaluation, type FlaggedRingMatch, type FraudKind, type TrueRingMatch } from './evaluation-schema.js';
import { assertGroundTruth, BENIGN, FRAUD, UNLABELLED, type GroundTruth } from './ground-truth.js';
import { matchRings, type PredictedRingMembers } from './ring-matching.js';
import { sweepThresholds, thresholdsOf } from './threshold-sweep.js';

/** Code-unit order: the same on every machine, unlike localeCompare. */
const byText = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
const meanOf = (values: ArrayLike<number>): number | null => {
  if (values.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i]!;
  return sum / values.length;
};

/** Findings aligned with the ground truth's account order: the arrays every metric reads. */
export interface AlignedFindings {
  risk: Float64Array;
  isFlagged: Uint8Array;
  /** Per account: index into flaggedRingIds of its flagged ring (riskiest first if several), -1 if none. */
  flaggedRingOf: Int32Array;
  flaggedRingIds: string[];
  flaggedRings: PredictedRingMembers[];
  findingsAccountsNotInTruth: number;
  memberRowsWithUnknownRing: number;
}

export function alignFindings(findings: Findings, truth: GroundTruth): AlignedFindings {
  const n = truth.accounts.length;
  const indexOf = new Map<string, number>();
  truth.accounts.forEach((id, i) => indexOf.set(id, i));
  const risk = new Float64Array(n);
  const isFlagged = new Uint8Array(n);
  let findingsAccountsNotInTruth = 0;
  for (const account of findings.accounts) {
    const i = indexOf.get(account.account);
    if (i === undefined) {
      findingsAccountsNotInTruth++;
      continue;
    }
    risk[i] = account.risk;
    isFlagged[i] = account.flagged ? 1 : 0;
  }
  const ringOrder = new Map<string, { flagged: boolean; p: number }>();
  const flaggedRingIds: string[] = [];
  for (const ring of findings.rings) {
    if (ringOrder.has(ring.id)) continue;
    ringOrder.set(ring.id, { flagged: ring.flagged, p: ring.flagged ? flaggedRingIds.length : -1 });
    if (ring.flagged) flaggedRingIds.push(ring.id);
  }
  const memberSets = flaggedRingIds.map(() => new Set<string>());
  let memberRowsWithUnknownRing = 0;
  for (const member of findings.members) {
    const ring = ringOrder.get(member.ring);
    if (!ring) memberRowsWithUnknownRing++;
    else if (ring.flagged) memberSets[ring.p]!.add(member.account);
  }
  const flaggedRingOf = new Int32Array(n).fill(-1);
  const flaggedRings = memberSets.map((members, p): PredictedRingMembers => {
    const known: number[] = [];
    for (const account of members) {
      const i = indexOf.get(account);
      if (i === undefined) continue;
      known.push(i);
      if (flaggedRingOf[i] === -1) flaggedRingOf[i] = p;
    }
    return { size: members.size, known: Int32Array.from(known).sort() };
  });
  return { risk, isFlagged, flaggedRingOf, flaggedRingIds, flaggedRings, findingsAccountsNotInTruth, memberRowsWithUnknownRing };
}

/** True rings: fraud accounts grouped by ring id, indexed in id order. Benign groups (households…) are not rings. */
interface TrueRings {
  ids: string[];
  ringOf: Int32Array;
  sizes: Int32Array;
  kinds: (string | null)[];
}

function trueRingsOf(truth: GroundTruth): TrueRings {
  const n = truth.accounts.length;
  const ids = [...new Set(truth.ring.filter((ring, i): ring is string => ring !== undefined && truth.label[i] === FRAUD))].sort(byText);
  const indexOf = new Map(ids.map((id, t) => [id, t] as const));
  const ringOf = new Int32Array(n).fill(-1);
  const sizes = new Int32Array(ids.length);
  const kindCounts = ids.map(() => new Map<string, number>());
  for (let i = 0; i < n; i++) {
    if (truth.label[i] !== FRAUD) continue;
    const ring = truth.ring[i];
    if (ring === undefined) continue;
    const t = indexOf.get(ring)!;
    ringOf[i] = t;
    sizes[t]!++;
    const kind = truth.kind[i];
    if (kind !== undefined) kindCounts[t]!.set(kind, (kindCounts[t]!.get(kind) ?? 0) + 1);
  }
  const kinds = kindCounts.map((counts) => {
    let best: string | null = null;
    let bestCount = 0;
    for (const [kind, c] of counts) if (c > bestCount || (c === bestCount && best !== null && kind < best)) [best, bestCount] = [kind, c];
    return best;
  });
  return { ids, ringOf, sizes, kinds };
}

/** Evaluate findings against ground truth. Pure: same inputs give the same Evaluation whatever the account order. */
export function evaluateFindings(findings: Findings, truth: GroundTruth, options: EvaluateOptionsInput = {}): Evaluation {
  const { sweep, matchJaccard } = EvaluateOptionsSchema.parse(options);
  assertGroundTruth(truth);
  const n = truth.accounts.length;
  const aligned = alignFindings(findings, truth);
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

  const truthRings = trueRingsOf(truth);
  // partitions over labelled accounts: a flagged ring / a true ring, or a singleton (-1)
  const predictedPartition: number[] = [];
  const truePartition: number[] = [];
  for (let i = 0; i < n; i++) {
    if (label[i] === UNLABELLED) continue;
    predictedPartition.push(flaggedRingOf[i]!);
    truePartition.push(truthRings.ringOf[i]!);
  }

  const matches = matchRings(truthRings.ringOf, truthRings.sizes, flaggedRings);
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
      fraud: fraudKindsOf(truth, isFlagged, trueRings),
      benign: benignKindsOf(truth, isFlagged),
    },
    sweep: sweepThresholds(risk, label, thresholdsOf(sweep)),
    trueRings,
    flaggedRings: flaggedRingRows,
  };
}

function fraudKindsOf(truth: GroundTruth, isFlagged: Uint8Array, trueRings: TrueRingMatch[]): FraudKind[] {
  const byKind = new Map<string, { accounts: number; accountsFlagged: number; rings: TrueRingMatch[] }>();
  const entry = (kind: string) => {
    let e = byKind.get(kind);
    if (!e) byKind.set(kind, (e = { accounts: 0, accountsFlagged: 0, rings: [] }));
    return e;
  };
  for (let i = 0; i < truth.accounts.length; i++) {
    const kind = truth.kind[i];
    if (truth.label[i] !== FRAUD || kind === undefined) continue;
    const e = entry(kind);
    e.accounts++;
    if (isFlagged[i]) e.accountsFlagged++;
  }
  for (const ring of trueRings) if (ring.kind !== null) entry(ring.kind).rings.push(ring);
  return [...byKind.keys()].sort(byText).map((kind) => {
    const e = byKind.get(kind)!;
    return {
      kind,
      rings: e.rings.length,
      ringsDetected: e.rings.filter((r) => r.detected).length,
      accounts: e.accounts,
      accountsFlagged: e.accountsFlagged,
      recall: e.accounts > 0 ? e.accountsFlagged / e.accounts : null,
      meanBestJaccard: meanOf(e.rings.map((r) => r.bestJaccard)),
    };
  });
}

function benignKindsOf(truth: GroundTruth, isFlagged: Uint8Array): BenignKind[] {
  const byKind = new Map<string, { accounts: number; accountsFlagged: number }>();
  for (let i = 0; i < truth.accounts.length; i++) {
    const kind = truth.kind[i];
    if (truth.label[i] !== BENIGN || kind === undefined) continue;
    let e = byKind.get(kind);
    if (!e) byKind.set(kind, (e = { accounts: 0, accountsFlagged: 0 }));
    e.accounts++;
    if (isFlagged[i]) e.accountsFlagged++;
  }
  return [...byKind.keys()].sort(byText).map((kind) => {
    const e = byKind.get(kind)!;
    return { kind, accounts: e.accounts, accountsFlagged: e.accountsFlagged, flaggedShare: e.accounts > 0 ? e.accountsFlagged / e.accounts : null };
  });
}
