// `npm run coverage:compare [-- --datasets 40 --accounts 20000]`: how often `compare`'s 95 % intervals cover the truth
// on generated datasets at the default settings. Estimand per metric: the mean of the point estimates over the
// datasets (the generator's expected value). Each ratio metric is measured with three interval methods: cluster-score
// (the default), its plain Korn–Graubard form and the BCa bootstrap used before. Datasets are cached in .bench/.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { alignFindings } from '../src/evaluate/align-findings.js';
import { compareStrategies } from '../src/evaluate/compare-strategies.js';
import { readGroundTruth, resolveTruthPaths } from '../src/cli/read-ground-truth.js';
import { loadDataset } from '../src/ingest/load-dataset.js';
import { detectFindings } from '../src/run/detect-findings.js';
import { resolveConfig } from '../src/schema/config.js';

const { values } = parseArgs({
  options: {
    datasets: { type: 'string', default: '40' },
    accounts: { type: 'string', default: '20000' },
    'first-seed': { type: 'string', default: '1001' },
    methods: { type: 'string', default: 'cluster-score,korn-graubard,bca' },
    json: { type: 'boolean', default: false },
  },
});
const ALL_METHODS = ['cluster-score', 'korn-graubard', 'bca'] as const;
type Method = (typeof ALL_METHODS)[number];
const METHODS = values.methods.split(',').filter((m): m is Method => (ALL_METHODS as readonly string[]).includes(m));
if (METHODS.length === 0) throw new Error(`--methods takes a list of ${ALL_METHODS.join(', ')}`);
const cli = join(import.meta.dirname, '..', 'src', 'cli', 'main.js');
const config = resolveConfig({});

interface Cell {
  value: number;
  low: number;
  high: number;
}
/** metric → method → one cell per dataset where the metric is defined. */
const cells = new Map<string, Map<Method, Cell[]>>();
const wanted = (metric: string) => metric === 'accountPrecision' || metric === 'ringPrecision' || metric.startsWith('recall:') || metric.startsWith('ringRecall:');

const datasets = Number(values.datasets);
for (let k = 0; k < datasets; k++) {
  const seed = Number(values['first-seed']) + k;
  const dir = join('.bench', `coverage-${values.accounts}`, `seed-${seed}`);
  if (!existsSync(join(dir, 'truth.ndjson'))) {
    execFileSync(process.execPath, [cli, 'generate', '--out', dir, '--accounts', values.accounts, '--seed', String(seed), '--force'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const loaded = await loadDataset(dir);
  const truth = await readGroundTruth(loaded.dataset.accounts.ids, resolveTruthPaths({ data: dir }));
  const aligned = alignFindings(detectFindings(loaded.dataset, config, loaded.files), truth);
  for (const method of METHODS) {
    const comparison = compareStrategies(truth, aligned, aligned, { ratioInterval: method });
    const rows = [...comparison.metrics, ...comparison.byKind.flatMap((kind) => kind.metrics)];
    for (const row of rows) {
      if (!wanted(row.metric) || row.a.value === null || row.a.low === null || row.a.high === null) continue;
      let byMethod = cells.get(row.metric);
      if (!byMethod) cells.set(row.metric, (byMethod = new Map()));
      let list = byMethod.get(method);
      if (!list) byMethod.set(method, (list = []));
      list.push({ value: row.a.value, low: row.a.low, high: row.a.high });
    }
  }
  process.stderr.write(`dataset ${k + 1}/${datasets} (seed ${seed})\n`);
}

const report: Record<string, unknown>[] = [];
const pooled = new Map<Method, { covered: number; total: number; zeroWidth: number }>();
for (const [metric, byMethod] of [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const first = byMethod.get(METHODS[0]!) ?? [];
  const truthValue = first.reduce((sum, c) => sum + c.value, 0) / first.length;
  const line: Record<string, unknown> = { metric, datasets: first.length, truth: +truthValue.toFixed(4) };
  for (const method of METHODS) {
    const list = byMethod.get(method) ?? [];
    const covered = list.filter((c) => c.low <= truthValue && truthValue <= c.high).length;
    const zeroWidth = list.filter((c) => c.high - c.low <= 1e-12).length;
    const meanWidth = list.reduce((sum, c) => sum + (c.high - c.low), 0) / list.length;
    line[method] = { covered, coverage: +(covered / list.length).toFixed(3), zeroWidth, meanWidth: +meanWidth.toFixed(4) };
    const p = pooled.get(method) ?? { covered: 0, total: 0, zeroWidth: 0 };
    p.covered += covered;
    p.total += list.length;
    p.zeroWidth += zeroWidth;
    pooled.set(method, p);
  }
  report.push(line);
}
const pad = (text: string, width: number) => text.padEnd(width);
console.log(`${pad('metric', 32)} ${pad('n', 3)} ${pad('truth', 7)} ${METHODS.map((m) => pad(`${m} cov/zero/width`, 30)).join(' ')}`);
for (const line of report) {
  const cellsText = METHODS.map((m) => {
    const c = line[m] as { coverage: number; zeroWidth: number; meanWidth: number };
    return pad(`${c.coverage.toFixed(3)} / ${c.zeroWidth} / ${c.meanWidth.toFixed(3)}`, 30);
  });
  console.log(`${pad(String(line.metric), 32)} ${pad(String(line.datasets), 3)} ${pad(String(line.truth), 7)} ${cellsText.join(' ')}`);
}
for (const method of METHODS) {
  const p = pooled.get(method)!;
  console.log(`pooled ${method}: ${p.covered}/${p.total} = ${(p.covered / p.total).toFixed(3)} covered, ${p.zeroWidth} of zero width`);
}
if (values.json) console.log(JSON.stringify({ bench: 'compare-coverage', accounts: Number(values.accounts), datasets, rows: report }));
