// The embedded FindingsStore: one SQLite file in WAL mode; a run is written in one transaction, so readers keep
// the previous run until the new one commits and a crash mid-write leaves the file as it was.
import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import Database from 'better-sqlite3';
import type { AccountRisk, Reason, RingFeatures, RingGraph, RingMember, Role, RunSummary } from '../schema/findings.js';
import { RingscanError } from '../schema/errors.js';
import type { Alert, Indicators, RingHistoryEntry, RingStatus, RunRecord, StoredRing } from '../schema/run.js';
import { boundStoredRingGraph } from '../lib/ring-graph-limit.js';
import { collectNeighbors, type EdgeFrom } from './collect-neighbors.js';
import { noRisk, type ExportRow, type FindingsStore, type RingWithMembers, type NeighborEdge, type Page, type RingDetail, type RunToSave } from './findings-store.js';
import { insertBatched } from './sqlite-batch.js';
import { migrate } from './sqlite-schema.js';
import { decodeMemberCursor, decodeRingCursor, pageOf } from './store-cursor.js';

export interface SqliteStoreOptions {
  /** Create the file when it does not exist (default true); readers pass false to fail on a wrong path. */
  create?: boolean;
  /** Page cache for this connection (default 256 MiB): a run's inserts stay in memory until commit. */
  cacheSizeMiB?: number;
}

interface RunRow {
  seq: number;
  id: string;
  started_at: string;
  finished_at: string;
  dataset: string;
  config_hash: string;
  code_version: string;
  summary: string;
  indicators: string;
  alerts: string;
}

interface RingRow {
  id: string;
  score: number;
  flagged: number;
  size: number;
  status: string;
  previous: string;
  features: string;
  reasons: string;
}

interface MemberRow {
  ring: string;
  account: string;
  role: string;
  risk: number;
  weighted_degree: number;
  betweenness: number;
  pagerank: number;
}

interface AccountRow {
  account: string;
  risk: number;
  flagged: number;
  ring: string | null;
  role: string | null;
  reasons: string;
}

interface EdgeRow {
  from: string;
  other: string;
  weight: number;
  shared: string;
  sync_targets: number;
}

const RUN_COLUMNS = 'seq, id, started_at, finished_at, dataset, config_hash, code_version, summary, indicators, alerts';
const RING_COLUMNS = 'id, score, flagged, size, status, previous, features, reasons';

/** Opens (creating or upgrading as needed) the store at `path`; one-line RingscanErrors for every bad file. */
export function openSqliteStore(path: string, options: SqliteStoreOptions = {}): SqliteStore {
  const file = resolve(path);
  const directory = dirname(file);
  if (!existsSync(directory) || !statSync(directory).isDirectory()) {
    throw new RingscanError('STORE_UNAVAILABLE', `cannot open store ${path}: directory ${directory} does not exist`);
  }
  if (options.create === false && !existsSync(file)) {
    throw new RingscanError('STORE_UNAVAILABLE', `no store at ${path} (write one first with: ringscan run --store sqlite:${path})`);
  }
  let db: Database.Database;
  try {
    db = new Database(file);
  } catch (error) {
    throw translateError(error, path, `cannot open store ${path}`);
  }
  try {
    db.pragma('journal_mode = WAL');
    db.pragma('busy_timeout = 10000');
    // FULL costs one fsync per commit, which a once-a-day writer can afford for durability across power loss.
    db.pragma('synchronous = FULL');
    db.pragma(`cache_size = ${-1024 * (options.cacheSizeMiB ?? 256)}`);
    // After a large run is checkpointed, shrink the WAL back instead of keeping it at the run's size.
    db.pragma('journal_size_limit = 67108864');
    migrate(db, path);
    return new SqliteStore(db, path);
  } catch (error) {
    db.close();
    throw translateError(error, path, `cannot open store ${path}`);
  }
}

/** Errors from better-sqlite3 become one-line errors naming the file; ours pass through. */
function translateError(error: unknown, path: string, doing: string): Error {
  if (error instanceof RingscanError) return error;
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  const message = error instanceof Error ? error.message : String(error);
  if (code === 'SQLITE_NOTADB' || code === 'SQLITE_CORRUPT') {
    return new RingscanError('STORE_CORRUPT', `${path} is not a usable ringscan store: ${message}`);
  }
  // A constraint failure is bad data from the caller, not an unavailable store.
  if (code.startsWith('SQLITE_CONSTRAINT')) return new Error(`${doing}: ${message}`);
  if (code.startsWith('SQLITE_')) return new RingscanError('STORE_UNAVAILABLE', `${doing}: ${message}`);
  return error instanceof Error ? error : new Error(message);
}

export class SqliteStore implements FindingsStore {
  private readonly statements;
  private readonly seqByRun = new Map<string, number>();

  constructor(
    private readonly db: Database.Database,
    private readonly path: string,
  ) {
    const prepare = (sql: string) => db.prepare(sql);
    this.statements = {
      runById: prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE id = ?`),
      seqOfRun: prepare('SELECT seq FROM runs WHERE id = ?').pluck(),
      currentSeq: prepare('SELECT run_seq FROM current_run WHERE only = 1').pluck(),
      currentRun: prepare(`SELECT ${RUN_COLUMNS} FROM runs WHERE seq = (SELECT run_seq FROM current_run WHERE only = 1)`),
      listRuns: prepare(`SELECT ${RUN_COLUMNS} FROM runs ORDER BY seq DESC LIMIT ?`),
      insertRun: prepare(
        `INSERT INTO runs (id, started_at, finished_at, dataset, config_hash, code_version, summary, indicators, alerts, config)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ),
      setCurrent: prepare(
        `INSERT INTO current_run (only, run_seq) VALUES (1, ?) ON CONFLICT (only) DO UPDATE SET run_seq = excluded.run_seq`,
      ),
      ringsFirst: prepare(
        `SELECT ${RING_COLUMNS} FROM rings WHERE run_seq = ? AND score >= ? AND (? IS NULL OR status = ?)
         ORDER BY score DESC, id LIMIT ?`,
      ),
      ringsAfter: prepare(
        `SELECT ${RING_COLUMNS} FROM rings WHERE run_seq = ? AND score >= ? AND (? IS NULL OR status = ?)
           AND score <= ? AND (score < ? OR id > ?)
         ORDER BY score DESC, id LIMIT ?`,
      ),
      ring: prepare(`SELECT ${RING_COLUMNS} FROM rings WHERE run_seq = ? AND id = ?`),
      members: prepare(
        `SELECT ring, account, role, risk, weighted_degree, betweenness, pagerank FROM members
         WHERE run_seq = ? AND ring = ? AND account > ? ORDER BY account LIMIT ?`,
      ),
      graph: prepare(`SELECT graph FROM ring_graphs WHERE run_seq = ? AND ring = ?`).pluck(),
      history: prepare(
        `SELECT r.seq, r.id AS run, r.finished_at, g.status, g.size, g.score, g.flagged
           FROM rings g JOIN runs r ON r.seq = g.run_seq WHERE g.id = ?
         UNION ALL
         SELECT r.seq, r.id AS run, r.finished_at, 'dissolved' AS status, d.size, d.score, 0 AS flagged
           FROM dissolved d JOIN runs r ON r.seq = d.run_seq WHERE d.id = ?
         ORDER BY 1`,
      ),
      account: prepare(`SELECT account, risk, flagged, ring, role, reasons FROM accounts WHERE run_seq = ? AND account = ?`),
      // one query for a whole batch: the ids travel as one JSON parameter
      accountsIn: prepare(
        `SELECT account, risk, flagged, ring, role, reasons FROM accounts WHERE run_seq = ? AND account IN (SELECT value FROM json_each(?))`,
      ),
      edgesOf: prepare(
        `SELECT source AS "from", target AS other, weight, shared, sync_targets FROM edges
           WHERE run_seq = ? AND source IN (SELECT value FROM json_each(?))
         UNION ALL
         SELECT target AS "from", source AS other, weight, shared, sync_targets FROM edges
           WHERE run_seq = ? AND target IN (SELECT value FROM json_each(?))`,
      ),
      exportRingsFlagged: prepare(`SELECT id, score FROM rings WHERE run_seq = ? AND flagged = 1 ORDER BY score DESC, id`),
      exportRingsAbove: prepare(`SELECT id, score FROM rings WHERE run_seq = ? AND score >= ? ORDER BY score DESC, id`),
      exportMembers: prepare(
        `SELECT m.account, m.risk, m.role, COALESCE(a.flagged, 0) AS flagged
           FROM members m LEFT JOIN accounts a ON a.run_seq = m.run_seq AND a.account = m.account
          WHERE m.run_seq = ? AND m.ring = ? ORDER BY m.account`,
      ),
    };
  }

  async saveRun(data: RunToSave): Promise<void> {
    const { db, statements } = this;
    const write = db.transaction(() => {
      if (statements.runById.get(data.run.id) !== undefined) {
        throw new RingscanError('BAD_USAGE', `run ${data.run.id} already exists in ${this.path}`);
      }
      const { run } = data;
      const seq = Number(
        statements.insertRun.run(
          run.id,
          run.startedAt,
          run.finishedAt,
          run.dataset,
          run.configHash,
          run.codeVersion,
          JSON.stringify(run.summary),
          JSON.stringify(run.indicators),
          JSON.stringify(run.alerts),
          data.config === undefined ? null : JSON.stringify(data.config),
        ).lastInsertRowid,
      );
      insertBatched(db, 'rings', ['run_seq', 'id', 'score', 'flagged', 'size', 'status', 'previous', 'features', 'reasons'], data.rings, (ring, out) => {
        out.push(seq, ring.id, ring.score, ring.flagged ? 1 : 0, ring.size, ring.status, JSON.stringify(ring.previous), JSON.stringify(ring.features), JSON.stringify(ring.reasons));
      });
      insertBatched(db, 'dissolved', ['run_seq', 'id', 'size', 'score'], data.dissolved, (ring, out) => {
        out.push(seq, ring.id, ring.size, ring.score);
      });
      const members = [...data.members].sort((a, b) => (a.ring < b.ring ? -1 : a.ring > b.ring ? 1 : a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
      insertBatched(
        db,
        'members',
        ['run_seq', 'ring', 'account', 'role', 'risk', 'weighted_degree', 'betweenness', 'pagerank'],
        members,
        (m, out) => {
          out.push(seq, m.ring, m.account, m.role, m.risk, m.weightedDegree, m.betweenness, m.pagerank);
        },
      );
      // Inserting in key order appends to the b-tree instead of splitting pages all over it (accounts arrive by risk).
      const accounts = [...data.accounts].sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
      insertBatched(db, 'accounts', ['run_seq', 'account', 'risk', 'flagged', 'ring', 'role', 'reasons'], accounts, (a, out) => {
        out.push(seq, a.account, a.risk, a.flagged ? 1 : 0, a.ring, a.role, JSON.stringify(a.reasons));
      });
      insertBatched(db, 'ring_graphs', ['run_seq', 'ring', 'graph'], data.graphs, (graph, out) => {
        // The drawing is kept bounded (strongest evidence first); every edge still goes to the edges table below.
        out.push(seq, graph.ring, JSON.stringify(boundStoredRingGraph(graph)));
      });
      // One row per undirected edge (source < target); a pair drawn in two rings' graphs is stored once.
      insertBatched(
        db,
        'edges',
        ['run_seq', 'source', 'target', 'weight', 'shared', 'sync_targets'],
        edgesOfGraphs(data.graphs),
        (edge, out) => {
          const flip = edge.source > edge.target;
          out.push(seq, flip ? edge.target : edge.source, flip ? edge.source : edge.target, edge.weight, JSON.stringify(edge.sharedEntities), edge.syncTargets);
        },
        { orIgnore: true },
      );
      statements.setCurrent.run(seq);
    });
    try {
      write.immediate();
    } catch (error) {
      throw translateError(error, this.path, `cannot save run ${data.run.id} to ${this.path}`);
    }
  }

  async currentRun(): Promise<RunRecord | null> {
    const row = this.statements.currentRun.get() as RunRow | undefined;
    return row === undefined ? null : toRunRecord(row);
  }

  async getRun(id: string): Promise<RunRecord | null> {
    const row = this.statements.runById.get(id) as RunRow | undefined;
    return row === undefined ? null : toRunRecord(row);
  }

  async listRuns(options: { limit?: number } = {}): Promise<RunRecord[]> {
    return (this.statements.listRuns.all(options.limit ?? -1) as RunRow[]).map(toRunRecord);
  }

  async listRings(options: { run?: string; minScore?: number; status?: string; cursor?: string | null; limit: number }): Promise<Page<StoredRing>> {
    const seq = this.runSeq(options.run);
    if (seq === null) return { items: [], nextCursor: null };
    const status = options.status ?? null;
    const minScore = options.minScore ?? Number.NEGATIVE_INFINITY;
    const rows = (
      options.cursor
        ? (() => {
            const after = decodeRingCursor(options.cursor);
            return this.statements.ringsAfter.all(seq, minScore, status, status, after.score, after.score, after.id, options.limit + 1);
          })()
        : this.statements.ringsFirst.all(seq, minScore, status, status, options.limit + 1)
    ) as RingRow[];
    return pageOf(rows.map(toStoredRing), options.limit, (ring) => [ring.score, ring.id]);
  }

  async getRing(id: string, options: { run?: string } = {}): Promise<StoredRing | null> {
    const seq = this.runSeq(options.run);
    if (seq === null) return null;
    const row = this.statements.ring.get(seq, id) as RingRow | undefined;
    return row === undefined ? null : toStoredRing(row);
  }

  async listMembers(ringId: string, options: { run?: string; cursor?: string | null; limit: number }): Promise<Page<RingMember>> {
    const seq = this.runSeq(options.run);
    if (seq === null) return { items: [], nextCursor: null };
    const after = options.cursor ? decodeMemberCursor(options.cursor).account : '';
    const rows = this.statements.members.all(seq, ringId, after, options.limit + 1) as MemberRow[];
    return pageOf(rows.map(toMember), options.limit, (member) => [member.account]);
  }

  async getRingGraph(ringId: string, options: { run?: string } = {}): Promise<RingGraph | null> {
    const seq = this.runSeq(options.run);
    if (seq === null) return null;
    const text = this.statements.graph.get(seq, ringId) as string | undefined;
    return text === undefined ? null : (JSON.parse(text) as RingGraph);
  }

  async ringDetail(ringId: string, options: { run?: string; memberLimit: number }): Promise<RingDetail | null> {
    const ring = await this.getRing(ringId, options);
    if (ring === null) return null;
    const members = await this.listMembers(ringId, { ...options, limit: options.memberLimit });
    return { ring, members, history: await this.ringHistory(ringId) };
  }

  async ringHistory(ringId: string): Promise<RingHistoryEntry[]> {
    const rows = this.statements.history.all(ringId, ringId) as { run: string; finished_at: string; status: string; size: number; score: number; flagged: number }[];
    return rows.map((row) => ({
      run: row.run,
      finishedAt: row.finished_at,
      status: row.status as RingStatus,
      size: row.size,
      score: row.score,
      flagged: row.flagged === 1,
    }));
  }

  async getAccount(id: string, options: { run?: string } = {}): Promise<AccountRisk | null> {
    const seq = this.runSeq(options.run);
    if (seq === null) return null;
    const row = this.statements.account.get(seq, id) as AccountRow | undefined;
    return row === undefined ? null : toAccountRisk(row);
  }

  async getAccountsRisk(ids: string[], options: { run?: string } = {}): Promise<AccountRisk[]> {
    const seq = this.runSeq(options.run);
    const distinct = [...new Set(ids)];
    if (seq === null) return distinct.map(noRisk);
    const found = new Map<string, AccountRisk>();
    for (const row of this.statements.accountsIn.all(seq, JSON.stringify(distinct)) as AccountRow[]) found.set(row.account, toAccountRisk(row));
    return distinct.map((id) => found.get(id) ?? noRisk(id));
  }

  async neighbors(id: string, options: { depth: 1 | 2; limit: number; run?: string }): Promise<NeighborEdge[]> {
    const seq = this.runSeq(options.run);
    if (seq === null) return [];
    return collectNeighbors(id, options.depth, options.limit, async (accounts) => {
      const edges: EdgeFrom[] = [];
      // json_each feeds the id list as one parameter; chunks keep each lookup list modest.
      for (let i = 0; i < accounts.length; i += 500) {
        const list = JSON.stringify(accounts.slice(i, i + 500));
        for (const row of this.statements.edgesOf.all(seq, list, seq, list) as EdgeRow[]) {
          edges.push({ from: row.from, other: row.other, weight: row.weight, sharedEntities: JSON.parse(row.shared) as string[], syncTargets: row.sync_targets });
        }
      }
      return edges;
    });
  }

  async *exportMembers(options: { run?: string; minScore?: number }): AsyncIterable<ExportRow> {
    for await (const ring of this.ringsWithMembers(options)) yield* ring.members;
  }

  async *ringsWithMembers(options: { run?: string; minScore?: number }): AsyncIterable<RingWithMembers> {
    const seq = this.runSeq(options.run);
    if (seq === null) return;
    const rings = (
      options.minScore === undefined
        ? this.statements.exportRingsFlagged.all(seq)
        : this.statements.exportRingsAbove.all(seq, options.minScore)
    ) as { id: string; score: number }[];
    // One short query per ring rather than one long-lived cursor: the connection stays free between rings,
    // and a run's rows never change once committed, so the export is consistent anyway.
    for (const ring of rings) {
      const rows = this.statements.exportMembers.all(seq, ring.id) as { account: string; risk: number; role: string; flagged: number }[];
      yield {
        ring: ring.id,
        score: ring.score,
        members: rows.map((row) => ({ account: row.account, ring: ring.id, ringScore: ring.score, risk: row.risk, role: row.role, flagged: row.flagged === 1 })),
      };
    }
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }

  /** The run's seq: the named run (NOT_FOUND when absent) or the current one (null when no run yet). */
  private runSeq(run: string | undefined): number | null {
    if (run === undefined) {
      return (this.statements.currentSeq.get() as number | undefined) ?? null;
    }
    // A committed run's seq never changes, so each id is looked up once (not its JSON summary on every read).
    const known = this.seqByRun.get(run);
    if (known !== undefined) return known;
    const seq = this.statements.seqOfRun.get(run) as number | undefined;
    if (seq === undefined) throw new RingscanError('NOT_FOUND', `run ${run} not found`);
    this.seqByRun.set(run, seq);
    return seq;
  }
}

function* edgesOfGraphs(graphs: readonly RingGraph[]): Iterable<RingGraph['edges'][number]> {
  for (const graph of graphs) yield* graph.edges;
}

function toRunRecord(row: RunRow): RunRecord {
  return {
    id: row.id,
    startedAt: row.started_at,
    finishedAt: row.finished_at,
    dataset: row.dataset,
    configHash: row.config_hash,
    codeVersion: row.code_version,
    summary: JSON.parse(row.summary) as RunSummary,
    indicators: JSON.parse(row.indicators) as Indicators,
    alerts: JSON.parse(row.alerts) as Alert[],
  };
}

function toStoredRing(row: RingRow): StoredRing {
  return {
    id: row.id,
    score: row.score,
    flagged: row.flagged === 1,
    size: row.size,
    features: JSON.parse(row.features) as RingFeatures,
    reasons: JSON.parse(row.reasons) as Reason[],
    status: row.status as RingStatus,
    previous: JSON.parse(row.previous) as string[],
  };
}

function toMember(row: MemberRow): RingMember {
  return {
    ring: row.ring,
    account: row.account,
    role: row.role as Role,
    risk: row.risk,
    weightedDegree: row.weighted_degree,
    betweenness: row.betweenness,
    pagerank: row.pagerank,
  };
}

function toAccountRisk(row: AccountRow): AccountRisk {
  return {
    account: row.account,
    risk: row.risk,
    flagged: row.flagged === 1,
    ring: row.ring,
    role: row.role as Role | null,
    reasons: JSON.parse(row.reasons) as string[],
  };
}
