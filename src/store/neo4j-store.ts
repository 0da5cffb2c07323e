// The Neo4j FindingsStore: batched UNWIND writes under an unpublished Run node, then one transaction publishes it.
// Reads and writes go through executeRead/executeWrite, which retry transient errors (leader switch, deadlock).
import neo4j, { isRetryableError, type Driver, type ManagedTransaction } from 'neo4j-driver';
import type { AccountRisk, RingGraph, RingMember } from '../schema/findings.js';
import { RingscanError } from '../schema/errors.js';
import type { RingHistoryEntry, RunRecord, StoredRing } from '../schema/run.js';
import { collectNeighbors } from './collect-neighbors.js';
import { noRisk, type ExportRow, type FindingsStore, type RingWithMembers, type NeighborEdge, type Page, type RingDetail, type RunToSave } from './findings-store.js';
import * as cypher from './neo4j-cypher.js';
import type { CypherQuery } from './neo4j-cypher.js';
import { ReadBatcher, type ReadBatcherOptions } from './neo4j-read-batcher.js';
import * as rows from './neo4j-rows.js';
import { decodeMemberCursor, decodeRingCursor, pageOf } from './store-cursor.js';

export interface Neo4jSettings {
  uri: string;
  user: string;
  password: string;
  /** Omitted: the server's default database. */
  database?: string | undefined;
}

export interface Neo4jStoreOptions {
  /** How long to wait for the server before giving up with STORE_UNAVAILABLE (default 5 s). */
  connectTimeoutMs?: number;
  /** Rows per UNWIND transaction (default 5000). */
  batchRows?: number;
  /**
   * An unpublished run whose writer has not touched it for this long was left by a dead writer (a live one touches
   * it at least every 10 s between batches) and is deleted by the next save (default 10 min).
   */
  staleRunMs?: number;
  /** How concurrent account and ring-detail reads share queries (neo4j-read-batcher.ts). */
  readBatching?: ReadBatcherOptions;
  /** Told after each stage of a save: what it wrote, how many rows, how long it took (the save bench prints it). */
  onSaveStage?: (stage: string, rows: number, ms: number) => void;
}

/** Reads NEO4J_URI, NEO4J_USER (default neo4j), NEO4J_PASSWORD, NEO4J_DATABASE. */
export function neo4jSettingsFromEnv(env: NodeJS.ProcessEnv = process.env): Neo4jSettings {
  const uri = env.NEO4J_URI;
  if (!uri) throw new RingscanError('STORE_UNAVAILABLE', 'NEO4J_URI is not set (e.g. NEO4J_URI=neo4j://127.0.0.1:7687)');
  return { uri, user: env.NEO4J_USER || 'neo4j', password: env.NEO4J_PASSWORD ?? '', database: env.NEO4J_DATABASE || undefined };
}

/** Connects and checks the server answers with these credentials; one-line STORE_UNAVAILABLE otherwise. */
export async function openNeo4jStore(settings: Neo4jSettings, options: Neo4jStoreOptions = {}): Promise<Neo4jStore> {
  const timeoutMs = options.connectTimeoutMs ?? 5000;
  let driver: Driver;
  try {
    driver = neo4j.driver(settings.uri, neo4j.auth.basic(settings.user, settings.password), {
      connectionTimeout: timeoutMs,
      connectionAcquisitionTimeout: timeoutMs,
      maxTransactionRetryTime: 30_000,
    });
  } catch (error) {
    throw new RingscanError('STORE_UNAVAILABLE', `cannot use Neo4j URI ${settings.uri}: ${firstLine(error)}`);
  }
  try {
    await withTimeout(driver.verifyConnectivity({ database: settings.database }), timeoutMs + 1000, `no answer within ${timeoutMs} ms`);
  } catch (error) {
    await driver.close();
    throw describeConnectError(error, settings);
  }
  return new Neo4jStore(driver, settings, options);
}

function describeConnectError(error: unknown, settings: Neo4jSettings): RingscanError {
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'Neo.ClientError.Security.AuthenticationRateLimit') {
    return new RingscanError('STORE_UNAVAILABLE', `Neo4j at ${settings.uri} has locked user ${settings.user} out for a few seconds after repeated failed logins (wait, then check NEO4J_PASSWORD)`);
  }
  if (code === 'Neo.ClientError.Security.Unauthorized') {
    return new RingscanError('STORE_UNAVAILABLE', `Neo4j at ${settings.uri} rejected the credentials of user ${settings.user} (check NEO4J_USER and NEO4J_PASSWORD)`);
  }
  if (code === 'Neo.ClientError.Database.DatabaseNotFound') {
    return new RingscanError('STORE_UNAVAILABLE', `Neo4j at ${settings.uri} has no database ${settings.database ?? '(default)'} (check NEO4J_DATABASE)`);
  }
  return new RingscanError('STORE_UNAVAILABLE', `cannot reach Neo4j at ${settings.uri}: ${rootCause(error)}`);
}

/** The driver wraps the socket error ("connect ECONNREFUSED …") in causes and long advice; keep just the socket error. */
function rootCause(error: unknown): string {
  let deepest = error;
  while (deepest instanceof Error && deepest.cause instanceof Error) deepest = deepest.cause;
  const message = firstLine(deepest);
  return /Caused by: (.+)$/.exec(message)?.[1] ?? message;
}

const firstLine = (error: unknown) => (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();

async function withTimeout<T>(promise: Promise<T>, ms: number, message: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export class Neo4jStore implements FindingsStore {
  private schemaReady: Promise<void> | undefined;
  private readonly batchRows: number;
  private readonly staleRunMs: number;
  private touchedAtMs = 0;
  private readonly accountRisks: ReadBatcher<AccountRisk>;
  private readonly ringDetails: ReadBatcher<RingDetail>;
  private readonly onSaveStage: Neo4jStoreOptions['onSaveStage'];

  constructor(
    private readonly driver: Driver,
    private readonly settings: Neo4jSettings,
    options: Neo4jStoreOptions = {},
  ) {
    this.batchRows = options.batchRows ?? 5000;
    this.staleRunMs = options.staleRunMs ?? 600_000;
    this.onSaveStage = options.onSaveStage;
    this.accountRisks = new ReadBatcher((run, ids) => this.loadAccountRisks(run, ids), options.readBatching);
    this.ringDetails = new ReadBatcher((group, rings) => this.loadRingDetails(group, rings), options.readBatching);
  }

  async saveRun(data: RunToSave): Promise<void> {
    await this.ensureSchema();
    const run = data.run.id;
    const [existing] = await this.read(cypher.runExists(run));
    if (existing?.complete === true) throw new RingscanError('BAD_USAGE', `run ${run} already exists in Neo4j`);
    // An unpublished run of the same id is a failed earlier attempt at this very run (start it over), unless its
    // writer is still at it.
    if (existing !== undefined) {
      if (existing.writingSinceMs != null && rows.toNumber(existing.writingSinceMs) >= Date.now() - this.staleRunMs) {
        throw new RingscanError('BAD_USAGE', `run ${run} is being written to Neo4j by another process`);
      }
      await this.deleteRun(run);
    }
    await this.deleteStaleRuns();

    await this.write(cypher.createRun(rows.runProps(data.run, data.config, Date.now())));
    this.touchedAtMs = Date.now();
    await this.writeBatches('rings', run, rows.ringRows(run, data.rings, data.graphs), (batch) => cypher.writeRings(run, batch));
    await this.writeBatches('dissolved rings', run, rows.dissolvedRows(run, data.dissolved), (batch) => cypher.writeDissolved(run, batch));
    const graph = rows.graphRows(data.graphs);
    await this.writeBatches('account nodes', run, rows.accountIds(data, graph), (batch) => cypher.writeAccountNodes(batch));
    await this.writeBatches('MEMBER_OF', run, rows.memberRows(run, data.members), (batch) => cypher.writeMembers(run, batch));
    await this.writeBatches('SCORED_IN', run, rows.accountRows(data.accounts), (batch) => cypher.writeAccounts(run, batch));
    await this.writeBatches('entities', run, graph.entities, (batch) => cypher.writeEntities(batch));
    await this.writeBatches('USES', run, graph.uses, (batch) => cypher.writeUses(batch));
    await this.writeBatches('LINKED', run, graph.edges, (batch) => cypher.writeEdges(run, batch));
    // Until this transaction commits, no reader can reach the run: they all go through complete runs.
    const [published] = await this.write(cypher.publishRun(run));
    if (published === undefined) {
      throw new RingscanError('STORE_UNAVAILABLE', `run ${run} was deleted as abandoned while being written (its writer was quiet for over ${this.staleRunMs} ms); run it again`);
    }
  }

  async currentRun(): Promise<RunRecord | null> {
    const [record] = await this.read(cypher.currentRun());
    return record === undefined ? null : rows.toRunRecord(record.run as Record<string, unknown>);
  }

  async getRun(id: string): Promise<RunRecord | null> {
    const [record] = await this.read(cypher.getRun(id));
    return record === undefined ? null : rows.toRunRecord(record.run as Record<string, unknown>);
  }

  async listRuns(options: { limit?: number } = {}): Promise<RunRecord[]> {
    return (await this.read(cypher.listRuns(options.limit))).map((record) => rows.toRunRecord(record.run as Record<string, unknown>));
  }

  async listRings(options: { run?: string; minScore?: number; status?: string; cursor?: string | null; limit: number }): Promise<Page<StoredRing>> {
    const run = await this.runId(options.run);
    if (run === null) return { items: [], nextCursor: null };
    const after = options.cursor ? decodeRingCursor(options.cursor) : undefined;
    const items = await this.readItems(run, cypher.listRings({ run, minScore: options.minScore, status: options.status, after, limit: options.limit + 1 }));
    return pageOf(items.map(rows.toStoredRing), options.limit, (ring) => [ring.score, ring.id]);
  }

  async getRing(id: string, options: { run?: string } = {}): Promise<StoredRing | null> {
    const run = await this.runId(options.run);
    if (run === null) return null;
    const record = await this.readInRun(run, cypher.getRing(run, id));
    return record.ring === null ? null : rows.toStoredRing(record.ring as Record<string, unknown>);
  }

  async listMembers(ringId: string, options: { run?: string; cursor?: string | null; limit: number }): Promise<Page<RingMember>> {
    const run = await this.runId(options.run);
    if (run === null) return { items: [], nextCursor: null };
    const after = options.cursor ? decodeMemberCursor(options.cursor).account : null;
    const items = await this.readItems(run, cypher.listMembers(run, ringId, after, options.limit + 1));
    return pageOf(items.map(rows.toMember), options.limit, (member) => [member.account]);
  }

  async getRingGraph(ringId: string, options: { run?: string } = {}): Promise<RingGraph | null> {
    const run = await this.runId(options.run);
    if (run === null) return null;
    const record = await this.readInRun(run, cypher.getRingGraph(run, ringId));
    return rows.unpackGraph(record.graph);
  }

  async ringHistory(ringId: string): Promise<RingHistoryEntry[]> {
    return historyOf(await this.read(cypher.ringHistory(ringId)));
  }

  async ringDetail(ringId: string, options: { run?: string; memberLimit: number }): Promise<RingDetail | null> {
    const run = await this.runId(options.run);
    if (run === null) return null;
    return (await this.ringDetails.get(JSON.stringify([run, options.memberLimit]), ringId)) ?? null;
  }

  async getAccount(id: string, options: { run?: string } = {}): Promise<AccountRisk | null> {
    const run = await this.runId(options.run);
    if (run === null) return null;
    return (await this.accountRisks.get(run, id)) ?? null;
  }

  async getAccountsRisk(ids: string[], options: { run?: string } = {}): Promise<AccountRisk[]> {
    const run = await this.runId(options.run);
    const distinct = [...new Set(ids)];
    if (run === null) return distinct.map(noRisk);
    if (distinct.length === 0) {
      // no query to carry the run check: make it on its own, as SQLite does
      if ((await this.getRun(run)) === null) throw new RingscanError('NOT_FOUND', `run ${run} not found`);
      return [];
    }
    const found = await this.accountRisks.getMany(run, distinct);
    return distinct.map((id, i) => found[i] ?? noRisk(id));
  }

  /** One query for the ids of concurrent getAccount/getAccountsRisk calls on one run. */
  private async loadAccountRisks(run: string, ids: string[]): Promise<Map<string, AccountRisk>> {
    const found = new Map<string, AccountRisk>();
    for (const item of await this.readItems(run, cypher.getAccounts(run, ids))) {
      const risk = rows.toAccountRisk(item);
      found.set(risk.account, risk);
    }
    return found;
  }

  /** One query for the rings of concurrent ringDetail calls on one run with one member limit. */
  private async loadRingDetails(group: string, rings: string[]): Promise<Map<string, RingDetail>> {
    const [run, memberLimit] = JSON.parse(group) as [string, number];
    const records = await this.read(cypher.ringDetails(run, rings, memberLimit + 1));
    if (records.length === 0) throw new RingscanError('NOT_FOUND', `run ${run} not found`);
    const found = new Map<string, RingDetail>();
    for (const record of records) {
      if (record.ring === null) continue;
      const members = pageOf((record.members as Record<string, unknown>[]).map(rows.toMember), memberLimit, (member) => [member.account]);
      found.set(String(record.id), { ring: rows.toStoredRing(record.ring as Record<string, unknown>), members, history: historyOf(record.history as Record<string, unknown>[]) });
    }
    return found;
  }

  async neighbors(id: string, options: { depth: 1 | 2; limit: number; run?: string }): Promise<NeighborEdge[]> {
    const run = await this.runId(options.run);
    if (run === null) return [];
    return collectNeighbors(id, options.depth, options.limit, async (accounts) =>
      (await this.readItems(run, cypher.edgesOf(run, accounts))).map(rows.toEdgeFrom),
    );
  }

  async *ringsWithMembers(options: { run?: string; minScore?: number }): AsyncIterable<RingWithMembers> {
    let current: RingWithMembers | undefined;
    for await (const row of this.exportMembers(options)) {
      if (current?.ring !== row.ring) {
        if (current) yield current;
        current = { ring: row.ring, score: row.ringScore, members: [] };
      }
      current.members.push(row);
    }
    if (current) yield current;
  }

  async *exportMembers(options: { run?: string; minScore?: number }): AsyncIterable<ExportRow> {
    const run = await this.runId(options.run);
    if (run === null) return;
    const rings = (await this.readItems(run, cypher.exportRings(run, options.minScore))).map((item) => ({
      id: String(item.id),
      score: rows.toNumber(item.score),
    }));
    const scoreOf = new Map(rings.map((ring) => [ring.id, ring.score]));
    // Rings in chunks: memory stays bounded by one chunk's members, and each query is a short read.
    for (let i = 0; i < rings.length; i += 500) {
      const chunk = rings.slice(i, i + 500).map((ring) => ring.id);
      for (const record of await this.read(cypher.exportMembers(run, chunk))) {
        const ring = String(record.ring);
        yield {
          account: String(record.account),
          ring,
          ringScore: scoreOf.get(ring)!,
          risk: rows.toNumber(record.risk),
          role: String(record.role),
          flagged: record.flagged === true,
        };
      }
    }
  }

  async close(): Promise<void> {
    await this.driver.close();
  }

  /** Deletes everything in the database; only for the contract tests, which check the labels first. */
  async wipeForTests(): Promise<void> {
    const labels = (await this.read(cypher.databaseLabels())).map((record) => String(record.label));
    const foreign = labels.filter((label) => !(cypher.STORE_LABELS as readonly string[]).includes(label));
    if (foreign.length > 0) {
      throw new RingscanError('BAD_USAGE', `refusing to wipe Neo4j database: it holds labels ringscan does not write (${foreign.join(', ')})`);
    }
    // Relationships first: a run node holds one per scored account, too many for one DETACH DELETE's memory budget.
    for (const text of ['MATCH ()-[r]->() WITH r LIMIT 20000 DELETE r RETURN count(*) AS deleted', 'MATCH (n) WITH n LIMIT 20000 DELETE n RETURN count(*) AS deleted']) {
      for (;;) {
        const [record] = await this.write({ text, params: {} });
        if (record === undefined || rows.toNumber(record.deleted) === 0) break;
      }
    }
  }

  /** The current run's id when none is named; a named run is checked by the query that reads it (readInRun). */
  private async runId(run: string | undefined): Promise<string | null> {
    if (run === undefined) return (await this.currentRun())?.id ?? null;
    return run;
  }

  /** The one row of a query opening with IN_RUN; none means the run is not a complete stored run. */
  private async readInRun(run: string, query: CypherQuery): Promise<Record<string, unknown>> {
    const [record] = await this.read(query);
    if (record === undefined) throw new RingscanError('NOT_FOUND', `run ${run} not found`);
    return record;
  }

  /** The `items` list of a query opening with IN_RUN. */
  private async readItems(run: string, query: CypherQuery): Promise<Record<string, unknown>[]> {
    return (await this.readInRun(run, query)).items as Record<string, unknown>[];
  }

  private ensureSchema(): Promise<void> {
    this.schemaReady ??= (async () => {
      // Schema commands cannot share a transaction with writes, so each runs in its own.
      for (const statement of cypher.SCHEMA_STATEMENTS) await this.write({ text: statement, params: {} });
    })().catch((error: unknown) => {
      this.schemaReady = undefined; // let the next save try again
      throw error;
    });
    return this.schemaReady;
  }

  private async deleteStaleRuns(): Promise<void> {
    for (const record of await this.read(cypher.staleRuns(Date.now() - this.staleRunMs))) await this.deleteRun(String(record.id));
  }

  /** Deletes an unpublished run in bounded transactions (a big run would not fit in one). */
  private async deleteRun(run: string): Promise<void> {
    for (const step of cypher.deleteRunStep(run, 10_000)) {
      for (;;) {
        const [result] = await this.write(step);
        if (result === undefined || rows.toNumber(result.deleted) === 0) break;
      }
    }
  }

  private async writeBatches<T>(stage: string, run: string, all: T[], queryOf: (batch: T[]) => CypherQuery): Promise<void> {
    const startedMs = performance.now();
    for (let i = 0; i < all.length; i += this.batchRows) {
      await this.write(queryOf(all.slice(i, i + this.batchRows)));
      if (Date.now() - this.touchedAtMs > 10_000) {
        await this.write(cypher.touchRun(run, Date.now()));
        this.touchedAtMs = Date.now();
      }
    }
    this.onSaveStage?.(stage, all.length, performance.now() - startedMs);
  }

  /**
   * Reads are single statements, so they run as auto-commit queries: RUN and PULL travel in one round trip, where a
   * managed transaction adds BEGIN and COMMIT. The driver retries only managed transactions; transient errors are
   * retried here (a read is safe to repeat).
   */
  private async read(query: CypherQuery): Promise<Record<string, unknown>[]> {
    for (let attempt = 0; ; attempt++) {
      const session = this.driver.session({ database: this.settings.database, defaultAccessMode: neo4j.session.READ });
      try {
        return (await session.run(query.text, query.params)).records.map((record) => record.toObject() as Record<string, unknown>);
      } catch (error) {
        if (attempt < 4 && isRetryableError(error as Error)) {
          await new Promise((wait) => setTimeout(wait, 50 * 2 ** attempt));
          continue;
        }
        throw describeQueryError(error, this.settings);
      } finally {
        await session.close();
      }
    }
  }

  /** One managed write transaction: the driver retries it on transient errors, so the work must be only this query. */
  private async write(query: CypherQuery): Promise<Record<string, unknown>[]> {
    const session = this.driver.session({ database: this.settings.database });
    const work = async (tx: ManagedTransaction) =>
      (await tx.run(query.text, query.params)).records.map((record) => record.toObject() as Record<string, unknown>);
    try {
      return await session.executeWrite(work);
    } catch (error) {
      throw describeQueryError(error, this.settings);
    } finally {
      await session.close();
    }
  }
}

/** History rows in run order, without the seq they were sorted by. */
function historyOf(records: Record<string, unknown>[]): RingHistoryEntry[] {
  return records.map(rows.toHistoryEntry).sort((a, b) => a.seq - b.seq).map(({ seq: _seq, ...entry }) => entry);
}

function describeQueryError(error: unknown, settings: Neo4jSettings): Error {
  if (error instanceof RingscanError) return error;
  const code = error instanceof Error && 'code' in error ? String(error.code) : '';
  if (code === 'ServiceUnavailable' || code === 'SessionExpired') {
    return new RingscanError('STORE_UNAVAILABLE', `lost Neo4j at ${settings.uri}: ${firstLine(error)}`);
  }
  return new Error(`Neo4j: ${firstLine(error)}${code ? ` (${code})` : ''}`);
}
