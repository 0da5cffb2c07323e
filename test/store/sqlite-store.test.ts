// SQLite store: the shared contract on real files in a temp dir, plus migrations and bad-file handling.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { RingscanError } from '../../src/schema/errors.js';
import { LATEST_VERSION, migrate } from '../../src/store/sqlite-schema.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { describeStoreContract, runOne } from './store-contract.js';

describeStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringscan-sqlite-'));
  const path = join(dir, 'store.db');
  return {
    open: async () => openSqliteStore(path),
    cleanup: async () => rmSync(dir, { recursive: true, force: true }),
  };
});

function openError(path: string, options?: { create?: boolean }): RingscanError {
  try {
    openSqliteStore(path, options).close();
  } catch (error) {
    expect(error).toBeInstanceOf(RingscanError);
    expect((error as Error).message).not.toContain('\n');
    return error as RingscanError;
  }
  throw new Error(`opening ${path} should have failed`);
}

describe('sqlite store files', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ringscan-sqlite-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates a WAL-mode file at the latest schema version that passes the integrity check', async () => {
    const path = join(dir, 'new.db');
    const store = openSqliteStore(path);
    await store.saveRun(runOne());
    await store.close();
    const db = new Database(path, { readonly: true });
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.prepare('SELECT version FROM schema_version').pluck().get()).toBe(LATEST_VERSION);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    db.close();
  });

  it('upgrades a version-1 file in place and keeps serving its run', async () => {
    const path = join(dir, 'old.db');
    const db = new Database(path);
    migrate(db, path, 1);
    const { run, rings, members, accounts } = runOne();
    db.prepare(
      `INSERT INTO runs (seq, id, started_at, finished_at, dataset, config_hash, code_version, summary, indicators, alerts)
       VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(run.id, run.startedAt, run.finishedAt, run.dataset, run.configHash, run.codeVersion, JSON.stringify(run.summary), JSON.stringify(run.indicators), '[]');
    db.prepare('INSERT INTO current_run VALUES (1, 1)').run();
    for (const r of rings) {
      db.prepare('INSERT INTO rings VALUES (1, ?, ?, ?, ?, ?, ?, ?, ?)').run(r.id, r.score, r.flagged ? 1 : 0, r.size, r.status, '[]', JSON.stringify(r.features), JSON.stringify(r.reasons));
    }
    for (const m of members) db.prepare('INSERT INTO members VALUES (1, ?, ?, ?, ?, ?, ?, ?)').run(m.ring, m.account, m.role, m.risk, m.weightedDegree, m.betweenness, m.pagerank);
    for (const a of accounts) db.prepare('INSERT INTO accounts VALUES (1, ?, ?, ?, ?, ?, ?)').run(a.account, a.risk, a.flagged ? 1 : 0, a.ring, a.role, JSON.stringify(a.reasons));
    expect(db.prepare('SELECT version FROM schema_version').pluck().get()).toBe(1);
    db.close();

    const store = openSqliteStore(path);
    expect(await store.currentRun()).toEqual(run);
    expect((await store.listRings({ limit: 10 })).items.map((ring) => ring.id)).toEqual(rings.map((ring) => ring.id));
    expect(await store.getRingGraph('ringA')).toBeNull(); // version 1 kept no graphs
    await store.close();
    const upgraded = new Database(path, { readonly: true });
    expect(upgraded.prepare('SELECT version FROM schema_version').pluck().get()).toBe(LATEST_VERSION);
    upgraded.close();
  });

  it('refuses a file written by a newer ringscan, and leaves it as it was', () => {
    const path = join(dir, 'newer.db');
    openSqliteStore(path).close();
    const db = new Database(path);
    db.prepare('UPDATE schema_version SET version = 99').run();
    db.close();
    const error = openError(path);
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toMatch(/written by a newer ringscan \(store schema 99; this version reads up to \d+\)/);
    const after = new Database(path, { readonly: true });
    expect(after.prepare('SELECT version FROM schema_version').pluck().get()).toBe(99);
    after.close();
  });

  it('a file that is not SQLite is STORE_CORRUPT in one line, and its bytes are untouched', () => {
    const path = join(dir, 'notes.db');
    const text = 'these are not the pages you are looking for\n'.repeat(200);
    writeFileSync(path, text);
    const error = openError(path);
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toContain(path);
    expect(readFileSync(path, 'utf8')).toBe(text);
  });

  it('an SQLite file of some other program is refused rather than written into', () => {
    const path = join(dir, 'other.db');
    const db = new Database(path);
    db.exec('CREATE TABLE invoices (id INTEGER)');
    db.close();
    const error = openError(path);
    expect(error.code).toBe('STORE_CORRUPT');
    expect(error.message).toContain('not a ringscan store');
  });

  it('a path in a missing directory is STORE_UNAVAILABLE naming the directory, and creates nothing', () => {
    const missing = join(dir, 'no', 'such');
    const error = openError(join(missing, 'store.db'));
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toContain(`directory ${missing} does not exist`);
    expect(existsSync(join(dir, 'no'))).toBe(false);
  });

  it('readers that must not create (create: false) fail on a missing file without creating it', () => {
    const path = join(dir, 'absent.db');
    const error = openError(path, { create: false });
    expect(error.code).toBe('STORE_UNAVAILABLE');
    expect(error.message).toContain('no store at');
    expect(existsSync(path)).toBe(false);
  });

  it('hot queries walk indexes in order (no temporary sort b-tree)', () => {
    const path = join(dir, 'plans.db');
    openSqliteStore(path).close();
    const db = new Database(path, { readonly: true });
    const plan = (sql: string) => (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all() as { detail: string }[]).map((row) => row.detail).join(' | ');
    const queries = [
      `SELECT id FROM rings WHERE run_seq = 1 AND score >= 0 AND (NULL IS NULL OR status = NULL) AND score <= 0.5 AND (score < 0.5 OR id > 'x') ORDER BY score DESC, id LIMIT 10`,
      `SELECT account FROM members WHERE run_seq = 1 AND ring = 'r' AND account > '' ORDER BY account LIMIT 10`,
      `SELECT id, score FROM rings WHERE run_seq = 1 AND flagged = 1 ORDER BY score DESC, id`,
      `SELECT m.account, COALESCE(a.flagged, 0) FROM members m LEFT JOIN accounts a ON a.run_seq = m.run_seq AND a.account = m.account WHERE m.run_seq = 1 AND m.ring = 'r' ORDER BY m.account`,
    ];
    for (const sql of queries) expect(plan(sql)).not.toContain('TEMP B-TREE');
    db.close();
  });
});
