// One ring identity end to end: the ids `ringscan run` prints (real child process), writes with --out and --json,
// are the ids the API serves (real HTTP), that export writes, and that account answers point to, on a second
// run whose top ring shrank (so its inherited id differs from a fresh hash of its members).
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ringIdOf } from '../../src/run/ring-id.js';
import { FindingsSchema, type Findings } from '../../src/schema/findings.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { KEYS, SAMPLE, bearer, startApi, type ApiUnderTest } from '../api/api-fixture.js';
import { runCli, runCliAsync } from '../helpers/run-cli.js';

const PRINTED_RING = /^(R[0-9a-f]{12}(?:-\d+)?)  score /gm;
const ANY_RING_ID = /R[0-9a-f]{12}/;

let dir: string;
let db: string;
let first: { rings: { id: string; flagged: boolean }[] };
let firstOut: Findings;
let secondPrinted: string[];
let secondOut: Findings;
let shrunkRing: string;
let store: SqliteStore;
let api: ApiUnderTest;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'ringscan-identity-'));
  db = join(dir, 'runs.db');
  const one = runCli(['run', '--data', SAMPLE, '--store', `sqlite:${db}`, '--out', join(dir, 'one.json'), '--json', '--top', '100']);
  expect(one.stderr).toBe('');
  expect(one.code).toBe(0);
  first = JSON.parse(one.stdout) as typeof first;
  firstOut = FindingsSchema.parse(JSON.parse(readFileSync(join(dir, 'one.json'), 'utf8')));

  // Day two: a sixth of the riskiest ring's members go quiet (no identifiers, no actions): the ring shrinks, keeps its id.
  shrunkRing = firstOut.rings[0]!.id;
  const dropped = new Set(firstOut.members.filter((m) => m.ring === shrunkRing).filter((_, i) => i % 6 === 0).map((m) => m.account));
  const dayTwo = join(dir, 'day-two');
  cpSync(SAMPLE, dayTwo, { recursive: true });
  for (const file of ['links.ndjson', 'actions.ndjson']) {
    const kept = readFileSync(join(SAMPLE, file), 'utf8').split('\n').filter((line) => line && !dropped.has((JSON.parse(line) as { account: string }).account));
    writeFileSync(join(dayTwo, file), `${kept.join('\n')}\n`);
  }
  const two = runCli(['run', '--data', dayTwo, '--store', `sqlite:${db}`, '--out', join(dir, 'two.json'), '--top', '100']);
  expect(two.code).toBe(0);
  secondPrinted = [...two.stdout.matchAll(PRINTED_RING)].map((m) => m[1]!);
  secondOut = FindingsSchema.parse(JSON.parse(readFileSync(join(dir, 'two.json'), 'utf8')));

  store = openSqliteStore(db, { create: false });
  api = await startApi({ store });
}, 120_000);

afterAll(async () => {
  await api?.close();
  await store?.close();
});

async function get<T>(path: string): Promise<{ status: number; body: T }> {
  const response = await fetch(`${api.url}${path}`, { headers: bearer(KEYS.investigate.key) });
  return { status: response.status, body: (await response.json()) as T };
}

describe('one ring id from `ringscan run` to the API', () => {
  it('the first run prints (--json) and writes (--out) the same ids', async () => {
    expect(first.rings.length).toBeGreaterThan(0);
    expect(first.rings.map((r) => r.id)).toEqual(firstOut.rings.filter((r) => r.flagged).slice(0, 100).map((r) => r.id));
  });

  it('the shrunk ring keeps its id on day two, in the printed text and in --out, though a fresh hash of its members differs', async () => {
    const members = secondOut.members.filter((m) => m.ring === shrunkRing).map((m) => m.account);
    expect(members.length).toBeGreaterThan(0);
    expect(ringIdOf(members)).not.toBe(shrunkRing);
    expect(secondPrinted).toContain(shrunkRing);
    expect(secondPrinted).toEqual(secondOut.rings.filter((r) => r.flagged).slice(0, 100).map((r) => r.id));
  });

  it('every printed id is served by GET /v1/rings/:id and listed by GET /v1/rings, and nothing else is flagged', async () => {
    const list = await get<{ items: { id: string; flagged: boolean; status: string }[] }>('/v1/rings?limit=500');
    expect(list.status).toBe(200);
    expect(list.body.items.filter((r) => r.flagged).map((r) => r.id)).toEqual(secondPrinted);
    expect(['shrunk', 'persisting']).toContain(list.body.items.find((r) => r.id === shrunkRing)?.status);
    for (const id of secondPrinted) {
      const ring = await get<{ ring: { id: string } }>(`/v1/rings/${id}`);
      expect(ring.status, id).toBe(200);
      expect(ring.body.ring.id).toBe(id);
    }
  });

  it("accounts point at the printed ring through `ring`, flagged like their ring, and no reason names a ring id", async () => {
    const accounts = secondOut.accounts.filter((a) => a.ring !== null).slice(0, 40);
    const flaggedRings = new Set(secondOut.rings.filter((r) => r.flagged).map((r) => r.id));
    for (const expected of accounts) {
      const { status, body } = await get<{ ring: string; flagged: boolean; reasons: string[] }>(`/v1/accounts/${expected.account}`);
      expect(status).toBe(200);
      expect(body.ring).toBe(expected.ring);
      expect(body.flagged).toBe(flaggedRings.has(expected.ring!));
      for (const reason of body.reasons) expect(reason).not.toMatch(ANY_RING_ID);
    }
  });

  it('export writes the printed ids, and every exported member of a flagged ring is flagged', async () => {
    const exported = await runCliAsync(['export', '--store', `sqlite:${db}`]);
    expect(exported.code).toBe(0);
    const rows = exported.stdout.trim().split('\n').map((line) => JSON.parse(line) as { ring: string; flagged: boolean });
    expect([...new Set(rows.map((r) => r.ring))]).toEqual(secondOut.rings.filter((r) => r.flagged).map((r) => r.id));
    expect(rows.every((r) => r.flagged)).toBe(true);
  });
});

describe('`ringscan ring` and `ringscan account` print what the API answers', () => {
  it('ring --json is the body of GET /v1/rings/:id; the text names the id, the reasons and the members', async () => {
    const served = await get<unknown>(`/v1/rings/${shrunkRing}`);
    const printed = await runCliAsync(['ring', shrunkRing, '--store', `sqlite:${db}`, '--json']);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual(served.body);
    const text = await runCliAsync(['ring', shrunkRing, '--store', `sqlite:${db}`]);
    expect(text.stdout).toMatch(new RegExp(`^ring ${shrunkRing} in run \\S+: score \\d\\.\\d\\d, \\d+ accounts, (shrunk|persisting), flagged`));
    expect(text.stdout).toContain(secondOut.rings.find((r) => r.id === shrunkRing)!.reasons[0]!.text);
    expect(text.stdout).toMatch(/history \(oldest first\):\n {2}\S+ {2}new .*\n {2}\S+ {2}(shrunk|persisting)/);
  });

  it('account --neighbors --depth 2 --json is GET /v1/accounts/:id and its neighbors answer', async () => {
    const account = secondOut.members.find((m) => m.ring === shrunkRing)!.account;
    const expected = { account: (await get<unknown>(`/v1/accounts/${account}`)).body, neighbors: (await get<unknown>(`/v1/accounts/${account}/neighbors?depth=2&limit=30`)).body };
    const printed = await runCliAsync(['account', account, '--store', `sqlite:${db}`, '--neighbors', '--depth', '2', '--limit', '30', '--json']);
    expect(printed.code).toBe(0);
    expect(JSON.parse(printed.stdout)).toEqual(expected);
    expect(expected.neighbors).toMatchObject({ depth: 2 });
    const text = await runCliAsync(['account', account, '--store', `sqlite:${db}`, '--neighbors']);
    expect(text.stdout).toMatch(new RegExp(`^account ${account} in run \\S+: risk \\d\\.\\d{3}, \\w+ of ring ${shrunkRing}, flagged\\nreasons:\\n`));
    expect(text.stdout).toMatch(/neighbours \(depth 1, \d+ shown\):\n {2}1 {2}\S+ {2}weight /);
  });

  it('an unknown ring is a one-line error (exit 1); an id the API would refuse is a usage error (exit 2)', async () => {
    const unknown = await runCliAsync(['ring', 'Rnot-there', '--store', `sqlite:${db}`]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^ringscan: no ring Rnot-there in run \S+\n$/);
    const bad = await runCliAsync(['account', ' a b/c', '--store', `sqlite:${db}`]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/^ringscan: not a valid account id: " a b\/c" \(ids are 1 to 512 characters, no control characters, no space at either end\)/);
  });
});
