import { describe, expect, it } from 'vitest';
import { buildBipartiteIndex } from '../../src/graph/bipartite-index.js';
import { trimBurstsToCores } from '../../src/graph/burst-cores.js';
import type { RegistrationBurst } from '../../src/graph/registration-bursts.js';
import { resolveConfig } from '../../src/schema/config.js';
import { EPOCH, buildDataset, type TestLink } from '../helpers/dataset-builder.js';

const { minBurstSurprise } = resolveConfig({});

/**
 * 10,000 accounts each on a device of its own, 1,000 of them also on a default device id; a burst window holds
 * `bulk` accounts and 6 ordinary sign-ups (the background predicts 6), `bulkOnDefault` of the bulk on the default id.
 */
function scenario(bulk: number, bulkOnDefault: number, extra: TestLink[] = []) {
  const links: TestLink[] = [];
  const ids = Array.from({ length: 10_000 }, (_, i) => `a${i}`);
  ids.forEach((id, i) => {
    links.push({ account: id, type: 'device', value: `own-${i}` });
    if (i >= 5_000 && i < 6_000) links.push({ account: id, type: 'device', value: 'default' });
  });
  const bulkIds = Array.from({ length: bulk }, (_, i) => `b${i}`);
  bulkIds.forEach((id, i) => {
    links.push({ account: id, type: 'device', value: `bulk-own-${i}` });
    if (i < bulkOnDefault) links.push({ account: id, type: 'device', value: 'default' });
  });
  const all = [...ids, ...bulkIds];
  const dataset = buildDataset(all.map((id) => ({ id, createdAt: EPOCH })), [...links, ...extra]);
  const index = buildBipartiteIndex(dataset, { maxEntityDegree: 60 });
  const v = (id: string) => dataset.accounts.ids.indexOf(id);
  const members = Int32Array.from([...bulkIds, 'a0', 'a1', 'a2', 'a3', 'a4', 'a5'].map(v)).sort();
  const burst: RegistrationBurst = { startMs: EPOCH, endMs: EPOCH + 3_600_000, windowSec: 3600, members, expected: 6, surprise: 80 };
  return { index, burst, v, bulkIds };
}

describe('trimBurstsToCores', () => {
  it('a bulk registration on one default device id keeps its 100; the 6 ordinary sign-ups in its hour leave it', () => {
    const { index, burst, v, bulkIds } = scenario(100, 100);
    const [trimmed] = trimBurstsToCores([burst], index, minBurstSurprise);
    expect(Array.from(trimmed!.members)).toEqual(bulkIds.map(v).sort((x, y) => x - y));
    expect(trimmed!.expected).toBe(6);
  });

  it('a burst sharing nothing keeps all its members', () => {
    const { index, burst } = scenario(100, 0);
    expect(trimBurstsToCores([burst], index, minBurstSurprise)[0]).toBe(burst);
  });

  it('is not trimmed to a family inside it: what a core would leave out must be what the background predicts', () => {
    const family = ['b0', 'b1', 'b2', 'b3'].map((account) => ({ account, type: 'address', value: 'home' }));
    const { index, burst } = scenario(100, 0, family);
    expect(trimBurstsToCores([burst], index, minBurstSurprise)[0]).toBe(burst);
  });

  it('keeps the bulk accounts off the default id too when they are too many to be background (30 of 100)', () => {
    const { index, burst } = scenario(100, 70);
    expect(trimBurstsToCores([burst], index, minBurstSurprise)[0]).toBe(burst);
  });
});
