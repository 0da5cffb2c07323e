import { describe, expect, it } from 'vitest';
import { buildBipartiteIndex } from '../../src/graph/bipartite-index.js';
import { mergeByIdentifierPool } from '../../src/detect/merge-communities.js';
import { buildAccountGraph } from '../../src/graph/account-graph.js';
import { poolIdentifiers } from '../../src/graph/entity-surprise.js';
import { detectFindings } from '../../src/run/detect-findings.js';
import { resolveConfig } from '../../src/schema/config.js';
import { DAY_MS, EPOCH, background, buildDataset, type TestAccount, type TestLink } from '../helpers/dataset-builder.js';

const config = resolveConfig({});
const accounts = (n: number): TestAccount[] => Array.from({ length: n }, (_, i) => ({ id: `a${i}`, createdAt: EPOCH + i * DAY_MS }));
const ids = (from: number, to: number) => Int32Array.from({ length: to - from }, (_, i) => from + i);
/** Every non-hub entity projected (weight 1). */
const merge = (communities: Int32Array[], index: ReturnType<typeof buildBipartiteIndex>, minPoolOverlap: number) =>
  mergeByIdentifierPool(communities, index, Uint8Array.from(index.isHub, (hub) => (hub ? 0 : 1)), minPoolOverlap);

describe('mergeByIdentifierPool', () => {
  it('two pieces of one ring drawing on the same pool of devices are merged back into one', () => {
    // a0..a9 on devices d0..d4 (two each); Louvain might cut them as a0..a4 and a5..a9, both of which use every device
    const links: TestLink[] = [];
    for (let i = 0; i < 10; i++) links.push({ account: `a${i}`, type: 'device', value: `d${i % 5}` }, { account: `a${i}`, type: 'device', value: `d${(i + 1) % 5}` });
    const index = buildBipartiteIndex(buildDataset(accounts(10), links), { maxEntityDegree: 60 });
    expect(merge([ids(0, 5), ids(5, 10)], index, 0.3).map((c) => Array.from(c))).toEqual([Array.from(ids(0, 10))]);
  });

  it('two rings on pools of their own stay apart, and the result is sorted by smallest member', () => {
    const links: TestLink[] = [];
    for (let i = 0; i < 10; i++) links.push({ account: `a${i}`, type: 'card', value: i < 5 ? `c${i % 2}` : `k${i % 2}` });
    const index = buildBipartiteIndex(buildDataset(accounts(10), links), { maxEntityDegree: 60 });
    expect(merge([ids(5, 10), ids(0, 5)], index, 0.3).map((c) => Array.from(c))).toEqual([Array.from(ids(0, 5)), Array.from(ids(5, 10))]);
  });

  it('merges at the minPoolOverlap Jaccard and not below: pools {c0, c1, x} and {k0, k1, x} overlap 1/5', () => {
    const links: TestLink[] = [];
    for (let i = 0; i < 10; i++) links.push({ account: `a${i}`, type: 'card', value: i < 5 ? `c${i % 2}` : `k${i % 2}` }, { account: `a${i}`, type: 'ip', value: 'x' });
    const index = buildBipartiteIndex(buildDataset(accounts(10), links), { maxEntityDegree: 60 });
    expect(merge([ids(0, 5), ids(5, 10)], index, 0.3)).toHaveLength(2);
    expect(merge([ids(0, 5), ids(5, 10)], index, 0.2)).toHaveLength(1);
  });

  it('hubs are not part of any pool: two rings behind one carrier NAT IP stay apart', () => {
    const links: TestLink[] = [];
    for (let i = 0; i < 10; i++) links.push({ account: `a${i}`, type: 'card', value: i < 5 ? `c${i % 2}` : `k${i % 2}` }, { account: `a${i}`, type: 'ip', value: 'nat' });
    const index = buildBipartiteIndex(buildDataset(accounts(10), links), { maxEntityDegree: 5 });
    expect(merge([ids(0, 5), ids(5, 10)], index, 0.1)).toHaveLength(2);
  });
});

/** 2,000 ordinary accounts, each with its own card and an IP shared with 9 others (offices). */
function officePopulation(): { accounts: TestAccount[]; links: TestLink[] } {
  const bg = background(2000);
  const links: TestLink[] = [...bg.links, ...bg.accounts.map((a, i) => ({ account: a.id, type: 'ip', value: `office${Math.floor(i / 10)}` }))];
  for (const a of bg.accounts) links.push({ account: a.id, type: 'card', value: `card-${a.id}` });
  return { accounts: [...bg.accounts], links };
}

describe('pool merging in detection', () => {
  it('two separate card rings that both use one ordinary, widely shared IP are reported as two rings', () => {
    // Every ordinary account shares an IP with 9 others (offices), so one more IP used by both rings is background.
    const { accounts: accounts2, links } = officePopulation();
    for (let r = 0; r < 2; r++) {
      for (let i = 0; i < 6; i++) {
        const id = `r${r}-${i}`;
        accounts2.push({ id, createdAt: EPOCH - (100 + r * 300 + i * 17) * DAY_MS });
        links.push({ account: id, type: 'card', value: `r${r}-card${i % 2}` }, { account: id, type: 'address', value: `r${r}-drop` });
        if (i < 2) links.push({ account: id, type: 'ip', value: 'cafe' });
      }
    }
    const findings = detectFindings(buildDataset(accounts2, links), config);
    const ringOf = (id: string) => findings.accounts.find((a) => a.account === id)?.ring;
    expect(ringOf('r0-0')).toBeDefined();
    expect(ringOf('r1-0')).toBeDefined();
    expect(ringOf('r0-0')).not.toBe(ringOf('r1-0'));
  });

  it('two unconnected card rings that each have members on the same two ordinary IPs stay two rings', () => {
    const { accounts: accounts2, links } = officePopulation();
    for (let r = 0; r < 2; r++) {
      for (let i = 0; i < 6; i++) {
        const id = `r${r}-${i}`;
        accounts2.push({ id, createdAt: EPOCH - (100 + r * 300 + i * 17) * DAY_MS });
        links.push({ account: id, type: 'card', value: `r${r}-card` });
        if (i < 2) links.push({ account: id, type: 'ip', value: 'cafe' });
        else if (i < 4) links.push({ account: id, type: 'ip', value: 'library' });
      }
    }
    const findings = detectFindings(buildDataset(accounts2, links), config);
    expect(findings.rings.map((r) => r.size)).toEqual([6, 6]);
  });
});

describe('pool identifiers', () => {
  /** 2,000 ordinary accounts on office IPs of 40 (each on a device of its own) and a farm of 60 on 4 devices behind two proxy IPs. */
  function farmBehindProxies(): { accounts: TestAccount[]; links: TestLink[] } {
    const bg = background(2000);
    const links: TestLink[] = [...bg.links, ...bg.accounts.map((a, i) => ({ account: a.id, type: 'ip', value: `office${Math.floor(i / 40)}` }))];
    const farm: TestAccount[] = [];
    for (let i = 0; i < 60; i++) {
      const id = `f${i}`;
      farm.push({ id, createdAt: EPOCH - (500 + i * 3) * DAY_MS });
      links.push({ account: id, type: 'device', value: `pool${i % 4}` }, { account: id, type: 'ip', value: `proxy${i % 2}` });
    }
    return { accounts: [...bg.accounts, ...farm], links };
  }

  it('a proxy IP as ordinary for its type as an office IP is in the pool when its accounts share projected devices, and an office IP is not', () => {
    const { accounts, links } = farmBehindProxies();
    const dataset = buildDataset(accounts, links);
    const { index, entityEvidence } = buildAccountGraph(dataset, config);
    const entity = (value: string) => dataset.entities.values.indexOf(value);
    expect(entityEvidence.weight[entity('proxy0')]).toBe(0);
    expect(entityEvidence.weight[entity('office0')]).toBe(0);
    const inPool = poolIdentifiers(index, entityEvidence.weight);
    expect(inPool[entity('proxy0')]).toBe(1);
    expect(inPool[entity('pool0')]).toBe(1);
    expect(inPool[entity('office0')]).toBe(0);
  });

  it('pieces of the farm, each on its own devices, are joined through the proxy IPs they share', () => {
    const { accounts, links } = farmBehindProxies();
    const dataset = buildDataset(accounts, links);
    const { index, entityEvidence } = buildAccountGraph(dataset, config);
    const onDevices = (devices: number[]) =>
      Int32Array.from({ length: 60 }, (_, i) => i)
        .filter((i) => devices.includes(i % 4))
        .map((i) => dataset.accounts.ids.indexOf(`f${i}`))
        .sort();
    // pieces with no device in common: {pool0, pool1} and {pool2, pool3}, both behind proxy0 and proxy1 (overlap 2 / 6)
    const pieces = [onDevices([0, 1]), onDevices([2, 3])];
    expect(mergeByIdentifierPool(pieces, index, poolIdentifiers(index, entityEvidence.weight), config.minPoolOverlap)).toHaveLength(1);
    // with projected identifiers only, the pieces share nothing
    expect(mergeByIdentifierPool(pieces, index, Uint8Array.from(entityEvidence.weight, (w) => (w > 0 ? 1 : 0)), config.minPoolOverlap)).toHaveLength(2);
  });
});
