import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mergeEdges } from '../../src/graph/account-graph.js';
import { findComponents } from '../../src/detect/connected-components.js';
import { detectCommunities } from '../../src/detect/communities.js';
import { assignRoles, ringCentrality } from '../../src/detect/centrality.js';
import { propagateFromSeeds } from '../../src/detect/propagation.js';

/** A graph from (a, b, weight) triples with a < b, as identifier edges. */
function graphOf(nodeCount: number, edges: [number, number, number][]) {
  const sorted = [...edges].sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  return mergeEdges(nodeCount, {
    identifier: { source: Int32Array.from(sorted, (e) => e[0]), target: Int32Array.from(sorted, (e) => e[1]), weight: Float64Array.from(sorted, (e) => e[2]), count: Int32Array.from(sorted, () => 1) },
  });
}

function clique(nodes: number[], weight: number): [number, number, number][] {
  const edges: [number, number, number][] = [];
  for (let i = 0; i < nodes.length; i++) for (let j = i + 1; j < nodes.length; j++) edges.push([nodes[i]!, nodes[j]!, weight]);
  return edges;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

describe('communities', () => {
  it('finds components and ignores isolated accounts and components under the minimum size', () => {
    const graph = graphOf(10, [...clique([0, 1, 2, 3], 1), [5, 6, 1]]);
    expect(findComponents(graph, 3).map((c) => Array.from(c))).toEqual([[0, 1, 2, 3]]);
    expect(findComponents(graph, 2)).toHaveLength(2);
  });

  it('separates two dense rings joined by one weak edge', () => {
    const graph = graphOf(20, [...clique(range(0, 10), 1), ...clique(range(10, 20), 1), [9, 10, 0.05]]);
    const communities = detectCommunities(graph, { resolution: 0.4, seed: 1, minRingSize: 4 });
    expect(communities.map((c) => Array.from(c))).toEqual([range(0, 10), range(10, 20)]);
  });

  it('partitions: every linked node of a big-enough component lands in exactly one community (property)', () => {
    const edgeArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 29 }), fc.integer({ min: 0, max: 29 }), fc.double({ min: 0.01, max: 2, noNaN: true })), { maxLength: 120 });
    fc.assert(
      fc.property(edgeArb, fc.integer(), (raw, seed) => {
        const unique = new Map<string, [number, number, number]>();
        for (const [a, b, w] of raw) if (a !== b) unique.set(`${Math.min(a, b)}-${Math.max(a, b)}`, [Math.min(a, b), Math.max(a, b), w]);
        const graph = graphOf(30, [...unique.values()]);
        const communities = detectCommunities(graph, { resolution: 1, seed, minRingSize: 1 });
        const seen = new Set<number>();
        for (const c of communities) for (const v of c) {
          expect(seen.has(v)).toBe(false);
          seen.add(v);
        }
        const linked = range(0, 30).filter((v) => graph.offsets[v + 1]! > graph.offsets[v]!);
        expect([...seen].sort((a, b) => a - b)).toEqual(linked);
      }),
      { numRuns: 40 },
    );
  });

  it('is deterministic for a seed', () => {
    const graph = graphOf(40, [...clique(range(0, 20), 1), ...clique(range(20, 40), 0.7), [3, 30, 0.5], [7, 22, 0.5]]);
    const run = () => detectCommunities(graph, { resolution: 1, seed: 7, minRingSize: 2 }).map((c) => Array.from(c));
    expect(run()).toEqual(run());
  });
});

describe('roles', () => {
  it('a star: the hub is the coordinator, and a weakly tied leaf is peripheral', () => {
    const edges: [number, number, number][] = [...range(1, 9).map((v) => [0, v, 1] as [number, number, number]), ...clique(range(1, 9), 0.2), [8, 9, 0.01]];
    const graph = graphOf(10, edges);
    const centrality = ringCentrality(graph, Int32Array.from(range(0, 10)), { maxBetweennessRingSize: 100 });
    expect(centrality.roles[0]).toBe('coordinator');
    expect(centrality.roles[9]).toBe('peripheral');
    expect(centrality.roles.filter((r) => r === 'member')).toHaveLength(8);
    expect(centrality.betweenness[8]).toBeGreaterThan(centrality.betweenness[1]!); // the only way to reach 9
  });

  it('a uniform clique has no coordinator', () => {
    expect(assignRoles(Float64Array.from([3, 3, 3, 3]), Float64Array.from([0.25, 0.25, 0.25, 0.25]))).toEqual(['member', 'member', 'member', 'member']);
  });
});

describe('propagation from known-bad seeds', () => {
  it('scores neighbours of a seed above strangers and keeps scores in [0, 1]', () => {
    const graph = graphOf(8, [[0, 1, 1], [1, 2, 1], [2, 3, 1], [5, 6, 1]]);
    const scores = propagateFromSeeds(graph, Int32Array.from([0]));
    expect(scores[1]!).toBeGreaterThan(scores[2]!);
    expect(scores[2]!).toBeGreaterThan(scores[3]!);
    expect(scores[5]).toBe(0);
    for (const s of scores) expect(s >= 0 && s <= 1).toBe(true);
  });
});
