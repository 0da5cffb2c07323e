// An account's neighbourhood to depth 2 over stored evidence edges, in one order for every store.
import type { NeighborEdge } from './findings-store.js';

/** An edge seen from one of its ends. */
export interface EdgeFrom {
  from: string;
  other: string;
  weight: number;
  sharedEntities: string[];
  syncTargets: number;
}

/** Fetches every edge touching any of the accounts (both directions), one query per depth level. */
export type EdgesOf = (accounts: string[]) => Promise<EdgeFrom[]>;

const byWeightThenId = (a: EdgeFrom, b: EdgeFrom) =>
  b.weight - a.weight || (a.other < b.other ? -1 : a.other > b.other ? 1 : 0) || (a.from < b.from ? -1 : a.from > b.from ? 1 : 0);

/** Depth 1 by weight desc then account id, then depth 2 likewise (each account once, via its heaviest link). */
export async function collectNeighbors(origin: string, depth: 1 | 2, limit: number, edgesOf: EdgesOf): Promise<NeighborEdge[]> {
  const first = bestPerAccount((await edgesOf([origin])).filter((edge) => edge.other !== origin));
  const result = first.slice(0, limit).map((edge) => toNeighbor(edge, 1));
  if (depth === 1 || result.length >= limit || first.length === 0) return result;
  const seen = new Set([origin, ...first.map((edge) => edge.other)]);
  const second = bestPerAccount((await edgesOf(first.map((edge) => edge.other))).filter((edge) => !seen.has(edge.other)));
  for (const edge of second.slice(0, limit - result.length)) result.push(toNeighbor(edge, 2));
  return result;
}

function bestPerAccount(edges: EdgeFrom[]): EdgeFrom[] {
  const seen = new Set<string>();
  const best: EdgeFrom[] = [];
  for (const edge of edges.sort(byWeightThenId)) {
    if (seen.has(edge.other)) continue;
    seen.add(edge.other);
    best.push(edge);
  }
  return best;
}

function toNeighbor(edge: EdgeFrom, depth: 1 | 2): NeighborEdge {
  return { account: edge.other, depth, via: edge.from, sharedEntities: edge.sharedEntities, syncTargets: edge.syncTargets, weight: edge.weight };
}
