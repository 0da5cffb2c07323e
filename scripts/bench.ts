// `npm run bench [-- --accounts N --seed S --runs R --data DIR]`: times every pipeline stage, peak RSS, and saving the
// findings into SQLite plus exporting them, on a generated dataset (reused from .bench/ when present).
// Prints a table and one JSON line. Not a test: no pass/fail.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { writeExport } from '../src/cli/export-command.js';
import { recordRun } from '../src/run/record-run.js';
import { openSqliteStore } from '../src/store/sqlite-store.js';
import { parseScriptArgs } from './script-args.js';
import { resolveConfig } from '../src/schema/config.js';
import { runPipeline, type PipelineStage } from '../src/run/run-pipeline.js';
import type { Findings } from '../src/schema/findings.js';
import { heapLimitMb, relaunchWithHeap, targetHeapMb } from '../src/cli/heap-launcher.js';
import { createProgress, pipelineProgress } from '../src/cli/progress.js';

// like the CLI: a heap sized to the machine, no flag needed (10M accounts do not fit Node's default)
if (process.env.RINGSCAN_HEAP_CHILD !== '1' && targetHeapMb() > heapLimitMb() * 1.1) process.exit(await relaunchWithHeap(process.argv[1]!, process.argv.slice(2)));

const USAGE = 'usage: npm run bench [-- --accounts N --seed S --runs R --data DIR]';
const { values } = parseScriptArgs(USAGE, {
  options: {
    accounts: { type: 'string', default: '1000000' },
    seed: { type: 'string', default: '11' },
    runs: { type: 'string', default: '1' },
    data: { type: 'string' },
  },
});
const accounts = Number(values.accounts);
const dataDir = values.data ?? join('.bench', `data-${accounts}-s${values.seed}`);
const cli = join(import.meta.dirname, '..', 'src', 'cli', 'main.js');

if (!existsSync(join(dataDir, 'accounts.ndjson'))) {
  process.stderr.write(`generating ${accounts} accounts into ${dataDir} …\n`);
  const started = performance.now();
  execFileSync(process.execPath, [cli, 'generate', '--out', dataDir, '--accounts', String(accounts), '--seed', String(values.seed)], { stdio: ['ignore', 'ignore', 'inherit'] });
  process.stderr.write(`generated in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
}

/** Times saving the findings as a run into a fresh SQLite file, then streaming its export to nowhere. */
async function timeStore(findings: Findings): Promise<{ save: number; export: number; exportedRows: number }> {
  const dir = mkdtempSync(join(tmpdir(), 'ringscan-bench-'));
  try {
    const store = openSqliteStore(join(dir, 'findings.db'));
    let started = performance.now();
    await recordRun(store, findings, { dataset: dataDir, codeVersion: 'bench', startedAt: new Date(0), finishedAt: new Date(0) });
    const save = performance.now() - started;
    const sink = new Writable({ write: (_chunk, _encoding, done) => done() });
    started = performance.now();
    const exportedRows = await writeExport(store, { format: 'ndjson' }, sink);
    const exportMs = performance.now() - started;
    await store.close();
    return { save, export: exportMs, exportedRows };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const STAGES: PipelineStage[] = ['ingest', 'bipartite', 'identifier-edges', 'synchrony-edges', 'merge', 'communities', 'scoring', 'centrality', 'assemble'];
const runs: Record<string, number>[] = [];
for (let r = 0; r < Number(values.runs); r++) {
  const started = performance.now();
  const result = await runPipeline({ dataDir, config: resolveConfig({}), onStage: pipelineProgress(createProgress(true)).onStage });
  const total = performance.now() - started;
  const stored = await timeStore(result.findings);
  runs.push({ ...(result.timingsMs as Record<string, number>), total, 'store save': stored.save, export: stored.export, exportedRows: stored.exportedRows, flaggedRings: result.findings.summary.ringsFlagged, edges: result.findings.summary.graph.edges, accounts: result.findings.summary.accounts });
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const peakRssMb = process.resourceUsage().maxRSS / 1024;
const row = (name: string) => median(runs.map((r) => r[name] ?? 0));
// what the folder holds, which --data may make differ from --accounts
const measuredAccounts = runs[0]?.accounts ?? accounts;
console.log(`\nringscan bench: ${measuredAccounts} accounts (${dataDir}), ${runs.length} run(s), medians`);
console.log('stage              seconds');
for (const stage of [...STAGES, 'total', 'store save', 'export']) console.log(`${stage.padEnd(18)} ${(row(stage) / 1000).toFixed(2).padStart(8)}`);
console.log(`peak RSS           ${(peakRssMb / 1024).toFixed(2).padStart(8)} GB`);
console.log(JSON.stringify({ bench: 'pipeline', accounts: measuredAccounts, runs: runs.length, secondsByStage: Object.fromEntries([...STAGES, 'total', 'store save', 'export'].map((s) => [s, +(row(s) / 1000).toFixed(3)])), peakRssMb: Math.round(peakRssMb), edges: runs[0]?.edges, flaggedRings: runs[0]?.flaggedRings, exportedRows: runs[0]?.exportedRows }));
