// `ringscan run`: ingest a dataset folder, detect and score rings, print the riskiest, record the run in the
// findings store (the embedded SQLite file by default) and optionally write the findings as JSON.
import { Command, Option } from 'commander';
import { z } from 'zod';
import { runAndRecord } from '../run/run-and-record.js';
import { openStore } from '../store/open-store.js';
import type { FindingsStore } from '../store/findings-store.js';
import type { DetectionConfig } from '../schema/config.js';
import type { Findings } from '../schema/findings.js';
import type { RunRecord } from '../schema/run.js';
import { codeVersion } from './code-version.js';
import { findDatasetFiles } from '../ingest/dataset-files.js';
import { loadConfig } from './load-config.js';
import { formatTopRings } from './format-rings.js';
import { writeJsonStream } from '../lib/write-json-stream.js';
import { announceStage } from './heap-launcher.js';
import { createProgress, pipelineProgress } from './progress.js';
import { readReviewFile } from './review-sample-command.js';

const RunOptionsSchema = z.object({
  data: z.string().min(1),
  config: z.string().optional(),
  out: z.string().optional(),
  /** A store spec, or false for --no-store. */
  store: z.union([z.string().min(1), z.literal(false)]).optional(),
  rejects: z.string().optional(),
  labelsFrom: z.array(z.string().min(1)).default([]),
  maxRejectRate: z.coerce.number({ error: 'must be a number from 0 to 1' }).min(0, 'must be from 0 to 1').max(1, 'must be from 0 to 1').optional(),
  seed: z.coerce.number().int().optional(),
  threshold: z.coerce.number().min(0).max(1).optional(),
  top: z.coerce.number().int().min(0).default(10),
  json: z.boolean().default(false),
});

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Detect coordinated rings in a dataset folder and print the riskiest with their reasons')
    .requiredOption('--data <dir>', 'dataset folder (accounts, links, optional actions and labels; NDJSON or CSV, optionally .gz)')
    .option('--config <file>', 'detection config JSON (any subset of the documented settings)')
    .option('--out <file>', 'write the full findings as JSON to this file')
    .option('--store <spec>', 'where to record the run: sqlite:PATH or neo4j (default: $RINGSCAN_STORE or sqlite:ringscan.db)')
    .option('--no-store', 'do not record the run in a store')
    .option('--rejects <file>', 'write invalid input rows here (NDJSON with file, line and reason)')
    .option('--labels-from <file>', 'a filled review sample (ringscan review-sample): its fraud/benign verdicts are labels for this run (repeatable)', (file: string, all: string[] = []) => [...all, file])
    .option('--max-reject-rate <x>', 'fail (exit 1) when any input file rejects more than this share of its rows, 0..1')
    .option('--seed <n>', 'override the config seed')
    .option('--threshold <x>', 'override the flag threshold (0..1)')
    .addOption(new Option('--top <n>', 'how many flagged rings to print').default('10'))
    .option('--json', 'print the run summary as JSON instead of text')
    .action(async (raw: Record<string, unknown>) => {
      const options = RunOptionsSchema.parse(raw);
      const config = await loadConfig(options.config, { seed: options.seed, flagThreshold: options.threshold });
      // Check the dataset folder, then open the store, before any work: a bad folder creates no store file,
      // and a bad store fails before the pipeline runs.
      await findDatasetFiles(options.data);
      const store = options.store === false ? null : await openStore(options.store);
      try {
        await runAndReport(options, config, store);
      } finally {
        await store?.close();
      }
    });
}

async function runAndReport(options: z.infer<typeof RunOptionsSchema>, config: DetectionConfig, store: FindingsStore | null): Promise<void> {
  const progress = createProgress();
  const result = await runAndRecord({
    dataDir: options.data,
    config,
    store,
    rejectsPath: options.rejects ?? null,
    reviews: await Promise.all(options.labelsFrom.map((file) => readReviewFile(file))),
    codeVersion: codeVersion(),
    ...(options.maxRejectRate === undefined ? {} : { maxRejectRate: options.maxRejectRate }),
    ...pipelineProgress(progress, { onStart: announceStage }),
  });
  const { run, findings } = result;
  if (options.out) {
    announceStage('write findings');
    progress.stage('write findings');
    const written = await writeJsonStream(options.out, findings, (elements) => progress.count('write findings', elements));
    progress.done('write findings', { rows: written });
  }
  if (options.json) {
    const flagged = result.findings.rings.filter((r) => r.flagged).slice(0, options.top);
    process.stdout.write(`${JSON.stringify({ run, summary: result.findings.summary, rings: flagged, rejectsPath: result.rejectsPath })}\n`);
    return;
  }
  process.stdout.write(`${formatTopRings(result.findings, options.top)}\n`);
  for (const [file, counts] of Object.entries(result.findings.summary.files)) {
    if (counts.duplicates) process.stdout.write(`${file}: ${counts.duplicates} duplicate rows kept once\n`);
    if (counts.rejected === 0) continue;
    process.stderr.write(`${file}: ${counts.rejected} of ${counts.read} rows rejected${result.rejectsPath ? ` (see ${result.rejectsPath})` : ''}\n`);
  }
  if (options.out) process.stdout.write(`findings written to ${options.out}\n`);
  if (run) process.stdout.write(`${describeRun(run)}\n`);
}

function describeRun(run: RunRecord): string {
  const i = run.indicators;
  const alerts = run.alerts.length > 0 ? `; ALERTS: ${run.alerts.map((a) => a.message).join('; ')}` : '';
  return `run ${run.id} recorded: ${i.ringsFlagged} flagged rings, ${i.accountsFlagged} accounts flagged; rings since the last run: ${i.newRings} new, ${i.persistingRings} persisting, ${i.dissolvedRings} dissolved${alerts}`;
}
