// The weighted account–account graph: identifier, registration-burst and synchrony evidence merged into one edge
// list plus a CSR adjacency. Evidence is additive: each kind adds its own weight to a pair and none scales
// another. Each edge keeps its evidence (shared-entity count, burst weight, synchronized-target count); the
// entities themselves are recovered from the bipartite index when a ring is explained (ring-graph.ts).
import type { Dataset } from '../schema/dataset.js';
import type { DetectionConfig } from '../schema/config.js';
import { buildBipartiteIndex, type BipartiteIndex } from './bipartite-index.js';
import { buildIdentifierEdges, type PairEdges } from './identifier-edges.js';
import { buildSynchronyEdges, type GapBand } from './synchrony-edges.js';
import { computeEntityEvidence, degreeTails, entityDegrees, FULL_CORROBORATION, hubDegreeFromData, surpriseOfWidths, tiedShares, type EntityEvidence } from './entity-surprise.js';
import { findIdentifierPools } from './identifier-pools.js';
import { burstCore, trimBurstsToCores } from './burst-cores.js';
import { buildBurstEdges, burstCliqueSizeFromBudget, findRegistrationBursts, type RegistrationBurst } from './registration-bursts.js';

export interface AccountGraph {
  nodeCount: number;
  edgeCount: number;
  /** Per edge (source < target). */
  source: Int32Array;
  target: Int32Array;
  identifierWeight: Float64Array;
  sharedEntities: Int32Array;
  burstWeight: Float64Array;
  syncWeight: Float64Array;
  syncTargets: Int32Array;
  /** Undirected CSR: neighbours of v are neighbor[offsets[v] .. offsets[v+1]), with edgeOf giving the edge index. */
  offsets: Int32Array;
  neighbor: Int32Array;
  edgeOf: Int32Array;
  stats: GraphStats;
}

export interface GraphStats {
  identifierEdges: number;
  burstEdges: number;
  synchronyEdges: number;
  prunedEdges: number;
  skippedBurstActions: number;
}

export function edgeWeight(graph: AccountGraph, edge: number): number {
  return graph.identifierWeight[edge]! + graph.burstWeight[edge]! + graph.syncWeight[edge]!;
}

/** What the graph build learned from the data, for the run summary. */
export interface GraphEvidence {
  hubDegree: number;
  bursts: RegistrationBurst[];
  broadActors: number;
  syncGapBands: { minute: number; hour: number; day: number };
  syncScales: GapBand[];
  coTargets: { pairs: number; maxTargetActors: number };
}

export interface BuiltGraph {
  index: BipartiteIndex;
  graph: AccountGraph;
  entityEvidence: EntityEvidence;
  evidence: GraphEvidence;
}

export interface BuildTimings {
  onStage?: (stage: 'bipartite' | 'identifier-edges' | 'synchrony-edges' | 'merge', phase: 'start' | 'end') => void;
}

export function buildAccountGraph(dataset: Dataset, config: DetectionConfig, hooks: BuildTimings = {}): BuiltGraph {
  const stage = hooks.onStage ?? (() => {});
  const accountCount = dataset.accounts.ids.length;
  const maxSafeAccounts = Math.floor(Math.sqrt(Number.MAX_SAFE_INTEGER / 64));
  if (accountCount > maxSafeAccounts) {
    throw new RangeError(`at most ${maxSafeAccounts} accounts fit the pair encoding; split the dataset`);
  }
  stage('bipartite', 'start');
  const degrees = entityDegrees(dataset.links.entity, dataset.entities.values.length);
  const { typeOf } = dataset.entities;
  const tails = degreeTails(degrees, typeOf, dataset.entities.types.length);
  const dataHubDegree = hubDegreeFromData(degrees, surpriseOfWidths(tails, degrees, typeOf, config.maxEntitySurprise), accountCount, config);
  const hubDegree = config.maxEntityDegree === 'auto' ? dataHubDegree : config.maxEntityDegree;
  const index = buildBipartiteIndex(dataset, { maxEntityDegree: hubDegree });
  // Each identifier counts as widely shared as its pool (identifier-pools.ts), judged against its type's degrees.
  // Only identifiers whose accounts know each other pool (a default device id of strangers glues no households),
  // and a pool wider than the hub cap is context, as a hub is: its identifiers keep their own degrees. The data's
  // own hub degree bounds pools even when a wider cap is set, so hubs that are expanded never glue pools together.
  const poolDegree = Math.min(hubDegree, dataHubDegree);
  const tiedShare = tiedShares(index);
  const { poolAccounts } = findIdentifierPools(index, typeOf, (e) => degrees[e]! <= poolDegree && tiedShare[e]! >= FULL_CORROBORATION);
  const widths = new Int32Array(poolAccounts.length);
  for (let e = 0; e < widths.length; e++) widths[e] = poolAccounts[e]! > poolDegree ? degrees[e]! : poolAccounts[e]!;
  const surprise = surpriseOfWidths(tails, widths, typeOf, config.maxEntitySurprise);
  stage('bipartite', 'end');
  stage('identifier-edges', 'start');
  const entityEvidence = computeEntityEvidence(index, surprise, tiedShare, config);
  const identifier = buildIdentifierEdges(index, entityEvidence.weight);
  const coreOf = (members: Int32Array) => burstCore(members, index, config.minBurstSurprise);
  const bursts = trimBurstsToCores(findRegistrationBursts(dataset.accounts.createdAtMs, config, coreOf), index, config.minBurstSurprise);
  const maxCliqueSize = burstCliqueSizeFromBudget(bursts, config.pairBudgetPerAccount * accountCount, hubDegree);
  const burst = buildBurstEdges(bursts, dataset.accounts.createdAtMs, accountCount, { ...config, maxCliqueSize });
  stage('identifier-edges', 'end');
  stage('synchrony-edges', 'start');
  const synchrony = buildSynchronyEdges(dataset.actions, accountCount, config);
  stage('synchrony-edges', 'end');
  stage('merge', 'start');
  const graph = mergeEdges(accountCount, { identifier, burst, synchrony });
  graph.stats.skippedBurstActions = synchrony.skippedBurstActions;
  stage('merge', 'end');
  const evidence: GraphEvidence = { hubDegree, bursts, broadActors: synchrony.broadActors, syncGapBands: synchrony.gapBands, syncScales: synchrony.scales, coTargets: synchrony.coTargets };
  return { index, graph, entityEvidence, evidence };
}

export interface EdgeKinds {
  identifier: PairEdges;
  burst?: PairEdges;
  synchrony?: PairEdges;
}

const NO_EDGES: PairEdges = { source: new Int32Array(0), target: new Int32Array(0), weight: new Float64Array(0), count: new Int32Array(0) };

/** Merge-joins the (source, target)-sorted edge lists of each kind and builds the CSR; pairs with no weight are dropped. */
export function mergeEdges(nodeCount: number, kinds: EdgeKinds): AccountGraph {
  const lists = [kinds.identifier, kinds.burst ?? NO_EDGES, kinds.synchrony ?? NO_EDGES];
  const capacity = lists.reduce((sum, l) => sum + l.source.length, 0);
  const source = new Int32Array(capacity);
  const target = new Int32Array(capacity);
  const weights = [new Float64Array(capacity), new Float64Array(capacity), new Float64Array(capacity)];
  const counts = [new Int32Array(capacity), new Int32Array(capacity), new Int32Array(capacity)];
  const at = [0, 0, 0];
  let m = 0;
  let pruned = 0;
  for (;;) {
    let best = -1;
    for (let k = 0; k < 3; k++) {
      if (at[k]! >= lists[k]!.source.length) continue;
      if (best < 0 || compareAt(lists[k]!, at[k]!, lists[best]!, at[best]!) < 0) best = k;
    }
    if (best < 0) break;
    const s = lists[best]!.source[at[best]!]!;
    const t = lists[best]!.target[at[best]!]!;
    let total = 0;
    for (let k = 0; k < 3; k++) {
      const list = lists[k]!;
      const i = at[k]!;
      if (i < list.source.length && list.source[i] === s && list.target[i] === t) {
        weights[k]![m] = list.weight[i]!;
        counts[k]![m] = list.count[i]!;
        total += list.weight[i]!;
        at[k]!++;
      } else {
        weights[k]![m] = 0;
        counts[k]![m] = 0;
      }
    }
    if (total > 0) {
      source[m] = s;
      target[m] = t;
      m++;
    } else {
      pruned++;
    }
  }
  const graph: AccountGraph = {
    nodeCount,
    edgeCount: m,
    source: source.slice(0, m),
    target: target.slice(0, m),
    identifierWeight: weights[0]!.slice(0, m),
    sharedEntities: counts[0]!.slice(0, m),
    burstWeight: weights[1]!.slice(0, m),
    syncWeight: weights[2]!.slice(0, m),
    syncTargets: counts[2]!.slice(0, m),
    offsets: new Int32Array(nodeCount + 1),
    neighbor: new Int32Array(2 * m),
    edgeOf: new Int32Array(2 * m),
    stats: {
      identifierEdges: lists[0]!.source.length,
      burstEdges: lists[1]!.source.length,
      synchronyEdges: lists[2]!.source.length,
      prunedEdges: pruned,
      skippedBurstActions: 0,
    },
  };
  fillAdjacency(graph);
  return graph;
}

function compareAt(x: PairEdges, i: number, y: PairEdges, j: number): number {
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
