// The evaluate command on real files in a temp dir: as a library call, and as the built binary in a child process.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluateCommand } from '../../src/cli/evaluate-command.js';
import { createProgress, type Progress } from '../../src/cli/progress.js';
import { EvaluationSchema } from '../../src/evaluate/evaluation-schema.js';
import { RingscanError } from '../../src/schema/errors.js';
import { findingsOf, idsOf } from './fixtures.js';

const quiet: Progress = createProgress(false);
const ndjson = (rows: object[]) => rows.map((r) => JSON.stringify(r)).join('\n') + '\n';
const farm = idsOf('farm', 5);
const users = idsOf('user', 6);

let dir: string;
let data: string;
let unlabelled: string;
let findingsPath: string;
let elsewhere: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringscan-evaluate-'));
  data = join(dir, 'data');
  unlabelled = join(dir, 'unlabelled');
  const accounts = ndjson([...farm, ...users].map((id) => ({ id, createdAt: '2024-05-01T00:00:00Z' })));
  const links = ndjson([...farm.map((account) => ({ account, type: 'device', value: 'd1' })), ...users.map((account, i) => ({ account, type: 'device', value: `u${i}` }))]);
  // the input labels know one farm account and one household member; the truth knows everyone
  const labels = ndjson([{ account: farm[0], label: 'fraud' }, { account: users[1], label: 'benign' }]);
  const truth = ndjson(farm.map((account) => ({ account, ring: 'R1', kind: 'device_farm' })));
  const lookalikes = ndjson(users.map((account) => ({ account, kind: 'household' })));
  for (const [folder, files] of [
    [data, { accounts, links, labels, truth, lookalikes }],
    [unlabelled, { accounts, links, labels }],
  ] as const) {
    await mkdir(folder);
    for (const [name, text] of Object.entries(files)) await writeFile(join(folder, `${name}.ndjson`), text);
  }
  elsewhere = join(dir, 'truth-elsewhere.ndjson');
  await writeFile(elsewhere, truth);
  findingsPath = join(dir, 'findings.json');
  // 4 of the 5 farm accounts in a flagged ring, with one household account
  await writeFile(findingsPath, JSON.stringify(findingsOf([{ id: 'ring-1', flagged: true, members: [...farm.slice(0, 4), users[0]!] }])));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('evaluateCommand', () => {
  it('4 of 5 farm accounts plus 1 household flagged: P = R = 0.8, Jaccard 4/6, 1 look-alike false positive', async () => {
    const { evaluation, output } = await evaluateCommand({ findings: findingsPath, data }, quiet);
    expect(evaluation.accounts).toEqual({ tp: 4, fp: 1, fn: 1, tn: 5, precision: 0.8, recall: 0.8, f1: 0.8 });
    expect(evaluation.rings.meanBestJaccard).toBeCloseTo(4 / 6, 12);
    expect(evaluation.byKind.benign).toEqual([{ kind: 'household', accounts: 6, accountsFlagged: 1, flaggedShare: 1 / 6 }]);
    expect(output).toContain('precision 0.800  recall 0.800  F1 0.800');
  });

  it('--json prints an object that parses as an Evaluation', async () => {
    const { output } = await evaluateCommand({ findings: findingsPath, data, json: true }, quiet);
    const parsed = EvaluationSchema.parse(JSON.parse(output));
    expect(parsed.accounts.tp).toBe(4);
  });

  it('truth comes from --truth, never from the input labels: a dataset with labels but no truth file is a one-line MISSING_FILE error', async () => {
    await expect(evaluateCommand({ findings: findingsPath, data: unlabelled }, quiet)).rejects.toMatchObject({ code: 'MISSING_FILE', message: expect.stringMatching(/no ground truth: .*truth\.ndjson does not exist/) });
  });

  it('--truth FILE elsewhere: the same account figures; without --lookalikes the other accounts are benign without a kind', async () => {
    const { evaluation } = await evaluateCommand({ findings: findingsPath, data: unlabelled, truth: elsewhere }, quiet);
    expect(evaluation.accounts).toEqual({ tp: 4, fp: 1, fn: 1, tn: 5, precision: 0.8, recall: 0.8, f1: 0.8 });
    expect(evaluation.byKind.benign).toEqual([]);
    expect(evaluation.byKind.fraud.map((k) => [k.kind, k.accounts])).toEqual([['device_farm', 5]]);
  });

  it('a bad truth line is a one-line error naming file and line', async () => {
    const bad = join(dir, 'bad-truth.ndjson');
    await writeFile(bad, '{"account":"a","ring":"R"}\n{"ring":"R"}\n');
    await expect(evaluateCommand({ findings: findingsPath, data, truth: bad }, quiet)).rejects.toMatchObject({ code: 'UNREADABLE_FILE', message: expect.stringMatching(/bad-truth\.ndjson:2: account: /) });
    await expect(evaluateCommand({ findings: findingsPath, data, truth: join(dir, 'absent.ndjson') }, quiet)).rejects.toMatchObject({ code: 'MISSING_FILE', message: expect.stringMatching(/truth file not found/) });
  });

  it('a missing, non-JSON or wrongly shaped findings file is a one-line error naming the file', async () => {
    const notJson = join(dir, 'not-json.json');
    const wrongShape = join(dir, 'wrong-shape.json');
    await writeFile(notJson, '{"formatVersion": 1,');
    await writeFile(wrongShape, JSON.stringify({ ...findingsOf([]), accounts: [{ account: 'a', risk: 2 }] }));
    for (const [path, code, pattern] of [
      [join(dir, 'absent.json'), 'MISSING_FILE', /findings file not found/],
      [notJson, 'UNREADABLE_FILE', /is not valid JSON/],
      [wrongShape, 'UNREADABLE_FILE', /not ringscan findings: invalid accounts\.0\.risk/],
    ] as const) {
      const error = await evaluateCommand({ findings: path, data }, quiet).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(RingscanError);
      expect(error).toMatchObject({ code, message: expect.stringMatching(pattern) });
      expect((error as Error).message).not.toContain('\n');
    }
  });

  it('reads only accounts.ndjson when the run saw no implicit accounts: broken links and no actions change nothing', async () => {
    const declared = join(dir, 'declared-only');
    await mkdir(declared);
    for (const name of ['accounts', 'truth', 'lookalikes']) await writeFile(join(declared, `${name}.ndjson`), await readFile(join(data, `${name}.ndjson`)));
    await writeFile(join(declared, 'links.ndjson'), 'not json at all\n');
    const ofRun = { ...findingsOf([{ id: 'ring-1', flagged: true, members: [...farm.slice(0, 4), users[0]!] }]) };
    ofRun.summary = { ...ofRun.summary, accounts: farm.length + users.length, implicitAccounts: 0 };
    const path = join(dir, 'findings-of-run.json');
    await writeFile(path, JSON.stringify(ofRun));
    const intact = await evaluateCommand({ findings: path, data }, quiet);
    const { evaluation } = await evaluateCommand({ findings: path, data: declared }, quiet);
    expect(evaluation).toEqual(intact.evaluation);
    expect(evaluation.accounts).toEqual({ tp: 4, fp: 1, fn: 1, tn: 5, precision: 0.8, recall: 0.8, f1: 0.8 });
  });

  it('reads every file when the run saw implicit accounts: an account named only in links counts as a benign account', async () => {
    const withGhost = join(dir, 'with-ghost');
    await mkdir(withGhost);
    for (const name of ['accounts', 'truth', 'lookalikes']) await writeFile(join(withGhost, `${name}.ndjson`), await readFile(join(data, `${name}.ndjson`)));
    await writeFile(join(withGhost, 'links.ndjson'), `${await readFile(join(data, 'links.ndjson'), 'utf8')}${JSON.stringify({ account: 'ghost', type: 'device', value: 'g1' })}\n`);
    const ofRun = { ...findingsOf([{ id: 'ring-1', flagged: true, members: [...farm.slice(0, 4), users[0]!] }]) };
    ofRun.summary = { ...ofRun.summary, accounts: farm.length + users.length + 1, implicitAccounts: 1 };
    const path = join(dir, 'findings-with-ghost.json');
    await writeFile(path, JSON.stringify(ofRun));
    const { evaluation } = await evaluateCommand({ findings: path, data: withGhost }, quiet);
    expect(evaluation.accounts).toEqual({ tp: 4, fp: 1, fn: 1, tn: 6, precision: 0.8, recall: 0.8, f1: 0.8 });
  });
});

const bin = resolve('dist/src/cli/main.js');
const run = promisify(execFile);

describe('ringscan evaluate (built binary, `npm test` builds it first)', () => {
  it('prints the table and exits 0; --json prints the Evaluation', async () => {
    expect(existsSync(resolve('dist/src/cli/evaluate-command.js')), 'dist is stale: run `npm run build`').toBe(true);
    const table = await run(process.execPath, [bin, 'evaluate', '--findings', findingsPath, '--data', data]);
    expect(table.stdout).toMatch(/^fraud kind/m);
    expect(table.stdout).toMatch(/← best F1/);
    expect(table.stderr).toBe('');
    const json = await run(process.execPath, [bin, 'evaluate', '--findings', findingsPath, '--data', data, '--json']);
    expect(EvaluationSchema.parse(JSON.parse(json.stdout)).accounts.f1).toBeCloseTo(0.8, 12);
  });

  it('no truth exits 1 with one line on stderr; --truth FILE works; a missing flag exits 2', async () => {
    const noTruth = await run(process.execPath, [bin, 'evaluate', '--findings', findingsPath, '--data', unlabelled]).catch((e: { code: number; stderr: string }) => e);
    expect(noTruth).toMatchObject({ code: 1 });
    expect((noTruth as { stderr: string }).stderr).toMatch(/^ringscan: no ground truth: [^\n]*\n$/);
    const withTruth = await run(process.execPath, [bin, 'evaluate', '--findings', findingsPath, '--data', unlabelled, '--truth', elsewhere, '--json']);
    expect(EvaluationSchema.parse(JSON.parse(withTruth.stdout)).accounts.f1).toBeCloseTo(0.8, 12);
    const missingFlag = await run(process.execPath, [bin, 'evaluate', '--data', data]).catch((e: { code: number; stderr: string }) => e);
    expect(missingFlag).toMatchObject({ code: 2 });
    expect((missingFlag as { stderr: string }).stderr).toContain("required option '--findings <file>' not specified");
  });

  it('evaluates what `ringscan run --out` writes: the findings validate and the flagged count agrees', async () => {
    const runOut = join(dir, 'run-findings.json');
    await run(process.execPath, [bin, 'run', '--data', data, '--out', runOut, '--no-store']);
    const { stdout } = await run(process.execPath, [bin, 'evaluate', '--findings', runOut, '--data', data, '--json']);
    const evaluation = EvaluationSchema.parse(JSON.parse(stdout));
    const written = JSON.parse(await readFile(runOut, 'utf8')) as { summary: { accountsFlagged: number } };
    expect(evaluation.counts).toMatchObject({ accounts: 11, fraud: 5, benign: 6, findingsAccountsNotInTruth: 0 });
    expect(evaluation.counts.flagged).toBe(written.summary.accountsFlagged);
  });
});
