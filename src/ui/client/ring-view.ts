// Draws one ring with sigma over its graphology graph. Highlighting is state (the hovered node and its neighbours
// stay, the rest greys out) applied through reducers, never by rewriting node attributes.
import type Graph from 'graphology';
import Sigma from 'sigma';
import type { EdgeAttributes, NodeAttributes } from './graph-model.js';

const FADED = '#e5e7eb';

export interface RingViewHandlers {
  onHover(text: string | null, at: { x: number; y: number } | null): void;
  onAccountClick(account: string): void;
}

export class RingView {
  private readonly sigma: Sigma<NodeAttributes, EdgeAttributes>;
  private hovered: string | null = null;
  private neighbours = new Set<string>();
  private selected: string | null = null;

  constructor(
    private readonly graph: Graph<NodeAttributes, EdgeAttributes>,
    container: HTMLElement,
    handlers: RingViewHandlers,
  ) {
    this.sigma = new Sigma(graph, container, {
      enableEdgeEvents: true,
      renderEdgeLabels: false,
      labelRenderedSizeThreshold: 9,
      nodeReducer: (node, data) => {
        const isActive = this.hovered === null || node === this.hovered || this.neighbours.has(node);
        return {
          ...data,
          color: isActive ? data.color : FADED,
          label: isActive ? data.label : '',
          highlighted: node === this.selected,
        };
      },
      edgeReducer: (edge, data) => {
        if (this.hovered === null) return data;
        const [source, target] = this.graph.extremities(edge);
        return source === this.hovered || target === this.hovered ? data : { ...data, hidden: true };
      },
    });
    this.sigma.on('enterNode', ({ node, event }) => {
      this.hovered = node;
      this.neighbours = new Set(this.graph.neighbors(node));
      this.sigma.refresh({ skipIndexation: true });
      handlers.onHover(describeNode(this.graph.getNodeAttributes(node), this.graph.degree(node)), { x: event.x, y: event.y });
    });
    this.sigma.on('leaveNode', () => {
      this.hovered = null;
      this.neighbours.clear();
      this.sigma.refresh({ skipIndexation: true });
      handlers.onHover(null, null);
    });
    this.sigma.on('enterEdge', ({ edge, event }) => {
      const [source, target] = this.graph.extremities(edge);
      handlers.onHover(describeEdge(this.graph.getEdgeAttributes(edge), this.graph.getNodeAttribute(source, 'label'), this.graph.getNodeAttribute(target, 'label')), { x: event.x, y: event.y });
    });
    this.sigma.on('leaveEdge', () => handlers.onHover(null, null));
    const click = (node: string) => {
      const attributes = this.graph.getNodeAttributes(node);
      if (attributes.kind !== 'account') return;
      this.select(attributes.label);
      handlers.onAccountClick(attributes.label);
    };
    this.sigma.on('clickNode', ({ node }) => click(node));
  }

  select(account: string | null): void {
    this.selected = account === null ? null : `a:${account}`;
    this.sigma.refresh({ skipIndexation: true });
  }

  /** Where a node is drawn, in pixels inside the container (for automation and for keyboard users' focus). */
  positionOf(node: string): { x: number; y: number } | null {
    if (!this.graph.hasNode(node)) return null;
    const { x, y } = this.graph.getNodeAttributes(node);
    return this.sigma.graphToViewport({ x, y });
  }

  kill(): void {
    this.sigma.kill();
  }
}

function describeNode(node: NodeAttributes, degree: number): string {
  if (node.kind === 'account') {
    return `account ${node.label}\nrole: ${node.role}\nrisk: ${(node.risk ?? 0).toFixed(3)}\n${degree} links drawn\nclick for its reasons`;
  }
  return `${node.idType} ${node.value}\nshared by ${node.sharedBy} members of this ring\nused by ${node.degree} accounts in the dataset${node.isHub ? '\nhub: shared too widely to count as evidence' : ''}`;
}

function describeEdge(edge: EdgeAttributes, source: string, target: string): string {
  if (edge.kind === 'uses') return `${source} uses ${edge.sharedEntities[0]}`;
  const lines = [`${source} — ${target}`, `evidence weight ${edge.weight.toFixed(3)}`];
  if (edge.sharedEntities.length > 0) lines.push(`share ${edge.sharedEntities.join(', ')}`);
  if (edge.syncTargets > 0) lines.push(`acted together on ${edge.syncTargets} target${edge.syncTargets === 1 ? '' : 's'} (in sync, or quiet ones few others use)`);
  return lines.join('\n');
}
