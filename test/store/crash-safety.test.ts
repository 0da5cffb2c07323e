// Crash safety: a writer SIGKILLed in the middle of a run leaves the store whole, serving the previous run.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syntheticFindings } from '../../scripts/synthetic-findings.js';
import { recordRun } from '../../src/run/record-run.js';
import type { FindingsStore } from '../../src/store/findings-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

const root = resolve(import.meta.dirname, '../..');
const writer = join(import.meta.dirname, 'crash-writer.mjs');
const compiled = ['dist/src/store/sqlite-store.js', 'dist/src/run/record-run.js', 'dist/scripts/synthetic-findings.js'];

async function snapshot(store: FindingsStore) {
  const rings = [];
  let cursor: string | null = null;
  do {
    const page: Awaited<ReturnType<FindingsStore['listRings']>> = await store.listRings({ cursor, limit: 500 });
    rings.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  const exported = [];
  for await (const row of store.exportMembers({ minScore: 0 })) exported.push(row);
  return { run: await store.currentRun(), runs: (await store.listRuns()).map((run) => run.id), rings, exported };
}

describe('crash safety (SQLite)', () => {
  let dir: string;
  beforeAll(() => {
    const missing = compiled.filter((file) => !existsSync(join(root, file)));
    if (missing.length > 0) throw new Error(`crash test needs the compiled code (${missing.join(', ')} missing): run \`npm run build\` first (npm test does)`);
    dir = mkdtempSync(join(tmpdir(), 'ringscan-crash-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('SIGKILL mid-write: readers meanwhile see the previous run; afterwards the file opens, passes integrity_check, serves the previous run in full, and the next run succeeds', async () => {
    const path = join(dir, 'store.db');
    const dayOne = syntheticFindings({ rings: 300, extraAccounts: 200, seed: 3 });
    let store: FindingsStore = openSqliteStore(path);
    await recordRun(store, dayOne, { dataset: 'day1', startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:01:00Z', codeVersion: 'test' });
    const before = await snapshot(store);
    expect(before.rings).toHaveLength(300);
    await store.close();

    const child = spawn(process.execPath, [writer, path, '30000'], { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.on('exit', (code, signal) => done({ code, signal })));

    // Kill once the transaction has spilled well into the WAL: uncommitted frames really are on disk.
    const wal = `${path}-wal`;
    const deadline = Date.now() + 60_000;
    let walBytesAtKill = 0;
    while (Date.now() < deadline && child.exitCode === null) {
      walBytesAtKill = existsSync(wal) ? statSync(wal).size : 0;
      if (stdout.includes('writing') && walBytesAtKill > 16 * 2 ** 20) break;
      await new Promise((wait) => setTimeout(wait, 20));
    }
    // A reader opening the store meanwhile is not blocked by the writer and sees the previous run, whole.
    const reader = openSqliteStore(path, { create: false });
    expect(await snapshot(reader)).toEqual(before);
    await reader.close();
    expect(child.exitCode).toBeNull(); // the write was still going on while we read
    child.kill('SIGKILL');
    const { signal } = await exited;
    expect(stderr).toBe('');
    expect(stdout).toBe('writing\n'); // never reached 'saved'
    expect(signal).toBe('SIGKILL');
    expect(walBytesAtKill).toBeGreaterThan(16 * 2 ** 20);

    const raw = new Database(path);
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    raw.close();

    store = openSqliteStore(path);
    expect(await snapshot(store)).toEqual(before);
    const next = await recordRun(store, dayOne, { dataset: 'day2', startedAt: '2025-01-02T00:00:00Z', finishedAt: '2025-01-02T00:01:00Z', codeVersion: 'test' });
    expect((await store.currentRun())?.id).toBe(next.id);
    expect(next.indicators.persistingRings).toBe(300);
    expect((await store.listRuns()).map((run) => run.id)).toEqual([next.id, before.run!.id]);
    await store.close();
    const after = new Database(path, { readonly: true });
    expect(after.pragma('integrity_check', { simple: true })).toBe('ok');
    after.close();
  });
});
