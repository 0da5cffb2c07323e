import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildAccountGraph } from '../../src/graph/account-graph.js';
import { degreeTails, hubDegreeFromData, surpriseOfWidths } from '../../src/graph/entity-surprise.js';
import { resolveConfig } from '../../src/schema/config.js';
import { DAY_MS, EPOCH, buildDataset, type TestAccount, type TestLink } from '../helpers/dataset-builder.js';

const config = resolveConfig({});

/** Each entity's surprise at its own degree, against its type's degrees. */
const entitySurpriseFromDegrees = (degrees: Int32Array, typeOf: Int32Array, typeCount: number, cap: number) =>
  surpriseOfWidths(degreeTails(degrees, typeOf, typeCount), degrees, typeOf, cap);

/** Degrees and type ids from [type, degree, how many] rows. */
function degreesOf(rows: [number, number, number][]): { degrees: Int32Array; typeOf: Int32Array } {
  const degrees: number[] = [];
  const typeOf: number[] = [];
  for (const [type, degree, count] of rows) for (let i = 0; i < count; i++) {
    degrees.push(degree);
    typeOf.push(type);
  }
  return { degrees: Int32Array.from(degrees), typeOf: Int32Array.from(typeOf) };
}

describe('entitySurpriseFromDegrees', () => {
  it('an identifier shared by 10 is strong (≈2) for a type where almost all have 1 user and weak (≈0.04) for a type where sharing by 10 is common', () => {
    // type 0 (cards): 999 with one user and one with 10; type 1 (IPs): 100 with one user and 100 shared by 10.
    const { degrees, typeOf } = degreesOf([[0, 1, 999], [0, 10, 1], [1, 1, 100], [1, 10, 100]]);
    const surprise = entitySurpriseFromDegrees(degrees, typeOf, 2, 6);
    expect(surprise[999]).toBeCloseTo(Math.log10(1009 / 10), 12);
    expect(surprise[1000 + 100]).toBeCloseTo(Math.log10(1100 / 1000), 12);
    expect(surprise[999]! / surprise[1100]!).toBeGreaterThan(40);
  });

  it('an identifier nobody else shares has no surprise, and no single identifier counts above maxEntitySurprise', () => {
    const { degrees, typeOf } = degreesOf([[0, 1, 1_000_000], [0, 2, 1]]);
    const surprise = entitySurpriseFromDegrees(degrees, typeOf, 1, 3);
    expect(surprise[0]).toBe(0);
    expect(surprise[1_000_000]).toBe(3); // log10(1,000,002 / 2) ≈ 5.7, capped
  });

  it('a type whose every identifier is shared as widely gives no surprise: sharing is ordinary there', () => {
    const { degrees, typeOf } = degreesOf([[0, 4, 50]]);
    expect(Array.from(entitySurpriseFromDegrees(degrees, typeOf, 1, 6)).every((s) => s === 0)).toBe(true);
  });

  it('depends on the type only through its id: swapping the ids of two types swaps nothing but the ids', () => {
    const a = degreesOf([[0, 1, 500], [0, 5, 3], [1, 1, 20], [1, 5, 30]]);
    const swapped = Int32Array.from(a.typeOf, (t) => 1 - t);
    expect(Array.from(entitySurpriseFromDegrees(a.degrees, swapped, 2, 6))).toEqual(Array.from(entitySurpriseFromDegrees(a.degrees, a.typeOf, 2, 6)));
  });
});

describe('entitySurpriseFromDegrees (property)', () => {
  it('stays in [0, maxEntitySurprise] and never falls as an identifier of the same type is shared more widely', () => {
    const rowArb = fc.array(fc.tuple(fc.integer({ min: 0, max: 2 }), fc.integer({ min: 1, max: 200 })), { minLength: 1, maxLength: 300 });
    fc.assert(
      fc.property(rowArb, fc.double({ min: 0.5, max: 10, noNaN: true }), (rows, cap) => {
        const degrees = Int32Array.from(rows, (r) => r[1]);
        const typeOf = Int32Array.from(rows, (r) => r[0]);
        const surprise = entitySurpriseFromDegrees(degrees, typeOf, 3, cap);
        for (let e = 0; e < rows.length; e++) {
          expect(surprise[e]).toBeGreaterThanOrEqual(0);
          expect(surprise[e]).toBeLessThanOrEqual(cap);
          for (let f = 0; f < rows.length; f++) {
            if (typeOf[e] === typeOf[f] && degrees[e]! < degrees[f]!) expect(surprise[e]).toBeLessThanOrEqual(surprise[f]!);
          }
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe('co-occurrence corroboration', () => {
  /** Ordinary accounts, each on their own device and created days apart. */
  function ordinary(count = 2000): { accounts: TestAccount[]; links: TestLink[] } {
    const accounts: TestAccount[] = [];
    const links: TestLink[] = [];
    for (let i = 0; i < count; i++) {
      accounts.push({ id: `o${i}`, createdAt: EPOCH - i * 3 * DAY_MS });
      links.push({ account: `o${i}`, type: 'device', value: `own${i}` });
    }
    return { accounts, links };
  }

  it('a default device id shared by 100 unrelated accounts gets ~no weight, while each device of a pool shared by overlapping accounts gets its full surprise', () => {
    const { accounts, links } = ordinary(10_000);
    // 100 strangers whose app reports the same default device id; each also has a device of its own.
    for (let i = 0; i < 100; i++) links.push({ account: `o${i}`, type: 'device', value: 'default-id' });
    // A farm of 100 on a pool of 10 devices, each account on two neighbouring ones.
    for (let i = 0; i < 100; i++) {
      accounts.push({ id: `f${i}`, createdAt: EPOCH - (40_000 + i * 11) * DAY_MS });
      links.push({ account: `f${i}`, type: 'device', value: `pool${i % 10}` }, { account: `f${i}`, type: 'device', value: `pool${(i + 1) % 10}` });
    }
    const dataset = buildDataset(accounts, links);
    const { entityEvidence, index } = buildAccountGraph(dataset, config);
    const entity = (value: string) => dataset.entities.values.indexOf(value);
    const perMember = (e: number) => entityEvidence.weight[e]! * (index.entityOffsets[e + 1]! - index.entityOffsets[e]! - 1);
    const defaultId = entity('default-id');
    const pool0 = entity('pool0');
    expect(index.isHub[defaultId]).toBe(0);
    expect(entityEvidence.surprise[defaultId]).toBeGreaterThan(config.minEntitySurprise);
    // Nobody under the default id is tied to another of its users: only the small-group rate 2 / 99 is left.
    expect(perMember(defaultId)).toBeCloseTo((entityEvidence.surprise[defaultId]! * 2) / 99, 9);
    expect(perMember(defaultId) / entityEvidence.surprise[defaultId]!).toBeLessThan(0.03);
    // Every user of a pool device shares another pool device with a fellow user: full surprise.
    expect(entityEvidence.surprise[pool0]).toBeGreaterThan(config.minEntitySurprise);
    expect(perMember(pool0)).toBeCloseTo(entityEvidence.surprise[pool0]!, 9);
    expect(entityEvidence.corroboration[defaultId]).toBeCloseTo(2 / 99, 12);
    expect(entityEvidence.corroboration[pool0]).toBe(1);
  });

  it('a ring counts an identifier fully once 30 % of its users are tied by another one; a pair weighs the tied share itself', () => {
    const { accounts, links } = ordinary(10_000);
    for (let i = 0; i < 100; i++) links.push({ account: `o${i}`, type: 'device', value: 'shared' });
    // Some of its users share a joint card in pairs: 30 of 100 tied on one dataset, 16 on the other.
    const withPairs = (pairs: number) => [...links, ...Array.from({ length: pairs }, (_, p) => [`o${2 * p}`, `o${2 * p + 1}`].map((account) => ({ account, type: 'card', value: `joint${p}` }))).flat()];
    const evidenceOf = (pairs: number) => {
      const dataset = buildDataset(accounts, withPairs(pairs));
      const { entityEvidence } = buildAccountGraph(dataset, config);
      const e = dataset.entities.values.indexOf('shared');
      return { corroboration: entityEvidence.corroboration[e]!, perMember: (entityEvidence.weight[e]! * 99) / entityEvidence.surprise[e]! };
    };
    const smallGroup = 2 / 99;
    const full = evidenceOf(15);
    expect(full.corroboration).toBeCloseTo(1, 12);
    expect(full.perMember).toBeCloseTo(0.3 + 0.7 * smallGroup, 12);
    const half = evidenceOf(8);
    expect(half.corroboration).toBeCloseTo(0.16 / 0.3 + (1 - 0.16 / 0.3) * smallGroup, 12);
    expect(half.perMember).toBeCloseTo(0.16 + 0.84 * smallGroup, 12);
  });

  it('a pair or a trio sharing one card needs no corroboration', () => {
    const { accounts, links } = ordinary();
    links.push({ account: 'o1', type: 'card', value: 'c' }, { account: 'o2', type: 'card', value: 'c' }, { account: 'o3', type: 'card', value: 'c' });
    for (let i = 4; i < 2000; i++) links.push({ account: `o${i}`, type: 'card', value: `card${i}` });
    const dataset = buildDataset(accounts, links);
    const { entityEvidence } = buildAccountGraph(dataset, config);
    const c = dataset.entities.values.indexOf('c');
    expect(entityEvidence.weight[c]).toBeCloseTo(entityEvidence.surprise[c]! / 2, 12);
    expect(entityEvidence.surprise[c]).toBeCloseTo(Math.log10(1999 / 3), 12);
  });

  it('an identifier no more surprising than minEntitySurprise for its type is background: no weight', () => {
    const { accounts, links } = ordinary();
    // IPs: every account shares one with 9 others (offices, NAT); one more IP shared by 10 is ordinary.
    for (let i = 0; i < 2000; i++) links.push({ account: `o${i}`, type: 'ip', value: `ip${Math.floor(i / 10)}` });
    const dataset = buildDataset(accounts, links);
    const { entityEvidence, graph } = buildAccountGraph(dataset, config);
    for (let e = 0; e < dataset.entities.values.length; e++) expect(entityEvidence.weight[e]).toBe(0);
    expect(graph.edgeCount).toBe(0);
  });
});

describe('hubDegreeFromData', () => {
  const options = { pairBudgetPerAccount: 50, minHubDegree: 60, minEntitySurprise: 1 };
  const surprising = (n: number) => new Float64Array(n).fill(2);

  it('caps at the largest degree whose expansion stays within the pair budget (1,000 accounts: 50,000 pairs)', () => {
    // ten identifiers of degree 100 cost 49,500 pairs; one more of degree 200 would add 19,900
    const degrees = Int32Array.from([...Array(10).fill(100), 200, 2, 2]);
    expect(hubDegreeFromData(degrees, surprising(13), 1000, options)).toBe(100);
  });

  it('follows the data: with twice the accounts the degree-200 identifier fits too', () => {
    const degrees = Int32Array.from([...Array(10).fill(100), 200, 2, 2]);
    expect(hubDegreeFromData(degrees, surprising(13), 2000, options)).toBe(200);
  });

  it('never caps below minHubDegree, and identifiers too ordinary to be projected cost nothing', () => {
    expect(hubDegreeFromData(Int32Array.from([2, 3, 5]), surprising(3), 1000, options)).toBe(60);
    const ordinary = Float64Array.from([0.5]);
    expect(hubDegreeFromData(Int32Array.from([5000]), ordinary, 1000, options)).toBe(60);
    expect(hubDegreeFromData(Int32Array.from([300]), surprising(1), 1000, options)).toBe(300);
  });

  it('buildAccountGraph reports the cap it derived, and a fixed maxEntityDegree overrides it', () => {
    const links: TestLink[] = [];
    const accounts: TestAccount[] = [];
    for (let i = 0; i < 3000; i++) {
      accounts.push({ id: `o${i}`, createdAt: EPOCH - i * DAY_MS });
      links.push({ account: `o${i}`, type: 'device', value: i < 150 ? 'farm-device' : `own${i}` });
    }
    const dataset = buildDataset(accounts, links);
    // 150 × 149 / 2 = 11,175 pairs fit a budget of 5 pairs per account (15,000), not of 1 (3,000).
    const auto = buildAccountGraph(dataset, { ...config, pairBudgetPerAccount: 5 });
    expect(auto.evidence.hubDegree).toBe(150);
    expect(auto.index.hubCount).toBe(0);
    expect(auto.graph.stats.identifierEdges).toBe((150 * 149) / 2);
    const fixed = buildAccountGraph(dataset, { ...config, maxEntityDegree: 100 });
    expect(fixed.evidence.hubDegree).toBe(100);
    expect(fixed.index.hubCount).toBe(1);
    expect(fixed.graph.edgeCount).toBe(0);
    const tight = buildAccountGraph(dataset, { ...config, pairBudgetPerAccount: 1 });
    expect(tight.evidence.hubDegree).toBe(config.minHubDegree);
    expect(tight.index.hubCount).toBe(1);
  });
});
