// `npm run coverage:compare [-- --datasets 100 --first-seed 1001 --accounts 20000]`: how often `compare`'s 95 %
// intervals cover the truth on generated datasets at the default settings. Estimand per metric: the mean of the point
// estimates over the datasets (the generator's expected value). Every interval method is a function of the per-cluster
// parts of the ratio (scripts/coverage-parts.ts, cached beside each dataset per detector), so candidates are measured
// on the same clusters as the default. Beside the default: `iid-wilson`, Wilson's interval on the account (or ring)
// count as if every unit were independent (clustering only widens an honest interval), and the exact coverage Wilson
// would have at the truth on the mean denominator, which says how much over-coverage the data itself forces near 0 or 1.
// Per metric the table also gives the two-sided binomial P of the default's coverage count if its true coverage were
// 95 %. Degenerate cells (the estimate is 0 or 1 in every dataset, so the truth is too) cover by construction: they
// are reported apart, with their widths, and left out of the pooled figure.
import { parseScriptArgs } from './script-args.js';
import { CLUSTER_SCORE_DEFAULTS, clusterScoreInterval, wilsonInterval } from '../src/evaluate/cluster-score-interval.js';
import { clusterDesignOf } from '../src/evaluate/comparison-metrics.js';
import { regularizedBeta } from '../src/evaluate/student-t.js';
import { CANDIDATES } from './coverage-candidates.js';
import { datasetParts, detectorKey, type MetricParts } from './coverage-parts.js';

const USAGE = 'usage: npm run coverage:compare [-- --datasets 100 --first-seed 1001 --accounts 20000]';
const { values } = parseScriptArgs(USAGE, {
  options: {
    datasets: { type: 'string', default: '100' },
    accounts: { type: 'string', default: '20000' },
    'first-seed': { type: 'string', default: '1001' },
    methods: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
});

type Interval = { low: number; high: number };
/** Interval methods measured side by side; the first is compare's default (each metric's design, as compare takes it). */
const ALL_METHODS: Record<string, (parts: MetricParts, metric: string) => Interval | null> = {
  'cluster-score': (p, metric) => clusterScoreInterval(p.num, p.den, { confidence: 0.95, design: clusterDesignOf(metric) }),
  'iid-wilson': (p) => {
    const num = p.num.reduce((a, b) => a + b, 0);
    const den = p.den.reduce((a, b) => a + b, 0);
    return den > 0 ? wilsonInterval(num / den, den, 0.95) : null;
  },
  ...CANDIDATES,
};
const METHODS = values.methods ? values.methods.split(',') : Object.keys(ALL_METHODS);
for (const m of METHODS) if (!ALL_METHODS[m]) throw new Error(`--methods takes a list of ${Object.keys(ALL_METHODS).join(', ')}`);

/** Exact coverage of Wilson's interval for X ~ Binomial(n, p): Σ_x P(X = x) · [p ∈ Wilson(x / n, n)]. */
function wilsonExactCoverage(p: number, n: number): number {
  let covered = 0;
  let logPmf = n * Math.log1p(-p); // x = 0
  for (let x = 0; x <= n; x++) {
    if (x > 0) logPmf += Math.log((n - x + 1) / x) + Math.log(p) - Math.log1p(-p);
    const w = wilsonInterval(x / n, n, 0.95);
    if (w.low <= p && p <= w.high) covered += Math.exp(logPmf);
  }
  return covered;
}
/** Two-sided exact binomial P of `covered` of `n` when the true coverage is `p`. */
function binomialTwoSided(covered: number, n: number, p: number): number {
  const atMost = (k: number) => (k < 0 ? 0 : k >= n ? 1 : regularizedBeta(1 - p, n - k, k + 1));
  return Math.min(1, 2 * Math.min(atMost(covered), 1 - atMost(covered - 1)));
}
const wanted = (metric: string) => metric === 'accountPrecision' || metric === 'ringPrecision' || metric.startsWith('recall:') || metric.startsWith('ringRecall:');

interface Cell {
  value: number;
  denominator: number;
  byMethod: Map<string, Interval>;
}
const cells = new Map<string, Cell[]>();
const datasets = Number(values.datasets);
const firstSeed = Number(values['first-seed']);
const detector = detectorKey();
const started = Date.now();
for (let k = 0; k < datasets; k++) {
  const seed = firstSeed + k;
  const parts = await datasetParts(`.bench/coverage-${values.accounts}`, Number(values.accounts), seed, detector, wanted);
  for (const [metric, p] of Object.entries(parts.metrics)) {
    const num = p.num.reduce((a, b) => a + b, 0);
    const den = p.den.reduce((a, b) => a + b, 0);
    const byMethod = new Map<string, Interval>();
    for (const m of METHODS) {
      const interval = ALL_METHODS[m]!(p, metric);
      if (interval) byMethod.set(m, interval);
    }
    let list = cells.get(metric);
    if (!list) cells.set(metric, (list = []));
    list.push({ value: num / den, denominator: den, byMethod });
  }
  process.stderr.write(`dataset ${k + 1}/${datasets} (seed ${seed}, ${((Date.now() - started) / 1000).toFixed(0)} s)\n`);
}

interface MethodCell {
  covered: number;
  coverage: number;
  zeroWidth: number;
  meanWidth: number;
  minWidth: number;
}
const report: Record<string, unknown>[] = [];
const pooled = new Map<string, { covered: number; total: number; zeroWidth: number }>();
for (const [metric, list] of [...cells.entries()].sort(([a], [b]) => (a < b ? -1 : 1))) {
  const truthValue = list.reduce((sum, c) => sum + c.value, 0) / list.length;
  const atBoundary = list.filter((c) => c.value <= 0 || c.value >= 1).length;
  const degenerate = list.every((c) => c.value === list[0]!.value) && (truthValue === 0 || truthValue === 1);
  const line: Record<string, unknown> = { metric, datasets: list.length, truth: +truthValue.toFixed(4), atBoundary, degenerate };
  const n = Math.round(list.reduce((a, c) => a + c.denominator, 0) / list.length);
  if (!degenerate) line.exactIidWilsonCoverage = { n, coverage: +wilsonExactCoverage(truthValue, n).toFixed(4) };
  // between-dataset variance of the estimate over the binomial variance at the truth: above 1, the datasets differ by
  // more than their own units can show (no interval from one dataset sees that); below 1, by less
  const spread = list.reduce((a, c) => a + (c.value - truthValue) ** 2, 0) / Math.max(1, list.length - 1);
  const binomial = list.reduce((a, c) => a + (truthValue * (1 - truthValue)) / c.denominator, 0) / list.length;
  if (binomial > 0) line.varianceOverBinomial = +(spread / binomial).toFixed(2);
  for (const m of METHODS) {
    const intervals = list.map((c) => c.byMethod.get(m)).filter((i): i is Interval => i !== undefined);
    const covered = intervals.filter((i) => i.low <= truthValue && truthValue <= i.high).length;
    const widths = intervals.map((i) => i.high - i.low);
    const cell: MethodCell = {
      covered,
      coverage: +(covered / intervals.length).toFixed(3),
      zeroWidth: widths.filter((w) => w <= 1e-12).length,
      meanWidth: +(widths.reduce((a, b) => a + b, 0) / widths.length).toFixed(4),
      minWidth: +Math.min(...widths).toFixed(4),
    };
    line[m] = cell;
    if (m === METHODS[0]) line.pIfTrue95 = +binomialTwoSided(covered, intervals.length, 0.95).toFixed(3);
    if (degenerate) continue;
    const p = pooled.get(m) ?? { covered: 0, total: 0, zeroWidth: 0 };
    p.covered += covered;
    p.total += intervals.length;
    p.zeroWidth += cell.zeroWidth;
    pooled.set(m, p);
  }
  report.push(line);
}
const pad = (text: string, width: number) => text.padEnd(width);
console.log(`detector ${detector ?? '(uncommitted changes)'}, seeds ${firstSeed}–${firstSeed + datasets - 1}, ${values.accounts} accounts`);
console.log(`${pad('metric', 30)} ${pad('n', 4)} ${pad('truth', 7)} ${pad('at 0|1', 6)} ${pad('P|95%', 6)} ${METHODS.map((m) => pad(`${m} cov/zero/width`, 28)).join(' ')}`);
for (const line of report) {
  const text = METHODS.map((m) => {
    const c = line[m] as MethodCell;
    return pad(`${c.coverage.toFixed(3)} / ${c.zeroWidth} / ${c.meanWidth.toFixed(3)}`, 28);
  });
  const name = `${line.metric}${line.degenerate ? ' (degenerate)' : ''}`;
  console.log(`${pad(name, 30)} ${pad(String(line.datasets), 4)} ${pad(String(line.truth), 7)} ${pad(String(line.atBoundary), 6)} ${pad(String(line.pIfTrue95), 6)} ${text.join(' ')}`);
}
for (const line of report) {
  const e = line.exactIidWilsonCoverage as { n: number; coverage: number } | undefined;
  if (e) console.log(`${line.metric}: truth ${line.truth}; Wilson's interval on ${e.n} independent units would cover it with exact probability ${e.coverage}; between-dataset variance ${line.varianceOverBinomial} × binomial; ${line.atBoundary} of ${line.datasets} estimates sit at 0 or 1`);
  if (line.degenerate) {
    const c = line[METHODS[0]!] as MethodCell;
    console.log(`${line.metric}: the estimate is ${line.truth} in all ${line.datasets} datasets, so the truth is too and every interval containing its estimate covers (coverage 1 by construction); ${METHODS[0]} width ${c.minWidth}–, mean ${c.meanWidth}`);
  }
}
console.log(`at 0|1: estimates exactly 0 or 1; P|95%: two-sided binomial P of ${METHODS[0]}'s coverage count if its true coverage were 95 %; pooled figures leave degenerate cells out`);
for (const m of METHODS) {
  const p = pooled.get(m);
  if (p) console.log(`pooled ${m}: ${p.covered}/${p.total} = ${(p.covered / p.total).toFixed(3)} covered, ${p.zeroWidth} of zero width`);
}
if (values.json) console.log(JSON.stringify({ bench: 'compare-coverage', detector, accounts: Number(values.accounts), firstSeed, datasets, defaults: CLUSTER_SCORE_DEFAULTS, rows: report }));
