import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { buildAccountGraph } from '../../src/graph/account-graph.js';
import { buildBurstEdges, burstCliqueSizeFromBudget, findRegistrationBursts, poissonTailSurprise, type RegistrationBurst } from '../../src/graph/registration-bursts.js';
import { resolveConfig } from '../../src/schema/config.js';
import { EPOCH, buildDataset, type TestAccount, type TestLink } from '../helpers/dataset-builder.js';

const config = resolveConfig({});
const options = { ...config, maxCliqueSize: 200 };
const MINUTE = 60_000;
const HOUR = 3_600_000;
const DAY = 86_400_000;

/** Ten days of sign-ups at 3 an hour, one every 20 minutes. */
const steady = (): number[] => Array.from({ length: 10 * 24 * 3 }, (_, i) => EPOCH + i * 20 * MINUTE);
/** 100 sign-ups 2 s apart starting 5 minutes after a steady sign-up, on day 5. */
const bulk = (): number[] => Array.from({ length: 100 }, (_, i) => EPOCH + 5 * DAY + 5 * MINUTE + i * 2000);

describe('poissonTailSurprise', () => {
  it('matches −log10 P(X ≥ k) for known cases', () => {
    expect(poissonTailSurprise(2, 1)).toBeCloseTo(-Math.log10(1 - 2 * Math.exp(-1)), 9); // 0.57800
    expect(poissonTailSurprise(3, 1)).toBeCloseTo(-Math.log10(1 - Math.exp(-1) * 2.5), 9); // 1.09528
    expect(poissonTailSurprise(10, 2)).toBeCloseTo(4.332565, 5);
    expect(poissonTailSurprise(30, 10)).toBeCloseTo(6.600335, 5);
    expect(poissonTailSurprise(25, 1)).toBeCloseTo(25.607932, 5); // Stirling branch (k > 20)
    expect(poissonTailSurprise(100, 0.25)).toBeCloseTo(218.2835, 3);
  });

  it('stays right for large means: one and three standard deviations above mu = 1e8 match the normal tail', () => {
    expect(poissonTailSurprise(1e8 + 1e4, 1e8)).toBeCloseTo(0.7995, 1);
    expect(poissonTailSurprise(1e8 + 3.1e4, 1e8)).toBeCloseTo(3.0142, 1);
  });

  it('is 0 at or below the mean, infinite against a zero rate, and grows with k', () => {
    expect(poissonTailSurprise(2, 2)).toBe(0);
    expect(poissonTailSurprise(1, 5)).toBe(0);
    expect(poissonTailSurprise(3, 0)).toBe(Infinity);
    for (let k = 3; k < 40; k++) expect(poissonTailSurprise(k + 1, 2)).toBeGreaterThan(poissonTailSurprise(k, 2));
  });
});

describe('findRegistrationBursts', () => {
  it('100 registrations within 4 minutes against a background of 3 an hour are one burst of exactly those 100', () => {
    const times = [...steady(), ...bulk()];
    const bursts = findRegistrationBursts(Float64Array.from(times), options);
    expect(bursts).toHaveLength(1);
    const [burst] = bursts;
    expect(Array.from(burst!.members)).toEqual(Array.from({ length: 100 }, (_, i) => steady().length + i));
    expect(burst!.windowSec).toBe(300);
    expect(burst!.expected).toBeLessThan(0.5); // 3 an hour predicts 0.25 in 5 minutes
    expect(burst!.surprise).toBeGreaterThan(100);
  });

  it('a steady stream is no burst, however fast: 3 an hour, or 100 an hour', () => {
    expect(findRegistrationBursts(Float64Array.from(steady()), options)).toEqual([]);
    const fast = Array.from({ length: 10 * 24 * 100 }, (_, i) => EPOCH + i * 36_000);
    expect(findRegistrationBursts(Float64Array.from(fast), options)).toEqual([]);
  });

  it('a launch day (2,000 sign-ups spread over one day, amid 3 an hour) is not a burst', () => {
    const launch = Array.from({ length: 2000 }, (_, i) => EPOCH + 5 * DAY + Math.floor((i * DAY) / 2000));
    expect(findRegistrationBursts(Float64Array.from([...steady(), ...launch]), options)).toEqual([]);
  });

  it('finds the same bursts, with the same members, whatever the order of the accounts (property)', () => {
    const times = [...steady(), ...bulk()];
    const expected = findRegistrationBursts(Float64Array.from(times), options).map((b) => Array.from(b.members, (v) => times[v]).sort((x, y) => x! - y!));
    fc.assert(
      fc.property(fc.integer(), (seed) => {
        const order = times.map((_, i) => i).sort((x, y) => Math.imul(x + 1, 0x9e3779b1 ^ seed) - Math.imul(y + 1, 0x9e3779b1 ^ seed) || x - y);
        const shuffled = order.map((i) => times[i]!);
        const found = findRegistrationBursts(Float64Array.from(shuffled), options).map((b) => Array.from(b.members, (v) => shuffled[v]).sort((x, y) => x! - y!));
        expect(found).toEqual(expected);
      }),
      { numRuns: 20 },
    );
  });

  it('in a busy population (60 sign-ups an hour) 40 within 5 minutes, under 10 times the background, are a burst only as the core that shares an identifier', () => {
    const busy = Array.from({ length: 10 * 24 * 60 }, (_, i) => EPOCH + i * MINUTE);
    const forty = Array.from({ length: 40 }, (_, i) => EPOCH + 5 * DAY + 30_000 + i * 7_000);
    const times = Float64Array.from([...busy, ...forty]);
    expect(findRegistrationBursts(times, options)).toEqual([]);
    const isForty = (v: number) => v >= busy.length;
    const bursts = findRegistrationBursts(times, options, (members) => (members.some(isForty) ? members.filter(isForty) : null));
    expect(bursts).toHaveLength(1);
    expect(Array.from(bursts[0]!.members)).toEqual(Array.from({ length: 40 }, (_, i) => busy.length + i));
    expect(bursts[0]!.expected).toBeGreaterThan(40 / config.minBurstRateRatio);
  });

  it('a sign-up campaign (3 times the rate for six hours) whose accounts share nothing is no burst, with or without a core test', () => {
    const busy = Array.from({ length: 10 * 24 * 60 }, (_, i) => EPOCH + i * MINUTE);
    const campaign = Array.from({ length: 6 * 120 }, (_, i) => EPOCH + 5 * DAY + i * 30_000);
    const times = Float64Array.from([...busy, ...campaign]);
    expect(findRegistrationBursts(times, options, () => null)).toEqual([]);
  });

  it('an intense burst sharing nothing (200 within 3 minutes) inside such a campaign is still found: a coreless campaign window settles nothing for it', () => {
    const busy = Array.from({ length: 10 * 24 * 60 }, (_, i) => EPOCH + i * MINUTE);
    const campaign = Array.from({ length: 6 * 120 }, (_, i) => EPOCH + 5 * DAY + i * 30_000);
    const bulk200 = Array.from({ length: 200 }, (_, i) => EPOCH + 5 * DAY + 2 * HOUR + 10_000 + i * 900);
    const times = Float64Array.from([...busy, ...campaign, ...bulk200]);
    const bursts = findRegistrationBursts(times, options, () => null);
    expect(bursts).toHaveLength(1);
    const first = busy.length + campaign.length;
    expect(Array.from(bursts[0]!.members).filter((v) => v >= first)).toHaveLength(200);
  });

  it('ignores accounts without a creation time', () => {
    const times = [...steady(), ...bulk(), NaN, NaN];
    const bursts = findRegistrationBursts(Float64Array.from(times), options);
    expect(bursts).toHaveLength(1);
    expect(bursts[0]!.members.length).toBe(100);
  });
});

describe('buildBurstEdges', () => {
  const burstOf = () => {
    const times = Float64Array.from([...steady(), ...bulk()]);
    return { times, bursts: findRegistrationBursts(times, options) };
  };

  it('ties a burst of 100 as a clique in which each member receives the burst surprise (capped) in all', () => {
    const { times, bursts } = burstOf();
    const edges = buildBurstEdges(bursts, times, times.length, options);
    expect(edges.source.length).toBe((100 * 99) / 2);
    for (const w of edges.weight) expect(w).toBeCloseTo(config.maxEntitySurprise / 99, 12);
  });

  it('above maxCliqueSize ties each member to its 8 nearest in creation order instead, still receiving the surprise in all', () => {
    const { times, bursts } = burstOf();
    const edges = buildBurstEdges(bursts, times, times.length, { ...options, maxCliqueSize: 60 });
    expect(edges.source.length).toBe(8 * 92 + (7 * 8) / 2);
    const total = new Float64Array(times.length);
    edges.source.forEach((s, e) => {
      total[s]! += edges.weight[e]!;
      total[edges.target[e]!]! += edges.weight[e]!;
    });
    const middle = steady().length + 50;
    expect(total[middle]).toBeCloseTo(config.maxEntitySurprise, 9);
  });
});

describe('burstCliqueSizeFromBudget', () => {
  const ofSize = (k: number): RegistrationBurst => ({ startMs: 0, endMs: 0, windowSec: 300, members: Int32Array.from({ length: k }, (_, i) => i), expected: 1, surprise: 10 });

  it('ties bursts as cliques, smallest first, while their pairs fit the budget: 100 and 300 fit 50,000 pairs, 1,500 does not', () => {
    const bursts = [ofSize(1500), ofSize(100), ofSize(300)];
    // 4,950 + 44,850 = 49,800 pairs ≤ 50,000; the 1,500 would add 1,124,250.
    expect(burstCliqueSizeFromBudget(bursts, 50_000, 60)).toBe(300);
    expect(burstCliqueSizeFromBudget(bursts, 10_000, 60)).toBe(100);
  });

  it('never goes below minSize (the hub cap), and with no bursts is minSize', () => {
    expect(burstCliqueSizeFromBudget([ofSize(100)], 10, 60)).toBe(60);
    expect(burstCliqueSizeFromBudget([], 1e9, 60)).toBe(60);
  });

  it('a bulk registration of 100 is one clique once its 4,950 pairs fit the budget, even where the hub cap is 60', () => {
    const times = Float64Array.from([...steady(), ...bulk()]);
    const bursts = findRegistrationBursts(times, options);
    expect(burstCliqueSizeFromBudget(bursts, 4_949, 60)).toBe(60);
    const maxCliqueSize = burstCliqueSizeFromBudget(bursts, 4_950, 60);
    expect(maxCliqueSize).toBe(100);
    expect(buildBurstEdges(bursts, times, times.length, { ...config, maxCliqueSize }).source.length).toBe((100 * 99) / 2);
  });
});

describe('bursts in the account graph', () => {
  it('a bulk registration sharing nothing rarer than a hub avatar is tied by burst edges alone; the steady sign-ups are not', () => {
    const accounts: TestAccount[] = [...steady(), ...bulk()].map((t, i) => ({ id: `u${i}`, createdAt: t }));
    const links: TestLink[] = accounts.map((a) => ({ account: a.id, type: 'avatar', value: 'default' }));
    const dataset = buildDataset(accounts, links);
    const { graph, index, evidence } = buildAccountGraph(dataset, config);
    expect(index.hubCount).toBe(1);
    expect(graph.stats.identifierEdges).toBe(0);
    expect(evidence.bursts).toHaveLength(1);
    const tied = new Set<number>();
    for (let e = 0; e < graph.edgeCount; e++) {
      expect(graph.burstWeight[e]).toBeGreaterThan(0);
      tied.add(graph.source[e]!).add(graph.target[e]!);
    }
    expect([...tied].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => steady().length + i));
  });
});
