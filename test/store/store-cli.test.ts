// `ringscan runs` and `ringscan export` through the real binary over a real SQLite store, and their formatters.
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField, csvLine, ndjsonLine } from '../../src/cli/export-command.js';
import { formatRuns } from '../../src/cli/runs-command.js';
import { recordRun } from '../../src/run/record-run.js';
import type { RunRecord } from '../../src/schema/run.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { runCli } from '../helpers/run-cli.js';
import { accountsNamed, makeFindings } from './findings-fixture.js';

const findings = () =>
  makeFindings([
    { id: 'c0', members: ['acme, inc', 'say "hi"', ...accountsNamed('a', 3)], score: 0.9 },
    { id: 'c1', members: accountsNamed('b', 4), score: 0.6 },
    { id: 'c2', members: accountsNamed('c', 4), score: 0.2 },
  ]);

describe('ringscan runs / export (the real binary)', () => {
  let dir: string;
  let store: string;
  let runs: RunRecord[];
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringscan-store-cli-'));
    const path = join(dir, 'store.db');
    store = `sqlite:${path}`;
    const db = openSqliteStore(path);
    runs = [
      await recordRun(db, findings(), { dataset: 'day1', startedAt: '2025-02-01T01:00:00Z', finishedAt: '2025-02-01T01:02:00Z', codeVersion: 't' }),
      await recordRun(db, findings(), { dataset: 'day2', startedAt: '2025-02-02T01:00:00Z', finishedAt: '2025-02-02T01:02:00Z', codeVersion: 't' }),
    ];
    await db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('runs lists the runs newest first and marks the current one', () => {
    const result = runCli(['runs', '--store', store]);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^\s+run\s+finished\s+dataset\s+rings\s+flagged\s+accounts\s+new\s+dissolved\s+alerts$/);
    expect(lines[1]).toMatch(new RegExp(`^\\*\\s+${runs[1]!.id}\\s+2025-02-02T01:02:00Z\\s+day2\\s+3\\s+2\\s+9\\s+0\\s+0\\s+0$`));
    expect(lines[2]).toMatch(new RegExp(`^\\s+${runs[0]!.id}\\s+2025-02-01T01:02:00Z\\s+day1\\s+3\\s+2\\s+9\\s+3\\s+0\\s+0$`));
    expect(lines[3]).toBe('* current run');
  });

  it('runs --json prints the run records', () => {
    const result = runCli(['runs', '--store', store, '--json']);
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toEqual([runs[1], runs[0]]);
  });

  it('export streams NDJSON rows of the flagged rings of the current run to stdout', () => {
    const result = runCli(['export', '--store', store, '--format', 'ndjson']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    const rows = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(rows).toHaveLength(9);
    expect(Object.keys(rows[0]!)).toEqual(['account', 'ring', 'ringScore', 'risk', 'role', 'flagged', 'reasons']);
    expect(rows[0]).toMatchObject({ account: 'a0', ringScore: 0.9, flagged: true });
    expect(rows.some((row) => row.account === 'acme, inc')).toBe(true);
  });

  it('export --format csv --min-score 0 includes unflagged rings and quotes awkward ids', () => {
    const result = runCli(['export', '--store', store, '--format', 'csv', '--min-score', '0', '--run', runs[0]!.id]);
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines[0]).toBe('account,ring,ringScore,risk,role,flagged,reasons');
    expect(lines).toHaveLength(1 + 13);
    const ring = rowsRing(lines, 'a0');
    expect(lines.some((line) => line.startsWith(`"acme, inc",${ring},0.9,0.9,coordinator,true,`))).toBe(true);
    expect(lines.some((line) => line.startsWith(`"say ""hi""",${ring},0.9,0.891,member,true,`))).toBe(true);
    expect(lines.filter((line) => /,false,[^,]*$/.test(line))).toHaveLength(4);
  });

  it('export --out writes the file only when complete and reports the row count on stderr', () => {
    const out = join(dir, 'export.ndjson');
    const result = runCli(['export', '--store', store, '--out', out]);
    expect(result).toMatchObject({ code: 0, stdout: '', stderr: `9 rows written to ${out}\n` });
    expect(readFileSync(out, 'utf8').trim().split('\n')).toHaveLength(9);
    const failed = runCli(['export', '--store', store, '--run', 'nope', '--out', join(dir, 'never.ndjson')]);
    expect(failed).toMatchObject({ code: 1, stderr: 'ringscan: run nope not found\n' });
    expect(existsSync(join(dir, 'never.ndjson'))).toBe(false);
  });

  it('bad usage exits 2: an unknown store kind in one line, an unknown format named by commander', () => {
    const bogus = runCli(['runs', '--store', 'bogus:thing']);
    expect(bogus).toMatchObject({ code: 2, stderr: "ringscan: unknown store 'bogus:thing': use sqlite:PATH or neo4j\n" });
    const xml = runCli(['export', '--store', store, '--format', 'xml']);
    expect(xml.code).toBe(2);
    expect(xml.stderr).toMatch(/'xml' is invalid/);
  });

  it('a missing store file or directory, a corrupt file and an unreachable Neo4j are one-line errors with exit 1', () => {
    const noDir = runCli(['export', '--store', 'sqlite:/nonexistent-dir/x.db']);
    expect(noDir).toMatchObject({ code: 1, stderr: 'ringscan: cannot open store /nonexistent-dir/x.db: directory /nonexistent-dir does not exist\n' });

    const missing = runCli(['runs', '--store', `sqlite:${join(dir, 'absent.db')}`]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toMatch(/^ringscan: no store at .*absent\.db/);
    expect(existsSync(join(dir, 'absent.db'))).toBe(false);

    const corrupt = join(dir, 'corrupt.db');
    writeFileSync(corrupt, 'x'.repeat(8192));
    const bad = runCli(['export', '--store', `sqlite:${corrupt}`]);
    expect(bad.code).toBe(1);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    expect(bad.stderr).toMatch(/is not a usable ringscan store: file is not a database/);

    const noUri = runCli(['runs', '--store', 'neo4j'], { env: { NEO4J_URI: '' } });
    expect(noUri.code).toBe(1);
    expect(noUri.stderr).toMatch(/^ringscan: NEO4J_URI is not set/);
    const unreachable = runCli(['runs', '--store', 'neo4j'], { env: { NEO4J_URI: 'neo4j://127.0.0.1:9', NEO4J_PASSWORD: 'x' } });
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr.trim().split('\n')).toHaveLength(1);
    expect(unreachable.stderr).toMatch(/^ringscan: cannot reach Neo4j at neo4j:\/\/127\.0\.0\.1:9/);
  });
});

/** The ring id on the line of `account` (ring ids are hashes, so read them back). */
function rowsRing(lines: string[], account: string): string {
  return lines.find((line) => line.startsWith(`${account},`))!.split(',')[1]!;
}

describe('export and runs formatting', () => {
  it('CSV fields are quoted only when they hold a comma, quote or line break', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "x"')).toBe('"say ""x"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    const row = { account: 'a,1', ring: 'R1', ringScore: 0.5, risk: 0.25, role: 'member', flagged: false, reasons: ['shares a device', 'created in a burst'] };
    expect(csvLine(row)).toBe('"a,1",R1,0.5,0.25,member,false,shares a device | created in a burst\n');
    expect(JSON.parse(ndjsonLine(row))).toEqual(row);
  });

  it('an empty history says so', () => {
    expect(formatRuns([], null)).toBe('no runs recorded yet\n');
  });
});
