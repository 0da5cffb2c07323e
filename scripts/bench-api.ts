// `npm run bench:api [-- --store PATH --data DIR --duration S --connections 10,100]`: load-tests the HTTP API on loopback with
// autocannon against the 1M-account store, next to a bare Express + better-sqlite3 lookup on the same file.
// `--store neo4j` (NEO4J_* settings; it wipes that database when it does not hold this dataset's run) serves the same
// run from Neo4j and from the SQLite file (`--sqlite PATH`) in the same bench, and prints Neo4j / SQLite ratios.
// `--answer-cache off` disables the app's per-run answer cache (GET /v1/rings/:id is cached per run) so every request
// reaches the store: run it both ways to see the bare stores and the served figures. Ids are drawn at random from
// 20,000 of the run's accounts and all its rings, never one hot id.
// The server runs in a child process so it never shares a core's event loop with the load generator.
import { execFileSync, fork, type ChildProcess } from 'node:child_process';
import type { Server } from 'node:http';
import { existsSync, mkdirSync } from 'node:fs';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { parseScriptArgs } from './script-args.js';
import { createRequire } from 'node:module';
import Database from 'better-sqlite3';
import express from 'express';
import { pino } from 'pino';
import { createApiKey, parseKeys } from '../src/api/api-keys.js';
import { createApp } from '../src/api/create-app.js';
import { startServer } from '../src/api/start-server.js';
import { recordRun } from '../src/run/record-run.js';
import { runPipeline } from '../src/run/run-pipeline.js';
import { resolveConfig } from '../src/schema/config.js';
import type { FindingsStore } from '../src/store/findings-store.js';
import { neo4jSettingsFromEnv, openNeo4jStore } from '../src/store/neo4j-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';

/** The slice of autocannon's API used here (the package ships no types). */
interface AutocannonRequest {
  method?: string;
  path?: string;
  body?: string;
}
interface AutocannonResult {
  requests: { average: number };
  latency: { p50: number; p99: number };
  non2xx: number;
  errors: number;
}
type Autocannon = (options: {
  url: string;
  connections: number;
  duration: number;
  headers: Record<string, string>;
  requests: { method: string; setupRequest: (request: AutocannonRequest) => AutocannonRequest }[];
}) => Promise<AutocannonResult>;
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const USAGE = 'usage: npm run bench:api [-- --store PATH --data DIR --duration S --connections 10,100]';
const { values } = parseScriptArgs(USAGE, {
  options: {
    store: { type: 'string', default: process.env.RINGSCAN_BENCH_STORE },
    /** With --store neo4j: the SQLite file served beside it (default: the bench file). */
    sqlite: { type: 'string' },
    /** Child mode: which store the served app reads. */
    backend: { type: 'string', default: 'sqlite' },
    /** Dataset to build the store from when it does not exist (default: the bench dataset, generated if missing). */
    data: { type: 'string' },
    accounts: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '11' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
    connections: { type: 'string', default: '10,100' },
    serve: { type: 'string' },
    /** off: the app's per-run answer cache is disabled, so every request reaches the store (the bare store's speed). */
    'answer-cache': { type: 'string', default: 'on' },
  },
});

const accounts = Number(values.accounts);
const withNeo4j = values.store === 'neo4j';
const storePath = (withNeo4j ? values.sqlite : values.store) ?? join('.bench', `store-${accounts}-s${values.seed}.db`);
const dataDir = values.data ?? join('.bench', `data-${accounts}-s${values.seed}`);

/**
 * Server CPU time per request between a 'reset' and a 'report' message: unlike requests/s, it barely moves when
 * other processes compete for the two cores, so it is the fairer way to compare the two stacks on a busy machine.
 */
function reportCpu(server: Server): void {
  let requests = 0;
  let since = { cpu: process.cpuUsage(), requests: 0 };
  server.on('request', () => requests++);
  process.on('message', (message) => {
    if (message === 'reset') {
      since = { cpu: process.cpuUsage(), requests };
      process.send?.('reset');
    } else if (message === 'report') {
      const cpu = process.cpuUsage(since.cpu);
      process.send?.({ cpuMicrosPerRequest: Math.round((cpu.user + cpu.system) / Math.max(1, requests - since.requests)) });
    }
  });
}

/** Child mode: serve one variant on a free loopback port and send the port to the parent. */
async function serveVariant(variant: 'ringscan' | 'bare'): Promise<void> {
  if (variant === 'ringscan') {
    const store: FindingsStore = values.backend === 'neo4j' ? await openNeo4jStore(neo4jSettingsFromEnv()) : openSqliteStore(storePath, { create: false });
    const app = createApp({
      store,
      keys: parseKeys(process.env.RINGSCAN_API_KEYS ?? ''),
      // Warnings only, asynchronously to stderr: the per-request info line is not part of what is measured.
      logger: pino({ level: 'warn' }, pino.destination({ dest: 2, sync: false })),
      // The limiter runs on every request but never refuses: its cost is measured, not its effect.
      rateLimit: { ratePerSecond: 1e9, burst: 1e9 },
      ...(values['answer-cache'] === 'off' ? { answerCacheBytes: 0 } : {}),
    });
    const running = await startServer(app, { host: '127.0.0.1', port: 0, onClosed: () => store.close() });
    reportCpu(running.server);
    process.send?.({ port: running.port });
    process.once('SIGTERM', () => void running.close().then(() => process.exit(0)));
    return;
  }
  // The baseline: the same account lookup on the same file, one prepared statement, no middleware at all.
  const db = new Database(storePath, { readonly: true, fileMustExist: true });
  const seq = db.prepare('SELECT run_seq FROM current_run WHERE only = 1').pluck().get() as number;
  const lookup = db.prepare('SELECT account, risk, flagged, ring, role, reasons FROM accounts WHERE run_seq = ? AND account = ?');
  const app = express();
  app.get('/v1/accounts/:id', (req, res) => {
    const row = lookup.get(seq, req.params.id) as { account: string; risk: number; flagged: number; ring: string | null; role: string | null; reasons: string } | undefined;
    res.json(row ? { ...row, flagged: row.flagged === 1, reasons: JSON.parse(row.reasons) as string[] } : { account: req.params.id, risk: 0 });
  });
  const server = app.listen(0, '127.0.0.1', () => {
    const address = server.address();
    reportCpu(server);
    process.send?.({ port: typeof address === 'object' && address ? address.port : 0 });
  });
  process.once('SIGTERM', () => server.close(() => process.exit(0)));
}

async function ensureStore(): Promise<void> {
  if (existsSync(storePath)) return;
  const cli = join(import.meta.dirname, '..', 'src', 'cli', 'main.js');
  if (!existsSync(join(dataDir, 'accounts.ndjson'))) {
    process.stderr.write(`generating ${accounts} accounts into ${dataDir} …\n`);
    execFileSync(process.execPath, [cli, 'generate', '--out', dataDir, '--accounts', String(accounts), '--seed', String(values.seed)], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  process.stderr.write(`running the pipeline on ${dataDir} into ${storePath} …\n`);
  mkdirSync(dirname(storePath), { recursive: true });
  const started = new Date();
  const { findings } = await runPipeline({ dataDir, config: resolveConfig({}) });
  const store = openSqliteStore(storePath);
  const savingMs = Date.now();
  await recordRun(store, findings, { dataset: dataDir, startedAt: started, finishedAt: new Date(), codeVersion: 'bench-api' });
  process.stderr.write(`saved the run into SQLite in ${((Date.now() - savingMs) / 1000).toFixed(1)} s\n`);
  await store.close();
}

/** Neo4j holds the SQLite file's run (same dataset and summary), or is wiped and given it: same findings, same ring ids. */
async function ensureNeo4jRun(): Promise<void> {
  const sqlite = openSqliteStore(storePath, { create: false });
  const wanted = await sqlite.currentRun();
  await sqlite.close();
  if (wanted === null) throw new Error(`${storePath} holds no run`);
  const neo = await openNeo4jStore(neo4jSettingsFromEnv(), { connectTimeoutMs: 10_000 });
  try {
    const held = await neo.currentRun();
    if (held !== null && held.dataset === wanted.dataset && JSON.stringify(held.summary) === JSON.stringify(wanted.summary)) return;
    process.stderr.write(`loading ${wanted.dataset} into Neo4j (wiping that database first) …\n`);
    await neo.wipeForTests();
    const { findings } = await runPipeline({ dataDir: wanted.dataset, config: resolveConfig({}) });
    const savingMs = Date.now();
    await recordRun(neo, findings, { dataset: wanted.dataset, startedAt: wanted.startedAt, finishedAt: wanted.finishedAt, codeVersion: 'bench-api' });
    process.stderr.write(`saved the run into Neo4j in ${((Date.now() - savingMs) / 1000).toFixed(1)} s\n`);
  } finally {
    await neo.close();
  }
}

function sampleIds(): { accounts: string[]; rings: string[] } {
  const db = new Database(storePath, { readonly: true, fileMustExist: true });
  try {
    const seq = db.prepare('SELECT run_seq FROM current_run WHERE only = 1').pluck().get() as number;
    // Random existing ids, drawn once up front so the load generator does no I/O.
    const accountIds = db.prepare('SELECT account FROM accounts WHERE run_seq = ? ORDER BY random() LIMIT 20000').pluck().all(seq) as string[];
    const ringIds = db.prepare('SELECT id FROM rings WHERE run_seq = ? ORDER BY random() LIMIT 20000').pluck().all(seq) as string[];
    return { accounts: accountIds, rings: ringIds };
  } finally {
    db.close();
  }
}

async function startChild(variant: 'ringscan' | 'bare', env: Record<string, string>, backend: 'sqlite' | 'neo4j' = 'sqlite'): Promise<{ port: number; child: ChildProcess }> {
  const child = fork(import.meta.filename, ['--serve', variant, '--store', storePath, '--backend', backend, '--answer-cache', values['answer-cache']], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once('message', (message) => resolve((message as { port: number }).port));
    child.once('exit', (code) => reject(new Error(`${variant} server exited with ${code}`)));
  });
  return { port, child };
}

function ask<T>(child: ChildProcess, message: string): Promise<T> {
  return new Promise((resolve) => {
    child.once('message', (reply) => resolve(reply as T));
    child.send(message);
  });
}

async function stopChild(child: ChildProcess): Promise<void> {
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  await exited;
}

interface Case {
  name: string;
  method: 'GET' | 'POST';
  path: () => string;
  body?: () => string;
}

interface Measured {
  server: string;
  case: string;
  connections: number;
  requestsPerSecond: number;
  p50Ms: number;
  p99Ms: number;
  non2xx: number;
  /** Client-side failures: connection errors and requests unanswered after autocannon's 10 s timeout. */
  clientErrors: number;
  cpuMicrosPerRequest: number;
}

function pick<T>(items: readonly T[]): T {
  return items[Math.floor(Math.random() * items.length)]!;
}

async function load(port: number, testCase: Case, connections: number, seconds: number, headers: Record<string, string>) {
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: seconds,
    headers: { ...headers, ...(testCase.body ? { 'content-type': 'application/json' } : {}) },
    requests: [
      {
        method: testCase.method,
        setupRequest: (request) => ({ ...request, path: testCase.path(), ...(testCase.body ? { body: testCase.body() } : {}) }),
      },
    ],
  });
  return result;
}

async function measure(server: string, { port, child }: { port: number; child: ChildProcess }, cases: Case[], connectionCounts: number[], headers: Record<string, string>): Promise<Measured[]> {
  const out: Measured[] = [];
  for (const testCase of cases) {
    // Warm the JITs (Node's, and Neo4j's for this query), the page cache and the connection pool before anything counts.
    await load(port, testCase, 10, Number(values.warmup), headers);
    for (const connections of connectionCounts) {
      process.stderr.write(`… ${server} ${testCase.name} @${connections}\n`);
      await ask(child, 'reset');
      const result = await load(port, testCase, connections, Number(values.duration), headers);
      const { cpuMicrosPerRequest } = await ask<{ cpuMicrosPerRequest: number }>(child, 'report');
      out.push({
        server,
        case: testCase.name,
        connections,
        requestsPerSecond: Math.round(result.requests.average),
        p50Ms: result.latency.p50,
        p99Ms: result.latency.p99,
        non2xx: result.non2xx,
        clientErrors: result.errors,
        cpuMicrosPerRequest,
      });
    }
  }
  return out;
}

async function main(): Promise<void> {
  if (values.serve === 'ringscan' || values.serve === 'bare') return serveVariant(values.serve);
  await ensureStore();
  if (withNeo4j) return benchNeo4j();
  const ids = sampleIds();
  if (ids.accounts.length === 0 || ids.rings.length === 0) throw new Error(`${storePath} has no accounts or rings to ask for`);
  const connectionCounts = values.connections.split(',').map(Number);
  const { key, record } = createApiKey(['admin'], { id: 'bench' });
  const auth = { authorization: `Bearer ${key}` };

  const accountCase: Case = { name: 'GET /v1/accounts/:id', method: 'GET', path: () => `/v1/accounts/${encodeURIComponent(pick(ids.accounts))}` };
  const cases: Case[] = [
    accountCase,
    { name: 'GET /v1/rings/:id', method: 'GET', path: () => `/v1/rings/${encodeURIComponent(pick(ids.rings))}` },
    {
      name: 'POST /v1/accounts/risk (100 ids)',
      method: 'POST',
      path: () => '/v1/accounts/risk',
      body: () => JSON.stringify({ ids: Array.from({ length: 100 }, () => pick(ids.accounts)) }),
    },
  ];

  const results: Measured[] = [];
  const bare = await startChild('bare', {});
  try {
    results.push(...(await measure('bare', bare, [accountCase], connectionCounts, {})));
  } finally {
    await stopChild(bare.child);
  }
  const ringscan = await startChild('ringscan', { RINGSCAN_API_KEYS: JSON.stringify([record]) });
  try {
    results.push(...(await measure('ringscan', ringscan, cases, connectionCounts, auth)));
  } finally {
    await stopChild(ringscan.child);
  }

  const find = (server: string, name: string, connections: number) => results.find((r) => r.server === server && r.case === name && r.connections === connections);
  console.log(`\nringscan API bench: ${storePath}, ${values.duration} s per case, loopback, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${'server'.padEnd(9)} ${'case'.padEnd(34)} ${'conns'.padStart(5)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'cpu µs/req'.padStart(11)} ${'non2xx'.padStart(7)} ${'client errors'.padStart(13)}`);
  for (const r of results) {
    console.log(
      `${r.server.padEnd(9)} ${r.case.padEnd(34)} ${String(r.connections).padStart(5)} ${String(r.requestsPerSecond).padStart(8)} ${String(r.p50Ms).padStart(7)} ${String(r.p99Ms).padStart(7)} ${String(r.cpuMicrosPerRequest).padStart(11)} ${String(r.non2xx).padStart(7)} ${String(r.clientErrors).padStart(13)}`,
    );
  }
  const ratios = Object.fromEntries(
    connectionCounts.map((c) => {
      const ours = find('ringscan', accountCase.name, c);
      const base = find('bare', accountCase.name, c);
      return [c, ours && base ? +(ours.requestsPerSecond / base.requestsPerSecond).toFixed(2) : null];
    }),
  );
  const cpuRatios = Object.fromEntries(
    connectionCounts.map((c) => {
      const ours = find('ringscan', accountCase.name, c);
      const base = find('bare', accountCase.name, c);
      return [c, ours && base ? +(base.cpuMicrosPerRequest / ours.cpuMicrosPerRequest).toFixed(2) : null];
    }),
  );
  for (const [c, ratio] of Object.entries(ratios)) {
    console.log(`GET /v1/accounts/:id ringscan / bare at ${c} connections: ${ratio}× req/s, ${cpuRatios[c]}× by server CPU per request`);
  }

  const account10 = find('ringscan', accountCase.name, 10);
  const ring10 = find('ringscan', 'GET /v1/rings/:id', 10);
  const batch = Math.max(...connectionCounts.map((c) => find('ringscan', 'POST /v1/accounts/risk (100 ids)', c)?.requestsPerSecond ?? 0));
  const atLeast = (value: number | null | undefined, bar: number) => value !== null && value !== undefined && value >= bar;
  // issue 12's bars: within 0.8× of the bare lookup, p99 ≤ 5 ms at 10 connections, batch of 100 ≥ 2,000 req/s
  const checks = [
    ['accounts @10 ≥ 0.8× bare', atLeast(ratios[10], 0.8)],
    ['accounts @100 ≥ 0.8× bare', atLeast(ratios[100], 0.8)],
    ['accounts @10 p99 ≤ 5 ms', account10 !== undefined && account10.p99Ms <= 5],
    ['batch risk of 100 ids ≥ 2000 req/s', batch >= 2000],
    ['rings @10 p99 ≤ 25 ms', ring10 !== undefined && ring10.p99Ms <= 25],
    ['no non-2xx answers', results.every((r) => r.non2xx === 0)],
  ] as const;
  for (const [name, passed] of checks) console.log(`${passed ? 'PASS' : 'FAIL'} ${name}`);
  console.log(JSON.stringify({ bench: 'api', store: storePath, durationSeconds: Number(values.duration), results, ratioToBare: ratios, cpuRatioToBare: cpuRatios, loadAverage: loadavg(), checks: Object.fromEntries(checks) }));
}

/** SQLite and Neo4j behind the same app, same cases, same ids, one after the other in this run. */
async function benchNeo4j(): Promise<void> {
  await ensureNeo4jRun();
  const ids = sampleIds();
  const connectionCounts = values.connections.split(',').map(Number);
  const { key, record } = createApiKey(['admin'], { id: 'bench' });
  const auth = { authorization: `Bearer ${key}` };
  const cases: Case[] = [
    { name: 'GET /v1/accounts/:id', method: 'GET', path: () => `/v1/accounts/${encodeURIComponent(pick(ids.accounts))}` },
    { name: 'GET /v1/rings/:id', method: 'GET', path: () => `/v1/rings/${encodeURIComponent(pick(ids.rings))}` },
    {
      name: 'POST /v1/accounts/risk (100 ids)',
      method: 'POST',
      path: () => '/v1/accounts/risk',
      body: () => JSON.stringify({ ids: Array.from({ length: 100 }, () => pick(ids.accounts)) }),
    },
  ];
  const results: Measured[] = [];
  for (const backend of ['sqlite', 'neo4j'] as const) {
    const server = await startChild('ringscan', { RINGSCAN_API_KEYS: JSON.stringify([record]) }, backend);
    try {
      results.push(...(await measure(backend, server, cases, connectionCounts, auth)));
    } finally {
      await stopChild(server.child);
    }
  }
  const find = (server: string, name: string, connections: number) => results.find((r) => r.server === server && r.case === name && r.connections === connections);
  console.log(`\nringscan API bench, SQLite vs Neo4j: ${storePath} and ${neo4jSettingsFromEnv().uri}, answer cache ${values['answer-cache']}, ${values.duration} s per case, loopback, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`${'store'.padEnd(7)} ${'case'.padEnd(34)} ${'conns'.padStart(5)} ${'req/s'.padStart(8)} ${'p50 ms'.padStart(7)} ${'p99 ms'.padStart(7)} ${'cpu µs/req'.padStart(11)} ${'non2xx'.padStart(7)}`);
  for (const r of results) {
    console.log(`${r.server.padEnd(7)} ${r.case.padEnd(34)} ${String(r.connections).padStart(5)} ${String(r.requestsPerSecond).padStart(8)} ${String(r.p50Ms).padStart(7)} ${String(r.p99Ms).padStart(7)} ${String(r.cpuMicrosPerRequest).padStart(11)} ${String(r.non2xx).padStart(7)}`);
  }
  const ratios: { case: string; connections: number; p50Ratio: number; requestsRatio: number }[] = [];
  for (const testCase of cases) {
    for (const connections of connectionCounts) {
      const neo = find('neo4j', testCase.name, connections);
      const lite = find('sqlite', testCase.name, connections);
      if (!neo || !lite) continue;
      // autocannon reports a p50 of 0 ms for sub-millisecond answers: count it as 1 ms so the ratio stays finite.
      const p50Ratio = +(Math.max(neo.p50Ms, 1) / Math.max(lite.p50Ms, 1)).toFixed(2);
      const requestsRatio = +(neo.requestsPerSecond / lite.requestsPerSecond).toFixed(2);
      ratios.push({ case: testCase.name, connections, p50Ratio, requestsRatio });
      console.log(`${testCase.name} @${connections}: Neo4j / SQLite p50 ${p50Ratio}×, req/s ${requestsRatio}×`);
    }
  }
  const checks: [string, boolean][] = [];
  for (const name of ['GET /v1/accounts/:id', 'GET /v1/rings/:id']) {
    const neo = find('neo4j', name, 10);
    const ratio = ratios.find((r) => r.case === name && r.connections === 10);
    checks.push([`${name} @10 Neo4j p50 ≤ 3× SQLite`, ratio !== undefined && ratio.p50Ratio <= 3]);
    checks.push([`${name} @10 Neo4j ≥ 1000 req/s`, neo !== undefined && neo.requestsPerSecond >= 1000]);
  }
  checks.push(['no non-2xx answers', results.every((r) => r.non2xx === 0)]);
  for (const [name, passed] of checks) console.log(`${passed ? 'PASS' : 'FAIL'} ${name}`);
  console.log(JSON.stringify({ bench: 'api-neo4j', store: storePath, answerCache: values['answer-cache'], durationSeconds: Number(values.duration), results, ratios, loadAverage: loadavg(), checks: Object.fromEntries(checks) }));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-api: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
