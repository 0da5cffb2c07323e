// Bad input, unknown routes, store failure, rate limiting, timeouts and hardening headers, over real HTTP.
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encodePinnedCursor } from '../../src/api/cursor.js';
import { ProblemSchema, type Problem } from '../../src/schema/api.js';
import { isValidId } from '../../src/schema/id-rule.js';
import type { FindingsStore } from '../../src/store/findings-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { bearer, createSampleStore, KEYS, startApi, type ApiUnderTest, type SampleStore } from './api-fixture.js';

let sample: SampleStore;
let api: ApiUnderTest;
let logFile: string;
let ringId: string;
let accountId: string;

async function request(path: string, init: RequestInit & { key?: string | null } = {}) {
  const { key = KEYS.admin.key, headers, ...rest } = init;
  const response = await fetch(`${api.url}${path}`, { ...rest, headers: { ...(key ? bearer(key) : {}), ...(headers as Record<string, string>) } });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text };
}

async function problemOf(path: string, init: RequestInit & { key?: string | null } = {}): Promise<Problem & { httpStatus: number }> {
  const response = await request(path, init);
  expect(response.headers.get('content-type'), response.text).toMatch(/^application\/problem\+json/);
  return { ...ProblemSchema.parse(JSON.parse(response.text)), httpStatus: response.status };
}

const postRisk = (body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  problemOf('/v1/accounts/risk', { method: 'POST', body, headers, key: KEYS.enforce.key });

const INJECTIONS = [
  "' OR 1=1 --",
  '}) MATCH (n) DETACH DELETE n //',
  '1; DROP TABLE rings',
  '" OR ""="',
  '../../etc/passwd',
  '<script>alert(1)</script>',
  '${7*7}',
  'a b',
  ' a b ',
  '\u0000',
];

beforeAll(async () => {
  sample = await createSampleStore();
  logFile = join(sample.dir, 'api.log');
  api = await startApi({ store: sample.store }, logFile);
  ringId = sample.findings.rings.length > 0 ? (await sample.store.listRings({ limit: 1 })).items[0]!.id : 'R0';
  accountId = sample.findings.accounts[0]!.account;
}, 120_000);

afterAll(async () => {
  await api?.close();
  await sample?.store.close();
  if (sample) rmSync(sample.dir, { recursive: true, force: true });
});

describe('400s name the failing field', () => {
  it.each([
    ['/v1/rings?limit=-1', 'limit', /at least 1/],
    ['/v1/rings?limit=0', 'limit', /at least 1/],
    ['/v1/rings?limit=501', 'limit', /at most 500/],
    ['/v1/rings?limit=99999999999999999999', 'limit', /at most 500/],
    ['/v1/rings?limit=2.5', 'limit', /integer/],
    ['/v1/rings?limit=ten', 'limit', /must be a number/],
    ['/v1/rings?limit=1&limit=2', 'limit', /must be a number/],
    ['/v1/rings?minScore=abc', 'minScore', /must be a number/],
    ['/v1/rings?minScore=1.5', 'minScore', /at most 1/],
    ['/v1/rings?minScore=-0.1', 'minScore', /at least 0/],
    ['/v1/rings?status=exploded', 'status', /must be one of new, persisting/],
    ['/v1/runs?limit=-5', 'limit', /at least 1/],
    ['/v1/accounts/a1/neighbors?depth=3', 'depth', /at most 2/],
    ['/v1/accounts/a1/neighbors?depth=0', 'depth', /at least 1/],
    ['/v1/accounts/a1/neighbors?limit=100000', 'limit', /at most 500/],
    ['/v1/rings?cursor=not*base64', 'cursor', /format|characters/],
    ['/v1/rings?cursor=bm90IGpzb24', 'cursor', /invalid or stale/],
  ])('%s → 400 on %s', async (path, field, detail) => {
    const problem = await problemOf(path);
    expect(problem.httpStatus).toBe(400);
    expect(problem.status).toBe(400);
    expect(problem.field).toBe(field);
    expect(problem.detail).toMatch(detail);
  });

  it('overlong ids are a 400 on id for every :id route', async () => {
    const long = 'a'.repeat(513);
    for (const path of [`/v1/runs/${long}`, `/v1/rings/${long}`, `/v1/rings/${long}/graph`, `/v1/rings/${long}/members`, `/v1/accounts/${long}`, `/v1/accounts/${long}/neighbors`]) {
      const problem = await problemOf(path);
      expect([problem.httpStatus, problem.field, problem.detail], path).toEqual([400, 'id', 'id must be at most 512 characters']);
    }
  });

  it('injection-looking ids are plain ids (parameters, never code): answered, not executed; ids the id rule refuses are a 400 on id', async () => {
    for (const id of INJECTIONS) {
      const isValid = isValidId(id);
      for (const template of ['/v1/runs/ID', '/v1/rings/ID', '/v1/rings/ID/graph', '/v1/rings/ID/members', '/v1/accounts/ID', '/v1/accounts/ID/neighbors']) {
        const path = template.replace('ID', encodeURIComponent(id));
        const response = await request(path);
        if (!isValid) {
          expect(response.status, `${path}: ${response.text}`).toBe(400);
          expect(ProblemSchema.parse(JSON.parse(response.text)).field).toBe('id');
          continue;
        }
        // an unknown account has risk 0; an unknown run or ring is a 404 that does not repeat the id
        expect([200, 404], `${path}: ${response.text}`).toContain(response.status);
        if (response.status === 404 && id.length > 3) expect(response.text).not.toContain(id);
      }
      const risk = await request('/v1/accounts/risk', { method: 'POST', body: JSON.stringify({ ids: ['ok-id', id] }), headers: { 'content-type': 'application/json' }, key: KEYS.enforce.key });
      expect(risk.status).toBe(isValid ? 200 : 400);
      if (!isValid) expect(ProblemSchema.parse(JSON.parse(risk.text)).field).toBe('ids.1');
    }
    expect(INJECTIONS.filter((id) => !isValidId(id))).toEqual([' a b ', '\u0000']);
  });

  it('the store still holds its run after all that', async () => {
    expect((await sample.store.currentRun())?.id).toBe(sample.run.id);
    expect((await sample.store.listRings({ limit: 1 })).items.length).toBe(1);
  });

  it('a tampered cursor (valid envelope, bad store cursor) and a cursor for a vanished run are 400 on cursor', async () => {
    const tampered = encodePinnedCursor(sample.run.id, 'WyJub3QiLCJhIiwiY3Vyc29yIl0')!;
    expect(await problemOf(`/v1/rings?cursor=${tampered}`)).toMatchObject({ httpStatus: 400, field: 'cursor' });
    expect(await problemOf(`/v1/rings/${ringId}/members?cursor=${tampered}`)).toMatchObject({ httpStatus: 400, field: 'cursor' });
    const vanished = encodePinnedCursor('20990101T000000Z-deadbeef', 'WyJ4Il0')!;
    expect(await problemOf(`/v1/rings?cursor=${vanished}`)).toMatchObject({ httpStatus: 400, field: 'cursor', detail: 'cursor is invalid or stale; start again without a cursor' });
    const runs = await problemOf('/v1/runs?cursor=eyJhZnRlciI6Im5vLXN1Y2gtcnVuIn0');
    expect(runs).toMatchObject({ httpStatus: 400, field: 'cursor' });
  });

  it('POST /v1/accounts/risk: bad bodies are 400/413/415 with fixed words', async () => {
    expect(await postRisk('{"ids": [')).toMatchObject({ httpStatus: 400, title: 'Malformed request' });
    expect((await postRisk('MATCH (n) DETACH DELETE n')).detail).not.toContain('MATCH');
    expect(await postRisk('[]')).toMatchObject({ httpStatus: 400, field: 'body' });
    expect(await postRisk('{}')).toMatchObject({ httpStatus: 400, field: 'ids' });
    expect(await postRisk('{"ids": []}')).toMatchObject({ httpStatus: 400, field: 'ids', detail: 'ids must have at least 1 items' });
    expect(await postRisk('{"ids": "a1"}')).toMatchObject({ httpStatus: 400, field: 'ids' });
    expect(await postRisk('{"ids": [1]}')).toMatchObject({ httpStatus: 400, field: 'ids.0', detail: 'ids.0 must be a string' });
    const tooMany = JSON.stringify({ ids: Array.from({ length: 1001 }, (_, i) => `a${i}`) });
    expect(await postRisk(tooMany)).toMatchObject({ httpStatus: 400, field: 'ids', detail: 'ids must have at most 1000 items' });
    const huge = JSON.stringify({ ids: Array.from({ length: 100_000 }, (_, i) => `account-${i}`) }); // 1.6 MB > the 1 MB limit
    expect(await postRisk(huge)).toMatchObject({ httpStatus: 413, title: 'Payload too large' });
    expect(await postRisk('{"ids":["a1"]}', { 'content-type': 'text/plain' })).toMatchObject({ httpStatus: 415 });
    expect(await postRisk('ids=a1', { 'content-type': 'application/x-www-form-urlencoded' })).toMatchObject({ httpStatus: 415 });
  });

  it('a path that is not valid percent-encoding is a 400, not a crash', async () => {
    expect(await problemOf('/v1/accounts/%E0%A4%A')).toMatchObject({ httpStatus: 400, title: 'Malformed request' });
  });
});

describe('routes and methods', () => {
  it('unknown routes are a 404 problem, with or without a key', async () => {
    for (const key of [KEYS.admin.key, null]) {
      expect(await problemOf('/v1/nope', { key })).toMatchObject({ httpStatus: 404, title: 'Not found' });
      expect(await problemOf('/admin/../etc/passwd', { key })).toMatchObject({ httpStatus: 404 });
    }
  });

  it('a known path with another method is a 405 naming the allowed ones', async () => {
    const response = await request(`/v1/rings/${ringId}`, { method: 'DELETE' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('GET, HEAD');
    expect((await request('/v1/accounts/risk', { method: 'PUT' })).headers.get('allow')).toBe('POST');
  });

  it('a ring that is not in the current run is a 404', async () => {
    expect(await problemOf('/v1/rings/R000000000000')).toMatchObject({ httpStatus: 404, detail: 'no ring with this id in the current run' });
    expect(await problemOf('/v1/rings/R000000000000/members')).toMatchObject({ httpStatus: 404 });
    expect(await problemOf('/v1/runs/20990101T000000Z-deadbeef')).toMatchObject({ httpStatus: 404 });
  });
});

describe('hardening', () => {
  it('sets security headers, a request id, no-store, no X-Powered-By and no CORS header by default', async () => {
    const response = await request('/v1/rings?limit=1', { headers: { origin: 'https://evil.example' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('keeps a plain caller request id, replaces a hostile one, and puts it in problems', async () => {
    expect((await request('/v1/health', { headers: { 'x-request-id': 'job-2026-01-02.7' } })).headers.get('x-request-id')).toBe('job-2026-01-02.7');
    const hostile = await request('/v1/nope', { headers: { 'x-request-id': 'a\tb"}' } });
    const id = hostile.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(ProblemSchema.parse(JSON.parse(hostile.text)).requestId).toBe(id);
  });

  it('CORS answers only configured origins', async () => {
    const withCors = await startApi({ store: sample.store, cors: { origins: ['https://console.example'] } });
    try {
      const allowed = await fetch(`${withCors.url}/v1/rings?limit=1`, { headers: { origin: 'https://console.example', ...bearer(KEYS.admin.key) } });
      expect(allowed.headers.get('access-control-allow-origin')).toBe('https://console.example');
      const preflight = await fetch(`${withCors.url}/v1/accounts/risk`, {
        method: 'OPTIONS',
        headers: { origin: 'https://console.example', 'access-control-request-method': 'POST' },
      });
      expect(preflight.status).toBe(204);
      expect(preflight.headers.get('access-control-allow-headers')).toContain('Authorization');
      const other = await fetch(`${withCors.url}/v1/rings?limit=1`, { headers: { origin: 'https://evil.example', ...bearer(KEYS.admin.key) } });
      expect(other.headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await withCors.close();
    }
  });

  it('rate limits per key with 429 and Retry-After; other keys are unaffected', async () => {
    const limited = await startApi({ store: sample.store, rateLimit: { ratePerSecond: 0.5, burst: 3 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 5; i++) statuses.push((await fetch(`${limited.url}/v1/rings?limit=1`, { headers: bearer(KEYS.admin.key) })).status);
      expect(statuses).toEqual([200, 200, 200, 429, 429]);
      const refused = await fetch(`${limited.url}/v1/rings?limit=1`, { headers: bearer(KEYS.admin.key) });
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      expect(ProblemSchema.parse(await refused.json()).status).toBe(429);
      expect((await fetch(`${limited.url}/v1/rings?limit=1`, { headers: bearer(KEYS.investigate.key) })).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it('guessing keys from one address turns into 429 after a burst of 401s', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 60; i++) statuses.push((await request('/v1/rings', { key: `rsk_guess${i}` })).status);
    expect(statuses.slice(0, 40).every((s) => s === 401)).toBe(true);
    expect(statuses.at(-1)).toBe(429);
  });

  it('logs one JSON line per request with route and status, and never a key', async () => {
    await request('/v1/rings?limit=1', { headers: { 'x-request-id': 'log-check-1' } });
    const lines = readFileSync(logFile, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    const line = lines.find((l) => l.requestId === 'log-check-1');
    expect(line).toMatchObject({ method: 'GET', route: '/v1/rings', status: 200, key: 'admin' });
    const text = readFileSync(logFile, 'utf8');
    for (const { key, record } of Object.values(KEYS)) {
      expect(text).not.toContain(key);
      expect(text).not.toContain(record.hash);
    }
    expect(text.toLowerCase()).not.toContain('bearer');
  });
});

describe('failures inside', () => {
  it('a store that fails answers 503 with no internal detail, and the cause is logged', async () => {
    const broken = openSqliteStore(join(sample.dir, 'broken.sqlite'));
    const brokenLog = join(sample.dir, 'broken.log');
    const brokenApi = await startApi({ store: broken }, brokenLog);
    try {
      await broken.close(); // every later call throws inside better-sqlite3
      for (const path of ['/v1/rings', `/v1/accounts/${accountId}`, '/v1/runs']) {
        const response = await fetch(`${brokenApi.url}${path}`, { headers: bearer(KEYS.admin.key) });
        const text = await response.text();
        expect(response.status).toBe(503);
        expect(response.headers.get('retry-after')).toBe('5');
        expect(ProblemSchema.parse(JSON.parse(text))).toMatchObject({ status: 503, detail: 'the findings store is unavailable; retry later' });
        expect(text).not.toMatch(/sqlite|database|connection|at \w|\.ts:|\.js:/i);
      }
      expect(readFileSync(brokenLog, 'utf8')).toMatch(/"level":50.*database connection is not open/);
    } finally {
      await brokenApi.close();
    }
  });

  it('a request slower than the timeout is answered 503 and the late result is dropped', async () => {
    // The real store, with one call delayed (as a stalled Neo4j or a locked file would be).
    const slow = Object.create(sample.store) as FindingsStore;
    slow.listRuns = async (options) => {
      await new Promise((resolve) => setTimeout(resolve, 300));
      return sample.store.listRuns(options);
    };
    const slowApi = await startApi({ store: slow, requestTimeoutMs: 100 });
    try {
      const response = await fetch(`${slowApi.url}/v1/runs`, { headers: bearer(KEYS.admin.key) });
      expect(response.status).toBe(503);
      expect(ProblemSchema.parse(await response.json()).title).toBe('Request timed out');
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await fetch(`${slowApi.url}/v1/health`)).status).toBe(200);
    } finally {
      await slowApi.close();
    }
  });
});
