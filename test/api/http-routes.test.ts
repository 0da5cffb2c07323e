// Every route's happy path over real HTTP, checked against the store the run wrote, plus 401/403 on every data route.
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import {
  AccountResponseSchema,
  MemberPageSchema,
  NeighborsResponseSchema,
  PAGE_DEFAULTS,
  ProblemSchema,
  RingDetailSchema,
  RingGraphResponseSchema,
  RingPageSchema,
  RiskBatchResponseSchema,
  RunPageSchema,
  type Scope,
} from '../../src/schema/api.js';
import { RunRecordSchema, type StoredRing } from '../../src/schema/run.js';
import { bearer, createSampleStore, KEYS, startApi, type ApiUnderTest, type SampleStore } from './api-fixture.js';

let sample: SampleStore;
let api: ApiUnderTest;
let rings: StoredRing[];
let flagged: StoredRing;
let unflagged: StoredRing | undefined;

async function call(path: string, init: { key?: string; method?: string; body?: unknown } = {}) {
  const response = await fetch(`${api.url}${path}`, {
    method: init.method ?? (init.body === undefined ? 'GET' : 'POST'),
    headers: {
      ...(init.key ? bearer(init.key) : {}),
      ...(init.body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
  });
  const text = await response.text();
  const isJson = /json/.test(response.headers.get('content-type') ?? '');
  return { status: response.status, headers: response.headers, text, json: isJson ? (JSON.parse(text) as unknown) : undefined };
}

async function ok<T>(schema: z.ZodType<T>, path: string, init: { key?: string; body?: unknown } = {}): Promise<T> {
  const response = await call(path, { key: KEYS.admin.key, ...init });
  expect(response.status, response.text).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^application\/json/);
  return schema.parse(response.json);
}

async function allRings(): Promise<StoredRing[]> {
  const out: StoredRing[] = [];
  let cursor: string | null = null;
  do {
    const page = await sample.store.listRings({ limit: 500, cursor });
    out.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return out;
}

beforeAll(async () => {
  sample = await createSampleStore();
  api = await startApi({ store: sample.store });
  rings = await allRings();
  flagged = rings.find((ring) => ring.flagged && ring.size >= 12) ?? rings.find((ring) => ring.flagged)!;
  unflagged = rings.find((ring) => !ring.flagged);
}, 120_000);

afterAll(async () => {
  await api?.close();
  await sample?.store.close();
  if (sample) rmSync(sample.dir, { recursive: true, force: true });
});

describe('the sample run behind the API', () => {
  it('has flagged rings to serve', () => {
    expect(sample.findings.rings.length).toBe(rings.length);
    expect(flagged).toBeDefined();
    expect(flagged.size).toBeGreaterThan(PAGE_DEFAULTS.limit / 10);
  });
});

describe('happy paths, checked against the store', () => {
  it('GET /v1/health answers without a key', async () => {
    const response = await call('/v1/health');
    expect(response.status).toBe(200);
    expect(response.json).toEqual({ status: 'ok' });
  });

  it('GET /v1/runs lists the run; GET /v1/runs/:id returns its summary, indicators and alerts', async () => {
    const page = await ok(RunPageSchema, '/v1/runs');
    expect(page.items).toEqual(await sample.store.listRuns());
    expect(page.nextCursor).toBeNull();
    const run = await ok(RunRecordSchema, `/v1/runs/${sample.run.id}`);
    expect(run).toEqual(sample.run);
    expect(run.summary.ringsFlagged).toBe(sample.findings.summary.ringsFlagged);
  });

  it('GET /v1/rings returns the riskiest rings of the current run, default page size, score desc then id', async () => {
    const page = await ok(RingPageSchema, '/v1/rings');
    expect(page.run).toBe(sample.run.id);
    expect(page.items).toEqual(rings.slice(0, PAGE_DEFAULTS.limit));
    for (let i = 1; i < page.items.length; i++) {
      const [a, b] = [page.items[i - 1]!, page.items[i]!];
      expect(a.score > b.score || (a.score === b.score && a.id < b.id)).toBe(true);
    }
    expect(page.nextCursor === null).toBe(rings.length <= PAGE_DEFAULTS.limit);
  });

  it('GET /v1/rings filters by minScore and status, and its pages walk every ring exactly once', async () => {
    const threshold = sample.findings.config.flagThreshold;
    const above = await ok(RingPageSchema, `/v1/rings?minScore=${threshold}&limit=500`);
    expect(above.items.map((r) => r.id)).toEqual(rings.filter((r) => r.score >= threshold).map((r) => r.id));
    const fresh = await ok(RingPageSchema, '/v1/rings?status=new&limit=500');
    expect(fresh.items.length).toBe(rings.length);
    const persisting = await ok(RingPageSchema, '/v1/rings?status=persisting');
    expect(persisting.items).toEqual([]);

    const seen: string[] = [];
    let cursor: string | null = null;
    do {
      const page: z.infer<typeof RingPageSchema> = await ok(RingPageSchema, `/v1/rings?limit=7${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...page.items.map((r) => r.id));
      cursor = page.nextCursor;
    } while (cursor !== null);
    expect(seen).toEqual(rings.map((r) => r.id));
  });

  it('GET /v1/rings/:id returns features, reasons, members with roles and history', async () => {
    const detail = await ok(RingDetailSchema, `/v1/rings/${flagged.id}`);
    expect(detail.ring).toEqual(await sample.store.getRing(flagged.id));
    expect(detail.ring.reasons.length).toBeGreaterThan(0);
    const members = await sample.store.listMembers(flagged.id, { limit: PAGE_DEFAULTS.ringDetailMembers });
    expect(detail.members.items).toEqual(members.items);
    expect(detail.members.items.every((m) => ['coordinator', 'member', 'peripheral'].includes(m.role))).toBe(true);
    expect(detail.members.nextCursor === null).toBe(members.nextCursor === null);
    expect(detail.history).toEqual([{ run: sample.run.id, finishedAt: sample.run.finishedAt, status: 'new', size: flagged.size, score: flagged.score, flagged: true }]);
  });

  it('GET /v1/rings/:id/graph returns the evidence subgraph of a flagged ring, 404 for an unflagged one', async () => {
    const graph = await ok(RingGraphResponseSchema, `/v1/rings/${flagged.id}/graph?limit=20000`);
    const stored = (await sample.store.getRingGraph(flagged.id))!;
    expect(graph.truncated).toBe(false);
    expect({ ring: graph.ring, accounts: graph.accounts, entities: graph.entities, uses: graph.uses, edges: graph.edges }).toEqual({
      ring: stored.ring,
      accounts: stored.accounts,
      entities: stored.entities,
      uses: stored.uses,
      edges: stored.edges,
    });
    expect(graph.members.map((m) => m.account)).toEqual(graph.accounts);
    expect(graph.accounts.length).toBe(flagged.size);
    expect(graph.edges.length).toBeGreaterThan(0);
    if (unflagged) {
      const response = await call(`/v1/rings/${unflagged.id}/graph`, { key: KEYS.admin.key });
      expect(response.status).toBe(404);
      expect(ProblemSchema.parse(response.json).detail).toMatch(/not flagged/);
    }
  });

  it('GET /v1/rings/:id/members pages through a whole ring: no duplicates, no gaps, account order', async () => {
    const biggest = rings.reduce((a, b) => (b.size > a.size ? b : a));
    const expected: string[] = [];
    for (let cursor: string | null = null, first = true; first || cursor !== null; first = false) {
      const page = await sample.store.listMembers(biggest.id, { limit: 500, cursor });
      expected.push(...page.items.map((m) => m.account));
      cursor = page.nextCursor;
    }
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: z.infer<typeof MemberPageSchema> = await ok(MemberPageSchema, `/v1/rings/${biggest.id}/members?limit=5${cursor ? `&cursor=${cursor}` : ''}`, {
        key: KEYS.enforce.key,
      });
      expect(page.ring).toBe(biggest.id);
      expect(page.run).toBe(sample.run.id);
      expect(page.items.length).toBeLessThanOrEqual(5);
      seen.push(...page.items.map((m) => m.account));
      cursor = page.nextCursor;
      pages++;
    } while (cursor !== null);
    expect(seen.length).toBe(biggest.size);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen).toEqual([...seen].sort());
    expect(seen).toEqual(expected);
    expect(pages).toBe(Math.ceil(biggest.size / 5));
  });

  it('GET /v1/accounts/:id returns risk, ring, role and reasons; an account without findings has risk 0', async () => {
    const risky = sample.findings.accounts[0]!;
    const account = await ok(AccountResponseSchema, `/v1/accounts/${risky.account}`, { key: KEYS.enforce.key });
    expect({ ...account, run: undefined }).toEqual({ ...(await sample.store.getAccount(risky.account)), run: undefined });
    expect(account.risk).toBe(risky.risk);
    expect(account.role).toBe(risky.role);
    expect(account.reasons).toEqual(risky.reasons);
    const clean = await ok(AccountResponseSchema, '/v1/accounts/no-such-account-42', { key: KEYS.investigate.key });
    expect(clean).toEqual({ account: 'no-such-account-42', risk: 0, flagged: false, ring: null, role: null, reasons: [], run: sample.run.id });
  });

  it('GET /v1/accounts/:id/neighbors returns who shares what, at depth 1 and 2', async () => {
    const member = (await sample.store.listMembers(flagged.id, { limit: 1 })).items[0]!;
    for (const depth of [1, 2] as const) {
      const body = await ok(NeighborsResponseSchema, `/v1/accounts/${member.account}/neighbors?depth=${depth}&limit=100`, { key: KEYS.investigate.key });
      expect(body.items).toEqual(await sample.store.neighbors(member.account, { depth, limit: 100 }));
      expect(body.depth).toBe(depth);
    }
    const one = await ok(NeighborsResponseSchema, `/v1/accounts/${member.account}/neighbors`);
    expect(one.items.length).toBeGreaterThan(0);
    expect(one.items.every((edge) => edge.depth === 1 && edge.via === member.account)).toBe(true);
  });

  it('POST /v1/accounts/risk answers 100 ids in request order, once each, zero risk for unknown ids', async () => {
    const known = sample.findings.accounts.slice(0, 90).map((a) => a.account);
    const ids = [...known, ...Array.from({ length: 10 }, (_, i) => `unknown-${i}`), known[0]!];
    const body = await ok(RiskBatchResponseSchema, '/v1/accounts/risk', { key: KEYS.enforce.key, body: { ids } });
    expect(body.run).toBe(sample.run.id);
    expect(body.items.map((item) => item.account)).toEqual(ids.slice(0, 100));
    expect(body.items.slice(0, 90)).toEqual(await sample.store.getAccountsRisk(known));
    expect(body.items.slice(90).every((item) => item.risk === 0 && item.ring === null)).toBe(true);
  });

  it('GET /metrics (admin) counts requests by route template and status, and store latency', async () => {
    const response = await call('/metrics', { key: KEYS.admin.key });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(response.text).toMatch(/ringscan_http_requests_total\{method="GET",route="\/v1\/rings\/:id",status="200"\} \d+/);
    expect(response.text).toMatch(/ringscan_http_request_duration_seconds_bucket\{le="0\.005",method="GET",route="\/v1\/rings"/);
    expect(response.text).toMatch(/ringscan_store_operation_duration_seconds_count\{operation="listMembers",outcome="ok"\} \d+/);
    expect(response.text).not.toContain(flagged.id);
  });
});

describe('authentication and scopes on every data route', () => {
  type RouteCase = { method: 'GET' | 'POST'; path: () => string; body?: () => unknown; scopes: Scope[] };
  const ROUTES: RouteCase[] = [
    { method: 'GET', path: () => '/v1/runs', scopes: ['investigate', 'admin'] },
    { method: 'GET', path: () => `/v1/runs/${sample.run.id}`, scopes: ['investigate', 'admin'] },
    { method: 'GET', path: () => '/v1/rings', scopes: ['investigate', 'enforce', 'admin'] },
    { method: 'GET', path: () => `/v1/rings/${flagged.id}`, scopes: ['investigate', 'admin'] },
    { method: 'GET', path: () => `/v1/rings/${flagged.id}/graph`, scopes: ['investigate', 'admin'] },
    { method: 'GET', path: () => `/v1/rings/${flagged.id}/members`, scopes: ['investigate', 'enforce', 'admin'] },
    { method: 'GET', path: () => `/v1/accounts/${sample.findings.accounts[0]!.account}`, scopes: ['investigate', 'enforce', 'admin'] },
    { method: 'GET', path: () => `/v1/accounts/${sample.findings.accounts[0]!.account}/neighbors`, scopes: ['investigate', 'admin'] },
    { method: 'POST', path: () => '/v1/accounts/risk', body: () => ({ ids: ['a1'] }), scopes: ['enforce', 'admin'] },
    { method: 'GET', path: () => '/metrics', scopes: ['admin'] },
  ];

  it('the cases cover every secured operation of the OpenAPI document', async () => {
    const doc = (await call('/v1/openapi.json')).json as { paths: Record<string, Record<string, { security: unknown[]; 'x-scopes'?: string[] }>> };
    const secured: string[] = [];
    for (const [path, operations] of Object.entries(doc.paths)) {
      for (const [method, operation] of Object.entries(operations)) {
        if (operation.security.length > 0) secured.push(`${method.toUpperCase()} ${path} ${operation['x-scopes']!.join(',')}`);
      }
    }
    const toTemplate = (path: string) => path.replace(sample.run.id, '{id}').replace(flagged.id, '{id}').replace(sample.findings.accounts[0]!.account, '{id}');
    const cases = ROUTES.map((r) => `${r.method} ${toTemplate(r.path())} ${[...r.scopes.filter((s) => s !== 'admin'), 'admin'].join(',')}`);
    expect(cases.sort()).toEqual(secured.sort());
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.path.toString().replace(/^\(\) => /, '')}`, r] as const))('%s: 401 without a valid key', async (_name, route) => {
    const init = (key?: string) => ({ method: route.method, ...(key === undefined ? {} : { key }), ...(route.body ? { body: route.body() } : {}) });
    const missing = await call(route.path(), init());
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(missing.headers.get('content-type')).toMatch(/^application\/problem\+json/);
    expect(ProblemSchema.parse(missing.json)).toMatchObject({ status: 401, title: 'Unauthorized' });
    expect((await call(route.path(), init(`${KEYS.admin.key}x`))).status).toBe(401);
    expect((await call(route.path(), init(KEYS.admin.record.hash))).status).toBe(401);
    const basic = await fetch(`${api.url}${route.path()}`, { method: route.method, headers: { authorization: `Basic ${KEYS.admin.key}` } });
    expect(basic.status).toBe(401);
  });

  it.each(ROUTES.map((r) => [`${r.method} ${r.path.toString().replace(/^\(\) => /, '')}`, r] as const))('%s: 200 or 403 by scope', async (_name, route) => {
    for (const scope of ['investigate', 'enforce', 'admin'] as const) {
      const response = await call(route.path(), { method: route.method, key: KEYS[scope].key, ...(route.body ? { body: route.body() } : {}) });
      const expected = route.scopes.includes(scope) ? 200 : 403;
      expect(response.status, `${scope}: ${response.text.slice(0, 200)}`).toBe(expected);
      if (expected === 403) expect(ProblemSchema.parse(response.json).detail).toMatch(/needs a key with scope/);
    }
  });
});
