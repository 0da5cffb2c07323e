// Bounds a ring's evidence graph to `limit` edges, strongest evidence first, for drawing and for the API: a ring
// of a thousand accounts can carry a quarter of a million edges (41 MB of JSON), which no answer should.
import type { RingGraph } from '../schema/findings.js';

export const RING_GRAPH_LIMITS = {
  /** Edges (account–account evidence plus account–identifier links) when the caller names no limit. */
  defaultLimit: 2000,
  /** The hard maximum; stores keep at most this much of each ring's graph. */
  maxLimit: 20_000,
} as const;

export type RingGraphTotals = NonNullable<RingGraph['totals']>;

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/**
 * Keeps the `limit` strongest edges: account–account edges by weight (heaviest first), identifier links by how
 * many members share the identifier (hubs last). Each kind gets half the limit and what one kind leaves unused
 * goes to the other. When anything is cut, only the accounts and identifiers the kept edges touch remain, and
 * `truncated` is true; `totals` always counts the whole graph (also when it was already cut once, by a store).
 */
export function limitRingGraph(graph: RingGraph, limit: number): RingGraph & { truncated: boolean; totals: RingGraphTotals } {
  const totals = graph.totals ?? { accounts: graph.accounts.length, entities: graph.entities.length, uses: graph.uses.length, edges: graph.edges.length };
  const usesBudget = Math.min(graph.uses.length, Math.max(Math.floor(limit / 2), limit - graph.edges.length));
  const edgesBudget = Math.min(graph.edges.length, limit - usesBudget);
  const truncated = (graph.truncated ?? false) || usesBudget < graph.uses.length || edgesBudget < graph.edges.length;
  if (usesBudget === graph.uses.length && edgesBudget === graph.edges.length) {
    return { ...graph, truncated, totals };
  }

  const edges = [...graph.edges]
    .sort((a, b) => b.weight - a.weight || compareText(a.source, b.source) || compareText(a.target, b.target))
    .slice(0, edgesBudget);
  const sharers = new Map<string, number>();
  for (const use of graph.uses) sharers.set(use.entity, (sharers.get(use.entity) ?? 0) + 1);
  const isHub = new Map(graph.entities.map((e) => [e.id, e.isHub]));
  const uses = [...graph.uses]
    .sort(
      (a, b) =>
        Number(isHub.get(a.entity) ?? false) - Number(isHub.get(b.entity) ?? false) ||
        sharers.get(b.entity)! - sharers.get(a.entity)! ||
        compareText(a.entity, b.entity) ||
        compareText(a.account, b.account),
    )
    .slice(0, usesBudget);

  const touched = new Set<string>();
  for (const edge of edges) touched.add(edge.source).add(edge.target);
  for (const use of uses) touched.add(use.account);
  const entitiesKept = new Set(uses.map((use) => use.entity));
  return {
    ring: graph.ring,
    accounts: graph.accounts.filter((account) => touched.has(account)),
    entities: graph.entities.filter((entity) => entitiesKept.has(entity.id)),
    uses,
    edges,
    truncated,
    totals,
  };
}

/** What a store keeps of a ring's graph: the graph itself when within the hard maximum, else its strongest part. */
export function boundStoredRingGraph(graph: RingGraph): RingGraph {
  return graph.edges.length + graph.uses.length <= RING_GRAPH_LIMITS.maxLimit ? graph : limitRingGraph(graph, RING_GRAPH_LIMITS.maxLimit);
}
