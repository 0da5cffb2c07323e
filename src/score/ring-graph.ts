// The evidence subgraph of a ring, for investigators and drawing: members, the entities they share (and the
// hubs they touch, marked), and each internal edge with the entities behind it.
import type { Dataset } from '../schema/dataset.js';
import type { RingGraph } from '../schema/findings.js';
import { round6 } from '../lib/round.js';
import { edgeWeight, type AccountGraph } from '../graph/account-graph.js';
import { entityDegree, type BipartiteIndex } from '../graph/bipartite-index.js';

const MAX_HUBS_SHOWN = 20;

export function entityKey(dataset: Dataset, entity: number): string {
  return `${dataset.entities.types[dataset.entities.typeOf[entity]!]}:${dataset.entities.values[entity]}`;
}

export function buildRingGraph(ringId: string, members: Int32Array, dataset: Dataset, index: BipartiteIndex, graph: AccountGraph): RingGraph {
  const inRing = new Set<number>(members);
  const uses = new Map<number, number[]>();
  for (const v of members) {
    for (let i = index.accountOffsets[v]!; i < index.accountOffsets[v + 1]!; i++) {
      const e = index.accountEntities[i]!;
      let users = uses.get(e);
      if (!users) uses.set(e, (users = []));
      users.push(v);
    }
  }
  const shown = [...uses.entries()].filter(([e, users]) => !index.isHub[e] && users.length >= 2).map(([e]) => e);
  const hubs = [...uses.keys()].filter((e) => index.isHub[e]).sort((x, y) => x - y).slice(0, MAX_HUBS_SHOWN);
  const entities = [...shown.sort((x, y) => x - y), ...hubs];
  const ids = dataset.accounts.ids;
  const edges: RingGraph['edges'] = [];
  for (const v of members) {
    for (let k = graph.offsets[v]!; k < graph.offsets[v + 1]!; k++) {
      const u = graph.neighbor[k]!;
      if (u <= v || !inRing.has(u)) continue;
      const e = graph.edgeOf[k]!;
      edges.push({
        source: ids[v]!,
        target: ids[u]!,
        weight: round6(edgeWeight(graph, e)),
        sharedEntities: sharedNonHubEntities(index, v, u).map((x) => entityKey(dataset, x)),
        syncTargets: graph.syncTargets[e]!,
      });
    }
  }
  return {
    ring: ringId,
    accounts: Array.from(members, (v) => ids[v]!),
    entities: entities.map((e) => ({
      id: entityKey(dataset, e),
      type: dataset.entities.types[dataset.entities.typeOf[e]!]!,
      value: dataset.entities.values[e]!,
      degree: entityDegree(index, e),
      isHub: index.isHub[e] === 1,
    })),
    uses: entities.flatMap((e) => uses.get(e)!.map((v) => ({ account: ids[v]!, entity: entityKey(dataset, e) }))),
    edges,
  };
}

/** Intersection of two accounts' sorted entity lists, hubs excluded. */
function sharedNonHubEntities(index: BipartiteIndex, a: number, b: number): number[] {
  const out: number[] = [];
  let i = index.accountOffsets[a]!;
  let j = index.accountOffsets[b]!;
  const iEnd = index.accountOffsets[a + 1]!;
  const jEnd = index.accountOffsets[b + 1]!;
  while (i < iEnd && j < jEnd) {
    const x = index.accountEntities[i]!;
    const y = index.accountEntities[j]!;
    if (x === y) {
      if (!index.isHub[x]) out.push(x);
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return out;
}
