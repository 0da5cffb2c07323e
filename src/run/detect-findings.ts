// The pure detection pipeline: dataset + config → findings (graph build, communities, scores, roles, risks).
// Same dataset and config (seed included) give byte-identical findings.
import type { Dataset } from '../schema/dataset.js';
import type { DetectionConfig } from '../schema/config.js';
import { round6 } from '../lib/round.js';
import type { AccountRisk, FileCounts, Findings, Ring, RingMember } from '../schema/findings.js';
import { buildAccountGraph } from '../graph/account-graph.js';
import { poolIdentifiers } from '../graph/entity-surprise.js';
import { detectCommunities } from '../detect/communities.js';
import { mergeByIdentifierPool } from '../detect/merge-communities.js';
import { ringCentrality } from '../detect/centrality.js';
import { propagateFromSeeds } from '../detect/propagation.js';
import { buildCreationTimeline } from '../graph/creation-burst.js';
import { buildAccountActions, measureRing, type ScoringContext } from '../score/ring-features.js';
import { scoreRings } from '../score/score-rings.js';
import { compareAccountRisk, memberReasons, memberRisk } from '../score/account-risk.js';
import { buildRingGraph } from '../score/ring-graph.js';
import { ringIdOf } from './ring-id.js';

export type DetectStage = 'bipartite' | 'identifier-edges' | 'synchrony-edges' | 'merge' | 'communities' | 'scoring' | 'centrality' | 'assemble';

/** What a detection stage produced, given when it ends (the graph stages are sized by their input instead). */
export interface DetectStageResult {
  communities?: number;
  graphNodes?: number;
  rings?: number;
  ringsFlagged?: number;
  members?: number;
  accountRisks?: number;
  accountsFlagged?: number;
  ringGraphs?: number;
}

export interface DetectHooks {
  onStage?: (stage: DetectStage, phase: 'start' | 'end', result?: DetectStageResult) => void;
}

export function detectFindings(dataset: Dataset, config: DetectionConfig, files: Record<string, FileCounts> = {}, hooks: DetectHooks = {}): Findings {
  const stage = hooks.onStage ?? (() => {});
  const { index, graph, entityEvidence, evidence } = buildAccountGraph(dataset, config, { onStage: stage });
  stage('communities', 'start');
  const inPool = poolIdentifiers(index, entityEvidence.weight);
  const communities = detectCommunities(graph, config, (pieces) => mergeByIdentifierPool(pieces, index, inPool, config.minPoolOverlap));
  const graphNodes = countNonIsolated(graph.offsets);
  stage('communities', 'end', { communities: communities.length, graphNodes });

  stage('scoring', 'start');
  const knownBad = config.propagateFromLabels && dataset.labels ? Uint8Array.from(dataset.labels.label, (l) => (l === 1 ? 1 : 0)) : null;
  const burstOf = new Int32Array(dataset.accounts.ids.length).fill(-1);
  evidence.bursts.forEach((burst, b) => burst.members.forEach((v) => (burstOf[v] = b)));
  const context: ScoringContext = {
    dataset,
    index,
    graph,
    config,
    entitySurprise: entityEvidence.surprise,
    entityCorroboration: entityEvidence.corroboration,
    evidence,
    burstOf,
    timeline: buildCreationTimeline(dataset.accounts.createdAtMs),
    accountActions: buildAccountActions(dataset),
    knownBad,
  };
  const ids = dataset.accounts.ids;
  const measured = communities.map((members) => measureRing(members, context));
  const ringIds = communities.map((members) => ringIdOf(Array.from(members, (v) => ids[v]!)));
  const { scores, summary: scoring } = scoreRings(measured, communities, ringIds, dataset.labels, config);
  const scored = communities.map((members, i) => {
    const { score, reasons } = scores[i]!;
    const ring: Ring = { id: ringIds[i]!, score, flagged: score >= config.flagThreshold, size: members.length, features: measured[i]!.features, reasons };
    return { ring, members };
  });
  scored.sort((x, y) => y.ring.score - x.ring.score || (x.ring.id < y.ring.id ? -1 : 1));
  const ringsFlagged = scored.filter((s) => s.ring.flagged).length;
  stage('scoring', 'end', { rings: scored.length, ringsFlagged });

  stage('centrality', 'start');
  const members: RingMember[] = [];
  const accounts: AccountRisk[] = [];
  const riskOf = new Float64Array(ids.length);
  const listed = new Uint8Array(ids.length);
  for (const { ring, members: ringMembers } of scored) {
    const centrality = ringCentrality(graph, ringMembers, config);
    const order = [...ringMembers.keys()].sort((i, j) => (ids[ringMembers[i]!]! < ids[ringMembers[j]!]! ? -1 : 1));
    for (const i of order) {
      const v = ringMembers[i]!;
      const role = centrality.roles[i]!;
      const risk = memberRisk(ring.score, role);
      members.push({
        ring: ring.id,
        account: ids[v]!,
        role,
        risk,
        weightedDegree: round6(centrality.weightedDegree[i]!),
        betweenness: round6(centrality.betweenness[i]!),
        pagerank: round6(centrality.pagerank[i]!),
      });
      riskOf[v] = risk;
      listed[v] = 1;
      accounts.push({ account: ids[v]!, risk, flagged: ring.flagged, ring: ring.id, role, reasons: memberReasons(ring.size, role, ring.reasons) });
    }
  }
  stage('centrality', 'end', { members: members.length, rings: scored.length });

  stage('assemble', 'start');
  if (knownBad) addPropagatedRisk(accounts, graph, knownBad, riskOf, listed, ids);
  accounts.sort(compareAccountRisk);
  const rings = scored.map((s) => s.ring);
  const graphs = scored.filter((s) => s.ring.flagged).map((s) => buildRingGraph(s.ring.id, s.members, dataset, index, graph));
  let implicitAccounts = 0;
  for (const flag of dataset.accounts.isImplicit) implicitAccounts += flag;
  const findings: Findings = {
    formatVersion: 1,
    config,
    summary: {
      accounts: ids.length,
      implicitAccounts,
      entities: index.entityCount,
      hubEntities: index.hubCount,
      links: dataset.links.account.length,
      actions: dataset.actions.account.length,
      files,
      graph: {
        nodes: graphNodes,
        edges: graph.edgeCount,
        identifierEdges: graph.stats.identifierEdges,
        burstEdges: graph.stats.burstEdges,
        synchronyEdges: graph.stats.synchronyEdges,
        prunedEdges: graph.stats.prunedEdges,
        skippedBurstWindows: graph.stats.skippedBurstActions,
      },
      communities: communities.length,
      rings: rings.length,
      ringsFlagged,
      accountsFlagged: accounts.filter((a) => a.flagged).length,
      evidence: {
        hubDegree: evidence.hubDegree,
        registrationBursts: evidence.bursts.map((b) => ({
          start: new Date(b.startMs).toISOString(),
          windowSec: b.windowSec,
          accounts: b.members.length,
          expected: round6(b.expected),
          surprise: round6(Math.min(b.surprise, 1e6)),
        })),
        broadActors: evidence.broadActors,
        syncGapBands: evidence.syncGapBands,
        syncScales: evidence.syncScales,
        coTargets: evidence.coTargets,
      },
      scoring,
    },
    rings,
    members,
    accounts,
    graphs,
  };
  stage('assemble', 'end', { accountRisks: accounts.length, accountsFlagged: findings.summary.accountsFlagged, ringGraphs: graphs.length });
  return findings;
}

/** Accounts outside rings but close to known fraud get the propagated score as risk (never flagged by it alone). */
function addPropagatedRisk(accounts: AccountRisk[], graph: Parameters<typeof propagateFromSeeds>[0], knownBad: Uint8Array, riskOf: Float64Array, listed: Uint8Array, ids: string[]): void {
  const seeds = Int32Array.from([...knownBad.keys()].filter((v) => knownBad[v] === 1));
  if (seeds.length === 0) return;
  const propagated = propagateFromSeeds(graph, seeds);
  for (let v = 0; v < ids.length; v++) {
    const p = round6(propagated[v]!);
    if (listed[v] || p <= 0.01) continue;
    riskOf[v] = p;
    accounts.push({ account: ids[v]!, risk: p, flagged: false, ring: null, role: null, reasons: [knownBad[v] ? 'labelled fraud' : 'close to accounts labelled fraud'] });
  }
}

function countNonIsolated(offsets: Int32Array): number {
  let count = 0;
  for (let v = 0; v + 1 < offsets.length; v++) if (offsets[v + 1]! > offsets[v]!) count++;
  return count;
}

