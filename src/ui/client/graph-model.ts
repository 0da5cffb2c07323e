// A ring graph answer as a graphology graph with a layout computed once: accounts and identifiers as nodes,
// identifier links and evidence edges as edges, colours by role and identifier type. Sigma only renders it.
import Graph from 'graphology';
import forceAtlas2 from 'graphology-layout-forceatlas2';
import { roleColor, SHARED_EDGE_COLOR, SYNC_EDGE_COLOR, typeColor } from '../../lib/ring-colors.js';
import type { RingGraph } from './api-client.js';

export interface NodeAttributes {
  x: number;
  y: number;
  size: number;
  color: string;
  label: string;
  kind: 'account' | 'identifier';
  role?: string;
  risk?: number;
  /** The identifier type (device, ip, …); not `type`, which sigma reads as its node program. */
  idType?: string;
  value?: string;
  degree?: number;
  isHub?: boolean;
  sharedBy?: number;
}

export interface EdgeAttributes {
  size: number;
  color: string;
  kind: 'evidence' | 'uses';
  weight: number;
  sharedEntities: string[];
  syncTargets: number;
}

export const accountNode = (account: string) => `a:${account}`;
export const entityNode = (entity: string) => `e:${entity}`;

/** A number in [0, 1) from a string: positions that are the same on every load, without Math.random. */
function unitHash(text: string, salt: number): number {
  let h = 2166136261 ^ salt;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return ((h >>> 0) % 1_000_003) / 1_000_003;
}

export function buildGraph(answer: RingGraph): Graph<NodeAttributes, EdgeAttributes> {
  const graph = new Graph<NodeAttributes, EdgeAttributes>({ type: 'undirected', multi: false });
  const roleOf = new Map(answer.members.map((m) => [m.account, m]));
  for (const account of answer.accounts) {
    const member = roleOf.get(account);
    const role = member?.role ?? 'member';
    graph.addNode(accountNode(account), {
      x: unitHash(account, 1),
      y: unitHash(account, 2),
      size: 4 + 6 * (member?.risk ?? 0),
      color: roleColor(role),
      label: account,
      kind: 'account',
      role,
      risk: member?.risk ?? 0,
    });
  }
  const sharedBy = new Map<string, number>();
  for (const use of answer.uses) sharedBy.set(use.entity, (sharedBy.get(use.entity) ?? 0) + 1);
  for (const entity of answer.entities) {
    graph.addNode(entityNode(entity.id), {
      x: unitHash(entity.id, 1),
      y: unitHash(entity.id, 2),
      size: 3 + Math.min(9, Math.sqrt(sharedBy.get(entity.id) ?? 1) * 1.5),
      color: typeColor(entity.type, entity.isHub),
      label: `${entity.type} ${entity.value}`,
      kind: 'identifier',
      idType: entity.type,
      value: entity.value,
      degree: entity.degree,
      isHub: entity.isHub,
      sharedBy: sharedBy.get(entity.id) ?? 0,
    });
  }
  for (const use of answer.uses) {
    const entity = graph.getNodeAttributes(entityNode(use.entity));
    graph.mergeEdge(accountNode(use.account), entityNode(use.entity), {
      size: 1,
      color: `${entity.color}99`,
      kind: 'uses',
      weight: 1,
      sharedEntities: [use.entity],
      syncTargets: 0,
    });
  }
  const maxWeight = Math.max(1e-9, ...answer.edges.map((e) => e.weight));
  for (const edge of answer.edges) {
    graph.mergeEdge(accountNode(edge.source), accountNode(edge.target), {
      size: 0.5 + 2.5 * (edge.weight / maxWeight),
      color: edge.syncTargets > 0 ? SYNC_EDGE_COLOR : SHARED_EDGE_COLOR,
      kind: 'evidence',
      weight: edge.weight,
      sharedEntities: edge.sharedEntities,
      syncTargets: edge.syncTargets,
    });
  }
  if (graph.order > 1) {
    const settings = forceAtlas2.inferSettings(graph);
    forceAtlas2.assign(graph, { iterations: graph.order > 2000 ? 80 : 200, settings: { ...settings, barnesHutOptimize: graph.order > 300 }, getEdgeWeight: 'weight' });
  }
  return graph;
}
