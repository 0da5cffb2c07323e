// One id rule for ingest and the API: accounts whose ids hold spaces, slashes, quotes, '%' or emoji are
// ingested, scored, stored, and fetched back over real HTTP by their URL-encoded id.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { recordRun } from '../../src/run/record-run.js';
import { runPipeline } from '../../src/run/run-pipeline.js';
import { resolveConfig } from '../../src/schema/config.js';
import { AccountResponseSchema } from '../../src/schema/api.js';
import { openSqliteStore, type SqliteStore } from '../../src/store/sqlite-store.js';
import { bearer, KEYS, SAMPLE, startApi, type ApiUnderTest } from './api-fixture.js';

const STRANGE_IDS = ['5 albert square', 'a/b', 'o\'brien "x"', 'x😀y', '50%?#&=', 'ü@例え.jp'];
const FILES = ['accounts.ndjson', 'links.ndjson', 'actions.ndjson', 'labels.ndjson'];

let dir: string;
let store: SqliteStore;
let api: ApiUnderTest;
let renamed: Map<string, string>;

beforeAll(async () => {
  const { findings } = await runPipeline({ dataDir: SAMPLE, config: resolveConfig({}) });
  const members = findings.members.filter((m) => findings.rings.find((r) => r.id === m.ring)?.flagged).slice(0, STRANGE_IDS.length);
  renamed = new Map(members.map((m, i) => [m.account, STRANGE_IDS[i]!]));
  dir = mkdtempSync(join(tmpdir(), 'ringscan-ids-'));
  for (const file of FILES) {
    const rows = readFileSync(join(SAMPLE, file), 'utf8').split('\n').filter((line) => line !== '');
    const out = rows.map((line) => {
      const row = JSON.parse(line) as Record<string, unknown>;
      for (const field of ['id', 'account']) {
        const name = renamed.get(row[field] as string);
        if (name !== undefined) row[field] = name;
      }
      return JSON.stringify(row);
    });
    writeFileSync(join(dir, file), out.join('\n') + '\n');
  }
  const result = await runPipeline({ dataDir: dir, config: resolveConfig({}) });
  expect(Object.values(result.findings.summary.files).every((f) => f.rejected === 0)).toBe(true);
  store = openSqliteStore(join(dir, 'findings.sqlite'));
  await recordRun(store, result.findings, { dataset: dir, startedAt: '2026-01-02T03:00:00.000Z', finishedAt: '2026-01-02T03:01:00.000Z', codeVersion: 'test' });
  api = await startApi({ store });
}, 60_000);

afterAll(async () => {
  await api?.close();
  await store?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('ids ingest accepts, the API serves', () => {
  it('fetches every strangely named ring member by its URL-encoded id, with its ring', async () => {
    expect(renamed.size).toBe(STRANGE_IDS.length);
    for (const id of STRANGE_IDS) {
      const response = await fetch(`${api.url}/v1/accounts/${encodeURIComponent(id)}`, { headers: bearer(KEYS.investigate.key) });
      expect(response.status, id).toBe(200);
      const body = AccountResponseSchema.parse(await response.json());
      expect(body.account).toBe(id);
      expect(body.ring).not.toBeNull();
      expect(body.risk).toBeGreaterThan(0);
    }
  });

  it('answers a batch risk request for the same ids', async () => {
    const response = await fetch(`${api.url}/v1/accounts/risk`, {
      method: 'POST',
      headers: { ...bearer(KEYS.enforce.key), 'content-type': 'application/json' },
      body: JSON.stringify({ ids: STRANGE_IDS }),
    });
    expect(response.status).toBe(200);
    const body = (await response.json()) as { items: { account: string; risk: number }[] };
    expect(body.items.map((i) => i.account)).toEqual(STRANGE_IDS);
    expect(body.items.every((i) => i.risk > 0)).toBe(true);
  });

  it('refuses, with the rule in words, an id ingest would also refuse', async () => {
    const response = await fetch(`${api.url}/v1/accounts/${encodeURIComponent(' padded')}`, { headers: bearer(KEYS.investigate.key) });
    expect(response.status).toBe(400);
    const body = (await response.json()) as { detail?: string };
    expect(JSON.stringify(body)).toMatch(/space at either end/);
  });
});
