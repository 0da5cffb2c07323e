// designHoldout: which flagged rings are enforced and which are held out. The unit is the ring (a ring's members
// share an arm: enforcing half a ring would leak into the other half). Rings are stratified into score bands (equal
// ring counts, ties kept together) and, within each band, a seeded shuffle picks the held-out rings; band sizes are
// rounded by a running total so the whole holdout is round(share × rings) and no band is systematically short.
// Pure: rings in, assignment out; the same rings and seed give the same assignment.
import { createRng } from '../lib/rng.js';
import { RingscanError } from '../schema/errors.js';
import type { AssignmentRow, Stratum } from '../schema/experiment.js';

export const DESIGN_DEFAULTS = { holdout: 0.1, bands: 4, seed: 1 };

export interface FlaggedRing {
  id: string;
  score: number;
  members: readonly string[];
}

export interface HoldoutDesign {
  rows: AssignmentRow[];
  strata: Stratum[];
  accountsInSeveralRings: number;
  randomization: string;
}

export function designHoldout(rings: readonly FlaggedRing[], options: { holdout: number; stratify: 'band' | 'none'; bands: number; seed: number }): HoldoutDesign {
  if (!(options.holdout > 0 && options.holdout < 1)) throw new RingscanError('BAD_USAGE', '--holdout must be between 0 and 1');
  // accounts in several rings stay in the riskiest (rings arrive riskiest first from the store; sort to be sure)
  const ordered = [...rings].sort((a, b) => b.score - a.score || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const taken = new Set<string>();
  let accountsInSeveralRings = 0;
  const units = ordered.flatMap((ring) => {
    const members = ring.members.filter((account) => {
      if (taken.has(account)) {
        accountsInSeveralRings++;
        return false;
      }
      taken.add(account);
      return true;
    });
    return members.length > 0 ? [{ id: ring.id, score: ring.score, members: [...members].sort() }] : [];
  });
  if (units.length < 2) throw new RingscanError('BAD_USAGE', `a holdout needs at least 2 flagged rings; the run has ${units.length}`);
  // lowest score first, so band 1 is the lowest
  units.reverse();
  const bandCount = options.stratify === 'band' ? Math.max(1, Math.min(options.bands, units.length)) : 1;
  const bandOf = new Int32Array(units.length);
  const bandBounds: [number, number][] = [];
  let start = 0;
  for (let b = 0; b < bandCount; b++) {
    let end = b === bandCount - 1 ? units.length : Math.round(((b + 1) * units.length) / bandCount);
    // ties stay in one band
    while (end < units.length && end > 0 && units[end]!.score === units[end - 1]!.score) end++;
    if (end <= start) continue;
    for (let k = start; k < end; k++) bandOf[k] = bandBounds.length;
    bandBounds.push([start, end]);
    start = end;
    if (start >= units.length) break;
  }
  const rng = createRng(options.seed);
  const isHoldout = new Uint8Array(units.length);
  let cumulative = 0;
  let assigned = 0;
  const strata: Stratum[] = [];
  bandBounds.forEach(([from, to], b) => {
    cumulative += to - from;
    const want = Math.round(options.holdout * cumulative) - assigned;
    assigned += want;
    const indices = Array.from({ length: to - from }, (_, k) => from + k);
    // Fisher–Yates, then the first `want` are held out
    for (let k = indices.length - 1; k > 0; k--) {
      const j = Math.floor(rng() * (k + 1));
      [indices[k], indices[j]] = [indices[j]!, indices[k]!];
    }
    for (let k = 0; k < want; k++) isHoldout[indices[k]!] = 1;
    let accounts = 0;
    let holdoutAccounts = 0;
    for (let k = from; k < to; k++) {
      accounts += units[k]!.members.length;
      if (isHoldout[k]) holdoutAccounts += units[k]!.members.length;
    }
    strata.push({ band: b + 1, scoreFrom: units[from]!.score, scoreTo: units[to - 1]!.score, rings: to - from, holdoutRings: want, accounts, holdoutAccounts });
  });
  const rows: AssignmentRow[] = [];
  units.forEach((unit, k) => {
    for (const account of unit.members) rows.push({ account, ring: unit.id, arm: isHoldout[k] ? 'holdout' : 'enforce', band: bandOf[k]! + 1, ringScore: unit.score });
  });
  rows.sort((a, b) => (a.ring < b.ring ? -1 : a.ring > b.ring ? 1 : a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
  return {
    rows,
    strata,
    accountsInSeveralRings,
    randomization: `ring-level, ${bandBounds.length} score band${bandBounds.length > 1 ? 's' : ''} of equal ring counts; in each band a seeded shuffle holds out round(${options.holdout} × rings so far) − rings held out so far`,
  };
}
