// The weighted account–account graph: identifier and synchrony edges merged into one edge list plus a CSR
// adjacency. Each edge keeps its evidence (shared-entity count, synchronized-target count); the entities
// themselves are recovered from the bipartite index when a ring is explained (see edge-evidence.ts).
import type { Dataset } from '../schema/dataset.js';
import { typeWeightOf, type DetectionConfig } from '../schema/config.js';
import { buildBipartiteIndex, type BipartiteIndex } from './bipartite-index.js';
import { buildIdentifierEdges, type PairEdges } from './identifier-edges.js';
import { buildSynchronyEdges } from './synchrony-edges.js';
import { computeEntityWeights, type EntityWeights } from './entity-weights.js';
import { buildCreationTimeline } from './creation-burst.js';

/** Creation bursts are looked for at the configured window and at one day and one week. */
export const EXTRA_BURST_WINDOWS_HOURS = [24, 24 * 7];

export interface AccountGraph {
  nodeCount: number;
  edgeCount: number;
  /** Per edge (source < target). */
  source: Int32Array;
  target: Int32Array;
  identifierWeight: Float64Array;
  sharedEntities: Int32Array;
  syncWeight: Float64Array;
  syncTargets: Int32Array;
  /** Undirected CSR: neighbours of v are neighbor[offsets[v] .. offsets[v+1]), with edgeOf giving the edge index. */
  offsets: Int32Array;
  neighbor: Int32Array;
  edgeOf: Int32Array;
  stats: { identifierEdges: number; synchronyEdges: number; prunedEdges: number; skippedBurstActions: number };
}

export function edgeWeight(graph: AccountGraph, edge: number): number {
  return graph.identifierWeight[edge]! + graph.syncWeight[edge]!;
}

export interface BuiltGraph {
  index: BipartiteIndex;
  graph: AccountGraph;
  entityWeights: EntityWeights;
}

export interface BuildTimings {
  onStage?: (stage: 'bipartite' | 'identifier-edges' | 'synchrony-edges' | 'merge', phase: 'start' | 'end') => void;
}

export function buildAccountGraph(dataset: Dataset, config: DetectionConfig, hooks: BuildTimings = {}): BuiltGraph {
  const stage = hooks.onStage ?? (() => {});
  const maxSafeAccounts = Math.floor(Math.sqrt(Number.MAX_SAFE_INTEGER / 64));
  if (dataset.accounts.ids.length > maxSafeAccounts) {
    throw new RangeError(`at most ${maxSafeAccounts} accounts fit the pair encoding; split the dataset`);
  }
  stage('bipartite', 'start');
  const index = buildBipartiteIndex(dataset, config);
  stage('bipartite', 'end');
  stage('identifier-edges', 'start');
  const typeWeights = Float64Array.from(dataset.entities.types, (type) => typeWeightOf(config, type));
  const entityWeights = computeEntityWeights(dataset, index, typeWeights, buildCreationTimeline(dataset.accounts.createdAtMs), {
    degreeExponent: config.degreeExponent,
    unclusteredWeight: config.unclusteredWeight,
    clusteredSurprise: config.clusteredSurprise,
    burstWindowsHours: [config.burstWindowHours, ...EXTRA_BURST_WINDOWS_HOURS],
  });
  const identifier = buildIdentifierEdges(index, entityWeights.weight);
  stage('identifier-edges', 'end');
  stage('synchrony-edges', 'start');
  const synchrony = buildSynchronyEdges(dataset.actions, index.accountCount, config);
  stage('synchrony-edges', 'end');
  stage('merge', 'start');
  const graph = mergeEdges(index.accountCount, identifier, synchrony, config.minEdgeWeight);
  graph.stats.skippedBurstActions = synchrony.skippedBurstActions;
  stage('merge', 'end');
  return { index, graph, entityWeights };
}

/**
 * Merge-joins two (source, target)-sorted edge lists and builds the CSR. Edges lighter than minEdgeWeight are
 * dropped: thousands of such faint ties (a common fingerprint, an office IP) would otherwise glue unrelated
 * groups into one component and one community.
 */
export function mergeEdges(nodeCount: number, identifier: PairEdges, synchrony: PairEdges, minEdgeWeight = 0): AccountGraph {
  const capacity = identifier.source.length + synchrony.source.length;
  const source = new Int32Array(capacity);
  const target = new Int32Array(capacity);
  const identifierWeight = new Float64Array(capacity);
  const sharedEntities = new Int32Array(capacity);
  const syncWeight = new Float64Array(capacity);
  const syncTargets = new Int32Array(capacity);
  let i = 0;
  let j = 0;
  let m = 0;
  let pruned = 0;
  while (i < identifier.source.length || j < synchrony.source.length) {
    const order = compareEdges(identifier, i, synchrony, j);
    if (order <= 0) {
      source[m] = identifier.source[i]!;
      target[m] = identifier.target[i]!;
      identifierWeight[m] = identifier.weight[i]!;
      sharedEntities[m] = identifier.count[i]!;
      i++;
    }
    if (order >= 0) {
      source[m] = synchrony.source[j]!;
      target[m] = synchrony.target[j]!;
      syncWeight[m] = synchrony.weight[j]!;
      syncTargets[m] = synchrony.count[j]!;
      j++;
    }
    if (identifierWeight[m]! + syncWeight[m]! >= minEdgeWeight) {
      m++;
    } else {
      identifierWeight[m] = 0;
      sharedEntities[m] = 0;
      syncWeight[m] = 0;
      syncTargets[m] = 0;
      pruned++;
    }
  }
  const graph: AccountGraph = {
    nodeCount,
    edgeCount: m,
    source: source.slice(0, m),
    target: target.slice(0, m),
    identifierWeight: identifierWeight.slice(0, m),
    sharedEntities: sharedEntities.slice(0, m),
    syncWeight: syncWeight.slice(0, m),
    syncTargets: syncTargets.slice(0, m),
    offsets: new Int32Array(nodeCount + 1),
    neighbor: new Int32Array(2 * m),
    edgeOf: new Int32Array(2 * m),
    stats: { identifierEdges: identifier.source.length, synchronyEdges: synchrony.source.length, prunedEdges: pruned, skippedBurstActions: 0 },
  };
  fillAdjacency(graph);
  return graph;
}

function compareEdges(x: PairEdges, i: number, y: PairEdges, j: number): number {
  if (i >= x.source.length) return 1;
  if (j >= y.source.length) return -1;
  return x.source[i]! - y.source[j]! || x.target[i]! - y.target[j]!;
}

function fillAdjacency(graph: AccountGraph): void {
  const { offsets, neighbor, edgeOf, source, target, nodeCount, edgeCount } = graph;
  for (let e = 0; e < edgeCount; e++) {
    offsets[source[e]! + 1]!++;
    offsets[target[e]! + 1]!++;
  }
  for (let v = 0; v < nodeCount; v++) offsets[v + 1]! += offsets[v]!;
  const cursor = offsets.slice(0, nodeCount);
  // Edges are sorted by (source, target), so every adjacency list comes out sorted by neighbour.
  for (let e = 0; e < edgeCount; e++) {
    const s = source[e]!;
    const t = target[e]!;
    neighbor[cursor[s]!] = t;
    edgeOf[cursor[s]!++] = e;
    neighbor[cursor[t]!] = s;
    edgeOf[cursor[t]!++] = e;
  }
}
