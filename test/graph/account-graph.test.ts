import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildAccountGraph, edgeWeight, mergeEdges } from '../../src/graph/account-graph.js';
import { buildBipartiteIndex } from '../../src/graph/bipartite-index.js';
import type { PairEdges } from '../../src/graph/identifier-edges.js';
import { resolveConfig } from '../../src/schema/config.js';
import { DAY_MS, EPOCH, background, buildDataset, type TestAccount, type TestLink } from '../helpers/dataset-builder.js';

const config = resolveConfig({});
const accounts = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `a${i}`, createdAt: i * 1000 }));
/** Accounts created 37 days apart: no registration burst among them. */
const spreadAccounts = (n: number, prefix = 'a'): TestAccount[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, createdAt: EPOCH + i * 37 * DAY_MS }));

describe('buildBipartiteIndex', () => {
  it('knows each entity degree and marks entities above the cap as hubs', () => {
    const links: TestLink[] = [];
    for (let i = 0; i < 10; i++) links.push({ account: `a${i}`, type: 'ip', value: 'shared' });
    links.push({ account: 'a0', type: 'device', value: 'd0' }, { account: 'a1', type: 'device', value: 'd0' });
    const index = buildBipartiteIndex(buildDataset(accounts(10), links), { maxEntityDegree: 5 });
    expect(index.hubCount).toBe(1);
    expect(index.isHub[0]).toBe(1);
    expect(index.entityOffsets[1]! - index.entityOffsets[0]!).toBe(10);
    expect(Array.from(index.accountEntities.subarray(index.accountOffsets[0]!, index.accountOffsets[1]!))).toEqual([0, 1]);
  });
});

function edgeOf(graph: ReturnType<typeof buildAccountGraph>['graph'], ids: string[], a: string, b: string): number {
  return Array.from(graph.source).findIndex((s, k) => [ids[s], ids[graph.target[k]!]].sort().join('|') === [a, b].sort().join('|'));
}

describe('identifier projection', () => {
  it('a shared identifier adds its surprise for its type × corroboration, over (degree − 1), to each pair', () => {
    // a0..a5 share device d; a0..a2 also share card c; 1,000 others each have their own device and card.
    const bg = background(1000);
    const links: TestLink[] = [...bg.links, ...bg.accounts.map((a) => ({ account: a.id, type: 'card', value: `card-${a.id}` }))];
    for (let i = 0; i < 6; i++) links.push({ account: `a${i}`, type: 'device', value: 'd' });
    for (let i = 0; i < 3; i++) links.push({ account: `a${i}`, type: 'card', value: 'c' });
    const dataset = buildDataset([...spreadAccounts(6), ...bg.accounts], links);
    const { graph } = buildAccountGraph(dataset, config);
    const ids = dataset.accounts.ids;
    const deviceSurprise = Math.log10(1006 / 6);
    const cardSurprise = Math.log10(1003 / 3);
    // Half of d's users are tied to another user by card c; the rest count at the small-group rate 2 / (6 − 1).
    const corroboration = 0.5 + 0.5 * (2 / 5);
    const deviceWeight = (deviceSurprise * corroboration) / 5;
    const e01 = edgeOf(graph, ids, 'a0', 'a1');
    const e03 = edgeOf(graph, ids, 'a0', 'a3');
    expect(graph.identifierWeight[e01]).toBeCloseTo(deviceWeight + cardSurprise / 2, 9);
    expect(graph.sharedEntities[e01]).toBe(2);
    expect(graph.identifierWeight[e03]).toBeCloseTo(deviceWeight, 9);
    expect(graph.sharedEntities[e03]).toBe(1);
    expect(graph.edgeCount).toBe(15);
  });

  it('no creation gate: two accounts made 500 days apart sharing a tablet keep its full surprise', () => {
    const bg = background(1000);
    const links = [...bg.links, { account: 'bg0', type: 'device', value: 'tablet' }, { account: 'bg500', type: 'device', value: 'tablet' }];
    const { graph } = buildAccountGraph(buildDataset(bg.accounts, links), config);
    expect(graph.edgeCount).toBe(1);
    expect(graph.identifierWeight[0]).toBeCloseTo(Math.log10(1002 / 2), 9);
    expect(graph.burstWeight[0]).toBe(0);
  });

  it('no type name changes anything: renaming every type (and swapping two names) gives the same edges', () => {
    const bg = background(300);
    const links: TestLink[] = [...bg.links];
    // IPs: the first 60 accounts in threes, the rest their own; cards: 12 accounts on 3, the rest their own.
    for (const [i, a] of bg.accounts.entries()) links.push({ account: a.id, type: 'ip', value: i < 60 ? `ip${i % 20}` : `ip-${a.id}` });
    for (const [i, a] of bg.accounts.entries()) links.push({ account: a.id, type: 'card', value: i < 36 && i % 3 === 0 ? `card${i % 9}` : `card-${a.id}` });
    const rename: Record<string, string> = { device: 'ip', ip: 'device', card: 'zz-9f' };
    const edges = (ls: TestLink[]) => {
      const dataset = buildDataset(bg.accounts, ls);
      const { graph } = buildAccountGraph(dataset, config);
      const ids = dataset.accounts.ids;
      return Array.from({ length: graph.edgeCount }, (_, e) => `${ids[graph.source[e]!]}-${ids[graph.target[e]!]}:${edgeWeight(graph, e).toFixed(12)}`).sort();
    };
    const original = edges(links);
    expect(original.length).toBeGreaterThan(0);
    expect(edges(links.map((l) => ({ ...l, type: rename[l.type]! })))).toEqual(original);
    expect(edges(links.map((l) => ({ ...l, type: `t-${l.type.length}-${l.type}`, value: `#${l.value}` })))).toEqual(original);
  });

  it('never expands a hub: a NAT IP shared by 100,000 accounts adds no edge', () => {
    const n = 100_000;
    const links = Array.from({ length: n }, (_, i) => ({ account: `a${i}`, type: 'ip', value: 'nat' }));
    const { graph, index, evidence } = buildAccountGraph(buildDataset(spreadAccounts(n), links), config);
    expect(index.hubCount).toBe(1);
    expect(evidence.hubDegree).toBeLessThan(n);
    expect(graph.edgeCount).toBe(0);
  });

  it('never expands a hub even when it is surprising for its type: a card on 10 accounts above a fixed cap of 5 adds no edge', () => {
    const bg = background(500);
    const links: TestLink[] = [...bg.links, ...bg.accounts.map((a) => ({ account: a.id, type: 'card', value: `card-${a.id}` }))];
    for (let i = 0; i < 10; i++) links.push({ account: `bg${i * 7}`, type: 'card', value: 'shared' });
    const { graph, index } = buildAccountGraph(buildDataset(bg.accounts, links), { ...config, maxEntityDegree: 5 });
    expect(index.hubCount).toBe(1);
    expect(graph.edgeCount).toBe(0);
  });

  it('gives the same graph whatever the order of the link rows (property)', () => {
    const linkArb = fc.array(fc.record({ account: fc.integer({ min: 0, max: 11 }), value: fc.integer({ min: 0, max: 6 }), type: fc.constantFrom('device', 'ip', 'card') }), { maxLength: 60 });
    fc.assert(
      fc.property(linkArb, fc.integer(), (rows, seed) => {
        const links = rows.map((r) => ({ account: `a${r.account}`, type: r.type, value: `v${r.value}` }));
        const shuffled = [...links].sort((x, y) => hash(x, seed) - hash(y, seed));
        const toEdges = (ls: TestLink[]) => {
          const dataset = buildDataset(accounts(12), ls);
          const { graph } = buildAccountGraph(dataset, config);
          const ids = dataset.accounts.ids;
          return Array.from({ length: graph.edgeCount }, (_, e) => {
            const [s, t] = [ids[graph.source[e]!]!, ids[graph.target[e]!]!].sort();
            return `${s}-${t}:${graph.identifierWeight[e]!.toFixed(9)}:${graph.burstWeight[e]!.toFixed(9)}:${graph.sharedEntities[e]}`;
          }).sort();
        };
        expect(toEdges(shuffled)).toEqual(toEdges(links));
      }),
      { numRuns: 60 },
    );
  });
});

describe('mergeEdges', () => {
  const list = (pairs: [number, number, number, number][]): PairEdges => ({
    source: Int32Array.from(pairs, (p) => p[0]),
    target: Int32Array.from(pairs, (p) => p[1]),
    weight: Float64Array.from(pairs, (p) => p[2]),
    count: Int32Array.from(pairs, (p) => p[3]),
  });

  it('evidence is additive: a pair with identifier, burst and synchrony evidence weighs their sum, each kept apart', () => {
    const graph = mergeEdges(4, {
      identifier: list([[0, 1, 0.5, 2], [2, 3, 0.25, 1]]),
      burst: list([[0, 1, 0.125, 1], [1, 2, 0.375, 1]]),
      synchrony: list([[0, 1, 1, 4]]),
    });
    expect(graph.edgeCount).toBe(3);
    expect(Array.from(graph.source)).toEqual([0, 1, 2]);
    expect(Array.from(graph.target)).toEqual([1, 2, 3]);
    expect(edgeWeight(graph, 0)).toBe(1.625);
    expect([graph.identifierWeight[0], graph.burstWeight[0], graph.syncWeight[0], graph.sharedEntities[0], graph.syncTargets[0]]).toEqual([0.5, 0.125, 1, 2, 4]);
    expect([graph.identifierWeight[1], graph.burstWeight[1], graph.syncWeight[1]]).toEqual([0, 0.375, 0]);
    expect(graph.stats).toMatchObject({ identifierEdges: 2, burstEdges: 2, synchronyEdges: 1, prunedEdges: 0 });
    // CSR adjacency: node 1 neighbours 0 and 2, sorted.
    expect(Array.from(graph.neighbor.subarray(graph.offsets[1]!, graph.offsets[2]!))).toEqual([0, 2]);
  });

  it('burst and synchrony are optional, and zero-weight pairs are dropped', () => {
    const graph = mergeEdges(3, { identifier: list([[0, 1, 0, 1], [1, 2, 0.5, 1]]) });
    expect(graph.edgeCount).toBe(1);
    expect(graph.stats.prunedEdges).toBe(1);
    expect(graph.stats.burstEdges).toBe(0);
  });
});

function hash(link: TestLink, seed: number): number {
  let h = seed | 0;
  for (const c of `${link.account}|${link.type}|${link.value}`) h = Math.imul(h ^ c.charCodeAt(0), 0x9e3779b1);
  return h;
}
