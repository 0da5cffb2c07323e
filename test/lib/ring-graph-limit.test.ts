import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { boundStoredRingGraph, limitRingGraph, RING_GRAPH_LIMITS } from '../../src/lib/ring-graph-limit.js';
import type { RingGraph } from '../../src/schema/findings.js';

/** n accounts in a clique (edge a_i–a_j weighs i + j), each using device d0 and its own pair-device d(i mod 3). */
function clique(n: number): RingGraph {
  const accounts = Array.from({ length: n }, (_, i) => `a${String(i).padStart(3, '0')}`);
  const edges: RingGraph['edges'] = [];
  for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) edges.push({ source: accounts[i]!, target: accounts[j]!, weight: i + j, sharedEntities: ['device:d0'], syncTargets: 0 });
  const entities = [
    { id: 'device:d0', type: 'device', value: 'd0', degree: n, isHub: false },
    { id: 'ip:hub', type: 'ip', value: 'hub', degree: 5000, isHub: true },
  ];
  const uses = [...accounts.map((account) => ({ account, entity: 'device:d0' })), { account: accounts[0]!, entity: 'ip:hub' }];
  return { ring: 'R1', accounts, entities, uses, edges };
}

describe('limitRingGraph', () => {
  it('a graph within the limit comes back whole, not truncated, with its totals', () => {
    const graph = clique(5);
    const limited = limitRingGraph(graph, 100);
    expect(limited.truncated).toBe(false);
    expect(limited.edges).toEqual(graph.edges);
    expect(limited.totals).toEqual({ accounts: 5, entities: 2, uses: 6, edges: 10 });
  });

  it('keeps the heaviest edges and the most shared identifiers first, hubs last, and only what they touch', () => {
    const graph = clique(20); // 190 edges, 21 uses
    const limited = limitRingGraph(graph, 30);
    expect(limited.truncated).toBe(true);
    expect(limited.uses.length).toBe(15);
    expect(limited.edges.length).toBe(15);
    expect(limited.uses.every((u) => u.entity === 'device:d0')).toBe(true);
    expect(limited.entities.map((e) => e.id)).toEqual(['device:d0']);
    const weights = limited.edges.map((e) => e.weight);
    expect(weights).toEqual([...weights].sort((a, b) => b - a));
    expect(weights).toEqual(graph.edges.map((e) => e.weight).sort((a, b) => b - a).slice(0, 15));
    const touched = new Set([...limited.edges.flatMap((e) => [e.source, e.target]), ...limited.uses.map((u) => u.account)]);
    expect(new Set(limited.accounts)).toEqual(touched);
    expect(limited.totals).toEqual({ accounts: 20, entities: 2, uses: 21, edges: 190 });
  });

  it('a kind that needs less than half the limit leaves the rest to the other', () => {
    const limited = limitRingGraph(clique(20), 100);
    expect(limited.uses.length).toBe(21);
    expect(limited.edges.length).toBe(79);
  });

  it('never returns more than limit edges, and cutting a cut graph keeps the first totals (property)', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 25 }), fc.integer({ min: 1, max: 400 }), (n, limit) => {
        const graph = clique(n);
        const once = limitRingGraph(graph, limit);
        expect(once.edges.length + once.uses.length).toBeLessThanOrEqual(limit);
        expect(once.truncated).toBe(graph.edges.length + graph.uses.length > limit);
        const twice = limitRingGraph(once, Math.max(1, Math.floor(limit / 2)));
        expect(twice.totals).toEqual(once.totals);
        expect(twice.truncated).toBe(once.truncated || once.edges.length + once.uses.length > Math.max(1, Math.floor(limit / 2)));
      }),
    );
  });

  it('a store keeps a small graph as it is and cuts a huge one to the hard maximum', () => {
    const small = clique(10);
    expect(boundStoredRingGraph(small)).toBe(small);
    const huge = clique(220); // 24,090 edges
    const stored = boundStoredRingGraph(huge);
    expect(stored.edges.length + stored.uses.length).toBe(RING_GRAPH_LIMITS.maxLimit);
    expect(stored.truncated).toBe(true);
  });
});
