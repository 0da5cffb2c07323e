// The SQLite store's schema as an ordered list of migrations; opening a file applies the missing ones.
import type Database from 'better-sqlite3';
import { RingscanError } from '../schema/errors.js';

export interface Migration {
  version: number;
  description: string;
  sql: string;
}

// Every run's rows carry the integer run_seq first in their keys, so a run is one contiguous key range:
// appending a run appends to the end of each b-tree, and reading one never touches another's pages.
// Small fixed-size rows are WITHOUT ROWID tables keyed by their natural key (one b-tree, no extra index);
// rows holding JSON (rings, graphs) stay rowid tables, which SQLite prefers for large rows.
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: 'runs, current pointer, rings, dissolved rings, members, account risks',
    sql: `
      CREATE TABLE runs (
        seq INTEGER PRIMARY KEY,
        id TEXT NOT NULL UNIQUE,
        started_at TEXT NOT NULL,
        finished_at TEXT NOT NULL,
        dataset TEXT NOT NULL,
        config_hash TEXT NOT NULL,
        code_version TEXT NOT NULL,
        summary TEXT NOT NULL,
        indicators TEXT NOT NULL,
        alerts TEXT NOT NULL
      );
      CREATE TABLE current_run (
        only INTEGER PRIMARY KEY CHECK (only = 1),
        run_seq INTEGER NOT NULL REFERENCES runs (seq)
      );
      CREATE TABLE rings (
        run_seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        score REAL NOT NULL,
        flagged INTEGER NOT NULL,
        size INTEGER NOT NULL,
        status TEXT NOT NULL,
        previous TEXT NOT NULL,
        features TEXT NOT NULL,
        reasons TEXT NOT NULL
      );
      CREATE UNIQUE INDEX rings_by_run_id ON rings (run_seq, id);
      CREATE INDEX rings_by_score ON rings (run_seq, score DESC, id);
      CREATE INDEX rings_by_id ON rings (id, run_seq);
      CREATE TABLE dissolved (
        run_seq INTEGER NOT NULL,
        id TEXT NOT NULL,
        size INTEGER NOT NULL,
        score REAL NOT NULL,
        PRIMARY KEY (run_seq, id)
      ) WITHOUT ROWID;
      CREATE INDEX dissolved_by_id ON dissolved (id, run_seq);
      CREATE TABLE members (
        run_seq INTEGER NOT NULL,
        ring TEXT NOT NULL,
        account TEXT NOT NULL,
        role TEXT NOT NULL,
        risk REAL NOT NULL,
        weighted_degree REAL NOT NULL,
        betweenness REAL NOT NULL,
        pagerank REAL NOT NULL,
        PRIMARY KEY (run_seq, ring, account)
      ) WITHOUT ROWID;
      CREATE TABLE accounts (
        run_seq INTEGER NOT NULL,
        account TEXT NOT NULL,
        risk REAL NOT NULL,
        flagged INTEGER NOT NULL,
        ring TEXT,
        role TEXT,
        reasons TEXT NOT NULL,
        PRIMARY KEY (run_seq, account)
      ) WITHOUT ROWID;
    `,
  },
  {
    version: 2,
    description: 'evidence graphs of flagged rings, their projected edges (for neighbours), the run config',
    sql: `
      ALTER TABLE runs ADD COLUMN config TEXT;
      CREATE TABLE ring_graphs (
        run_seq INTEGER NOT NULL,
        ring TEXT NOT NULL,
        graph TEXT NOT NULL
      );
      CREATE UNIQUE INDEX ring_graphs_by_run_ring ON ring_graphs (run_seq, ring);
      CREATE TABLE edges (
        run_seq INTEGER NOT NULL,
        source TEXT NOT NULL,
        target TEXT NOT NULL,
        weight REAL NOT NULL,
        shared TEXT NOT NULL,
        sync_targets INTEGER NOT NULL,
        PRIMARY KEY (run_seq, source, target)
      ) WITHOUT ROWID;
      CREATE INDEX edges_by_target ON edges (run_seq, target, source);
    `,
  },
];

export const LATEST_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;

/** The schema version of an open file: 0 for an empty database; throws when the file is not a ringscan store. */
export function schemaVersionOf(db: Database.Database, path: string): number {
  const tables = db.prepare(`SELECT name FROM sqlite_schema WHERE type = 'table'`).pluck().all() as string[];
  if (tables.length === 0) return 0;
  if (!tables.includes('schema_version')) {
    throw new RingscanError('STORE_CORRUPT', `${path} is an SQLite database but not a ringscan store (no schema_version table)`);
  }
  const version = db.prepare('SELECT version FROM schema_version').pluck().get();
  if (typeof version !== 'number') throw new RingscanError('STORE_CORRUPT', `${path} has an unreadable schema_version`);
  return version;
}

/**
 * Brings the file to `target` (default: latest) in one immediate transaction, so two processes opening the same
 * old file cannot both migrate it, and a failed migration leaves the file as it was.
 */
export function migrate(db: Database.Database, path: string, target = LATEST_VERSION): number {
  // A current file needs no write lock: readers must open the store while a run is being written.
  const found = schemaVersionOf(db, path);
  if (found >= target && found <= LATEST_VERSION) return found;
  const upgrade = db.transaction(() => {
    const version = schemaVersionOf(db, path);
    if (version > LATEST_VERSION) {
      throw new RingscanError(
        'STORE_CORRUPT',
        `${path} was written by a newer ringscan (store schema ${version}; this version reads up to ${LATEST_VERSION}): upgrade ringscan`,
      );
    }
    if (version === 0) db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (0);');
    for (const migration of MIGRATIONS) {
      if (migration.version <= version || migration.version > target) continue;
      db.exec(migration.sql);
      db.prepare('UPDATE schema_version SET version = ?').run(migration.version);
    }
    return Math.max(version, Math.min(target, LATEST_VERSION));
  });
  return upgrade.immediate();
}
