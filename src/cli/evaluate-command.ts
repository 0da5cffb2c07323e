// `ringscan evaluate`: score a findings file (from `ringscan run --out`) against ground truth (--truth, by default
// DATA/truth.ndjson with DATA/lookalikes.ndjson), never against the dataset's input labels.
import type { Command } from 'commander';
import { z, ZodError } from 'zod';
import { evaluateFindings } from '../evaluate/evaluate-findings.js';
import type { Evaluation } from '../evaluate/evaluation-schema.js';
import { formatEvaluation } from '../evaluate/format-evaluation.js';
import { JsonStreamSyntaxError, readJsonObjectStream } from '../lib/read-json-stream.js';
import { RingscanError } from '../schema/errors.js';
import { FindingsSchema, type Findings } from '../schema/findings.js';
import { describeDataError, messageOf } from './cli-errors.js';
import { readGroundTruth, resolveTruthPaths } from './read-ground-truth.js';
import { createProgress, type Progress } from './progress.js';
import { loadDatasetWithProgress } from './load-with-progress.js';
import { evaluateReviewsCommand } from './review-sample-command.js';

export const EvaluateCommandOptionsSchema = z.object({
  findings: z.string().min(1),
  data: z.string().min(1),
  truth: z.string().min(1).optional(),
  lookalikes: z.string().min(1).optional(),
  json: z.boolean().default(false),
});
export type EvaluateCommandOptions = z.input<typeof EvaluateCommandOptionsSchema>;

/** Reads and validates a findings JSON file, streamed (it can outgrow one string); every failure is a one-line RingscanError naming the file. */
export async function readFindingsFile(path: string): Promise<Findings> {
  let json: unknown;
  try {
    json = await readJsonObjectStream(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new RingscanError('MISSING_FILE', `findings file not found: ${path}`);
    if (error instanceof JsonStreamSyntaxError) throw new RingscanError('UNREADABLE_FILE', `findings file ${path} is not valid JSON: ${error.message}`);
    throw new RingscanError('UNREADABLE_FILE', `cannot read findings file ${path}: ${messageOf(error)}`);
  }
  try {
    return FindingsSchema.parse(json);
  } catch (error) {
    if (error instanceof ZodError) throw new RingscanError('UNREADABLE_FILE', `findings file ${path} is not ringscan findings: ${describeDataError(error)}`);
    throw error;
  }
}

/** The command as a library function: returns the evaluation and the text to print (table or JSON). */
export async function evaluateCommand(options: EvaluateCommandOptions, progress: Progress = createProgress()): Promise<{ evaluation: Evaluation; output: string }> {
  const { findings: findingsPath, data, json, ...truthFiles } = EvaluateCommandOptionsSchema.parse(options);
  const paths = resolveTruthPaths({ data, ...truthFiles });
  const findings = await readFindingsFile(findingsPath);
  // Evaluation needs the dataset's account ids only. Without implicit accounts (named only in links or actions)
  // they are accounts.ndjson alone, a small part of the input; otherwise, or when its count is not the run's, all.
  const isDeclaredOnly = findings.summary.implicitAccounts === 0;
  let { dataset } = await loadDatasetWithProgress(data, progress, isDeclaredOnly ? { only: ['accounts'] } : {});
  if (isDeclaredOnly && dataset.accounts.ids.length !== findings.summary.accounts) ({ dataset } = await loadDatasetWithProgress(data, progress));
  progress.stage('load truth');
  const truth = await readGroundTruth(dataset.accounts.ids, paths);
  progress.done('load truth', { rows: truth.accounts.length, unit: 'accounts' });
  progress.stage('evaluate');
  const evaluation = evaluateFindings(findings, truth);
  progress.done('evaluate', { rows: findings.accounts.length, unit: 'account risks' });
  return { evaluation, output: json ? `${JSON.stringify(evaluation, null, 2)}\n` : formatEvaluation(evaluation) };
}

export function registerEvaluateCommand(program: Command): void {
  program
    .command('evaluate')
    .description(
      'Compare findings with ground truth (--truth, by default DATA/truth.ndjson and DATA/lookalikes.ndjson; never the input labels): precision, recall, F1, PR-AUC, ring Jaccard, ARI, per-kind split, threshold sweep. ' +
        'With --reviews instead: estimate the precision of a run\'s flagged set from a filled review sample (no labels needed).',
    )
    .option('--findings <file>', 'findings JSON written by `ringscan run --out` (required unless --reviews)')
    .option('--data <dir>', 'the dataset folder the findings were computed on (required unless --reviews)')
    .option('--truth <file>', 'ground truth NDJSON: account, ring, kind per ring member (default DATA/truth.ndjson)')
    .option('--lookalikes <file>', 'look-alike kinds NDJSON: account, kind per other account (default DATA/lookalikes.ndjson when present)')
    .option('--reviews <file>', 'review file from `ringscan review-sample` with verdicts filled in')
    .option('--json', 'print the evaluation as JSON')
    .action(async (options: { findings?: string; data?: string; truth?: string; lookalikes?: string; reviews?: string; json?: boolean }) => {
      if (options.reviews !== undefined) {
        if (options.findings !== undefined || options.data !== undefined || options.truth !== undefined) {
          throw new RingscanError('BAD_USAGE', '--reviews estimates from the review file alone: drop --findings, --data and --truth');
        }
        process.stdout.write((await evaluateReviewsCommand({ reviews: options.reviews, json: options.json === true })).output);
        return;
      }
      for (const flag of ['findings <file>', 'data <dir>'] as const) {
        const key = flag.split(' ')[0] as 'findings' | 'data';
        if (options[key] === undefined) throw new RingscanError('BAD_USAGE', `required option '--${flag}' not specified (or pass --reviews FILE)`);
      }
      const { output } = await evaluateCommand({
        findings: options.findings!,
        data: options.data!,
        ...(options.truth === undefined ? {} : { truth: options.truth }),
        ...(options.lookalikes === undefined ? {} : { lookalikes: options.lookalikes }),
        json: options.json === true,
      });
      process.stdout.write(output);
    });
}
