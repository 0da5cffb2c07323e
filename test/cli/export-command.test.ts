// `ringscan export` through the real binary: a reasons column, and CSV cells a spreadsheet cannot run as formulas.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { csvField } from '../../src/cli/export-command.js';
import { recordRun } from '../../src/run/record-run.js';
import { openSqliteStore } from '../../src/store/sqlite-store.js';
import { runCli } from '../helpers/run-cli.js';
import { makeFindings } from '../store/findings-fixture.js';

const HOSTILE = ['=HYPERLINK("http://x.test","y")', '+1+1', '-2+3', '@SUM(A1)', '\tcmd', '\rcr'];

/** RFC 4180 parse of one CSV document (quoted fields may hold commas, quotes and line breaks). */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') (field += '"'), i++;
      else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') row.push(field), (field = '');
    else if (c === '\n') row.push(field), rows.push(row), (row = []), (field = '');
    else field += c;
  }
  if (field !== '' || row.length > 0) row.push(field), rows.push(row);
  return rows;
}

describe('ringscan export (the real binary)', () => {
  let dir: string;
  let store: string;
  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'ringscan-export-'));
    const path = join(dir, 'store.db');
    store = `sqlite:${path}`;
    const db = openSqliteStore(path);
    await recordRun(db, makeFindings([{ id: 'c0', members: [...HOSTILE, 'plain'], score: 0.9 }]), {
      dataset: 'd',
      startedAt: '2025-02-01T01:00:00Z',
      finishedAt: '2025-02-01T01:02:00Z',
      codeVersion: 't',
    });
    await db.close();
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('CSV: every cell starting with = + - @ tab or CR is neutralised with an apostrophe; reasons are a column', () => {
    const result = runCli(['export', '--store', store, '--format', 'csv']);
    expect(result.code).toBe(0);
    const [header, ...rows] = parseCsv(result.stdout);
    expect(header).toEqual(['account', 'ring', 'ringScore', 'risk', 'role', 'flagged', 'reasons']);
    expect(rows).toHaveLength(HOSTILE.length + 1);
    const accounts = rows.map((r) => r[0]!);
    for (const hostile of HOSTILE) expect(accounts).toContain(`'${hostile}`);
    expect(accounts).toContain('plain');
    for (const row of rows) {
      for (const cell of row) expect(cell).not.toMatch(/^[=+\-@\t\r]/);
      expect(row[6]).toMatch(/^member of ring /);
    }
  });

  it('NDJSON keeps the values exactly and carries the reasons array; --json with --out prints the summary', () => {
    const result = runCli(['export', '--store', store]);
    const rows = result.stdout.trim().split('\n').map((line) => JSON.parse(line) as { account: string; reasons: string[] });
    expect(rows.map((r) => r.account).sort()).toEqual([...HOSTILE, 'plain'].sort());
    expect(rows.every((r) => r.reasons.length === 1)).toBe(true);
    const out = join(dir, 'export.csv');
    const summary = runCli(['export', '--store', store, '--format', 'csv', '--out', out, '--json']);
    expect(summary.code).toBe(0);
    expect(JSON.parse(summary.stdout)).toMatchObject({ rows: HOSTILE.length + 1, out, format: 'csv' });
  });

  it('progress on stderr with rows and rate when asked (RINGSCAN_PROGRESS=1)', () => {
    const result = runCli(['export', '--store', store, '--out', join(dir, 'p.ndjson')], { env: { RINGSCAN_PROGRESS: '1' } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/^… export\n✓ export \(\d+\.\d s\) 7 rows \([\d,]+ rows\/s\)\n/);
  });

  it('csvField leaves ordinary values alone and quotes after neutralising', () => {
    expect(csvField('acct-1')).toBe('acct-1');
    expect(csvField('=1,2')).toBe(`"'=1,2"`);
    expect(csvField('a=b')).toBe('a=b');
  });
});
