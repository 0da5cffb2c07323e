// The per-cluster parts (numerator, denominator) of `compare`'s ratio metrics on one generated dataset at the default
// settings: what every cluster-score interval is computed from. scripts/compare-coverage.ts measures interval methods
// on them; they are cached beside the dataset, keyed by the git tree of src/ (a new detector gets new parts).
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { alignFindings } from '../src/evaluate/align-findings.js';
import { buildClusterUnits } from '../src/evaluate/cluster-units.js';
import { clusterParts, kindsOf, RANKING_SLOTS, sharedColumns, slotsOf, strategyTables } from '../src/evaluate/comparison-columns.js';
import { kindMetrics, overallMetrics } from '../src/evaluate/comparison-metrics.js';
import { COMPARE_DEFAULTS } from '../src/evaluate/compare-strategies.js';
import { groupTrueRings } from '../src/evaluate/true-rings.js';
import { readGroundTruth, resolveTruthPaths } from '../src/cli/read-ground-truth.js';
import { loadDataset } from '../src/ingest/load-dataset.js';
import { detectFindings } from '../src/run/detect-findings.js';
import { resolveConfig } from '../src/schema/config.js';

/** One metric's clusters with a non-zero denominator. */
export interface MetricParts {
  num: number[];
  den: number[];
}
export interface DatasetParts {
  seed: number;
  detector: string;
  metrics: Record<string, MetricParts>;
}

/** Everything under src/ that decides the findings (the generator, ingest, detection; not evaluate's intervals). */
const DETECTOR_PATHS = ['src/generate', 'src/ingest', 'src/graph', 'src/detect', 'src/score', 'src/run', 'src/schema', 'src/lib'];
/** A key for the detector at HEAD (git trees of DETECTOR_PATHS), or null when they have uncommitted changes. */
export function detectorKey(): string | null {
  const git = (args: string[]) => execFileSync('git', args, { encoding: 'utf8' }).trim();
  if (git(['status', '--porcelain', '--', ...DETECTOR_PATHS]) !== '') return null;
  const trees = DETECTOR_PATHS.map((path) => git(['rev-parse', `HEAD:${path}`])).join(' ');
  return createHash('sha256').update(trees).digest('hex').slice(0, 12);
}

export async function datasetParts(root: string, accounts: number, seed: number, detector: string | null, wanted: (metric: string) => boolean): Promise<DatasetParts> {
  const dir = join(root, `seed-${seed}`);
  const cache = detector ? join(dir, `parts-${detector}.json`) : null;
  if (cache && existsSync(cache)) return JSON.parse(readFileSync(cache, 'utf8')) as DatasetParts;
  if (!existsSync(join(dir, 'truth.ndjson'))) {
    const cli = join(import.meta.dirname, '..', 'src', 'cli', 'main.js');
    execFileSync(process.execPath, [cli, 'generate', '--out', dir, '--accounts', String(accounts), '--seed', String(seed), '--force'], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const loaded = await loadDataset(dir);
  const truth = await readGroundTruth(loaded.dataset.accounts.ids, resolveTruthPaths({ data: dir }));
  const aligned = alignFindings(detectFindings(loaded.dataset, resolveConfig({}), loaded.files), truth);
  // the same cluster parts compareStrategies builds its ratio intervals from
  const trueRings = groupTrueRings(truth);
  const units = buildClusterUnits(truth.accounts.length, [trueRings.ringOf, aligned.flaggedRingOf, aligned.flaggedRingOf]);
  const kinds = kindsOf(truth, trueRings);
  const shared = sharedColumns(truth, trueRings, units, kinds);
  const tables = strategyTables(truth, trueRings, units, aligned, kinds, { costs: { fp: 1, fn: 5, byKind: {} }, matchJaccard: COMPARE_DEFAULTS.matchJaccard });
  const S = slotsOf(shared.names);
  const O = slotsOf([...tables.table.names, ...RANKING_SLOTS]);
  const metrics = [...overallMetrics(S, O), ...kinds.fraud.flatMap((kind) => kindMetrics('fraud', kind, S, O)), ...kinds.benign.flatMap((kind) => kindMetrics('benign', kind, S, O))];
  const parts = clusterParts(metrics, shared, tables.table, RANKING_SLOTS.length, units.count);
  const out: DatasetParts = { seed, detector: detector ?? 'uncommitted', metrics: {} };
  metrics.forEach((metric, m) => {
    const p = parts[m];
    if (!p || !wanted(metric.metric)) return;
    const kept: MetricParts = { num: [], den: [] };
    for (let c = 0; c < p.den.length; c++) {
      if (p.den[c]! <= 0) continue;
      kept.num.push(p.num[c]!);
      kept.den.push(p.den[c]!);
    }
    if (kept.den.length > 0) out.metrics[metric.metric] = kept;
  });
  if (cache) writeFileSync(cache, JSON.stringify(out));
  return out;
}
