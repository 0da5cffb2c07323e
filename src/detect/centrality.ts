// Centrality inside one ring (weighted degree, betweenness, PageRank) and the roles it implies.
import betweennessCentrality from 'graphology-metrics/centrality/betweenness.js';
import pagerank from 'graphology-metrics/centrality/pagerank.js';
import { edgeWeight, type AccountGraph } from '../graph/account-graph.js';
import { buildInducedSubgraph } from '../lib/induced-subgraph.js';
import type { Role } from '../schema/findings.js';

export interface MemberCentrality {
  weightedDegree: Float64Array;
  betweenness: Float64Array;
  pagerank: Float64Array;
  roles: Role[];
}

export function ringCentrality(graph: AccountGraph, members: Int32Array, options: { maxBetweennessRingSize: number }): MemberCentrality {
  const n = members.length;
  const position = new Map<number, number>();
  members.forEach((v, i) => position.set(v, i));
  const sub = buildInducedSubgraph(graph, members, (e) => edgeWeight(graph, e), (u) => position.has(u));
  const weightedDegree = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = members[i]!;
    for (let k = graph.offsets[v]!; k < graph.offsets[v + 1]!; k++) {
      if (position.has(graph.neighbor[k]!)) weightedDegree[i]! += edgeWeight(graph, graph.edgeOf[k]!);
    }
  }
  const ranks = sub.size > 0 ? pagerank(sub, { getEdgeWeight: 'weight', tolerance: 1e-9, maxIterations: 200 }) : {};
  const between = n <= options.maxBetweennessRingSize && sub.size > 0 ? betweennessCentrality(sub, { normalized: true, getEdgeWeight: null }) : {};
  const pr = Float64Array.from(members, (v) => ranks[String(v)] ?? 1 / n);
  const bc = Float64Array.from(members, (v) => between[String(v)] ?? 0);
  return { weightedDegree, betweenness: bc, pagerank: pr, roles: assignRoles(weightedDegree, pr) };
}

/**
 * Coordinators: the few members whose PageRank stands well above the ring's average (at most 10 % of the
 * ring). Peripherals: members tied to the ring with under a quarter of the median member's weight.
 */
export function assignRoles(weightedDegree: Float64Array, pagerankScores: Float64Array): Role[] {
  const n = weightedDegree.length;
  const median = [...weightedDegree].sort((a, b) => a - b)[Math.floor(n / 2)] ?? 0;
  const coordinatorSlots = Math.max(1, Math.floor(n * 0.1));
  const byRank = [...pagerankScores.keys()].sort((a, b) => pagerankScores[b]! - pagerankScores[a]! || a - b);
  const roles: Role[] = Array.from({ length: n }, (_, i) => (weightedDegree[i]! < 0.25 * median ? 'peripheral' : 'member'));
  for (const i of byRank.slice(0, coordinatorSlots)) {
    if (pagerankScores[i]! >= 1.5 / n && roles[i] !== 'peripheral') roles[i] = 'coordinator';
  }
  return roles;
}
