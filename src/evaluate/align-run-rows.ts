// Aligns a stored run (account risk rows and flagged-ring member lists, as a store exports them) with the ground
// truth: the same AlignedFindings that alignFindings makes from a findings file, so both feed compareStrategies.
import { indexFlaggedRings, type AlignedFindings } from './align-findings.js';
import type { GroundTruth } from './ground-truth.js';

export interface RunAccountRow {
  account: string;
  risk: number;
  flagged: boolean;
}

export interface RunRingRows {
  id: string;
  members: readonly string[];
}

/** `flaggedRings` riskiest first; an account in several flagged rings is assigned to the first. */
export function alignRunRows(accounts: readonly RunAccountRow[], flaggedRings: readonly RunRingRows[], truth: GroundTruth): AlignedFindings {
  const n = truth.accounts.length;
  const indexOf = new Map<string, number>();
  truth.accounts.forEach((id, i) => indexOf.set(id, i));
  const risk = new Float64Array(n);
  const isFlagged = new Uint8Array(n);
  let findingsAccountsNotInTruth = 0;
  for (const row of accounts) {
    const i = indexOf.get(row.account);
    if (i === undefined) {
      findingsAccountsNotInTruth++;
      continue;
    }
    risk[i] = row.risk;
    isFlagged[i] = row.flagged ? 1 : 0;
  }
  const { flaggedRingOf, rings } = indexFlaggedRings(
    flaggedRings.map((ring) => new Set(ring.members)),
    indexOf,
    n,
  );
  return {
    risk,
    isFlagged,
    flaggedRingOf,
    flaggedRingIds: flaggedRings.map((ring) => ring.id),
    flaggedRings: rings,
    findingsAccountsNotInTruth,
    memberRowsWithUnknownRing: 0,
  };
}
