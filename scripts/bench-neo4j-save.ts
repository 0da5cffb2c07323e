// `npm run bench:neo4j-save -- FINDINGS.json [--runs N] [--second-day] [--batch-rows N] [--only sqlite|neo4j]`: saves one run's findings (`ringscan run --out`)
// into a fresh SQLite file and into Neo4j (NEO4J_* settings; the database is wiped first, so point it at a scratch
// server), N times each (default 3), and prints the median save time of both stores side by side.
// `--second-day` also times a second run saved on top of the first (the shared Account/Entity nodes then exist).
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseScriptArgs } from './script-args.js';
import { prepareRun } from '../src/run/record-run.js';
import { FindingsSchema, type Findings } from '../src/schema/findings.js';
import type { FindingsStore } from '../src/store/findings-store.js';
import { neo4jSettingsFromEnv, openNeo4jStore, type Neo4jStore } from '../src/store/neo4j-store.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';

const USAGE = 'usage: npm run bench:neo4j-save -- FINDINGS.json [--runs N] [--second-day] [--batch-rows N] [--only sqlite|neo4j]';
const { values, positionals } = parseScriptArgs(USAGE, {
  allowPositionals: true,
  options: { runs: { type: 'string', default: '3' }, 'batch-rows': { type: 'string' }, 'second-day': { type: 'boolean', default: false }, only: { type: 'string' } },
});

const printStage = (stage: string, rows: number, ms: number) => process.stderr.write(`  ${stage}: ${rows} rows in ${(ms / 1000).toFixed(1)} s\n`);
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const seconds = (ms: number) => +(ms / 1000).toFixed(2);

/** Wall time of saveRun alone (prepareRun's reads are not part of it), day 1 and optionally day 2. */
async function timeSaves(store: FindingsStore, findings: Findings, secondDay: boolean): Promise<number[]> {
  const times: number[] = [];
  for (const day of secondDay ? [1, 2] : [1]) {
    const options = { dataset: 'bench', codeVersion: 'bench', startedAt: `2025-01-0${day}T00:00:00Z`, finishedAt: `2025-01-0${day}T00:01:00Z` };
    const prepared = await prepareRun(store, findings, options);
    const started = performance.now();
    await store.saveRun(prepared.save);
    times.push(performance.now() - started);
  }
  return times;
}

async function main(): Promise<void> {
  const path = positionals[0];
  if (!path) throw new Error('usage: bench-neo4j-save FINDINGS.json [--runs N] [--second-day]');
  const findings = FindingsSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
  const edges = findings.graphs.reduce((sum, graph) => sum + graph.edges.length, 0);
  process.stderr.write(`${path}: ${findings.rings.length} rings, ${findings.members.length} members, ${findings.accounts.length} account risks, ${findings.graphs.length} graphs with ${edges} edges\n`);
  const runs = Number(values.runs);
  const results: Record<string, number[][]> = { sqlite: [], neo4j: [] };
  for (let i = 0; i < runs; i++) {
    if (values.only !== 'neo4j') {
      const dir = mkdtempSync(join(tmpdir(), 'ringscan-bench-save-'));
      try {
        const store = openSqliteStore(join(dir, 'store.db'));
        results.sqlite!.push(await timeSaves(store, findings, values['second-day']));
        await store.close();
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
      process.stderr.write(`sqlite #${i + 1}: ${results.sqlite!.at(-1)!.map(seconds).join(' s, ')} s\n`);
    }
    if (values.only !== 'sqlite') {
      const store: Neo4jStore = await openNeo4jStore(neo4jSettingsFromEnv(), { connectTimeoutMs: 10_000, onSaveStage: printStage, ...(values['batch-rows'] ? { batchRows: Number(values['batch-rows']) } : {}) });
      try {
        await store.wipeForTests();
        results.neo4j!.push(await timeSaves(store, findings, values['second-day']));
      } finally {
        await store.close();
      }
      process.stderr.write(`neo4j #${i + 1}: ${results.neo4j!.at(-1)!.map(seconds).join(' s, ')} s\n`);
    }
  }
  const summary = Object.fromEntries(
    Object.entries(results)
      .filter(([, times]) => times.length > 0)
      .map(([store, times]) => [store, { day1Seconds: seconds(median(times.map((t) => t[0]!))), ...(values['second-day'] ? { day2Seconds: seconds(median(times.map((t) => t[1]!))) } : {}), all: times.map((t) => t.map(seconds)) }]),
  );
  console.log(`save bench (${path}, median of ${runs}, load average ${loadavg().map((l) => l.toFixed(1)).join(' ')})`);
  for (const [store, s] of Object.entries(summary)) console.log(`${store.padEnd(7)} day 1 ${s.day1Seconds} s${'day2Seconds' in s ? `, day 2 ${s.day2Seconds} s` : ''}`);
  console.log(JSON.stringify({ bench: 'neo4j-save', findings: path, runs, summary, loadAverage: loadavg() }));
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-neo4j-save: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
