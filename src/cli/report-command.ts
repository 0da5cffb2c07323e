// `ringscan report`: gathers a stored run, its history, and optionally labels, a comparison and a review file, and
// writes one self-contained HTML page (inline SVG charts, no script, nothing fetched when it is opened).
import { limitRingGraph } from '../lib/ring-graph-limit.js';
import type { RingPicture } from '../report/ring-picture.js';
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z, ZodError } from 'zod';
import { alignRunRows } from '../evaluate/align-run-rows.js';
import { averagePrecision } from '../evaluate/average-precision.js';
import { countConfusion, ratesOf } from '../evaluate/binary-metrics.js';
import { ComparisonSchema, type Comparison } from '../evaluate/comparison-schema.js';
import { AnalysisSchema, type Analysis } from '../schema/experiment.js';
import { EVALUATE_DEFAULTS } from '../evaluate/evaluation-schema.js';
import { BENIGN, FRAUD } from '../evaluate/ground-truth.js';
import { checkRunHistory } from '../run/monitor-runs.js';
import { ALERT_DEFAULTS } from '../run/run-alerts.js';
import { prCurve } from '../evaluate/pr-curve.js';
import { readStoredRun, resolveRun } from './read-stored-run.js';
import { estimateReviewedPrecision } from '../evaluate/review-estimate.js';
import { sweepThresholds, thresholdsOf } from '../evaluate/threshold-sweep.js';
import type { ReportData, ReportLabels } from '../report/report-data.js';
import { renderReport } from '../report/render-report.js';
import { RingscanError } from '../schema/errors.js';
import type { StoredRing } from '../schema/run.js';
import type { FindingsStore } from '../store/findings-store.js';
import { openStore } from '../store/open-store.js';
import { describeDataError, messageOf } from './cli-errors.js';
import { createProgress, type Progress } from './progress.js';
import { loadDatasetWithProgress } from './load-with-progress.js';
import { listAllRuns } from './monitor-command.js';
import { readGroundTruth, resolveTruthPaths } from './read-ground-truth.js';
import { readReviewFile } from './review-sample-command.js';

export const ReportCommandOptionsSchema = z.object({
  store: z.string().optional(),
  run: z.string().optional(),
  compare: z.string().optional(),
  data: z.string().optional(),
  truth: z.string().optional(),
  lookalikes: z.string().optional(),
  reviews: z.string().optional(),
  experiment: z.string().optional(),
  top: z.coerce.number().int().min(0).default(20),
  out: z.string().min(1),
  json: z.boolean().default(false),
});
export type ReportCommandOptions = z.input<typeof ReportCommandOptionsSchema>;

const PAGE = 500;

async function allRings(store: FindingsStore, run: string): Promise<StoredRing[]> {
  const rings: StoredRing[] = [];
  let cursor: string | null = null;
  do {
    const page = await store.listRings({ run, cursor, limit: PAGE });
    rings.push(...page.items);
    cursor = page.nextCursor;
  } while (cursor !== null);
  return rings;
}

async function readComparison(path: string): Promise<Comparison> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new RingscanError('MISSING_FILE', `comparison file not found: ${path}`);
  }
  try {
    return ComparisonSchema.parse(JSON.parse(text));
  } catch (error) {
    if (error instanceof ZodError) throw new RingscanError('UNREADABLE_FILE', `${path} is not a comparison written by \`ringscan compare --out\`: ${messageOf(error)}`);
    throw new RingscanError('UNREADABLE_FILE', `${path} is not valid JSON: ${messageOf(error)}`);
  }
}

async function readAnalysis(path: string): Promise<Analysis> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new RingscanError('MISSING_FILE', `experiment analysis not found: ${path}`);
  }
  try {
    return AnalysisSchema.parse(JSON.parse(text));
  } catch (error) {
    throw new RingscanError('UNREADABLE_FILE', `${path} is not an analysis written by \`ringscan experiment analyze --out\`: ${messageOf(error)}`);
  }
}

/** A picture in the report draws at most this many links of a ring (strongest first). */
const PICTURE_EDGES = 600;

/** Gathers the report's data; `now` is the timestamp printed in the footer. */
export async function collectReportData(options: ReportCommandOptions, now: Date, progress: Progress = createProgress(false)): Promise<ReportData> {
  const o = ReportCommandOptionsSchema.parse(options);
  const comparison = o.compare === undefined ? undefined : await readComparison(o.compare);
  const reviews = o.reviews === undefined ? undefined : estimateReviewedPrecision(await readReviewFile(o.reviews));
  const experiment = o.experiment === undefined ? undefined : await readAnalysis(o.experiment);
  const store = await openStore(o.store, { create: false });
  try {
    const run = await resolveRun(store, o.run);
    const runs = await listAllRuns(store);
    const upTo = runs.slice(0, runs.findIndex((r) => r.id === run.id) + 1);
    progress.stage('read rings');
    const rings = await allRings(store, run.id);
    progress.done('read rings', { rows: rings.length, unit: 'rings' });
    progress.stage('read member risks');
    const accountRisks: number[] = [];
    for await (const row of store.exportMembers({ run: run.id, minScore: 0 })) {
      accountRisks.push(row.risk);
      if ((accountRisks.length & 0xfff) === 0) progress.count('read member risks', accountRisks.length);
    }
    progress.done('read member risks', { rows: accountRisks.length, unit: 'accounts' });
    const flaggedScores = rings.filter((r) => r.flagged).map((r) => r.score);
    let labels: ReportLabels | undefined;
    if (o.data !== undefined) {
      const loaded = await loadDatasetWithProgress(o.data, progress);
      progress.stage('load truth');
      const truth = await readGroundTruth(loaded.dataset.accounts.ids, resolveTruthPaths(o));
      progress.done('load truth', { rows: truth.accounts.length, unit: 'accounts' });
      progress.stage('read run');
      const rows = await readStoredRun(store, run.id);
      progress.done('read run', { rows: rows.accounts.length, unit: 'accounts' });
      const aligned = alignRunRows(rows.accounts, rows.flaggedRings, truth);
      const rates = ratesOf(countConfusion(truth.label, aligned.isFlagged));
      let labelled = 0;
      let fraud = 0;
      for (const l of truth.label) {
        if (l === FRAUD || l === BENIGN) labelled++;
        if (l === FRAUD) fraud++;
      }
      labels = {
        source: o.data,
        labelled,
        fraud,
        precision: rates.precision,
        recall: rates.recall,
        prAuc: averagePrecision(aligned.risk, truth.label),
        prCurve: prCurve(aligned.risk, truth.label),
        sweep: sweepThresholds(aligned.risk, truth.label, thresholdsOf(EVALUATE_DEFAULTS.sweep)),
      };
    }
    const topRings = rings.slice(0, o.top);
    const ringPictures: Record<string, RingPicture> = {};
    for (const ring of topRings) {
      const stored = ring.flagged ? await store.getRingGraph(ring.id, { run: run.id }) : null;
      if (!stored) continue;
      const graph = limitRingGraph(stored, PICTURE_EDGES);
      const risks = await store.getAccountsRisk(graph.accounts, { run: run.id });
      ringPictures[ring.id] = { graph, roles: Object.fromEntries(risks.map((r) => [r.account, r.role])) };
    }
    return {
      generatedAt: now.toISOString(),
      run,
      ringScores: rings.map((r) => r.score),
      accountRisks,
      lowestFlaggedScore: flaggedScores.length === 0 ? null : Math.min(...flaggedScores),
      topRings,
      ringPictures,
      history: checkRunHistory(upTo, ALERT_DEFAULTS),
      ...(labels ? { labels } : {}),
      ...(comparison ? { comparison } : {}),
      ...(reviews ? { reviews } : {}),
      ...(experiment ? { experiment } : {}),
    };
  } finally {
    await store.close();
  }
}

export async function reportCommand(options: ReportCommandOptions, now = new Date(), progress: Progress = createProgress()): Promise<{ html: string; output: string }> {
  const { out, json } = ReportCommandOptionsSchema.parse(options);
  const data = await collectReportData(options, now, progress);
  progress.stage('render');
  const html = renderReport(data);
  await writeFile(out, html);
  progress.done('render');
  const bytes = Buffer.byteLength(html);
  if (json) return { html, output: `${JSON.stringify({ out, bytes, run: data.run.id, rings: data.ringScores.length })}\n` };
  return { html, output: `report written to ${out} (${Math.round(bytes / 1024)} KiB, self-contained)\n` };
}

export function registerReportCommand(program: Command): void {
  program
    .command('report')
    .description('Write a self-contained HTML report of a stored run: score distribution, PR curve and sweep, comparison, indicator history with alerts, top rings')
    .option('--store <spec>', 'findings store: sqlite:PATH or neo4j (default: RINGSCAN_STORE, else sqlite:ringscan.db)')
    .option('--run <id>', 'run to report (default: the current run)')
    .option('--compare <file>', 'comparison JSON from `ringscan compare --out`')
    .option('--data <dir>', 'the run\'s dataset, for its PR curve and threshold sweep against ground truth')
    .option('--truth <file>', 'ground truth NDJSON (default DATA/truth.ndjson)')
    .option('--lookalikes <file>', 'look-alike kinds NDJSON (default DATA/lookalikes.ndjson when present)')
    .option('--reviews <file>', 'filled review file, for the review-based precision estimate')
    .option('--experiment <file>', 'experiment analysis JSON from `ringscan experiment analyze --out`')
    .option('--top <n>', 'rings listed with their reasons', '20')
    .requiredOption('--out <file>', 'HTML file to write')
    .option('--json', 'print {out, bytes, run, rings} as JSON')
    .action(async (raw: Record<string, unknown>) => {
      process.stdout.write((await reportCommand(raw as ReportCommandOptions)).output);
    });
}
