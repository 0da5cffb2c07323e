// Store benchmark: saving a 1M-account run's findings into SQLite (recordRun) and exporting them, median of 3.
// Usage: node dist/scripts/bench-store.js [findings.json] [--runs N]
// Without a path it builds synthetic findings of the 1M benchmark's shape (scripts/synthetic-findings.ts).
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { writeExport } from '../src/cli/export-command.js';
import { recordRun } from '../src/run/record-run.js';
import { FindingsSchema, type Findings } from '../src/schema/findings.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { syntheticFindings } from './synthetic-findings.js';

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
const seconds = (ms: number) => (ms / 1000).toFixed(2);

/** Counts bytes and throws them away, with the backpressure of a real stream. */
class CountingSink extends Writable {
  bytes = 0;
  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: () => void): void {
    this.bytes += chunk.length;
    callback();
  }
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const runsAt = args.indexOf('--runs');
  const repeats = runsAt >= 0 ? Number(args[runsAt + 1]) : 3;
  const path = args.find((arg, i) => !arg.startsWith('--') && args[i - 1] !== '--runs');

  let started = performance.now();
  const findings: Findings = path ? FindingsSchema.parse(JSON.parse(readFileSync(path, 'utf8'))) : syntheticFindings();
  const prepareMs = performance.now() - started;
  const edges = findings.graphs.reduce((sum, graph) => sum + graph.edges.length, 0);
  process.stderr.write(
    `findings ${path ?? '(synthetic, 1M-account shape)'}: ${findings.rings.length} rings, ${findings.members.length} members, ` +
      `${findings.accounts.length} account risks, ${findings.graphs.length} graphs with ${edges} edges (${seconds(prepareMs)} s to prepare)\n`,
  );

  const saveMs: number[] = [];
  const saveCpuMs: number[] = [];
  const secondDayMs: number[] = [];
  const ndjsonMs: number[] = [];
  const csvMs: number[] = [];
  let exportedRows = 0;
  let fileBytes = 0;
  for (let i = 0; i < repeats; i++) {
    const dir = mkdtempSync(join(tmpdir(), 'ringscan-bench-store-'));
    try {
      const file = join(dir, 'store.db');
      const store = openSqliteStore(file);
      const options = { dataset: 'bench', codeVersion: 'bench', startedAt: '2025-01-01T00:00:00Z', finishedAt: '2025-01-01T00:01:00Z' };
      started = performance.now();
      const cpu = process.cpuUsage();
      await recordRun(store, findings, options);
      saveMs.push(performance.now() - started);
      const used = process.cpuUsage(cpu);
      // CPU time next to wall time: on a shared machine the gap is time spent waiting for a core or the disk.
      saveCpuMs.push((used.user + used.system) / 1000);

      for (const [format, times] of [['ndjson', ndjsonMs], ['csv', csvMs]] as const) {
        const sink = new CountingSink();
        started = performance.now();
        exportedRows = await writeExport(store, { format }, sink);
        times.push(performance.now() - started);
      }

      // Day 2 on the same findings: loads day 1's rings from the store and matches them (all persisting).
      started = performance.now();
      await recordRun(store, findings, { ...options, startedAt: '2025-01-02T00:00:00Z', finishedAt: '2025-01-02T00:01:00Z' });
      secondDayMs.push(performance.now() - started);
      await store.close();
      fileBytes = statSync(file).size;
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }

  const result = {
    bench: 'store',
    source: path ?? 'synthetic-1M',
    rings: findings.rings.length,
    members: findings.members.length,
    accounts: findings.accounts.length,
    graphEdges: edges,
    repeats,
    saveSeconds: Number(seconds(median(saveMs))),
    saveCpuSeconds: Number(seconds(median(saveCpuMs))),
    secondDaySeconds: Number(seconds(median(secondDayMs))),
    exportNdjsonSeconds: Number(seconds(median(ndjsonMs))),
    exportCsvSeconds: Number(seconds(median(csvMs))),
    exportedRows,
    storeMiBAfterTwoRuns: Math.round(fileBytes / 2 ** 20),
  };
  const rows = [
    ['save run (recordRun, empty store)', seconds(median(saveMs)), '15'],
    ['  of which CPU time (user + system)', seconds(median(saveCpuMs)), ''],
    ['save day 2 (load + match + save)', seconds(median(secondDayMs)), ''],
    [`export ndjson (${exportedRows} rows)`, seconds(median(ndjsonMs)), '10'],
    [`export csv (${exportedRows} rows)`, seconds(median(csvMs)), '10'],
  ];
  process.stdout.write(`${'step'.padEnd(40)}${'median s'.padStart(10)}${'budget s'.padStart(10)}\n`);
  for (const [step, value, budget] of rows) process.stdout.write(`${step!.padEnd(40)}${value!.padStart(10)}${budget!.padStart(10)}\n`);
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench-store: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
});
