// `ringscan review-sample`: draw a stratified sample of a stored run's flagged accounts with reviewer evidence, and
// (for `ringscan evaluate --reviews`) read a filled review file back into a precision estimate. No labels needed.
import { readFile, writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z, ZodError } from 'zod';
import { buildReviewFile } from '../evaluate/build-review-file.js';
import { formatPrecisionEstimate } from '../evaluate/format-review-estimate.js';
import { resolveRun } from './read-stored-run.js';
import { estimateReviewedPrecision, type PrecisionEstimate } from '../evaluate/review-estimate.js';
import { reviewEvidence } from '../evaluate/review-evidence.js';
import { ReviewFileSchema, type ReviewEvidence, type ReviewFile } from '../evaluate/review-file-schema.js';
import { drawReviewSample, REVIEW_SAMPLE_DEFAULTS, type ReviewCandidate } from '../evaluate/review-sample.js';
import { RingscanError } from '../schema/errors.js';
import type { RingGraph } from '../schema/findings.js';
import type { StoredRing } from '../schema/run.js';
import type { FindingsStore } from '../store/findings-store.js';
import { openStore } from '../store/open-store.js';
import { describeDataError, messageOf } from './cli-errors.js';
import { createProgress } from './progress.js';

const number = z.coerce.number({ error: 'must be a number' });

export const ReviewSampleCommandOptionsSchema = z.object({
  store: z.string().optional(),
  run: z.string().optional(),
  n: number.pipe(z.number().int().min(1)).default(REVIEW_SAMPLE_DEFAULTS.n),
  seed: number.pipe(z.number().int()).default(REVIEW_SAMPLE_DEFAULTS.seed),
  strata: number.pipe(z.number().int().min(1).max(20)).default(REVIEW_SAMPLE_DEFAULTS.strata),
  minPerStratum: number.pipe(z.number().int().min(0)).default(REVIEW_SAMPLE_DEFAULTS.minPerStratum),
  out: z.string().min(1),
  json: z.boolean().default(false),
});
export type ReviewSampleCommandOptions = z.input<typeof ReviewSampleCommandOptionsSchema>;

interface FlaggedCandidate extends ReviewCandidate {
  ring: string;
}

/** Draws the sample from the store and writes the review file; returns it with a one-paragraph summary. */
export async function reviewSampleCommand(options: ReviewSampleCommandOptions): Promise<{ file: ReviewFile; output: string }> {
  const o = ReviewSampleCommandOptionsSchema.parse(options);
  const store = await openStore(o.store, { create: false });
  let file: ReviewFile;
  try {
    const run = await resolveRun(store, o.run);
    const candidates = new Map<string, FlaggedCandidate>();
    const progress = createProgress();
    progress.stage('read flagged members');
    let read = 0;
    for await (const row of store.exportMembers({ run: run.id })) {
      if ((++read & 0xfff) === 0) progress.count('read flagged members', read);
      if (!row.flagged) continue;
      const known = candidates.get(row.account);
      if (!known || row.risk > known.risk) candidates.set(row.account, { account: row.account, risk: row.risk, ring: row.ring });
    }
    progress.done('read flagged members', { rows: read, unit: 'members' });
    const draw = drawReviewSample([...candidates.values()], { n: o.n, seed: o.seed, strata: o.strata, minPerStratum: o.minPerStratum });
    const evidence = await collectEvidence(store, run.id, draw.picks.map((p) => p.candidate));
    file = buildReviewFile(run.id, draw, (c) => evidence.get(c.account)!, { seed: o.seed, requested: o.n, minPerStratum: o.minPerStratum });
  } finally {
    await store.close();
  }
  await writeFile(o.out, `${JSON.stringify(file, null, 2)}\n`);
  const bands = file.strata.map((s) => `band ${s.stratum} (risk ${s.riskFrom.toFixed(3)}–${s.riskTo.toFixed(3)}): ${s.sampled} of ${s.population}`);
  const summary = `${file.items.length} of ${file.flaggedAccounts} flagged accounts of run ${file.run} written to ${o.out}\n${bands.join('\n')}\nfill each "verdict" (fraud, benign or unsure), then run: ringscan evaluate --reviews ${o.out}\n`;
  return { file, output: o.json ? `${JSON.stringify({ run: file.run, out: o.out, flaggedAccounts: file.flaggedAccounts, sampled: file.items.length, strata: file.strata })}\n` : summary };
}

async function collectEvidence(store: FindingsStore, run: string, picks: readonly FlaggedCandidate[]): Promise<Map<string, ReviewEvidence>> {
  const rings = new Map<string, { ring: StoredRing | null; graph: RingGraph | null }>();
  const accounts = await store.getAccountsRisk(
    picks.map((p) => p.account),
    { run },
  );
  const out = new Map<string, ReviewEvidence>();
  for (const [k, pick] of picks.entries()) {
    let ring = rings.get(pick.ring);
    if (!ring) {
      ring = { ring: await store.getRing(pick.ring, { run }), graph: await store.getRingGraph(pick.ring, { run }) };
      rings.set(pick.ring, ring);
    }
    out.set(pick.account, reviewEvidence(accounts[k]!, ring.ring, ring.graph));
  }
  return out;
}

/** Reads and validates a review file; every failure is a one-line RingscanError naming the file. */
export async function readReviewFile(path: string): Promise<ReviewFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') throw new RingscanError('MISSING_FILE', `review file not found: ${path}`);
    throw new RingscanError('UNREADABLE_FILE', `cannot read review file ${path}: ${messageOf(error)}`);
  }
  try {
    return ReviewFileSchema.parse(JSON.parse(text));
  } catch (error) {
    if (error instanceof ZodError) throw new RingscanError('UNREADABLE_FILE', `review file ${path} is not a ringscan review sample: ${describeDataError(error)}`);
    throw new RingscanError('UNREADABLE_FILE', `review file ${path} is not valid JSON: ${messageOf(error)}`);
  }
}

/** `ringscan evaluate --reviews FILE`: precision of the flagged set from the reviewers' verdicts. */
export async function evaluateReviewsCommand(options: { reviews: string; json?: boolean; confidence?: number }): Promise<{ estimate: PrecisionEstimate; output: string }> {
  const estimate = estimateReviewedPrecision(await readReviewFile(options.reviews), options.confidence ?? 0.95);
  return { estimate, output: options.json ? `${JSON.stringify(estimate, null, 2)}\n` : formatPrecisionEstimate(estimate) };
}

export function registerReviewSampleCommand(program: Command): void {
  program
    .command('review-sample')
    .description('Draw a stratified sample (score bands) of a stored run\'s flagged accounts for human review, with the evidence reviewers need')
    .option('--store <spec>', 'findings store: sqlite:PATH or neo4j (default: RINGSCAN_STORE, else sqlite:ringscan.db)')
    .option('--run <id>', 'run to sample (default: the current run)')
    .option('--n <n>', `accounts to sample (default ${REVIEW_SAMPLE_DEFAULTS.n})`)
    .option('--seed <n>', `sampling seed (default ${REVIEW_SAMPLE_DEFAULTS.seed})`)
    .option('--strata <n>', `score bands, cut at risk quantiles (default ${REVIEW_SAMPLE_DEFAULTS.strata})`)
    .option('--min-per-stratum <n>', `reviews every band gets before proportional allocation (default ${REVIEW_SAMPLE_DEFAULTS.minPerStratum})`)
    .requiredOption('--out <file>', 'review file to write (JSON; reviewers fill each "verdict")')
    .option('--json', 'print a JSON summary')
    .action(async (raw: Record<string, unknown>) => {
      const { output } = await reviewSampleCommand(raw as ReviewSampleCommandOptions);
      process.stdout.write(output);
    });
}
