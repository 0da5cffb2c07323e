// What a reviewer sees for one sampled account: its ring, role and reasons, the identifiers it shares with other
// members, and the members it is most tied to; all read from the stored findings, nothing recomputed.
import type { AccountRisk, Ring, RingGraph } from '../schema/findings.js';
import type { ReviewEvidence } from './review-file-schema.js';
import { byText } from './ordering.js';

const MAX_IDENTIFIERS = 8;
const MAX_MEMBERS = 5;

export function reviewEvidence(account: AccountRisk, ring: Ring | null, graph: RingGraph | null): ReviewEvidence {
  const sharedIdentifiers: ReviewEvidence['sharedIdentifiers'] = [];
  const closestMembers: ReviewEvidence['closestMembers'] = [];
  if (graph) {
    const usersOf = new Map<string, number>();
    for (const use of graph.uses) usersOf.set(use.entity, (usersOf.get(use.entity) ?? 0) + 1);
    const own = new Set(graph.uses.filter((use) => use.account === account.account).map((use) => use.entity));
    for (const entity of graph.entities) {
      const members = usersOf.get(entity.id) ?? 0;
      if (own.has(entity.id) && (members > 1 || entity.isHub)) sharedIdentifiers.push({ type: entity.type, value: entity.value, members, isHub: entity.isHub });
    }
    sharedIdentifiers.sort((a, b) => Number(a.isHub) - Number(b.isHub) || b.members - a.members || byText(a.type, b.type) || byText(a.value, b.value));
    for (const edge of graph.edges) {
      const other = edge.source === account.account ? edge.target : edge.target === account.account ? edge.source : null;
      if (other !== null) closestMembers.push({ account: other, weight: edge.weight, sharedEntities: edge.sharedEntities.length, syncTargets: edge.syncTargets });
    }
    closestMembers.sort((a, b) => b.weight - a.weight || byText(a.account, b.account));
  }
  return {
    ring: account.ring,
    ringScore: ring?.score ?? null,
    ringSize: ring?.size ?? null,
    role: account.role,
    reasons: account.reasons,
    ringReasons: (ring?.reasons ?? []).map((r) => ({ code: r.code, text: r.text, weight: r.weight })),
    sharedIdentifiers: sharedIdentifiers.slice(0, MAX_IDENTIFIERS),
    closestMembers: closestMembers.slice(0, MAX_MEMBERS),
  };
}
