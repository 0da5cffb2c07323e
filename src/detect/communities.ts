// Seeded Louvain run separately inside each connected component. Per-component modularity (each component's
// own total weight) avoids the resolution limit of one global run, where a dense ring and an office joined
// by one weak edge would be merged because the whole graph's weight dwarfs both.
import louvain from 'graphology-communities-louvain';
import { edgeWeight, type AccountGraph } from '../graph/account-graph.js';
import { findComponents } from './connected-components.js';
import { buildInducedSubgraph } from '../lib/induced-subgraph.js';
import { createRng } from '../lib/rng.js';

export interface CommunityOptions {
  resolution: number;
  seed: number;
  minRingSize: number;
}

/**
 * Communities of at least minRingSize accounts: sorted member arrays, ordered by smallest member. mergePieces,
 * when given, sees each component's Louvain pieces and may join some back (merge-communities.ts).
 */
export function detectCommunities(graph: AccountGraph, options: CommunityOptions, mergePieces: (pieces: Int32Array[]) => Int32Array[] = (pieces) => pieces): Int32Array[] {
  const rng = createRng(options.seed);
  const communities: Int32Array[] = [];
  for (const component of findComponents(graph, options.minRingSize)) {
    for (const community of mergePieces(splitComponent(graph, component, options, rng))) {
      if (community.length >= options.minRingSize) communities.push(community);
    }
  }
  return communities.sort((x, y) => x[0]! - y[0]!);
}

function splitComponent(graph: AccountGraph, component: Int32Array, options: CommunityOptions, rng: () => number): Int32Array[] {
  if (component.length <= 2) return [component];
  // every neighbour of a component's node is in the component
  const sub = buildInducedSubgraph(graph, component, (e) => edgeWeight(graph, e), () => true);
  const assignment = louvain(sub, { getEdgeWeight: 'weight', resolution: options.resolution, rng });
  const groups = new Map<number, number[]>();
  for (const v of component) {
    const community = assignment[String(v)]!;
    let members = groups.get(community);
    if (!members) groups.set(community, (members = []));
    members.push(v);
  }
  return [...groups.values()].map((members) => Int32Array.from(members));
}

