import { existsSync, mkdtempSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { FindingsSchema } from '../../src/schema/findings.js';
import { CLI, runCli } from '../helpers/run-cli.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'graphs', 'sample');

describe('ringscan run (the real binary)', () => {
  it('prints the top rings with reasons on graphs/sample and writes findings that validate', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'ringscan-cli-')), 'findings.json');
    const result = runCli(['run', '--data', SAMPLE, '--out', out, '--no-store']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/candidate rings, \d+ flagged/);
    expect(result.stdout).toMatch(/score [01]\.\d\d/);
    expect(result.stdout).toMatch(/accounts share|created within|of the same targets/);
    const findings = FindingsSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    expect(findings.summary.ringsFlagged).toBeGreaterThan(0);
  });

  it('with RINGSCAN_PROGRESS=1, every step ends with a stderr line of its count, time and rate; --json stdout stays one JSON document', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringscan-progress-'));
    const out = join(dir, 'findings.json');
    const result = runCli(['run', '--data', SAMPLE, '--store', `sqlite:${join(dir, 'runs.db')}`, '--out', out, '--json'], { env: { RINGSCAN_PROGRESS: '1' } });
    expect(result.code).toBe(0);
    expect(() => JSON.parse(result.stdout)).not.toThrow();
    expect(result.stdout).not.toMatch(/[…✓]/);
    const findings = FindingsSchema.parse(JSON.parse(readFileSync(out, 'utf8')));
    const s = findings.summary;
    /** The count on the ✓ line of `stage`, checking the line has a time and a rate in the same unit. */
    const countOf = (stage: string, unit: string): { rows: number; line: string } => {
      const line = result.stderr.split('\n').find((l) => l.startsWith(`✓ ${stage} (`));
      expect(line, `a done line for ${stage} in:\n${result.stderr}`).toBeDefined();
      const match = new RegExp(`^✓ ${stage} \\(\\d+\\.\\d s\\) ([\\d,]+) ${unit} \\([\\d,]+ ${unit}/s\\)`).exec(line!);
      expect(match, line).not.toBeNull();
      return { rows: Number(match![1]!.replace(/,/g, '')), line: line! };
    };
    const read = Object.values(s.files).reduce((sum, f) => sum + f.read, 0);
    expect(countOf('ingest', 'rows').rows).toBe(read);
    expect(countOf('bipartite', 'links').rows).toBe(s.links);
    expect(countOf('identifier-edges', 'links').rows).toBe(s.links);
    expect(countOf('synchrony-edges', 'actions').rows).toBe(s.actions);
    expect(countOf('merge', 'accounts').rows).toBe(s.accounts);
    const communities = countOf('communities', 'accounts');
    expect(communities.rows).toBe(s.accounts);
    expect(communities.line).toContain(`→ ${s.communities} communities`);
    const scoring = countOf('scoring', 'rings');
    expect(scoring.rows).toBe(s.rings);
    expect(scoring.line).toContain(`→ ${s.ringsFlagged} flagged`);
    expect(countOf('centrality', 'members').rows).toBe(findings.members.length);
    expect(countOf('assemble', 'account risks').rows).toBe(findings.accounts.length);
    const detect = countOf('detect', 'accounts');
    expect(detect.line).toContain(`→ ${s.graph.edges.toLocaleString('en-US')} edges`);
    expect(detect.line).toContain(`${s.graph.synchronyEdges.toLocaleString('en-US')} synchrony pairs`);
    expect(countOf('store', 'accounts').rows).toBe(findings.accounts.length);
    expect(countOf('write findings', 'rows').rows).toBe(findings.rings.length + findings.members.length + findings.accounts.length + findings.graphs.length);
    // nothing but progress lines on stderr
    for (const line of result.stderr.trim().split('\n')) expect(line).toMatch(/^[…✓] /);
  });

  it('RINGSCAN_PROGRESS=0 keeps stderr empty', () => {
    const result = runCli(['run', '--data', SAMPLE, '--no-store', '--json'], { env: { RINGSCAN_PROGRESS: '0' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(() => JSON.parse(result.stdout)).not.toThrow();
  });

  it('prints machine-readable JSON with --json', () => {
    const result = runCli(['run', '--data', SAMPLE, '--json', '--top', '3', '--no-store']);
    expect(result.code).toBe(0);
    const parsed = JSON.parse(result.stdout) as { summary: { accounts: number }; rings: unknown[] };
    expect(parsed.summary.accounts).toBeGreaterThan(1000);
    expect(parsed.rings.length).toBeLessThanOrEqual(3);
  });

  it('a missing dataset folder is a one-line error and exit 1', () => {
    const result = runCli(['run', '--data', '/nonexistent/ringscan-data']);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(result.stderr).toMatch(/^ringscan: .*\/nonexistent\/ringscan-data/);
  });

  it('a folder without a links file names the missing file', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringscan-cli-'));
    writeFileSync(join(dir, 'accounts.ndjson'), '{"id":"a","createdAt":1}\n');
    const result = runCli(['run', '--data', dir]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/no links file/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it('a broken input contract is one line on stderr and exit 1: a missing CSV column, a file with every row rejected, --max-reject-rate', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringscan-cli-'));
    writeFileSync(join(dir, 'accounts.ndjson'), '{"id":"a","createdAt":"2024-01-01T00:00:00Z"}\n{"id":"b","createdAt":"hello 2020"}\n');
    writeFileSync(join(dir, 'links.csv'), 'account,kind,value\na,ip,1.2.3.4\n');
    const header = runCli(['run', '--data', dir, '--no-store']);
    expect(header.code).toBe(1);
    expect(header.stderr).toBe('ringscan: links.csv: the header has no column type (it has: account, kind, value; links needs account, type, value)\n');
    writeFileSync(join(dir, 'links.csv'), 'account,type,value\na,ip,1.2.3.4\n');
    const rate = runCli(['run', '--data', dir, '--no-store', '--max-reject-rate', '0.1']);
    expect(rate.code).toBe(1);
    expect(rate.stderr.trim().split('\n')).toHaveLength(1);
    expect(rate.stderr).toMatch(/^ringscan: accounts\.ndjson: 1 of 2 rows rejected \(50\.0%\), above --max-reject-rate 0\.1 \(first: line 2: createdAt: must be an ISO-8601/);
    const ok = runCli(['run', '--data', dir, '--no-store', '--max-reject-rate', '0.5']);
    expect(ok.code).toBe(0);
    expect(ok.stderr).toMatch(/accounts\.ndjson: 1 of 2 rows rejected/);
  });

  it('bad flags and bad values exit 2 with a one-line reason', () => {
    const unknown = runCli(['run', '--data', SAMPLE, '--bogus']);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown option '--bogus'/);
    const badThreshold = runCli(['run', '--data', SAMPLE, '--threshold', 'high']);
    expect(badThreshold.code).toBe(2);
    expect(badThreshold.stderr.trim()).toMatch(/^ringscan: invalid --threshold: must be a number$/);
  });

  it('a config file with an unknown or wrong setting is refused naming the field', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringscan-cli-'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ maxEntityDegree: 'lots' }));
    const result = runCli(['run', '--data', SAMPLE, '--config', join(dir, 'config.json')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/maxEntityDegree/);
  });

  it('rows that fail validation are rejected with file and line, and the run still succeeds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringscan-cli-'));
    mkdirSync(join(dir, 'data'));
    writeFileSync(join(dir, 'data', 'accounts.ndjson'), '{"id":"a","createdAt":"2025-01-01T00:00:00Z"}\n{"id":"b","createdAt":"yesterday"}\n{not json\n');
    writeFileSync(join(dir, 'data', 'links.ndjson'), '{"account":"a","type":"device","value":"d1"}\n{"account":"zz","type":"device","value":"d1"}\n{"account":"a"}\n');
    const rejects = join(dir, 'rejects.ndjson');
    const result = runCli(['run', '--data', join(dir, 'data'), '--rejects', rejects, '--no-store']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/accounts\.ndjson: 2 of 3 rows rejected/);
    const lines = readFileSync(rejects, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { file: string; line: number; reason: string });
    expect(lines.map((l) => [l.file, l.line])).toEqual([
      ['accounts.ndjson', 2],
      ['accounts.ndjson', 3],
      ['links.ndjson', 3],
    ]);
    expect(lines[0]!.reason).toMatch(/createdAt/);
  });

  it('records the run in ringscan.db in the working directory by default; a second run keeps every ring id', () => {
    const cwd = mkdtempSync(join(tmpdir(), 'ringscan-cli-'));
    const first = runCli(['run', '--data', SAMPLE, '--json'], { cwd });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    expect(existsSync(join(cwd, 'ringscan.db'))).toBe(true);
    const second = runCli(['run', '--data', SAMPLE, '--json'], { cwd });
    type Out = { run: { id: string; indicators: { newRings: number; persistingRings: number } }; rings: { id: string }[] };
    const [a, b] = [JSON.parse(first.stdout) as Out, JSON.parse(second.stdout) as Out];
    expect(b.run.id).not.toBe(a.run.id);
    expect(b.run.indicators.newRings).toBe(0);
    expect(b.run.indicators.persistingRings).toBe(a.run.indicators.newRings);
    expect(b.rings.map((r) => r.id)).toEqual(a.rings.map((r) => r.id));
  });

  it('a corrupt store is refused before any work, in one line, and left untouched', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringscan-cli-'));
    const db = join(dir, 'broken.db');
    writeFileSync(db, 'this is not a database'.repeat(100));
    const result = runCli(['run', '--data', SAMPLE, '--store', `sqlite:${db}`]);
    expect(result.code).toBe(1);
    expect(result.stderr.trim().split('\n')).toHaveLength(1);
    expect(readFileSync(db, 'utf8')).toBe('this is not a database'.repeat(100));
  });

  it('the built binary is executable, so `npx ringscan` keeps working after a rebuild', () => {
    expect(statSync(CLI).mode & 0o111).not.toBe(0);
  });

  it('--help lists the options', () => {
    const result = runCli(['run', '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/--data <dir>/);
  });
});
