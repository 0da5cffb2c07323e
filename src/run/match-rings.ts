// Stable ring ids across runs: match today's rings to the previous run's by members and give each a lifecycle status.
//
// The rule (θ = minJaccard, t = sizeTolerance; J = |P∩C| / |P∪C|):
// 1. merged: a current ring C that holds ≥ θ of the members of each of two or more previous rings.
//    It keeps the id of the previous ring it shares most members with (ties: smaller id).
// 2. split: a previous ring P from which two or more current rings each draw ≥ θ of their own members.
//    Every such piece is 'split' (unless already 'merged'); the piece sharing most members with P keeps P's id,
//    the others get fresh ids.
// 3. otherwise one-to-one, best Jaccard first: C takes P's id when J(P, C) ≥ θ and neither is taken yet;
//    status grown when |C| > (1 + t)·|P|, shrunk when |C| < (1 − t)·|P|, else persisting.
// 4. any other current ring is new; a previous ring that no current ring continues or draws from is dissolved.
// Fresh ids are ringIdOf(members): the same members give the same id in any run, and input order never matters
// (every tie is broken on ids, never on position).
import type { RingStatus } from '../schema/run.js';
import { countOverlaps, jaccard } from '../lib/ring-overlaps.js';
import { ringIdOf } from './ring-id.js';

export const RING_MATCH_DEFAULTS = {
  /** θ: Jaccard for a one-to-one match, and share of members for merge/split. */
  minJaccard: 0.5,
  /** Relative size change within which a matched ring is 'persisting' rather than grown/shrunk. */
  sizeTolerance: 0.1,
} as const;

export interface RingMatchOptions {
  minJaccard?: number;
  sizeTolerance?: number;
}

export interface PreviousRing {
  id: string;
  members: readonly string[];
}

export interface CurrentRing {
  members: readonly string[];
}

export interface RingMatch {
  id: string;
  status: Exclude<RingStatus, 'dissolved'>;
  /** Previous rings this ring continues or draws from, most shared members first. */
  previous: string[];
}

export interface RingMatchResult {
  /** One entry per current ring, in the input order. */
  rings: RingMatch[];
  /** Ids of previous rings that nothing continues, ascending. */
  dissolved: string[];
}

interface Overlap {
  p: number;
  c: number;
  shared: number;
  jaccard: number;
}

const byId = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export function matchRings(
  previous: readonly PreviousRing[],
  current: readonly CurrentRing[],
  options: RingMatchOptions = {},
): RingMatchResult {
  const { minJaccard: theta, sizeTolerance } = { ...RING_MATCH_DEFAULTS, ...options };
  const prevSize = previous.map((ring) => new Set(ring.members).size);
  const curSize = current.map((ring) => new Set(ring.members).size);
  const keys = current.map((ring) => ringIdOf(ring.members));

  const ownerOf = new Map<string, number>();
  previous.forEach((ring, p) => {
    for (const account of ring.members) ownerOf.set(account, p);
  });

  const overlapsOfCur: Overlap[][] = [];
  const overlapsOfPrev: Overlap[][] = previous.map(() => []);
  const counted = countOverlaps(
    current.map((ring) => new Set(ring.members)),
    (account) => ownerOf.get(account),
  );
  counted.forEach((counts, c) => {
    const list: Overlap[] = [];
    for (const [p, shared] of counts) {
      const overlap = { p, c, shared, jaccard: jaccard(prevSize[p]!, curSize[c]!, shared) };
      list.push(overlap);
      overlapsOfPrev[p]!.push(overlap);
    }
    overlapsOfCur.push(list);
  });

  const byShared = (a: Overlap, b: Overlap) =>
    b.shared - a.shared || b.jaccard - a.jaccard || byId(previous[a.p]!.id, previous[b.p]!.id) || byId(keys[a.c]!, keys[b.c]!);

  const status: (RingMatch['status'] | undefined)[] = current.map(() => undefined);
  const sources: Overlap[][] = current.map(() => []);
  const inherits: (number | undefined)[] = current.map(() => undefined);
  const claimed = new Set<number>();
  const claim = (c: number, p: number) => {
    if (inherits[c] !== undefined || claimed.has(p)) return;
    inherits[c] = p;
    claimed.add(p);
  };
  const addSource = (c: number, overlap: Overlap) => {
    if (!sources[c]!.includes(overlap)) sources[c]!.push(overlap);
  };

  // 1. merges, the biggest merged ring first
  const merged = current
    .map((_, c) => ({ c, parts: overlapsOfCur[c]!.filter((o) => o.shared / prevSize[o.p]! >= theta).sort(byShared) }))
    .filter((entry) => entry.parts.length >= 2)
    .sort((a, b) => curSize[b.c]! - curSize[a.c]! || byId(keys[a.c]!, keys[b.c]!));
  for (const { c, parts } of merged) {
    status[c] = 'merged';
    for (const part of parts) addSource(c, part);
    for (const part of parts) claim(c, part.p);
  }

  // 2. splits, in previous-id order
  const splits = previous
    .map((ring, p) => ({ p, id: ring.id, pieces: overlapsOfPrev[p]!.filter((o) => o.shared / curSize[o.c]! >= theta).sort(byShared) }))
    .filter((entry) => entry.pieces.length >= 2)
    .sort((a, b) => byId(a.id, b.id));
  for (const { p, pieces } of splits) {
    for (const piece of pieces) {
      if (status[piece.c] !== 'merged') status[piece.c] = 'split';
      addSource(piece.c, piece);
    }
    for (const piece of pieces) {
      if (claimed.has(p)) break;
      claim(piece.c, p);
    }
  }

  // 3. one-to-one by Jaccard
  const pairs = overlapsOfCur
    .flat()
    .filter((o) => o.jaccard >= theta)
    .sort((a, b) => b.jaccard - a.jaccard || byShared(a, b));
  for (const pair of pairs) {
    if (status[pair.c] !== undefined || claimed.has(pair.p)) continue;
    const ratio = curSize[pair.c]! / prevSize[pair.p]!;
    status[pair.c] = ratio > 1 + sizeTolerance ? 'grown' : ratio < 1 - sizeTolerance ? 'shrunk' : 'persisting';
    addSource(pair.c, pair);
    claim(pair.c, pair.p);
  }

  // 4. ids: inherited first, then fresh ones in key order so a (rare) collision resolves the same way every time
  const ids: (string | undefined)[] = current.map((_, c) => (inherits[c] === undefined ? undefined : previous[inherits[c]]!.id));
  const used = new Set(ids.filter((id): id is string => id !== undefined));
  const fresh = current.map((_, c) => c).filter((c) => ids[c] === undefined);
  fresh.sort((a, b) => byId(keys[a]!, keys[b]!));
  for (const c of fresh) {
    let id = keys[c]!;
    for (let n = 2; used.has(id); n++) id = `${keys[c]}-${n}`;
    used.add(id);
    ids[c] = id;
  }

  const continued = new Set<number>();
  for (const list of sources) for (const o of list) continued.add(o.p);
  const dissolved = previous
    .filter((_, p) => !continued.has(p))
    .map((ring) => ring.id)
    .sort(byId);

  return {
    rings: current.map((_, c) => ({
      id: ids[c]!,
      status: status[c] ?? 'new',
      previous: sources[c]!.sort(byShared).map((o) => previous[o.p]!.id),
    })),
    dissolved,
  };
}
