import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildAccountGraph } from '../../src/graph/account-graph.js';
import { buildBipartiteIndex } from '../../src/graph/bipartite-index.js';
import { buildSynchronyEdges } from '../../src/graph/synchrony-edges.js';
import { resolveConfig } from '../../src/schema/config.js';
import { EPOCH, background, buildDataset, type TestAction, type TestLink } from '../helpers/dataset-builder.js';

const config = resolveConfig({});
const accounts = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `a${i}`, createdAt: i * 1000 }));

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

describe('identifier projection', () => {
  it('weights a shared entity by type weight over (degree − 1) when its accounts were created together', () => {
    // six accounts made a second apart, against a background spread over years: fully clustered entities
    const links: TestLink[] = [];
    for (let i = 0; i < 6; i++) links.push({ account: `a${i}`, type: 'device', value: 'd' });
    for (let i = 0; i < 3; i++) links.push({ account: `a${i}`, type: 'ip', value: 'i' });
    const bg = background(1000);
    const six = accounts(6).map((a) => ({ ...a, createdAt: EPOCH + a.createdAt }));
    const dataset = buildDataset([...six, ...bg.accounts], [...links, ...bg.links]);
    const { graph } = buildAccountGraph(dataset, { ...config, minEdgeWeight: 0 });
    const weightOf = (a: number, b: number) => {
      const e = Array.from(graph.source).findIndex((s, k) => s === a && graph.target[k] === b);
      return { weight: graph.identifierWeight[e]!, shared: graph.sharedEntities[e]! };
    };
    expect(weightOf(0, 1)).toEqual({ weight: expect.closeTo(1 / 5 + 0.35 / 2, 6), shared: 2 });
    expect(weightOf(0, 3)).toEqual({ weight: expect.closeTo(1 / 5, 6), shared: 1 });
  });

  it('keeps only a small share of weight for an entity whose accounts were made years apart', () => {
    const bg = background(1000);
    const links = [...bg.links, { account: 'bg0', type: 'device', value: 'tablet' }, { account: 'bg500', type: 'device', value: 'tablet' }];
    const { graph } = buildAccountGraph(buildDataset(bg.accounts, links), { ...config, minEdgeWeight: 0 });
    expect(graph.edgeCount).toBe(1);
    expect(graph.identifierWeight[0]).toBeCloseTo(config.unclusteredWeight, 6);
  });

  it('never expands a hub: a NAT IP shared by 100,000 accounts adds no edge', () => {
    const n = 100_000;
    const links = Array.from({ length: n }, (_, i) => ({ account: `a${i}`, type: 'ip', value: 'nat' }));
    const started = performance.now();
    const { graph, index } = buildAccountGraph(buildDataset(accounts(n), links), config);
    expect(index.hubCount).toBe(1);
    expect(graph.edgeCount).toBe(0);
    expect(performance.now() - started).toBeLessThan(5000); // quadratic would be 5·10⁹ pairs
  });

  it('gives the same graph whatever the order of the link rows (property)', () => {
    const linkArb = fc.array(fc.record({ account: fc.integer({ min: 0, max: 11 }), value: fc.integer({ min: 0, max: 6 }), type: fc.constantFrom('device', 'ip', 'card') }), { maxLength: 60 });
    fc.assert(
      fc.property(linkArb, fc.integer(), (rows, seed) => {
        const links = rows.map((r) => ({ account: `a${r.account}`, type: r.type, value: `v${r.value}` }));
        const shuffled = [...links].sort((x, y) => hash(x, seed) - hash(y, seed));
        const toEdges = (ls: TestLink[]) => {
          const dataset = buildDataset(accounts(12), ls);
          const { graph } = buildAccountGraph(dataset, { ...config, minEdgeWeight: 0 });
          const ids = dataset.accounts.ids;
          return Array.from({ length: graph.edgeCount }, (_, e) => {
            const [s, t] = [ids[graph.source[e]!]!, ids[graph.target[e]!]!].sort();
            return `${s}-${t}:${graph.identifierWeight[e]!.toFixed(9)}:${graph.sharedEntities[e]}`;
          }).sort();
        };
        expect(toEdges(shuffled)).toEqual(toEdges(links));
      }),
      { numRuns: 60 },
    );
  });
});

describe('synchrony edges', () => {
  const options = { syncWindowSeconds: 30, minCoActions: 3, maxBurstActors: 20, maxBackgroundActions: 2, syncWeight: 0.5 };

  it('links two accounts that act on 3 distinct targets within the window, not on 2', () => {
    const three: TestAction[] = [];
    for (let t = 0; t < 3; t++) three.push({ account: 'a0', target: `p${t}`, ts: t * 1000 }, { account: 'a1', target: `p${t}`, ts: t * 1000 + 10 });
    const edges = buildSynchronyEdges(buildDataset(accounts(2), [], three).actions, 2, options);
    expect(Array.from(edges.count)).toEqual([3]);
    const two = three.slice(0, 4);
    expect(buildSynchronyEdges(buildDataset(accounts(2), [], two).actions, 2, options).source.length).toBe(0);
  });

  it('counts repeated co-actions on one target once', () => {
    const actions: TestAction[] = [];
    for (let k = 0; k < 10; k++) actions.push({ account: 'a0', target: 'p', ts: k * 10_000 }, { account: 'a1', target: 'p', ts: k * 10_000 + 1 });
    expect(buildSynchronyEdges(buildDataset(accounts(2), [], actions).actions, 2, { ...options, minCoActions: 1 }).count[0]).toBe(1);
  });

  it('does not pair actions further apart than the window', () => {
    const actions: TestAction[] = [];
    for (let t = 0; t < 5; t++) actions.push({ account: 'a0', target: `p${t}`, ts: t * 1000 }, { account: 'a1', target: `p${t}`, ts: t * 1000 + 31 });
    expect(buildSynchronyEdges(buildDataset(accounts(2), [], actions).actions, 2, options).source.length).toBe(0);
  });

  it('skips viral bursts: windows with more actors than the cap are not paired', () => {
    const actions: TestAction[] = [];
    for (let t = 0; t < 5; t++) for (let i = 0; i < 50; i++) actions.push({ account: `a${i}`, target: `viral${t}`, ts: t * 1000 + (i % 10) });
    const edges = buildSynchronyEdges(buildDataset(accounts(50), [], actions).actions, 50, options);
    expect(edges.source.length).toBe(0);
    expect(edges.skippedBurstActions).toBeGreaterThan(0);
  });
});

function hash(link: TestLink, seed: number): number {
  let h = seed | 0;
  for (const c of `${link.account}|${link.type}|${link.value}`) h = Math.imul(h ^ c.charCodeAt(0), 0x9e3779b1);
  return h;
}

describe('synchrony on always-busy targets', () => {
  it('does not pair actions on a target that is busy all the time (a login screen)', () => {
    const actions: TestAction[] = [];
    // 40 accounts log in every few seconds all day; a0 and a1 also co-act on 3 quiet posts
    for (let k = 0; k < 4000; k++) actions.push({ account: `a${k % 40}`, target: 'login', ts: k * 3 });
    for (let t = 0; t < 3; t++) actions.push({ account: 'a0', target: `post${t}`, ts: 50_000 + t * 5000 }, { account: 'a1', target: `post${t}`, ts: 50_000 + t * 5000 + 2 });
    const edges = buildSynchronyEdges(buildDataset(accounts(40), [], actions).actions, 40, { syncWindowSeconds: 30, minCoActions: 3, maxBurstActors: 120, maxBackgroundActions: 2, syncWeight: 0.5 });
    expect(Array.from(edges.source)).toEqual([0]);
    expect(Array.from(edges.target)).toEqual([1]);
    expect(edges.skippedBurstActions).toBe(4000);
  });
});
