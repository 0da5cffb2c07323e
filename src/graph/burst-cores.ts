// A registration burst's core: the members holding an identifier the burst holds far more often than the
// population does. A bulk registration of 100 accounts on one default device id, within an hour in which the
// background brings a handful of ordinary sign-ups, is those 100: the handful that happened to register then,
// on their own devices, are not tied to them by the burst. A burst is trimmed only when what it leaves out is
// what the background predicts; a burst sharing nothing keeps all its members.
import { entityDegree, type BipartiteIndex } from './bipartite-index.js';
import { poissonTailSurprise, type RegistrationBurst } from './registration-bursts.js';

export function trimBurstsToCores(bursts: RegistrationBurst[], index: BipartiteIndex, minSurprise: number): RegistrationBurst[] {
  return bursts.map((burst) => {
    const core = burstCore(burst.members, index, minSurprise) ?? burst.members;
    const left = burst.members.length - core.length;
    if (core.length < 2 || left === 0 || poissonTailSurprise(left, burst.expected) >= minSurprise) return burst;
    return { ...burst, members: core };
  });
}

/** Members holding an identifier (hubs included) held by more of them than chance allows at minSurprise; null when no identifier is. */
export function burstCore(members: Int32Array, index: BipartiteIndex, minSurprise: number): Int32Array | null {
  const held = new Map<number, number>();
  for (const v of members) {
    for (let i = index.accountOffsets[v]!; i < index.accountOffsets[v + 1]!; i++) {
      const e = index.accountEntities[i]!;
      held.set(e, (held.get(e) ?? 0) + 1);
    }
  }
  const marks = new Set<number>();
  for (const [e, count] of held) {
    if (count < 2) continue;
    const expected = (members.length * entityDegree(index, e)) / index.accountCount;
    if (poissonTailSurprise(count, expected) >= minSurprise) marks.add(e);
  }
  if (marks.size === 0) return null;
  return members.filter((v) => {
    for (let i = index.accountOffsets[v]!; i < index.accountOffsets[v + 1]!; i++) if (marks.has(index.accountEntities[i]!)) return true;
    return false;
  });
}
