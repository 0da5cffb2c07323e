import { describe, expect, it } from 'vitest';
import { buildAccountGraph } from '../../src/graph/account-graph.js';
import { buildCreationTimeline } from '../../src/graph/creation-burst.js';
import { buildAccountActions, measureRing, type RingMeasurements } from '../../src/score/ring-features.js';
import { resolveConfig } from '../../src/schema/config.js';
import type { Dataset } from '../../src/schema/dataset.js';
import { DAY_MS, EPOCH, background, buildDataset, type TestAccount, type TestAction, type TestLink } from '../helpers/dataset-builder.js';

const config = resolveConfig({});

/** Measures the given accounts as one ring, with the context detection builds. */
function measure(dataset: Dataset, memberIds: string[]): RingMeasurements {
  const { index, graph, entityEvidence, evidence } = buildAccountGraph(dataset, config);
  const burstOf = new Int32Array(dataset.accounts.ids.length).fill(-1);
  evidence.bursts.forEach((burst, b) => burst.members.forEach((v) => (burstOf[v] = b)));
  const members = Int32Array.from(memberIds, (id) => dataset.accounts.ids.indexOf(id)).sort();
  return measureRing(members, {
    dataset, index, graph, config, evidence, burstOf, entitySurprise: entityEvidence.surprise, entityCorroboration: entityEvidence.corroboration,
    timeline: buildCreationTimeline(dataset.accounts.createdAtMs), accountActions: buildAccountActions(dataset), knownBad: null,
  });
}

/** 2,000 ordinary accounts, each with its own device, card and address. */
function population(extra: TestAccount[], extraLinks: TestLink[], actions: TestAction[] = []): Dataset {
  const bg = background(2000);
  const links = [...bg.links, ...bg.accounts.flatMap((a) => [{ account: a.id, type: 'card', value: `card-${a.id}` }, { account: a.id, type: 'address', value: `addr-${a.id}` }])];
  return buildDataset([...bg.accounts, ...extra], [...links, ...extraLinks], actions);
}

const group = (prefix: string, n: number): TestAccount[] => Array.from({ length: n }, (_, i) => ({ id: `${prefix}${i}`, createdAt: EPOCH - (100 + i * 97) * DAY_MS }));
const uses = (ids: string[], type: string, value: string): TestLink[] => ids.map((account) => ({ account, type, value }));

describe('measureRing: sharing judged as a whole', () => {
  it('a family sharing a tablet, a router and an address is one fact (one member set), not three', () => {
    const family = ['h0', 'h1', 'h2'];
    const links = [...uses(family, 'device', 'tablet'), ...uses(family, 'ip', 'router'), ...uses(family, 'address', 'home')];
    const one = measure(population(group('h', 3), uses(family, 'address', 'home')), family).features;
    const three = measure(population(group('h', 3), links), family).features;
    expect(three.sharedEntities).toBe(3);
    expect(three.sharingSets).toBe(1);
    expect(three.crossingSets).toBe(0);
    expect(three.sharingEvidence).toBeCloseTo(one.sharingEvidence, 6);
  });

  it("a household's identifiers nest (no crossing sets); a ring's cards each tie a different overlapping subset (all crossing)", () => {
    const nested = [...uses(['h0', 'h1'], 'device', 'tablet'), ...uses(['h0', 'h1', 'h2'], 'card', 'family-card'), ...uses(['h0', 'h1', 'h2', 'h3'], 'address', 'home')];
    const household = measure(population(group('h', 4), nested), ['h0', 'h1', 'h2', 'h3']).features;
    expect(household.sharingSets).toBe(3);
    expect(household.crossingSets).toBe(0);
    const crossing = [...uses(['r0', 'r1', 'r2'], 'card', 'c0'), ...uses(['r2', 'r3', 'r4'], 'card', 'c1'), ...uses(['r4', 'r5', 'r0'], 'card', 'c2')];
    const ring = measure(population(group('r', 6), crossing), ['r0', 'r1', 'r2', 'r3', 'r4', 'r5']).features;
    expect(ring.sharingSets).toBe(3);
    expect(ring.crossingSets).toBe(3);
    expect(ring.sharedEntitiesByType).toEqual({ card: 3 });
  });

  it("a household's tablet and card used by different members cross across types, but nothing is pooled: no crossing sets", () => {
    const ids = ['h0', 'h1', 'h2', 'h3', 'h4'];
    const links = [...uses(ids, 'address', 'home'), ...uses(ids, 'ip', 'router'), ...uses(['h0', 'h1', 'h2'], 'device', 'tablet'), ...uses(['h2', 'h3', 'h4'], 'card', 'family-card')];
    const household = measure(population(group('h', 5), links), ids).features;
    expect(household.sharingSets).toBe(3);
    expect(household.crossingSets).toBe(0);
    expect(household.crossingEvidence).toBe(0);
  });

  it('a payment ring with one card each (cards never overlap) and drop addresses across them: the cards are a pool, so they cross', () => {
    const ids = ['p0', 'p1', 'p2', 'p3', 'p4', 'p5'];
    const links = [
      ...uses(['p0', 'p1'], 'card', 'c0'), ...uses(['p2', 'p3'], 'card', 'c1'), ...uses(['p4', 'p5'], 'card', 'c2'),
      ...uses(['p0', 'p1', 'p2'], 'address', 'drop0'), ...uses(['p3', 'p4', 'p5'], 'address', 'drop1'),
    ];
    const ring = measure(population(group('p', 6), links), ids).features;
    expect(ring.crossingSets).toBe(3); // c1 crosses both drops (c0 and c2 nest in one drop each)
    expect(ring.crossingEvidence).toBeGreaterThan(0);
  });

  it("one identifier shared by a big group of strangers crosses nothing; once its users know each other it crosses at the small ones' scale", () => {
    const big = Array.from({ length: 60 }, (_, i) => `b${i}`);
    const small = [...uses(['b0', 'x0'], 'device', 'tablet0'), ...uses(['b1', 'x1'], 'device', 'tablet1')];
    const ids = [...big, 'x0', 'x1'];
    // None of the kiosk's 60 users shares anything else with another: households reporting a default id.
    const strangers = measure(population([...group('b', 60), ...group('x', 2)], [...uses(big, 'device', 'kiosk'), ...small]), ids).features;
    expect(strangers.crossingSets).toBe(0);
    expect(strangers.crossingEvidence).toBe(0);
    // The same kiosk where 18 of its users (30 %) also share a second device in pairs is fully corroborated: each
    // crossing pair weighs its smaller set, √(1 / 61) for a two-account tablet.
    const pairs = Array.from({ length: 9 }, (_, i) => uses([`b${10 + 2 * i}`, `b${11 + 2 * i}`], 'device', `pair${i}`)).flat();
    const corroborated = measure(population([...group('b', 60), ...group('x', 2)], [...uses(big, 'device', 'kiosk'), ...small, ...pairs]), ids).features;
    expect(corroborated.crossingSets).toBeGreaterThanOrEqual(3);
    expect(corroborated.crossingEvidence).toBeGreaterThan(3 * Math.sqrt(1 / 61) - 1e-9);
    expect(corroborated.sharingEvidence).toBeGreaterThan(strangers.sharingEvidence + 0.9 * Math.log10(2000));
  });

  it('more distinct member sets give more sharing evidence', () => {
    const ids = ['r0', 'r1', 'r2', 'r3', 'r4', 'r5'];
    const oneCard = measure(population(group('r', 6), uses(['r0', 'r1', 'r2'], 'card', 'c0')), ids).features;
    const threeCards = measure(population(group('r', 6), [...uses(['r0', 'r1', 'r2'], 'card', 'c0'), ...uses(['r2', 'r3', 'r4'], 'card', 'c1'), ...uses(['r4', 'r5', 'r0'], 'card', 'c2')]), ids).features;
    expect(threeCards.sharingEvidence).toBeGreaterThan(oneCard.sharingEvidence);
    expect(oneCard.sharingEvidence).toBeGreaterThan(0);
  });
});

describe('measureRing: own targets and registration bursts', () => {
  it('a product only the ring buys is its own target; a hit the whole population likes is not', () => {
    const ids = ['k0', 'k1', 'k2', 'k3'];
    const actions: TestAction[] = [...ids.map((account, i) => ({ account, action: 'purchase', target: 'niche', ts: 1_000_000 + i * 3600 }))];
    for (let i = 0; i < 2000; i += 4) actions.push({ account: `bg${i}`, target: 'hit', ts: 2_000_000 + i * 60 });
    for (const [i, account] of ids.entries()) actions.push({ account, target: 'hit', ts: 3_000_000 + i * 600 });
    const features = measure(population(group('k', 4), uses(ids, 'card', 'shared')), ids).features;
    const withActions = measure(population(group('k', 4), uses(ids, 'card', 'shared'), actions), ids).features;
    expect(features.ownTargets).toBe(0);
    expect(withActions.ownTargets).toBe(1);
  });

  it('members inside one population-level registration burst are counted, with its surprise capped at maxEntitySurprise', () => {
    const bulk: TestAccount[] = Array.from({ length: 50 }, (_, i) => ({ id: `b${i}`, createdAt: EPOCH - 10 * DAY_MS + 4 * 3_600_000 + i * 3000 }));
    const ids = bulk.slice(0, 20).map((a) => a.id);
    const features = measure(population(bulk, uses(ids, 'card', 'shared')), ids).features;
    expect(features.registrationBurstMembers).toBe(20);
    expect(features.registrationBurstSurprise).toBe(config.maxEntitySurprise);
  });
});
