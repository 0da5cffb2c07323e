// A ring's evidence graph as GEXF 1.3 (Gephi) and GraphML (Cytoscape, yEd, networkx): accounts and identifiers as
// nodes (kind, role, risk, identifier type), identifier links and evidence edges (weight, shared identifiers,
// synchronized targets) as undirected edges.
import type { RingGraph, Role } from '../schema/findings.js';
import { escapeXml as esc } from './escape-xml.js';

export interface DrawnAccount {
  account: string;
  role: Role | null;
  risk: number;
}

interface Node {
  id: string;
  label: string;
  kind: 'account' | 'identifier';
  type: string;
  role: string;
  risk: number;
  degree: number;
  hub: boolean;
}

interface Edge {
  source: string;
  target: string;
  kind: 'evidence' | 'uses';
  weight: number;
  shared: string;
  syncTargets: number;
}

/** Node ids are prefixed by kind, so an account and an identifier spelled alike stay two nodes. */
export const accountNodeId = (account: string) => `a:${account}`;
export const entityNodeId = (entity: string) => `e:${entity}`;

function nodesAndEdges(graph: RingGraph, accounts: readonly DrawnAccount[]): { nodes: Node[]; edges: Edge[] } {
  const byAccount = new Map(accounts.map((a) => [a.account, a]));
  const nodes: Node[] = [
    ...graph.accounts.map((account) => ({
      id: accountNodeId(account),
      label: account,
      kind: 'account' as const,
      type: 'account',
      role: byAccount.get(account)?.role ?? '',
      risk: byAccount.get(account)?.risk ?? 0,
      degree: 0,
      hub: false,
    })),
    ...graph.entities.map((e) => ({ id: entityNodeId(e.id), label: e.value, kind: 'identifier' as const, type: e.type, role: '', risk: 0, degree: e.degree, hub: e.isHub })),
  ];
  const edges: Edge[] = [
    ...graph.edges.map((e) => ({ source: accountNodeId(e.source), target: accountNodeId(e.target), kind: 'evidence' as const, weight: e.weight, shared: e.sharedEntities.join(' '), syncTargets: e.syncTargets })),
    ...graph.uses.map((u) => ({ source: accountNodeId(u.account), target: entityNodeId(u.entity), kind: 'uses' as const, weight: 1, shared: '', syncTargets: 0 })),
  ];
  return { nodes, edges };
}

export function ringGraphToGexf(graph: RingGraph, accounts: readonly DrawnAccount[], description: string): string {
  const { nodes, edges } = nodesAndEdges(graph, accounts);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<gexf xmlns="http://gexf.net/1.3" version="1.3">',
    `  <meta><creator>ringscan</creator><description>${esc(description)}</description></meta>`,
    '  <graph defaultedgetype="undirected" mode="static">',
    '    <attributes class="node">',
    '      <attribute id="kind" title="kind" type="string"/>',
    '      <attribute id="type" title="type" type="string"/>',
    '      <attribute id="role" title="role" type="string"/>',
    '      <attribute id="risk" title="risk" type="double"/>',
    '      <attribute id="degree" title="degree" type="integer"/>',
    '      <attribute id="hub" title="hub" type="boolean"/>',
    '    </attributes>',
    '    <attributes class="edge">',
    '      <attribute id="kind" title="kind" type="string"/>',
    '      <attribute id="sharedEntities" title="sharedEntities" type="string"/>',
    '      <attribute id="syncTargets" title="syncTargets" type="integer"/>',
    '    </attributes>',
    '    <nodes>',
  ];
  for (const n of nodes) {
    out.push(
      `      <node id="${esc(n.id)}" label="${esc(n.label)}"><attvalues><attvalue for="kind" value="${n.kind}"/><attvalue for="type" value="${esc(n.type)}"/>` +
        `<attvalue for="role" value="${n.role}"/><attvalue for="risk" value="${n.risk}"/><attvalue for="degree" value="${n.degree}"/><attvalue for="hub" value="${n.hub}"/></attvalues></node>`,
    );
  }
  out.push('    </nodes>', '    <edges>');
  edges.forEach((e, i) => {
    out.push(
      `      <edge id="${i}" source="${esc(e.source)}" target="${esc(e.target)}" weight="${e.weight}"><attvalues><attvalue for="kind" value="${e.kind}"/>` +
        `<attvalue for="sharedEntities" value="${esc(e.shared)}"/><attvalue for="syncTargets" value="${e.syncTargets}"/></attvalues></edge>`,
    );
  });
  out.push('    </edges>', '  </graph>', '</gexf>', '');
  return out.join('\n');
}

export function ringGraphToGraphml(graph: RingGraph, accounts: readonly DrawnAccount[], description: string): string {
  const { nodes, edges } = nodesAndEdges(graph, accounts);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    '<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">',
    '  <key id="label" for="node" attr.name="label" attr.type="string"/>',
    '  <key id="kind" for="node" attr.name="kind" attr.type="string"/>',
    '  <key id="type" for="node" attr.name="type" attr.type="string"/>',
    '  <key id="role" for="node" attr.name="role" attr.type="string"/>',
    '  <key id="risk" for="node" attr.name="risk" attr.type="double"/>',
    '  <key id="degree" for="node" attr.name="degree" attr.type="int"/>',
    '  <key id="hub" for="node" attr.name="hub" attr.type="boolean"/>',
    '  <key id="ekind" for="edge" attr.name="kind" attr.type="string"/>',
    '  <key id="weight" for="edge" attr.name="weight" attr.type="double"/>',
    '  <key id="sharedEntities" for="edge" attr.name="sharedEntities" attr.type="string"/>',
    '  <key id="syncTargets" for="edge" attr.name="syncTargets" attr.type="int"/>',
    `  <graph id="${esc(graph.ring)}" edgedefault="undirected">`,
    `    <desc>${esc(description)}</desc>`,
  ];
  for (const n of nodes) {
    out.push(
      `    <node id="${esc(n.id)}"><data key="label">${esc(n.label)}</data><data key="kind">${n.kind}</data><data key="type">${esc(n.type)}</data>` +
        `<data key="role">${n.role}</data><data key="risk">${n.risk}</data><data key="degree">${n.degree}</data><data key="hub">${n.hub}</data></node>`,
    );
  }
  edges.forEach((e, i) => {
    out.push(
      `    <edge id="e${i}" source="${esc(e.source)}" target="${esc(e.target)}"><data key="ekind">${e.kind}</data><data key="weight">${e.weight}</data>` +
        `<data key="sharedEntities">${esc(e.shared)}</data><data key="syncTargets">${e.syncTargets}</data></edge>`,
    );
  });
  out.push('  </graph>', '</graphml>', '');
  return out.join('\n');
}
