// `npm run bench:ingest [-- --accounts N --workers W --runs R --data DIR]`: times ingest alone (loadDataset) in
// a fresh process per run, with the parse pool's join cost (merge and wait on the main thread), CPU time and
// peak RSS. Uses the dataset `npm run bench` generates under .bench/. Not a test: no pass/fail.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseScriptArgs } from './script-args.js';
import { loadDataset, type JoinStats } from '../src/ingest/load-dataset.js';

const USAGE = 'usage: npm run bench:ingest [-- --accounts N --workers W --runs R --data DIR]';
const { values } = parseScriptArgs(USAGE, {
  options: {
    accounts: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '11' },
    runs: { type: 'string', default: '3' },
    workers: { type: 'string' },
    data: { type: 'string' },
    child: { type: 'boolean', default: false },
  },
});
const dataDir = values.data ?? join('.bench', `data-${values.accounts}-s${values.seed}`);

if (values.child) {
  let join: JoinStats | null = null;
  const cpuBefore = process.cpuUsage();
  const started = performance.now();
  const loaded = await loadDataset(dataDir, { ...(values.workers === undefined ? {} : { workers: Number(values.workers) }), onJoin: (j) => (join = j) });
  const wallMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuBefore);
  const rows = Object.values(loaded.files).reduce((sum, f) => sum + f.read, 0);
  process.stdout.write(
    JSON.stringify({ wallMs, cpuMs: (cpu.user + cpu.system) / 1000, rows, accounts: loaded.dataset.accounts.ids.length, join, peakRssMb: process.resourceUsage().maxRSS / 1024 }) + '\n',
  );
  process.exit(0);
}

if (!existsSync(join(dataDir, 'accounts.ndjson'))) {
  process.stderr.write(`no dataset in ${dataDir}: run \`npm run bench -- --accounts ${values.accounts}\` first (it generates one)\n`);
  process.exit(1);
}
interface RunResult {
  wallMs: number;
  cpuMs: number;
  rows: number;
  accounts: number;
  join: JoinStats | null;
  peakRssMb: number;
}
const results: RunResult[] = [];
for (let r = 0; r < Number(values.runs); r++) {
  const args = [join(import.meta.dirname, 'bench-ingest.js'), '--child', '--data', dataDir, ...(values.workers === undefined ? [] : ['--workers', values.workers])];
  // the CPU time includes the workers' (process.cpuUsage covers every thread)
  const out = execFileSync(process.execPath, ['--max-old-space-size=8192', ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
  results.push(JSON.parse(out) as RunResult);
  process.stderr.write(`run ${r + 1}: ${(results.at(-1)!.wallMs / 1000).toFixed(2)} s\n`);
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const m = (pick: (r: RunResult) => number) => median(results.map(pick));
const first = results[0]!;
console.log(`\nringscan ingest bench: ${first.accounts} accounts, ${first.rows} rows (${dataDir}), ${results.length} run(s), medians`);
console.log(`workers            ${first.join?.workers ?? 0} (${first.join?.pieces ?? 0} pieces)`);
console.log(`wall               ${(m((r) => r.wallMs) / 1000).toFixed(2).padStart(8)} s   (runs: ${results.map((r) => (r.wallMs / 1000).toFixed(1)).join(', ')})`);
console.log(`cpu, all threads   ${(m((r) => r.cpuMs) / 1000).toFixed(2).padStart(8)} s`);
console.log(`join: merge        ${(m((r) => r.join?.mergeMs ?? 0) / 1000).toFixed(2).padStart(8)} s`);
console.log(`join: wait         ${(m((r) => r.join?.waitMs ?? 0) / 1000).toFixed(2).padStart(8)} s`);
console.log(`peak RSS           ${(m((r) => r.peakRssMb) / 1024).toFixed(2).padStart(8)} GB`);
console.log(JSON.stringify({ bench: 'ingest', accounts: first.accounts, rows: first.rows, runs: results.length, workers: first.join?.workers ?? 0, wallSeconds: +(m((r) => r.wallMs) / 1000).toFixed(3), cpuSeconds: +(m((r) => r.cpuMs) / 1000).toFixed(3), mergeSeconds: +(m((r) => r.join?.mergeMs ?? 0) / 1000).toFixed(3), peakRssMb: Math.round(m((r) => r.peakRssMb)) }));
