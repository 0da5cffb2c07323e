// `ringscan review-sample` and `ringscan evaluate --reviews` on a stored run of generated data: the sample, the
// evidence, reviewers simulated from the generator's truth, and the estimate against the true flagged precision.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateReviewsCommand, reviewSampleCommand } from '../../src/cli/review-sample-command.js';
import { readStoredRun } from '../../src/cli/read-stored-run.js';
import { ReviewFileSchema, type ReviewFile } from '../../src/evaluate/review-file-schema.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { generateInto, recordRuns } from './generated-fixture.js';

let dir: string;
let store: string;
let labels: Map<string, string>;
let truePrecision: number;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringscan-review-'));
  const data = await generateInto(join(dir, 'data'), 6000, 21);
  await recordRuns(data, join(dir, 'runs.db'), [{}]);
  store = `sqlite:${join(dir, 'runs.db')}`;
  // reviewers know the truth: every ring member in truth.ndjson is fraud, anyone else benign
  const text = await readFile(join(data, 'truth.ndjson'), 'utf8');
  labels = new Map(
    text
      .trim()
      .split('\n')
      .map((line) => [(JSON.parse(line) as { account: string }).account, 'fraud']),
  );
  const opened = openSqliteStore(join(dir, 'runs.db'), { create: false });
  const rows = await readStoredRun(opened, undefined);
  await opened.close();
  const flagged = rows.accounts.filter((a) => a.flagged);
  truePrecision = flagged.filter((a) => labels.get(a.account) === 'fraud').length / flagged.length;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

/** The reviewers, simulated: each verdict is the generator's label. */
const fillFromLabels = (file: ReviewFile): ReviewFile => ({ ...file, items: file.items.map((item) => ({ ...item, verdict: labels.get(item.account) === 'fraud' ? 'fraud' : 'benign' })) });

describe('review-sample on a stored run', () => {
  it('writes 80 items in score bands with evidence; verdicts from labels give an interval holding the true precision', async () => {
    const out = join(dir, 'review.json');
    const { file, output } = await reviewSampleCommand({ store, n: 80, seed: 3, out });
    expect(ReviewFileSchema.parse(JSON.parse(await readFile(out, 'utf8')))).toEqual(file);
    expect(file.items).toHaveLength(80);
    expect(file.strata.reduce((sum, s) => sum + s.sampled, 0)).toBe(80);
    expect(output).toContain('ringscan evaluate --reviews');
    const withEvidence = file.items.filter((item) => item.evidence.ring !== null && item.evidence.ringReasons.length > 0);
    expect(withEvidence).toHaveLength(80);
    expect(file.items.some((item) => item.evidence.sharedIdentifiers.length > 0 || item.evidence.closestMembers.length > 0)).toBe(true);

    await writeFile(out, JSON.stringify(fillFromLabels(file)));
    const { estimate } = await evaluateReviewsCommand({ reviews: out });
    expect(estimate.reviewed).toBe(80);
    expect(estimate.low!).toBeLessThanOrEqual(truePrecision);
    expect(estimate.high!).toBeGreaterThanOrEqual(truePrecision);
    console.log(`6,000 accounts, ${file.flaggedAccounts} flagged: true precision ${truePrecision.toFixed(3)}, estimate from 80 reviews ${estimate.precision!.toFixed(3)} [${estimate.low!.toFixed(3)}, ${estimate.high!.toFixed(3)}]`);
  });

  it('the same seed draws the same accounts', async () => {
    const a = await reviewSampleCommand({ store, n: 30, seed: 8, out: join(dir, 'a.json') });
    const b = await reviewSampleCommand({ store, n: 30, seed: 8, out: join(dir, 'b.json') });
    expect(b.file.items.map((i) => i.account)).toEqual(a.file.items.map((i) => i.account));
  });

  it('an unknown run and a missing review file are one-line errors', async () => {
    await expect(reviewSampleCommand({ store, run: 'nope', out: join(dir, 'x.json') })).rejects.toThrow('no run nope in the store');
    await expect(evaluateReviewsCommand({ reviews: join(dir, 'missing.json') })).rejects.toThrow(/review file not found/);
  });
});

describe('ringscan review-sample / evaluate --reviews (built binary)', () => {
  const run = promisify(execFile);
  const bin = resolve('dist/src/cli/main.js');

  it('samples, then estimates from the filled file with --json; --reviews with --data exits 2', async () => {
    const out = join(dir, 'cli-review.json');
    const sampled = await run(process.execPath, [bin, 'review-sample', '--store', store, '--n', '40', '--seed', '2', '--out', out]);
    expect(sampled.stdout).toContain(`written to ${out}`);
    const file = ReviewFileSchema.parse(JSON.parse(await readFile(out, 'utf8')));
    await writeFile(out, JSON.stringify(fillFromLabels(file)));
    const { stdout } = await run(process.execPath, [bin, 'evaluate', '--reviews', out, '--json']);
    const estimate = JSON.parse(stdout) as { reviewed: number; precision: number };
    expect(estimate.reviewed).toBe(40);
    const table = await run(process.execPath, [bin, 'evaluate', '--reviews', out]);
    expect(table.stdout).toMatch(/precision of the flagged set \d\.\d{3}/);
    const both = await run(process.execPath, [bin, 'evaluate', '--reviews', out, '--data', dir]).catch((e: { code: number; stderr: string }) => e);
    expect(both).toMatchObject({ code: 2 });
  });
});
