// Serialized answers reused within a run: bounded by size, least recently used out first; over HTTP the cached
// answer is byte-identical and still behind the key check, and a new run is answered afresh.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/api/answer-cache.js';
import { recordRun } from '../../src/run/record-run.js';
import { bearer, createSampleStore, KEYS, startApi, type ApiUnderTest, type SampleStore } from './api-fixture.js';

describe('AnswerCache', () => {
  it('keeps two generations within its byte budget: an old answer asked for again survives the next turnover, one never asked for does not', () => {
    const cache = new AnswerCache(800); // a generation holds 400 bytes: two entries of (2 + 90) UTF-16 units
    for (let i = 0; i < 4; i++) cache.set('r1', `k${i}`, 'x'.repeat(90)); // old: k0 k1, young: k2 k3
    expect(cache.get('r1', 'k0')).toBe('x'.repeat(90)); // back to young, which turns over: old k2 k3, young k0
    expect(cache.get('r1', 'k1')).toBeUndefined();
    cache.set('r1', 'k4', 'x'.repeat(90));
    cache.set('r1', 'k5', 'x'.repeat(90)); // old: k0 k4, young: k5
    expect(cache.get('r1', 'k0')).toBeDefined();
    expect(cache.get('r1', 'k2')).toBeUndefined();
    expect(cache.get('r1', 'k3')).toBeUndefined();
    expect(cache.size).toBeLessThanOrEqual(4);
    cache.set('r1', 'big', 'y'.repeat(1000));
    expect(cache.get('r1', 'big')).toBeUndefined();
  });

  it('answers only for the run it holds: a newer run empties it', () => {
    const cache = new AnswerCache(1 << 20);
    cache.set('r1', '/v1/rings/a', 'one');
    expect(cache.get('r1', '/v1/rings/a')).toBe('one');
    expect(cache.get('r2', '/v1/rings/a')).toBeUndefined();
    cache.set('r2', '/v1/rings/a', 'two');
    expect(cache.get('r2', '/v1/rings/a')).toBe('two');
    expect(cache.get('r1', '/v1/rings/a')).toBeUndefined();
    expect(cache.size).toBe(1);
  });
});

describe('cached answers over HTTP', () => {
  let sample: SampleStore;
  let api: ApiUnderTest;
  beforeAll(async () => {
    sample = await createSampleStore();
    api = await startApi({ store: sample.store });
  }, 120_000);
  afterAll(async () => {
    await api?.close();
    await sample?.store.close();
    if (sample) rmSync(sample.dir, { recursive: true, force: true });
  });

  it('the same URL gets the same bytes, a missing key is still 401, and a new run is answered afresh', async () => {
    const member = sample.findings.members[0]!.account;
    const url = `${api.url}/v1/accounts/${encodeURIComponent(member)}`;
    const first = await fetch(url, { headers: bearer(KEYS.investigate.key) });
    const second = await fetch(url, { headers: bearer(KEYS.investigate.key) });
    expect(first.status).toBe(200);
    const text = await first.text();
    expect(await second.text()).toBe(text);
    expect(second.headers.get('content-type')).toBe('application/json; charset=utf-8');
    expect(second.headers.get('x-content-type-options')).toBe('nosniff');
    expect((await fetch(url)).status).toBe(401);
    const newer = await recordRun(sample.store, sample.findings, { dataset: 'again', startedAt: '2026-01-03T03:00:00Z', finishedAt: '2026-01-03T03:01:00Z', codeVersion: 'test' });
    const third = (await (await fetch(url, { headers: bearer(KEYS.investigate.key) })).json()) as { run: string };
    expect(third.run).toBe(newer.id);
    expect(JSON.parse(text).run).toBe(sample.run.id);
  });

  it('batch risk reuses each account\'s entry across batches: a mixed batch of cached and new ids equals the store, and a new run is answered afresh', async () => {
    const accounts = sample.findings.accounts.map((a) => a.account);
    const batch = (ids: string[]) =>
      fetch(`${api.url}/v1/accounts/risk`, { method: 'POST', headers: { ...bearer(KEYS.enforce.key), 'content-type': 'application/json' }, body: JSON.stringify({ ids }) });
    const before = await sample.store.currentRun();
    await batch(accounts.slice(0, 20));
    const mixed = [...accounts.slice(10, 30), 'nobody-at-all'];
    const response = await batch(mixed);
    expect(response.headers.get('content-type')).toBe('application/json; charset=utf-8');
    const body = (await response.json()) as { run: string; items: unknown[] };
    expect(body.run).toBe(before!.id);
    expect(body.items).toEqual(await sample.store.getAccountsRisk(mixed));
    const newer = await recordRun(sample.store, { ...sample.findings, accounts: sample.findings.accounts.map((a) => ({ ...a, risk: 0.123 })) }, {
      dataset: 'rescored',
      startedAt: '2026-01-04T03:00:00Z',
      finishedAt: '2026-01-04T03:01:00Z',
      codeVersion: 'test',
    });
    const after = (await (await batch(mixed)).json()) as { run: string; items: { risk: number }[] };
    expect(after.run).toBe(newer.id);
    expect(after.items.slice(0, 20).every((item) => item.risk === 0.123)).toBe(true);
  });
});
