// Metrics split by ground-truth kind: recall and ring Jaccard per fraud kind, false positives per benign look-alike kind.
import type { BenignKind, FraudKind, TrueRingMatch } from './evaluation-schema.js';
import { BENIGN, FRAUD, type GroundTruth } from './ground-truth.js';
import { byText, meanOf } from './ordering.js';

export function splitFraudKinds(truth: GroundTruth, isFlagged: Uint8Array, trueRings: TrueRingMatch[]): FraudKind[] {
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

export function splitBenignKinds(truth: GroundTruth, isFlagged: Uint8Array): BenignKind[] {
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
