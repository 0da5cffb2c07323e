// Findings aligned with the ground truth's account order: risk, flag and flagged-ring membership as dense arrays.
// Accounts absent from findings.accounts get risk 0 and no flag; accounts the truth does not know are counted and left out.
import type { Findings } from '../schema/findings.js';
import type { GroundTruth } from './ground-truth.js';
import type { PredictedRingMembers } from './ring-matching.js';

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
  const { flaggedRingOf, rings: flaggedRings } = indexFlaggedRings(memberSets, indexOf, n);
  return { risk, isFlagged, flaggedRingOf, flaggedRingIds, flaggedRings, findingsAccountsNotInTruth, memberRowsWithUnknownRing };
}

/** Each flagged ring's members as truth indices; an account in several rings belongs to the first (riskiest). */
export function indexFlaggedRings(memberSets: readonly ReadonlySet<string>[], indexOf: ReadonlyMap<string, number>, n: number): { flaggedRingOf: Int32Array; rings: PredictedRingMembers[] } {
  const flaggedRingOf = new Int32Array(n).fill(-1);
  const rings = memberSets.map((members, p): PredictedRingMembers => {
    const known: number[] = [];
    for (const account of members) {
      const i = indexOf.get(account);
      if (i === undefined) continue;
      known.push(i);
      if (flaggedRingOf[i] === -1) flaggedRingOf[i] = p;
    }
    return { size: members.size, known: Int32Array.from(known).sort() };
  });
  return { flaggedRingOf, rings };
}
