// The naive peer on small hand-built datasets whose components can be stated in the test name.
import { describe, expect, it } from 'vitest';
import { NAIVE_PEER_DEFAULTS, naivePeerRings } from '../../src/evaluate/naive-peer.js';
import type { Dataset } from '../../src/schema/dataset.js';
import { buildDataset, type TestAction, type TestLink } from '../helpers/dataset-builder.js';

const accountsOf = (ids: string[]) => ids.map((id) => ({ id, createdAt: 0 }));
const ringsAsIds = (dataset: Dataset, rings: number[][]) => rings.map((ring) => ring.map((i) => dataset.accounts.ids[i]));

describe('naivePeerRings', () => {
  it('a shared device joins a, b, c; a shared card chains d and e onto them; f shares nothing and is not flagged', () => {
    const links: TestLink[] = [
      { account: 'a', type: 'device', value: 'd1' },
      { account: 'b', type: 'device', value: 'd1' },
      { account: 'c', type: 'device', value: 'd1' },
      { account: 'c', type: 'card', value: 'k1' },
      { account: 'd', type: 'card', value: 'k1' },
      { account: 'e', type: 'card', value: 'k1' },
      { account: 'f', type: 'device', value: 'd9' },
    ];
    const dataset = buildDataset(accountsOf(['a', 'b', 'c', 'd', 'e', 'f']), links);
    const result = naivePeerRings(dataset);
    expect(ringsAsIds(dataset, result.rings)).toEqual([['a', 'b', 'c', 'd', 'e']]);
    expect(result.identifiersUsed).toBe(2);
  });

  it('an identifier shared by more than maxIdentifierDegree accounts is a hub and joins nobody', () => {
    const ids = Array.from({ length: NAIVE_PEER_DEFAULTS.maxIdentifierDegree + 1 }, (_, i) => `u${i}`);
    const dataset = buildDataset(accountsOf(ids), ids.map((account) => ({ account, type: 'ip', value: 'nat' })));
    expect(naivePeerRings(dataset).rings).toEqual([]);
    expect(naivePeerRings(dataset, { maxIdentifierDegree: ids.length }).rings).toHaveLength(1);
  });

  it('co-action within the window joins accounts, chaining through turns minutes apart; two hours apart does not', () => {
    const actions: TestAction[] = [
      { account: 'a', target: 'page', ts: 0 },
      { account: 'b', target: 'page', ts: 50 * 60 },
      { account: 'c', target: 'page', ts: 100 * 60 }, // 100 min after a, 50 after b: joined through b
      { account: 'd', target: 'other', ts: 0 },
      { account: 'e', target: 'other', ts: 2 * 3600 + 1 },
    ];
    const dataset = buildDataset(accountsOf(['a', 'b', 'c', 'd', 'e']), [], actions);
    const result = naivePeerRings(dataset);
    expect(ringsAsIds(dataset, result.rings)).toEqual([['a', 'b', 'c']]);
    expect(result.targetsUsed).toBe(1);
  });

  it('a target with more than maxTargetActors distinct actors (a viral post) joins nobody, however close in time', () => {
    const ids = Array.from({ length: NAIVE_PEER_DEFAULTS.maxTargetActors + 1 }, (_, i) => `fan${i}`);
    const dataset = buildDataset(accountsOf(ids), [], ids.map((account, i) => ({ account, target: 'viral', ts: i })));
    expect(naivePeerRings(dataset).rings).toEqual([]);
  });

  it('one account acting twice is not a pair; input order changes nothing', () => {
    const actions: TestAction[] = [
      { account: 'a', target: 't', ts: 0 },
      { account: 'a', target: 't', ts: 10 },
      { account: 'b', target: 't', ts: 10_000 },
      { account: 'c', target: 't2', ts: 5 },
      { account: 'd', target: 't2', ts: 6 },
    ];
    const forward = buildDataset(accountsOf(['a', 'b', 'c', 'd']), [], actions);
    const backward = buildDataset(accountsOf(['a', 'b', 'c', 'd']), [], [...actions].reverse());
    expect(ringsAsIds(forward, naivePeerRings(forward).rings)).toEqual([['c', 'd']]);
    expect(ringsAsIds(backward, naivePeerRings(backward).rings)).toEqual([['c', 'd']]);
  });

  it('minComponentSize 3 drops pairs', () => {
    const links: TestLink[] = [
      { account: 'a', type: 'device', value: 'x' },
      { account: 'b', type: 'device', value: 'x' },
    ];
    const dataset = buildDataset(accountsOf(['a', 'b']), links);
    expect(naivePeerRings(dataset).rings).toHaveLength(1);
    expect(naivePeerRings(dataset, { minComponentSize: 3 }).rings).toEqual([]);
  });
});
