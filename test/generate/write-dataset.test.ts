import { mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { GenerateOptions } from '../../src/generate/generate-options.js';
import { writeDataset } from '../../src/generate/write-dataset.js';
import { RingscanError } from '../../src/schema/errors.js';
import { RECORD_SCHEMAS } from '../../src/schema/input.js';
import { collectDataset } from './collect-dataset.js';

const OPTIONS: GenerateOptions = { accounts: 600, seed: 9, fraudShare: 0.1, renameTypes: { ip: 'net,"addr"' } };
const FILES = ['accounts', 'links', 'actions', 'labels'] as const;

const tempDir = () => mkdtempSync(join(tmpdir(), 'ringscan-generate-'));
const ndjsonRows = (text: string) => text.trimEnd().split('\n').filter(Boolean).map((line) => JSON.parse(line) as Record<string, unknown>);

/** RFC 4180 fields of one line (our fields never contain newlines). */
function csvFields(line: string): string[] {
  const fields: string[] = [];
  let i = 0;
  while (i <= line.length) {
    if (line[i] === '"') {
      let value = '';
      i++;
      while (i < line.length) {
        if (line[i] === '"' && line[i + 1] === '"') (value += '"'), (i += 2);
        else if (line[i] === '"') break;
        else value += line[i++];
      }
      fields.push(value);
      i += 2; // closing quote and comma
    } else {
      const end = line.indexOf(',', i);
      fields.push(line.slice(i, end === -1 ? line.length : end));
      i = end === -1 ? line.length + 1 : end + 1;
    }
  }
  return fields;
}

function csvRows(text: string): Record<string, string>[] {
  const [header, ...lines] = text.trimEnd().split('\n');
  const columns = csvFields(header ?? '');
  return lines.map((line) => {
    const fields = csvFields(line);
    return Object.fromEntries(columns.map((c, k) => [c, fields[k] ?? ''])) as Record<string, string>;
  });
}

describe('writeDataset', () => {
  const expected = collectDataset(OPTIONS);

  it('NDJSON round-trip: every file parses back to exactly the generated records', async () => {
    const dir = tempDir();
    const progress: number[] = [];
    const result = await writeDataset(dir, OPTIONS, { blockAccounts: 250, onProgress: (done) => progress.push(done) });
    expect(readdirSync(dir).sort()).toEqual(['accounts.ndjson', 'actions.ndjson', 'labels.ndjson', 'links.ndjson', 'lookalikes.ndjson', 'truth.ndjson']);
    for (const file of [...FILES, 'truth', 'lookalikes'] as const) {
      const rows = ndjsonRows(readFileSync(join(dir, `${file}.ndjson`), 'utf8'));
      expect(rows, file).toEqual(expected[file]);
      const written = result.files.find((f) => f.file === file)!;
      expect(written.rows).toBe(rows.length);
      expect(written.bytes).toBe(statSync(written.path).size);
    }
    expect(progress).toEqual([250, 500, 600]);
    expect(result.summary.records).toEqual(expected.summary.records);
  });

  it('determinism: the same options and seed write byte-identical files, truth files included', async () => {
    const first = tempDir();
    const second = tempDir();
    const options: GenerateOptions = { accounts: 1500, seed: 12, kindMix: { sockpuppet_group: 1, payment_ring: 1 }, bigFarm: { size: 60, devices: 6, devicesPerAccount: 2, createdWithinMinutes: 30 } };
    await writeDataset(first, options);
    await writeDataset(second, options);
    const names = readdirSync(first).sort();
    expect(names).toEqual(readdirSync(second).sort());
    for (const name of names) expect(readFileSync(join(first, name)).equals(readFileSync(join(second, name))), name).toBe(true);
  });

  it('gzip: .ndjson.gz files decompress to the same bytes as plain NDJSON', async () => {
    const plain = tempDir();
    const zipped = tempDir();
    await writeDataset(plain, OPTIONS);
    const result = await writeDataset(zipped, OPTIONS, { gzip: true });
    for (const file of FILES) {
      const bytes = gunzipSync(readFileSync(join(zipped, `${file}.ndjson.gz`)));
      expect(bytes.equals(readFileSync(join(plain, `${file}.ndjson`))), file).toBe(true);
    }
    const links = result.files.find((f) => f.file === 'links')!;
    expect(links.bytes).toBeLessThan(statSync(join(plain, 'links.ndjson')).size / 2);
  });

  it('CSV: a header per file, quoted fields where needed, rows that validate and match the records', async () => {
    const dir = tempDir();
    await writeDataset(dir, OPTIONS, { format: 'csv' });
    const links = csvRows(readFileSync(join(dir, 'links.csv'), 'utf8'));
    expect(readFileSync(join(dir, 'links.csv'), 'utf8').split('\n')[0]).toBe('account,type,value,ts');
    expect(links.map((r) => ({ ...r, ts: r.ts === '' ? undefined : Number(r.ts) }))).toEqual(
      expected.links.map((r) => ({ ...r, ts: r.ts })),
    );
    expect(links.some((r) => r.type === 'net,"addr"')).toBe(true);
    const actions = csvRows(readFileSync(join(dir, 'actions.csv'), 'utf8'));
    expect(actions.length).toBe(expected.actions.length);
    for (const row of actions.slice(0, 200)) expect(RECORD_SCHEMAS.actions.safeParse(row).success).toBe(true);
    const accounts = csvRows(readFileSync(join(dir, 'accounts.csv'), 'utf8'));
    for (const row of accounts) {
      const parsed = RECORD_SCHEMAS.accounts.parse(row.country === '' ? { id: row.id, createdAt: row.createdAt } : row);
      expect(Number.isFinite(parsed.createdAt)).toBe(true);
    }
    const labels = csvRows(readFileSync(join(dir, 'labels.csv'), 'utf8'));
    expect(labels).toEqual(expected.labels);
    // ground truth stays NDJSON whatever the format: evaluation files, never input
    const truth = readFileSync(join(dir, 'truth.ndjson'), 'utf8').trim().split('\n').map((l) => JSON.parse(l) as unknown);
    expect(truth).toEqual(expected.truth);
  });

  it('refuses a non-empty folder unless forced; --force replaces dataset files of any format and keeps the rest', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, 'notes.txt'), 'keep me');
    writeFileSync(join(dir, 'links.csv'), 'stale');
    await expect(writeDataset(dir, OPTIONS)).rejects.toThrow(RingscanError);
    await expect(writeDataset(dir, OPTIONS)).rejects.toThrow(/not empty/);
    await writeDataset(dir, OPTIONS, { force: true, gzip: true });
    expect(readdirSync(dir).sort()).toEqual(['accounts.ndjson.gz', 'actions.ndjson.gz', 'labels.ndjson.gz', 'links.ndjson.gz', 'lookalikes.ndjson', 'notes.txt', 'truth.ndjson']);
  });

  it('variants still write all four files; an absent kind of record leaves its file empty', async () => {
    const dir = tempDir();
    const result = await writeDataset(dir, { accounts: 200, seed: 1, withLinks: false });
    expect(readFileSync(join(dir, 'links.ndjson'), 'utf8')).toBe('');
    expect(result.files.find((f) => f.file === 'links')).toMatchObject({ rows: 0, bytes: 0 });
    expect(readFileSync(join(dir, 'actions.ndjson'), 'utf8').length).toBeGreaterThan(0);
  });

  it('rejects bad options before touching the disk', async () => {
    const dir = join(tempDir(), 'never-created');
    await expect(writeDataset(dir, { accounts: -1 })).rejects.toThrow();
    expect(() => statSync(dir)).toThrow();
  });
});
