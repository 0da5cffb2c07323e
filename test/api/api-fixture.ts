// Shared by the API tests: a real store filled by a real run on graphs/sample, keys of each scope, and the app
// listening on an ephemeral loopback port. The store is SQLite, or the Neo4j at NEO4J_URI when the vitest project
// sets RINGSCAN_TEST_STORE=neo4j (vitest.config.ts): the same API suite runs over both stores.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { createApiKey } from '../../src/api/api-keys.js';
import { createApp, type AppOptions } from '../../src/api/create-app.js';
import { startServer, type RunningServer } from '../../src/api/start-server.js';
import { runPipeline } from '../../src/run/run-pipeline.js';
import { recordRun } from '../../src/run/record-run.js';
import { resolveConfig } from '../../src/schema/config.js';
import type { Findings } from '../../src/schema/findings.js';
import type { RunRecord } from '../../src/schema/run.js';
import type { FindingsStore } from '../../src/store/findings-store.js';
import { neo4jSettingsFromEnv, openNeo4jStore } from '../../src/store/neo4j-store.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';

export const SAMPLE = join(import.meta.dirname, '..', '..', 'graphs', 'sample');

/** Which store the API suite runs over in this vitest project. */
export const TEST_STORE: 'sqlite' | 'neo4j' = process.env.RINGSCAN_TEST_STORE === 'neo4j' ? 'neo4j' : 'sqlite';

export interface SampleStore {
  dir: string;
  /** The SQLite file (with the Neo4j store: a path no test should open). */
  path: string;
  store: FindingsStore;
  findings: Findings;
  run: RunRecord;
}

export async function createSampleStore(): Promise<SampleStore> {
  const dir = mkdtempSync(join(tmpdir(), 'ringscan-api-'));
  const path = join(dir, 'findings.sqlite');
  const { findings } = await runPipeline({ dataDir: SAMPLE, config: resolveConfig({}) });
  const store = await openSampleStore(path);
  const run = await recordRun(store, findings, {
    dataset: 'graphs/sample',
    startedAt: '2026-01-02T03:00:00.000Z',
    finishedAt: '2026-01-02T03:01:00.000Z',
    codeVersion: 'test',
  });
  return { dir, path, store, findings, run };
}

/** With Neo4j, the database is wiped first (the Neo4j project runs its files one at a time). */
async function openSampleStore(path: string): Promise<FindingsStore> {
  if (TEST_STORE === 'sqlite') return openSqliteStore(path);
  const store = await openNeo4jStore(neo4jSettingsFromEnv(), { connectTimeoutMs: 10_000 });
  await store.wipeForTests();
  return store;
}

export const KEYS = {
  admin: createApiKey(['admin'], { id: 'admin' }),
  investigate: createApiKey(['investigate'], { id: 'analyst' }),
  enforce: createApiKey(['enforce'], { id: 'tool' }),
};

export interface ApiUnderTest {
  server: RunningServer;
  url: string;
  close(): Promise<void>;
}

/** Starts the app on 127.0.0.1:0; logs go to `logFile` (or nowhere). */
export async function startApi(options: Partial<AppOptions> & Pick<AppOptions, 'store'>, logFile?: string): Promise<ApiUnderTest> {
  const logger = logFile ? pino({ level: 'info' }, pino.destination({ dest: logFile, sync: true })) : pino({ level: 'silent' });
  const app = createApp({
    keys: Object.values(KEYS).map((k) => k.record),
    logger,
    rateLimit: { ratePerSecond: 1e6, burst: 1e6 },
    currentRunCacheMs: 0,
    ...options,
  });
  const server = await startServer(app, { host: '127.0.0.1', port: 0 });
  return { server, url: server.url, close: () => server.close() };
}

export const bearer = (key: string) => ({ authorization: `Bearer ${key}` });
