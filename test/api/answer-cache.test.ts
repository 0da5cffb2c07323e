// Serialized answers reused within a run: bounded by size, least recently used out first; over HTTP the cached
// answer is byte-identical and still behind the key check, and a new run is answered afresh.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache } from '../../src/api/answer-cache.js';
import { recordRun } from '../../src/run/record-run.js';
import { bearer, createSampleStore, KEYS, startApi, type ApiUnderTest, type SampleStore } from './api-fixture.js';

describe('AnswerCache', () => {
  it('evicts the least recently used entries past its byte budget and refuses one oversized answer', () => {
    const cache = new AnswerCache(800); // room for 4 entries of (2 + 90) UTF-16 units
    for (let i = 0; i < 10; i++) cache.set(`k${i}`, 'x'.repeat(90));
    expect(cache.size).toBe(4);
    expect(cache.get('k5')).toBeUndefined(); // oldest out
    expect(cache.get('k9')).toBe('x'.repeat(90));
    cache.get('k6'); // touched: survives the next evictions
    for (let i = 10; i < 12; i++) cache.set(`k${i}`, 'x'.repeat(90));
    expect(cache.get('k6')).toBeDefined();
    expect(cache.get('k7')).toBeUndefined();
    cache.set('big', 'y'.repeat(1000));
    expect(cache.get('big')).toBeUndefined();
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
});
