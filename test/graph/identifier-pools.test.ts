import { describe, expect, it } from 'vitest';
import { buildAccountGraph } from '../../src/graph/account-graph.js';
import { buildBipartiteIndex } from '../../src/graph/bipartite-index.js';
import { findIdentifierPools } from '../../src/graph/identifier-pools.js';
import { resolveConfig } from '../../src/schema/config.js';
import type { Dataset } from '../../src/schema/dataset.js';
import { DAY_MS, EPOCH, buildDataset, type TestLink } from '../helpers/dataset-builder.js';

const uses = (ids: string[], type: string, value: string): TestLink[] => ids.map((account) => ({ account, type, value }));
const accountsOf = (links: TestLink[]) => [...new Set(links.map((l) => l.account))].map((id, i) => ({ id, createdAt: EPOCH - (100 + 37 * i) * DAY_MS }));

function poolsOf(links: TestLink[], options: { hubDegree?: number; poolable?: (e: number) => boolean } = {}) {
  const dataset = buildDataset(accountsOf(links), links);
  const index = buildBipartiteIndex(dataset, { maxEntityDegree: options.hubDegree ?? 1000 });
  const pools = findIdentifierPools(index, dataset.entities.typeOf, options.poolable ?? (() => true));
  const entity = (type: string, value: string) => dataset.entities.values.findIndex((v, e) => v === value && dataset.entities.types[dataset.entities.typeOf[e]!] === type);
  return { pools, entity };
}

describe('findIdentifierPools', () => {
  it("a ring's cards, each used by a different few of its members, are one pool of all their accounts", () => {
    const links = [...uses(['r0', 'r1', 'r2'], 'card', 'c0'), ...uses(['r2', 'r3', 'r4'], 'card', 'c1'), ...uses(['r4', 'r5', 'r6'], 'card', 'c2')];
    const { pools, entity } = poolsOf(links);
    const [c0, c1, c2] = [entity('card', 'c0'), entity('card', 'c1'), entity('card', 'c2')];
    expect(pools.poolOf[c1]).toBe(pools.poolOf[c0]);
    expect(pools.poolOf[c2]).toBe(pools.poolOf[c0]);
    expect([pools.poolAccounts[c0], pools.poolAccounts[c1], pools.poolAccounts[c2]]).toEqual([7, 7, 7]);
  });

  it("a household's IPs nest (a second IP within the first's users) and never pool; a card crossing them pools but counts at its own type's width", () => {
    const links = [...uses(['h0', 'h1', 'h2', 'h3'], 'ip', 'router'), ...uses(['h0', 'h1'], 'ip', 'reassigned'), ...uses(['h2', 'h3', 'x0'], 'card', 'family')];
    const { pools, entity } = poolsOf(links);
    const [router, reassigned, card] = [entity('ip', 'router'), entity('ip', 'reassigned'), entity('card', 'family')];
    expect(pools.poolOf[reassigned]).toBe(reassigned);
    expect(pools.poolOf[card]).toBe(pools.poolOf[router]);
    expect([pools.poolAccounts[router], pools.poolAccounts[reassigned], pools.poolAccounts[card]]).toEqual([4, 2, 3]);
  });

  it("cards that never cross each other pool through an address that crosses both: each card counts as wide as the pool's cards", () => {
    const links = [...uses(['r0', 'r1'], 'card', 'c0'), ...uses(['r2', 'r3'], 'card', 'c1'), ...uses(['r1', 'r2'], 'address', 'drop')];
    const { pools, entity } = poolsOf(links);
    const [c0, c1, drop] = [entity('card', 'c0'), entity('card', 'c1'), entity('address', 'drop')];
    expect(pools.poolOf[c1]).toBe(pools.poolOf[c0]);
    expect(pools.poolOf[drop]).toBe(pools.poolOf[c0]);
    expect([pools.poolAccounts[c0], pools.poolAccounts[c1], pools.poolAccounts[drop]]).toEqual([4, 4, 2]);
  });

  it('hubs and identifiers the predicate turns away are left as they are', () => {
    const links = [...uses(['a0', 'a1', 'a2'], 'device', 'd0'), ...uses(['a2', 'a3', 'a4'], 'device', 'd1'), ...uses(['a4', 'a5', 'a6', 'a7'], 'device', 'kiosk')];
    const hub = poolsOf(links, { hubDegree: 3 });
    expect(hub.pools.poolAccounts[hub.entity('device', 'd0')]).toBe(5);
    expect(hub.pools.poolAccounts[hub.entity('device', 'kiosk')]).toBe(4);
    const refused = poolsOf(links, { poolable: (e) => e !== 1 });
    expect(refused.pools.poolAccounts[refused.entity('device', 'd0')]).toBe(3);
  });

  it('the pools do not depend on the order of the input rows', () => {
    const links = [...uses(['r0', 'r1'], 'card', 'c0'), ...uses(['r1', 'r2'], 'card', 'c1'), ...uses(['r2', 'r3'], 'card', 'c2'), ...uses(['q0', 'q1'], 'card', 'c3')];
    const forward = poolsOf(links);
    const backward = poolsOf([...links].reverse());
    for (const value of ['c0', 'c1', 'c2', 'c3']) expect(backward.pools.poolAccounts[backward.entity('card', value)]).toBe(forward.pools.poolAccounts[forward.entity('card', value)]);
    expect(forward.pools.poolAccounts[forward.entity('card', 'c0')]).toBe(4);
    expect(forward.pools.poolAccounts[forward.entity('card', 'c3')]).toBe(2);
  });
});

describe('identifier pools in the graph', () => {
  /** 3,000 accounts with a card each; 400 families of three share one card (so a card of three is ordinary). */
  function population(extra: TestLink[]): Dataset {
    const links: TestLink[] = [];
    for (let i = 0; i < 3000; i++) links.push({ account: `bg${i}`, type: 'card', value: i < 1200 ? `family-${Math.floor(i / 3)}` : `card-${i}` });
    const all = [...links, ...extra];
    return buildDataset(accountsOf(all), all);
  }
  const config = resolveConfig({});
  const ring = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5', 'r6', 'r7', 'r8'];
  const ringCards = [...uses(ring.slice(0, 3), 'card', 'c0'), ...uses(ring.slice(2, 5), 'card', 'c1'), ...uses(ring.slice(4, 7), 'card', 'c2'), ...uses(ring.slice(6, 9), 'card', 'c3')];

  it("a ring's cards of three, as ordinary one by one as a family's, are judged as one card of nine: they tie the ring", () => {
    const dataset = population(ringCards);
    const { index, graph, entityEvidence } = buildAccountGraph(dataset, config);
    const card = (value: string) => dataset.entities.values.indexOf(value);
    expect(entityEvidence.surprise[card('family-0')]).toBeLessThan(config.minEntitySurprise);
    expect(entityEvidence.surprise[card('c0')]).toBeGreaterThan(config.minEntitySurprise);
    expect(entityEvidence.weight[card('family-0')]).toBe(0);
    const v = (id: string) => dataset.accounts.ids.indexOf(id);
    const neighbours = (id: string) => Array.from(graph.neighbor.subarray(graph.offsets[v(id)]!, graph.offsets[v(id) + 1]!));
    expect(neighbours('r0').sort()).toEqual([v('r1'), v('r2')].sort());
    expect(neighbours('bg0')).toEqual([]);
    expect(index.isHub[card('c0')]).toBe(0);
  });
});
