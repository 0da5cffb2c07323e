// `ringscan compare`: two strategies on one labelled dataset (two configs run here, or two stored runs), each metric
// with a cluster-bootstrap interval and the paired difference B − A; a table or --json, optionally written to --out.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { alignFindings, type AlignedFindings } from '../evaluate/align-findings.js';
import { alignRunRows } from '../evaluate/align-run-rows.js';
import { compareStrategies, COMPARE_DEFAULTS } from '../evaluate/compare-strategies.js';
import type { Comparison } from '../evaluate/comparison-schema.js';
import { COST_DEFAULTS } from '../evaluate/cost-model.js';
import { formatComparison } from '../evaluate/format-comparison.js';
import { readStoredRun } from './read-stored-run.js';
import { runAndRecord } from '../run/run-and-record.js';
import { RingscanError } from '../schema/errors.js';
import { openStore } from '../store/open-store.js';
import { codeVersion } from './code-version.js';
import { loadConfig } from './load-config.js';
import { readGroundTruth, resolveTruthPaths } from './read-ground-truth.js';
import { createProgress, pipelineProgress, type Progress } from './progress.js';
import { loadDatasetWithProgress } from './load-with-progress.js';

const number = z.coerce.number({ error: 'must be a number' });

/** "household=20,device_farm=10" → { household: 20, device_farm: 10 }. */
const kindCosts = z.string().transform((text, ctx) => {
  const costs: Record<string, number> = {};
  for (const pair of text.split(',').map((p) => p.trim()).filter((p) => p !== '')) {
    const [kind, value, ...rest] = pair.split('=');
    const cost = Number(value);
    if (!kind || value === undefined || rest.length > 0 || !Number.isFinite(cost) || cost < 0) {
      ctx.addIssue({ code: 'custom', message: `"${pair}" is not KIND=COST with a cost ≥ 0` });
      return z.NEVER;
    }
    costs[kind.trim()] = cost;
  }
  return costs;
});

export const CompareCommandOptionsSchema = z
  .object({
    data: z.string().min(1),
    truth: z.string().min(1).optional(),
    lookalikes: z.string().min(1).optional(),
    configA: z.string().optional(),
    configB: z.string().optional(),
    runA: z.string().optional(),
    runB: z.string().optional(),
    store: z.string().optional(),
    nameA: z.string().optional(),
    nameB: z.string().optional(),
    resamples: number.pipe(z.number().int().min(1).max(100_000)).default(COMPARE_DEFAULTS.resamples),
    seed: number.pipe(z.number().int()).default(COMPARE_DEFAULTS.seed),
    confidence: number.pipe(z.number().gt(0.5).lt(1)).default(COMPARE_DEFAULTS.confidence),
    topK: number.pipe(z.number().int().min(1)).default(COMPARE_DEFAULTS.topK),
    costFp: number.pipe(z.number().min(0)).default(COST_DEFAULTS.fp),
    costFn: number.pipe(z.number().min(0)).default(COST_DEFAULTS.fn),
    costKind: kindCosts.optional(),
    out: z.string().optional(),
    json: z.boolean().default(false),
  })
  .refine((o) => (o.runA === undefined) === (o.runB === undefined), { message: 'give both --run-a and --run-b', path: ['runB'] })
  .refine((o) => o.runA === undefined || (o.configA === undefined && o.configB === undefined), {
    message: 'compare either two configs or two stored runs, not both',
    path: ['runA'],
  })
  .refine((o) => o.runA !== undefined || o.configA !== undefined || o.configB !== undefined, {
    message: 'give --config-a and/or --config-b (a missing one means the defaults), or --run-a and --run-b with --store',
    path: ['configA'],
  });
export type CompareCommandOptions = z.input<typeof CompareCommandOptionsSchema>;

interface Strategy {
  name: string;
  aligned: AlignedFindings;
}

/** The command as a library function: returns the comparison and the text to print. */
export async function compareCommand(options: CompareCommandOptions, progress: Progress = createProgress()): Promise<{ comparison: Comparison; output: string }> {
  const o = CompareCommandOptionsSchema.parse(options);
  const loaded = await loadDatasetWithProgress(o.data, progress);
  progress.stage('load truth');
  const truth = await readGroundTruth(loaded.dataset.accounts.ids, resolveTruthPaths(o));
  progress.done('load truth', { rows: truth.accounts.length, unit: 'accounts' });

  let a: Strategy;
  let b: Strategy;
  if (o.runA !== undefined && o.runB !== undefined) {
    const store = await openStore(o.store, { create: false });
    try {
      progress.stage('read runs');
      const [rowsA, rowsB] = [await readStoredRun(store, o.runA), await readStoredRun(store, o.runB)];
      a = { name: o.nameA ?? `run ${rowsA.run.id}`, aligned: alignRunRows(rowsA.accounts, rowsA.flaggedRings, truth) };
      b = { name: o.nameB ?? `run ${rowsB.run.id}`, aligned: alignRunRows(rowsB.accounts, rowsB.flaggedRings, truth) };
      progress.done('read runs', { rows: rowsA.accounts.length + rowsB.accounts.length, unit: 'accounts' });
    } finally {
      await store.close();
    }
  } else {
    const strategies: Strategy[] = [];
    for (const [config, name] of [
      [o.configA, o.nameA],
      [o.configB, o.nameB],
    ] as const) {
      const label = name ?? config ?? 'default config';
      const { onStage } = pipelineProgress(progress, { label });
      const { findings } = await runAndRecord({ dataDir: o.data, loaded, config: await loadConfig(config), store: null, codeVersion: codeVersion(), onStage });
      strategies.push({ name: label, aligned: alignFindings(findings, truth) });
    }
    [a, b] = strategies as [Strategy, Strategy];
  }

  progress.stage(`bootstrap (${o.resamples} resamples)`);
  const comparison = compareStrategies(truth, a.aligned, b.aligned, {
    resamples: o.resamples,
    seed: o.seed,
    confidence: o.confidence,
    topK: o.topK,
    costs: { fp: o.costFp, fn: o.costFn, byKind: o.costKind ?? {} },
    names: { a: a.name, b: b.name },
  });
  progress.done(`bootstrap (${o.resamples} resamples)`, { rows: o.resamples, unit: 'resamples' });
  const json = `${JSON.stringify(comparison, null, 2)}\n`;
  if (o.out) await writeFile(o.out, json);
  return { comparison, output: o.json ? json : formatComparison(comparison) };
}

export function registerCompareCommand(program: Command): void {
  program
    .command('compare')
    .description(
      'Compare two strategies on one labelled dataset: metrics with cluster-bootstrap intervals (rings and singleton accounts resampled as units), B − A with p-values, per kind, cost model',
    )
    .requiredOption('--data <dir>', 'dataset folder (the same data for both strategies)')
    .option('--truth <file>', 'ground truth NDJSON: account, ring, kind per ring member (default DATA/truth.ndjson)')
    .option('--lookalikes <file>', 'look-alike kinds NDJSON (default DATA/lookalikes.ndjson when present)')
    .option('--config-a <file>', 'strategy A: detection config JSON (default: the built-in defaults)')
    .option('--config-b <file>', 'strategy B: detection config JSON (default: the built-in defaults)')
    .option('--run-a <id>', 'strategy A: a stored run over --data')
    .option('--run-b <id>', 'strategy B: a stored run over --data')
    .option('--store <spec>', 'findings store for --run-a/--run-b: sqlite:PATH or neo4j (default: RINGSCAN_STORE)')
    .option('--name-a <name>', 'label for A in the output')
    .option('--name-b <name>', 'label for B in the output')
    .option('--resamples <n>', `bootstrap resamples (default ${COMPARE_DEFAULTS.resamples})`)
    .option('--seed <n>', `bootstrap seed (default ${COMPARE_DEFAULTS.seed})`)
    .option('--confidence <x>', `interval level (default ${COMPARE_DEFAULTS.confidence})`)
    .option('--top-k <n>', `action budget for precision at K (default ${COMPARE_DEFAULTS.topK})`)
    .option('--cost-fp <x>', `cost of flagging a benign account (default ${COST_DEFAULTS.fp})`)
    .option('--cost-fn <x>', `cost of missing a fraud account (default ${COST_DEFAULTS.fn})`)
    .option('--cost-kind <pairs>', 'per-kind costs replacing fp (benign kinds) or fn (fraud kinds), e.g. household=20,device_farm=10')
    .option('--out <file>', 'also write the comparison JSON here (for `ringscan report --compare`)')
    .option('--json', 'print the comparison as JSON')
    .action(async (raw: Record<string, unknown>) => {
      if (raw.store !== undefined && raw.runA === undefined) throw new RingscanError('BAD_USAGE', '--store only applies with --run-a and --run-b');
      const { output } = await compareCommand(raw as CompareCommandOptions);
      process.stdout.write(output);
    });
}
