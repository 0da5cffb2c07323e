import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { ZodError } from 'zod';
import { exitCodeOf, messageOf } from '../../src/cli/cli-errors.js';
import { registerGenerateCommand, runGenerateCommand } from '../../src/cli/generate-command.js';
import { runCli } from '../helpers/run-cli.js';

const tempDir = () => mkdtempSync(join(tmpdir(), 'ringscan-gencli-'));

function capture() {
  const chunks: string[] = [];
  return { write: (text: string) => chunks.push(text), text: () => chunks.join('') };
}

describe('runGenerateCommand (in process)', () => {
  it('maps flags to generator options: only-types, rename-types, no-actions, csv', async () => {
    const out = join(tempDir(), 'data');
    const stdout = capture();
    const result = await runGenerateCommand(
      { out, accounts: '400', seed: '3', onlyTypes: 'ip,phone', renameTypes: 'phone=msisdn', links: true, actions: false, format: 'csv', json: true },
      stdout,
    );
    const types = new Set(readFileSync(join(out, 'links.csv'), 'utf8').trimEnd().split('\n').slice(1).map((line) => line.split(',')[1]));
    expect(types).toEqual(new Set(['ip', 'msisdn']));
    expect(readFileSync(join(out, 'actions.csv'), 'utf8')).toBe('account,action,target,ts\n');
    const printed = JSON.parse(stdout.text()) as { summary: { records: { accounts: number } }; elapsedMs: number };
    expect(printed.summary.records.accounts).toBe(400);
    expect(result.summary.options.seed).toBe(3);
  });

  it('commander wiring: --kind-mix and --fraud-share reach the generator; a bad value is a ZodError (exit 2)', async () => {
    const out = join(tempDir(), 'data');
    const program = new Command('ringscan').exitOverride();
    registerGenerateCommand(program);
    await program.parseAsync(['generate', '--out', out, '--accounts', '1500', '--fraud-share', '0.1', '--kind-mix', 'card_ring=1', '--big-farm', '40,4,2,30', '--json'], { from: 'user' });
    const kinds = new Set(readFileSync(join(out, 'truth.ndjson'), 'utf8').trimEnd().split('\n').map((l) => (JSON.parse(l) as { kind: string }).kind));
    expect(kinds).toEqual(new Set(['card_ring', 'big_farm']));
    const badFarm = await runGenerateCommand({ out: tempDir(), bigFarm: '1500,120' }, capture()).catch((e: unknown) => e);
    expect(messageOf(badFarm)).toMatch(/SIZE,DEVICES,DEVICES_PER_ACCOUNT,MINUTES/);

    const error = await runGenerateCommand({ out: tempDir(), accounts: 'many' }, capture()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ZodError);
    expect(exitCodeOf(error)).toBe(2);
    expect(messageOf(error)).toMatch(/^invalid --accounts: must be a number/);
    const badType = await runGenerateCommand({ out: tempDir(), onlyTypes: 'ip,bogus' }, capture()).catch((e: unknown) => e);
    expect(messageOf(badType)).toMatch(/invalid --only-types.*must be among device, ip/);
    const badPair = await runGenerateCommand({ out: tempDir(), renameTypes: 'device' }, capture()).catch((e: unknown) => e);
    expect(messageOf(badPair)).toMatch(/not NAME=VALUE/);
    const badShare = await runGenerateCommand({ out: tempDir(), fraudShare: '0.9' }, capture()).catch((e: unknown) => e);
    expect(messageOf(badShare)).toMatch(/^invalid --fraud-share: must be at most/);
    const badFormat = await runGenerateCommand({ out: tempDir(), format: 'xml' }, capture()).catch((e: unknown) => e);
    expect(messageOf(badFormat)).toMatch(/^invalid --format: /);
    await expect(program.parseAsync(['generate'], { from: 'user' })).rejects.toThrow(/required option '--out <dir>'/);
  });
});

describe('ringscan generate (the real binary)', () => {
  it('writes the dataset and prints a summary table', () => {
    const out = join(tempDir(), 'sample');
    const result = runCli(['generate', '--out', out, '--accounts', '1200', '--seed', '7', '--fraud-share', '0.08']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['accounts.ndjson', 'actions.ndjson', 'labels.ndjson', 'links.ndjson', 'lookalikes.ndjson', 'truth.ndjson']);
    expect(result.stdout).toMatch(/^wrote .*sample \(ndjson\)/);
    expect(result.stdout).toMatch(/device_farm\s+\d+\s+\d+/);
    expect(result.stdout).toMatch(/household\s+\d+/);
    expect(result.stdout).toMatch(/accounts\.ndjson\s+1,200/);
  });

  it('--json prints one JSON line; --gzip writes .ndjson.gz', () => {
    const out = join(tempDir(), 'gz');
    const result = runCli(['generate', '--out', out, '--accounts', '300', '--gzip', '--json']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { files: { path: string; bytes: number }[]; summary: { records: { truth: number; lookalikes: number } } };
    expect(parsed.summary.records.truth + parsed.summary.records.lookalikes).toBe(300);
    expect(parsed.files.map((f) => f.path.slice(out.length + 1)).sort()).toEqual([
      'accounts.ndjson.gz',
      'actions.ndjson.gz',
      'labels.ndjson.gz',
      'links.ndjson.gz',
      'lookalikes.ndjson',
      'truth.ndjson',
    ]);
  });

  it('a bad value or a non-empty folder exits 2 with one line', () => {
    const full = tempDir();
    writeFileSync(join(full, 'x.txt'), 'x');
    const cases: [string[], RegExp][] = [
      [['generate', '--out', tempDir(), '--accounts', 'abc'], /^ringscan: invalid --accounts: /],
      [['generate', '--out', full, '--fraud-share', '0.2'], /^ringscan: output directory .* is not empty/],
    ];
    for (const [args, message] of cases) {
      const result = runCli(args);
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr, args.join(' ')).toMatch(message);
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
    }
  });
});
