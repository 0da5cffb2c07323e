// Property-based fuzzing over loopback: a few thousand random hostile requests (seeded, bounded) must never
// produce a 5xx, a non-problem error body, or a body that leaks internals or echoes the hostile input.
import fc from 'fast-check';
import { rmSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ProblemSchema } from '../../src/schema/api.js';
import { bearer, createSampleStore, KEYS, startApi, type ApiUnderTest, type SampleStore } from './api-fixture.js';

const REQUESTS = 3000;
const SEED = 20260102;

/** The hostile inputs tried (also reported): injections, traversal, encodings, numbers at the edges, oversize. */
export const HOSTILE = [
  "' OR 1=1 --",
  '}) MATCH (n) DETACH DELETE n //',
  "' UNION SELECT hash FROM keys --",
  '1; DROP TABLE rings; --',
  '" OR ""="',
  'MATCH (n) RETURN n',
  'CALL db.labels() YIELD label',
  "x' AND sqlite_version() --",
  '../../../../etc/passwd',
  '..%2F..%2Fetc%2Fpasswd',
  '%00',
  '%',
  '%ZZ',
  '%E0%A4%A',
  '<script>alert(1)</script>',
  '${jndi:ldap://evil/x}',
  '{{7*7}}',
  '__proto__',
  'constructor',
  '-1',
  '0',
  '1e309',
  'NaN',
  '-Infinity',
  '0x10',
  '99999999999999999999999',
  'null',
  '[]',
  '{}',
  '\u0000',
  '\uFFFF',
  '\uD800',
  '😀👨‍👩‍👧',
  '\\',
  '`',
  'a'.repeat(513),
  'a'.repeat(4000),
];

/** Long, clearly hostile fragments: if an error body contains one, the API echoed input. */
const ECHO_MARKERS = HOSTILE.filter((text) => text.length >= 6 && /[^A-Za-z0-9]/.test(text) && !text.includes('%'));

const LEAK = /sqlite|better-sqlite|\bat [\w.<>$]+ \(|\.ts:\d+|\.js:\d+|node_modules|stack|\bError:|SELECT |INSERT |DELETE FROM|DETACH|MATCH \(|Cypher|neo4j/i;

let sample: SampleStore;
let api: ApiUnderTest;
let validIds: { run: string; ring: string; account: string; cursor: string };

beforeAll(async () => {
  sample = await createSampleStore();
  api = await startApi({ store: sample.store });
  const page = await fetch(`${api.url}/v1/rings?limit=2`, { headers: bearer(KEYS.admin.key) }).then((r) => r.json() as Promise<{ items: { id: string }[]; nextCursor: string }>);
  validIds = { run: sample.run.id, ring: page.items[0]!.id, account: sample.findings.accounts[0]!.account, cursor: page.nextCursor };
}, 120_000);

afterAll(async () => {
  await api?.close();
  await sample?.store.close();
  if (sample) rmSync(sample.dir, { recursive: true, force: true });
});

const printable = (max: number) => fc.stringMatching(new RegExp(`^[\\x20-\\x7e]{0,${max}}$`));

const idArb = () =>
  fc.oneof(
    { weight: 4, arbitrary: fc.constantFrom(...HOSTILE) },
    { weight: 2, arbitrary: fc.string({ maxLength: 40 }) },
    { weight: 1, arbitrary: fc.string({ unit: 'binary', maxLength: 20 }) },
    { weight: 2, arbitrary: fc.constantFrom('RUN', 'RING', 'ACCOUNT', 'CURSOR') },
  );

const TEMPLATES = [
  '/v1/runs',
  '/v1/runs/ID',
  '/v1/rings',
  '/v1/rings/ID',
  '/v1/rings/ID/graph',
  '/v1/rings/ID/members',
  '/v1/accounts/ID',
  '/v1/accounts/ID/neighbors',
  '/v1/accounts/risk',
  '/v1/health',
  '/v1/openapi.json',
  '/metrics',
  '/v1/ID',
  '/ID',
  '/v1/rings/ID/ID',
  '/v1/accounts/ID/neighbors/ID',
];

// Mostly reads on read routes and batch posts on the batch route; other methods and routes now and then.
const routeArb = fc.oneof(
  { weight: 6, arbitrary: fc.record({ method: fc.constant('GET'), template: fc.constantFrom(...TEMPLATES) }) },
  { weight: 2, arbitrary: fc.record({ method: fc.constant('POST'), template: fc.constant('/v1/accounts/risk') }) },
  { weight: 1, arbitrary: fc.record({ method: fc.constantFrom('POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), template: fc.constantFrom(...TEMPLATES) }) },
);

const requestArb = fc.record({
  route: routeArb,
  id: idArb(),
  encodeId: fc.boolean(),
  query: fc.array(
    fc.tuple(
      fc.constantFrom('limit', 'minScore', 'status', 'cursor', 'depth', '__proto__', 'constructor', 'limit[]', 'x'),
      fc.oneof(idArb(), fc.integer({ min: -1e6, max: 1e6 }).map(String), fc.double().map(String), fc.constantFrom('new', 'dissolved', '1', '2', '500', '501')),
    ),
    { maxLength: 4 },
  ),
  body: fc.oneof(
    fc.constant(undefined),
    fc.json({ maxDepth: 3 }),
    fc.constantFrom(...HOSTILE),
    fc.array(idArb(), { maxLength: 12 }).map((ids) => JSON.stringify({ ids })),
    fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }).map((ids) => JSON.stringify({ ids })),
    fc.constant(JSON.stringify({ ids: Array.from({ length: 5000 }, (_, i) => `account-${i}`) })),
  ),
  contentType: fc.constantFrom('application/json', 'application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-16', undefined),
  auth: fc.oneof(
    { weight: 6, arbitrary: fc.constantFrom(`Bearer ${KEYS.admin.key}`, `Bearer ${KEYS.investigate.key}`, `Bearer ${KEYS.enforce.key}`) },
    { weight: 1, arbitrary: fc.constantFrom(undefined, 'Bearer', `Basic ${KEYS.admin.key}`, `Bearer ${KEYS.admin.record.hash}`) },
    { weight: 1, arbitrary: printable(80).map((text) => `Bearer ${text}`) },
  ),
  requestId: fc.option(printable(100), { nil: undefined }),
});

type FuzzRequest = typeof requestArb extends fc.Arbitrary<infer T> ? T : never;

function substitute(id: string): string {
  return id === 'RUN' ? validIds.run : id === 'RING' ? validIds.ring : id === 'ACCOUNT' ? validIds.account : id === 'CURSOR' ? validIds.cursor : id;
}

/** Percent-encodes; a lone surrogate (which encodeURIComponent refuses) is sent raw for the URL parser to mangle. */
function encode(text: string): string {
  try {
    return encodeURIComponent(text);
  } catch {
    return text;
  }
}

function urlOf(request: FuzzRequest): string {
  const id = substitute(request.id);
  const segment = request.encodeId ? encode(id) : id;
  const path = request.route.template.replaceAll('ID', segment);
  const query = request.query.map(([key, value]) => `${key}=${request.encodeId ? encode(substitute(value)) : substitute(value)}`).join('&');
  return `${api.url}${path}${query ? `?${query}` : ''}`;
}

/** The ids a request asks about (path id, batch body ids): a 2xx answer may name them. */
function askedIds(request: { id?: string; body?: string }): string[] {
  const ids = request.id === undefined ? [] : [request.id];
  try {
    const body = JSON.parse(request.body ?? '') as { ids?: unknown };
    if (Array.isArray(body.ids)) ids.push(...body.ids.filter((id): id is string => typeof id === 'string'));
  } catch {
    // not JSON: nothing asked for
  }
  return ids;
}

describe('hostile requests', () => {
  it(`${REQUESTS} random hostile requests: no 5xx, errors are problems, nothing leaks`, async () => {
    const statuses = new Map<number, number>();
    let sent = 0;
    let unsendable = 0;
    await fc.assert(
      fc.asyncProperty(requestArb, async (request) => {
        const headers: Record<string, string> = {};
        if (request.auth !== undefined) headers.authorization = request.auth;
        if (request.contentType !== undefined) headers['content-type'] = request.contentType;
        if (request.requestId !== undefined) headers['x-request-id'] = request.requestId;
        const hasBody = request.body !== undefined && request.route.method !== 'GET' && request.route.method !== 'HEAD';
        let response: Response;
        try {
          response = await fetch(urlOf(request), { method: request.route.method, headers, ...(hasBody ? { body: request.body } : {}) });
        } catch (error) {
          // The client refused to build the request (e.g. a URL it cannot parse): nothing reached the server.
          if (error instanceof TypeError) {
            unsendable++;
            return;
          }
          throw error;
        }
        sent++;
        const text = await response.text();
        statuses.set(response.status, (statuses.get(response.status) ?? 0) + 1);
        expect(response.status, `${request.route.method} ${urlOf(request)} → ${text.slice(0, 300)}`).toBeLessThan(500);
        // a 2xx may name the id it was asked about (any id the ingest rule accepts is a valid one, even "MATCH (n)")
        const asked = response.status < 300 ? askedIds(request) : [];
        const answered = asked.reduce((rest, id) => rest.split(JSON.stringify(id)).join('""'), text);
        expect(answered).not.toMatch(LEAK);
        if (response.status >= 400 && request.route.method !== 'HEAD') {
          expect(response.headers.get('content-type')).toMatch(/^application\/problem\+json/);
          expect(ProblemSchema.parse(JSON.parse(text)).status).toBe(response.status);
          for (const marker of ECHO_MARKERS) expect(text).not.toContain(marker);
        }
      }),
      { numRuns: REQUESTS, seed: SEED, endOnFailure: true },
    );
    const fiveXx = [...statuses].filter(([status]) => status >= 500).reduce((n, [, count]) => n + count, 0);
    console.log(
      `fuzz: ${sent} requests sent (${unsendable} refused by the client), 5xx: ${fiveXx}, statuses: ${JSON.stringify(Object.fromEntries([...statuses].sort((a, b) => a[0] - b[0])))}`,
    );
    expect(fiveXx).toBe(0);
    expect(sent).toBeGreaterThan(REQUESTS * 0.9);
    expect(statuses.get(200) ?? 0).toBeGreaterThan(100);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(100);
  }, 120_000);

  it('the store is intact afterwards', async () => {
    expect((await sample.store.currentRun())?.id).toBe(sample.run.id);
    const page = await sample.store.listRings({ limit: 500 });
    expect(page.items.length).toBe(Math.min(500, sample.findings.rings.length));
  });
});
