// The subgraph a set of nodes induces in a compact adjacency, as the weighted graphology graph that
// Louvain, PageRank and betweenness take. Nodes are keyed by their index as a string, edges added once (u > v)
// in member order then adjacency order, so the same members always give the same graph.
import { UndirectedGraph } from 'graphology';

export interface CompactAdjacency {
  /** Neighbours of v are neighbor[offsets[v] .. offsets[v + 1]), edgeOf giving each one's edge index. */
  offsets: Int32Array;
  neighbor: Int32Array;
  edgeOf: Int32Array;
}

export type WeightedSubgraph = UndirectedGraph<Record<string, never>, { weight: number }>;

export function buildInducedSubgraph(
  graph: CompactAdjacency,
  members: ArrayLike<number>,
  weightOf: (edge: number) => number,
  isMember: (node: number) => boolean = memberTest(members),
): WeightedSubgraph {
  const sub: WeightedSubgraph = new UndirectedGraph();
  for (let i = 0; i < members.length; i++) sub.addNode(String(members[i]!));
  for (let i = 0; i < members.length; i++) {
    const v = members[i]!;
    for (let k = graph.offsets[v]!; k < graph.offsets[v + 1]!; k++) {
      const u = graph.neighbor[k]!;
      if (u > v && isMember(u)) sub.addUndirectedEdge(String(v), String(u), { weight: weightOf(graph.edgeOf[k]!) });
    }
  }
  return sub;
}

function memberTest(members: ArrayLike<number>): (node: number) => boolean {
  const set = new Set<number>(Array.from(members));
  return (node) => set.has(node);
}
