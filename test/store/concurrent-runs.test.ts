// Concurrent writers on both stores, as real child processes: distinct run numbers, the current pointer only moves to
// a newer complete run, and (Neo4j) a writer killed mid-write is never served and is cleaned up by the next save.
// SQLite's killed writer is crash-safety.test.ts. Neo4j parts need NEO4J_URI (they wipe that database).
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import neo4j from 'neo4j-driver';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticFindings } from '../../scripts/synthetic-findings.js';
import { recordRun } from '../../src/run/record-run.js';
import { RingscanError } from '../../src/schema/errors.js';
import type { FindingsStore } from '../../src/store/findings-store.js';
import { neo4jSettingsFromEnv, openNeo4jStore } from '../../src/store/neo4j-store.js';
import { openStore } from '../../src/store/open-store.js';
import { CLI } from '../helpers/run-cli.js';

const root = resolve(import.meta.dirname, '../..');
const writer = join(import.meta.dirname, 'concurrent-writer.mjs');
const SAMPLE = join(root, 'graphs', 'sample');
const uri = process.env.NEO4J_URI;

interface Child {
  done: Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>;
  kill(signal: NodeJS.Signals): void;
  stdout(): string;
}

function start(args: string[]): Child {
  const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolveDone) =>
    child.on('exit', (code, signal) => resolveDone({ code, signal, stdout, stderr })),
  );
  return { done, kill: (signal) => child.kill(signal), stdout: () => stdout };
}

const sleep = (ms: number) => new Promise((wait) => setTimeout(wait, ms));

interface StoredSeq {
  id: string;
  seq: number;
  complete: boolean;
}

interface StoreUnderTest {
  spec: string;
  /** Every run row or node, complete or not, as the store keeps it. */
  seqs(): Promise<StoredSeq[]>;
  open(): Promise<FindingsStore>;
  cleanup(): Promise<void>;
}

function sqliteUnderTest(): StoreUnderTest {
  const dir = mkdtempSync(join(tmpdir(), 'ringscan-concurrent-'));
  const path = join(dir, 'store.db');
  return {
    spec: `sqlite:${path}`,
    async seqs() {
      const db = new Database(path, { readonly: true });
      try {
        return (db.prepare('SELECT id, seq FROM runs ORDER BY seq').all() as { id: string; seq: number }[]).map((row) => ({ ...row, complete: true }));
      } finally {
        db.close();
      }
    },
    open: () => openStore(`sqlite:${path}`),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
}

async function neo4jUnderTest(): Promise<StoreUnderTest> {
  const settings = neo4jSettingsFromEnv();
  const wiper = await openNeo4jStore(settings, { connectTimeoutMs: 10_000 });
  await wiper.wipeForTests();
  await wiper.close();
  const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password));
  return {
    spec: 'neo4j',
    async seqs() {
      const result = await driver.executeQuery('MATCH (r:Run) RETURN r.id AS id, r.seq AS seq, r.complete AS complete ORDER BY seq');
      return result.records.map((record) => ({ id: record.get('id') as string, seq: Number(record.get('seq')), complete: record.get('complete') as boolean }));
    },
    open: () => openNeo4jStore(settings, { connectTimeoutMs: 10_000 }),
    cleanup: () => driver.close(),
  };
}

const STORES: [string, () => Promise<StoreUnderTest>][] = [
  ['SQLite', async () => sqliteUnderTest()],
  ['Neo4j', neo4jUnderTest],
];

beforeAll(() => {
  const compiled = [CLI, join(root, 'dist/src/store/open-store.js'), join(root, 'dist/scripts/synthetic-findings.js')];
  const missing = compiled.filter((file) => !existsSync(file));
  if (missing.length > 0) throw new Error(`concurrency tests need the compiled code (${missing.join(', ')} missing): run \`npm run build\``);
});

describe.each(STORES)('concurrent runs into one %s store', (name, makeStore) => {
  const skip = name === 'Neo4j' && !uri;
  let store: StoreUnderTest;
  beforeAll(async () => {
    if (!skip) store = await makeStore();
  });
  afterAll(async () => {
    await store?.cleanup();
  });

  it.skipIf(skip)('two `ringscan run`s at once both succeed, with distinct run numbers; the newer is current', async () => {
    const runs = [0, 1].map(() => start([CLI, 'run', '--data', SAMPLE, '--store', store.spec, '--top', '0']));
    const results = await Promise.all(runs.map((run) => run.done));
    for (const result of results) expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const seqs = await store.seqs();
    expect(seqs).toHaveLength(2);
    expect(new Set(seqs.map((run) => run.seq)).size).toBe(2);
    expect(seqs.every((run) => run.complete)).toBe(true);
    const reader = await store.open();
    expect((await reader.currentRun())?.id).toBe(seqs.at(-1)!.id);
    await reader.close();
  }, 180_000);

  it.skipIf(skip)('three writers of different sizes at once, largest first: distinct numbers, all complete, the highest number is current', async () => {
    const before = (await store.seqs()).length;
    const writers: Child[] = [];
    for (const [rings, label] of [[2000, 'large'], [400, 'medium'], [40, 'small']] as const) {
      writers.push(start([writer, store.spec, String(rings), label]));
      await sleep(400);
    }
    const results = await Promise.all(writers.map((child) => child.done));
    for (const result of results) expect({ code: result.code, stderr: result.stderr }).toEqual({ code: 0, stderr: '' });
    const seqs = await store.seqs();
    expect(seqs).toHaveLength(before + 3);
    expect(new Set(seqs.map((run) => run.seq)).size).toBe(seqs.length);
    expect(seqs.every((run) => run.complete)).toBe(true);
    const reader = await store.open();
    expect((await reader.currentRun())?.id).toBe(seqs.at(-1)!.id);
    expect((await reader.listRuns()).map((run) => run.id)).toEqual(seqs.map((run) => run.id).reverse());
    await reader.close();
  }, 240_000);
});

describe.skipIf(!uri)('Neo4j: allocation, abandoned writers and lockout', () => {
  let store: StoreUnderTest;
  beforeAll(async () => {
    store = await neo4jUnderTest();
  });
  afterAll(async () => {
    await store?.cleanup();
  });

  it('eight saves racing in one process get eight distinct run numbers, and the highest is current', async () => {
    const opened = await Promise.all(Array.from({ length: 4 }, () => store.open()));
    const findings = syntheticFindings({ rings: 20, extraAccounts: 20, seed: 5 });
    await Promise.all(
      Array.from({ length: 8 }, (_, i) =>
        recordRun(opened[i % opened.length]!, findings, { dataset: `race-${i}`, startedAt: new Date(Date.UTC(2025, 0, 1, 0, i)), finishedAt: new Date(Date.UTC(2025, 0, 1, 1)), codeVersion: 'test' }),
      ),
    );
    const seqs = await store.seqs();
    expect(seqs.map((run) => run.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: seqs.length }, (_, i) => seqs[0]!.seq + i));
    expect((await opened[0]!.currentRun())?.id).toBe(seqs.at(-1)!.id);
    for (const each of opened) await each.close();
  }, 120_000);

  it('a writer SIGKILLed mid-write is never served, and the next save deletes what it left', async () => {
    const baseline = await store.open();
    const base = await recordRun(baseline, syntheticFindings({ rings: 30, extraAccounts: 30, seed: 2 }), { dataset: 'baseline', startedAt: '2025-02-01T00:00:00Z', finishedAt: '2025-02-01T00:01:00Z', codeVersion: 'test' });
    const runsBefore = (await baseline.listRuns()).map((run) => run.id);
    const seqsBefore = (await store.seqs()).map((run) => run.id);
    await baseline.close();

    const child = start([writer, 'neo4j', '20000', 'killed']);
    let abandoned: StoredSeq | undefined;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline && abandoned === undefined) {
      abandoned = (await store.seqs()).find((run) => !run.complete);
      if (abandoned === undefined) await sleep(100);
    }
    expect(abandoned).toBeDefined();
    // Let some batches land before the kill.
    await sleep(1500);
    child.kill('SIGKILL');
    const result = await child.done;
    expect(result.signal).toBe('SIGKILL');
    expect(result.stdout).toBe('writing\n');

    const reader = await store.open();
    expect((await reader.currentRun())?.id).toBe(base.id);
    expect((await reader.listRuns()).map((run) => run.id)).toEqual(runsBefore);
    expect(await reader.getRun(abandoned!.id)).toBeNull();
    await expect(reader.listRings({ run: abandoned!.id, limit: 1 })).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await reader.close();

    // The next save, once the abandoned run has gone quiet for staleRunMs, removes everything it wrote.
    await sleep(600);
    const cleaner = await openNeo4jStore(neo4jSettingsFromEnv(), { staleRunMs: 500 });
    const next = await recordRun(cleaner, syntheticFindings({ rings: 30, extraAccounts: 30, seed: 2 }), { dataset: 'after', startedAt: '2025-02-02T00:00:00Z', finishedAt: '2025-02-02T00:01:00Z', codeVersion: 'test' });
    expect((await cleaner.currentRun())?.id).toBe(next.id);
    await cleaner.close();
    expect((await store.seqs()).map((run) => run.id)).toEqual([...seqsBefore, next.id]);
    const settings = neo4jSettingsFromEnv();
    const driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password));
    try {
      const left = await driver.executeQuery(
        `CALL { MATCH (g:Ring {run: $run}) RETURN count(g) AS n UNION ALL MATCH ()-[s:SCORED_IN {run: $run}]->() RETURN count(s) AS n
                UNION ALL MATCH ()-[m:MEMBER_OF {run: $run}]->() RETURN count(m) AS n UNION ALL MATCH ()-[l:LINKED {run: $run}]->() RETURN count(l) AS n }
         RETURN sum(n) AS left`,
        { run: abandoned!.id },
      );
      expect(Number(left.records[0]!.get('left'))).toBe(0);
    } finally {
      await driver.close();
    }
  }, 240_000);

  it('a user locked out after failed logins gets its own one-line message, not "wrong password"', async () => {
    const settings = neo4jSettingsFromEnv();
    const attempt = () =>
      openNeo4jStore(settings, { connectTimeoutMs: 5000 }).then(
        async (opened) => {
          await opened.close();
          return null;
        },
        (error: unknown) => error as RingscanError,
      );
    const wrong = { ...settings, password: `${settings.password}-wrong` };
    for (let i = 0; i < 3; i++) {
      const error = await openNeo4jStore(wrong, { connectTimeoutMs: 5000 }).catch((e: unknown) => e as RingscanError);
      expect((error as RingscanError).message).toMatch(/rejected the credentials|locked user/);
    }
    const locked = await attempt();
    expect(locked).toBeInstanceOf(RingscanError);
    expect(locked!.code).toBe('STORE_UNAVAILABLE');
    expect(locked!.message).toBe(
      `Neo4j at ${settings.uri} has locked user ${settings.user} out for a few seconds after repeated failed logins (wait, then check NEO4J_PASSWORD)`,
    );
    // The lock lifts by itself (5 s by default): later tests log in as usual.
    const deadline = Date.now() + 60_000;
    let error: RingscanError | null = locked;
    while (error !== null && Date.now() < deadline) {
      await sleep(1000);
      error = await attempt();
    }
    expect(error).toBeNull();
  }, 120_000);
});
