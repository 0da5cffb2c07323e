// loadDataset end to end on hand-written fixture folders and temp dirs: formats, rejects, errors, determinism.
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset, type LoadedDataset } from '../../src/ingest/load-dataset.js';
import type { RejectRecord } from '../../src/ingest/rejects-sink.js';
import { RingscanError } from '../../src/schema/errors.js';

const FIXTURES = new URL('../fixtures/ingest/', import.meta.url).pathname;
const root = mkdtempSync(join(tmpdir(), 'ringscan-ingest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
/** A temp dataset folder with the given files (string or bytes). */
function dataset(files: Record<string, string | Buffer>): string {
  const dir = join(root, `d${dirs++}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

const ACCOUNT = '{"id":"a1","createdAt":"2024-01-01T00:00:00Z"}\n';
const LINK = '{"account":"a1","type":"ip","value":"1.2.3.4"}\n';

async function errorOf(promise: Promise<unknown>): Promise<RingscanError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(RingscanError);
  return error as RingscanError;
}

function readRejects(path: string): RejectRecord[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as RejectRecord);
}

function expectCountsAddUp(result: LoadedDataset): void {
  let rejected = 0;
  for (const counts of Object.values(result.files)) {
    expect(counts.read).toBe(counts.accepted + counts.rejected);
    rejected += counts.rejected;
  }
  expect(result.rejected).toBe(rejected);
}

describe('loadDataset on the basic NDJSON fixture', async () => {
  const rejectsPath = join(root, 'basic-ndjson-rejects.ndjson');
  const result = await loadDataset(join(FIXTURES, 'basic-ndjson'), { rejectsPath });
  const { accounts, entities, links, actions, labels } = result.dataset;

  it('declares accounts in file order and creates referenced unknown ones implicitly, in first-seen order', () => {
    expect(accounts.ids).toEqual(['a1', 'a2', 'a3', 'zz', 'yy', 'xx']);
    expect(Array.from(accounts.isImplicit)).toEqual([0, 0, 0, 1, 1, 1]);
    expect(Array.from(accounts.createdAtMs)).toEqual([1704067200000, 1704067200000, 1704067200000, NaN, NaN, NaN]);
    expect(accounts.country).toEqual(['US', undefined, undefined, undefined, undefined, undefined]);
    expect(result.implicitAccounts).toBe(3);
  });

  it('keys entities by (type, value) and keeps a repeated (account, entity) link once', () => {
    expect(entities.types).toEqual(['device', 'ip']);
    expect(entities.values).toEqual(['d1', 'd1', '10.0.0.1']);
    expect(Array.from(entities.typeOf)).toEqual([0, 1, 1]);
    expect(Array.from(links.account)).toEqual([0, 1, 0, 3]);
    expect(Array.from(links.entity)).toEqual([0, 0, 1, 2]);
    expect(result.duplicateLinks).toBe(1);
  });

  it('stores actions with seconds timestamps from epoch ms or ISO text', () => {
    expect(actions.actionNames).toEqual(['like', 'follow']);
    expect(actions.targets).toEqual(['p1', 'p2']);
    expect(Array.from(actions.account)).toEqual([1, 2, 4]);
    expect(Array.from(actions.tsSec)).toEqual([1704067200, 1704067230, 1704067260]);
  });

  it('fills labels with the last row per account winning and -1 for unlabelled accounts; ring and kind columns never reach the table', () => {
    expect(Array.from(labels!.label)).toEqual([0, 0, -1, -1, -1, 1]);
    expect(Object.keys(labels!)).toEqual(['label']);
  });

  it('counts read = accepted + rejected per file', () => {
    expect(result.files).toEqual({
      'accounts.ndjson': { read: 8, accepted: 3, rejected: 5 },
      'links.ndjson': { read: 7, accepted: 5, rejected: 2, duplicates: 1 },
      'actions.ndjson': { read: 5, accepted: 3, rejected: 2 },
      'labels.ndjson': { read: 5, accepted: 4, rejected: 1, duplicates: 1 },
    });
    expectCountsAddUp(result);
  });

  it('writes one reject line per invalid row with file, physical line, reason and raw text', () => {
    const rejects = readRejects(rejectsPath);
    expect(result.rejectsPath).toBe(rejectsPath);
    expect(rejects).toHaveLength(result.rejected);
    expect(rejects.map((r) => [r.file, r.line, r.reason])).toEqual([
      ['accounts.ndjson', 5, 'id: duplicate account id (first declared on line 1)'],
      ['accounts.ndjson', 6, 'createdAt: must be an ISO-8601 date-time (2024-05-01T12:30:00Z) or epoch milliseconds'],
      ['accounts.ndjson', 7, 'createdAt: is missing'],
      ['accounts.ndjson', 8, 'id: must be text, not a number'],
      ['accounts.ndjson', 9, expect.stringMatching(/^malformed JSON: /)],
      ['links.ndjson', 6, 'type: must not be empty'],
      ['links.ndjson', 7, 'row: must be a JSON object'],
      ['actions.ndjson', 4, 'ts: is missing'],
      ['actions.ndjson', 5, 'ts: must be an ISO-8601 date-time (2024-05-01T12:30:00Z) or epoch milliseconds, not a boolean'],
      ['labels.ndjson', 5, 'label: must be one of "fraud", "benign"'],
    ]);
    expect(rejects[0]!.raw).toBe('{"id":"a1","createdAt":"2024-01-02T00:00:00Z"}');
    expect(result.sampleRejects).toEqual(rejects);
  });
});

describe('loadDataset on the basic CSV fixture', async () => {
  const result = await loadDataset(join(FIXTURES, 'basic-csv'));
  const ndjson = await loadDataset(join(FIXTURES, 'basic-ndjson'));

  it('reads the same accounts, actions and labels as the NDJSON twin', () => {
    expect(result.dataset.accounts).toEqual(ndjson.dataset.accounts);
    expect(result.dataset.actions).toEqual(ndjson.dataset.actions);
    expect(result.dataset.labels).toEqual(ndjson.dataset.labels);
  });

  it('reads quoted fields with commas, doubled quotes and newlines', () => {
    expect(result.dataset.entities.values).toEqual(['d1', 'd1', '10.0.0.1', '1 Main St, Springfield', 'line one\nline two "quoted"']);
    expect(result.dataset.entities.types).toEqual(['device', 'ip', 'address', 'note']);
    expect(result.dataset.links.account.length).toBe(7);
  });

  it('rejects rows with the wrong number of fields and bad quoting, numbered by physical line', () => {
    expect(result.sampleRejects.map((r) => [r.file, r.line, r.reason])).toEqual([
      ['accounts.csv', 5, 'id: duplicate account id (first declared on line 2)'],
      ['accounts.csv', 6, 'createdAt: must be an ISO-8601 date-time (2024-05-01T12:30:00Z) or epoch milliseconds'],
      ['accounts.csv', 7, 'createdAt: is missing'],
      ['accounts.csv', 8, 'row has 2 fields, the header has 3'],
      ['links.csv', 11, 'field 4: text after the closing quote'],
      ['links.csv', 12, 'row has 2 fields, the header has 4'],
      ['actions.csv', 6, 'ts: is missing'],
      ['labels.csv', 6, 'label: must be one of "fraud", "benign"'],
    ]);
    expect(result.files['links.csv']).toEqual({ read: 10, accepted: 8, rejected: 2, duplicates: 1 });
    expect(result.files['actions.csv']).toEqual({ read: 4, accepted: 3, rejected: 1 }); // the blank line is not a row
    expectCountsAddUp(result);
    expect(result.rejectsPath).toBeNull();
  });
});

describe('loadDataset byte-level input', () => {
  it('reads gzip-compressed NDJSON and CSV', async () => {
    const dir = dataset({
      'accounts.ndjson.gz': gzipSync(ACCOUNT + '{"id":"a2","createdAt":1704067200005}\n'),
      'links.csv.gz': gzipSync('account,type,value\na1,ip,1.2.3.4\na2,ip,1.2.3.4\n'),
    });
    const { dataset: d, files } = await loadDataset(dir);
    expect(d.accounts.ids).toEqual(['a1', 'a2']);
    expect(Array.from(d.links.account)).toEqual([0, 1]);
    expect(files).toEqual({ 'accounts.ndjson.gz': { read: 2, accepted: 2, rejected: 0 }, 'links.csv.gz': { read: 2, accepted: 2, rejected: 0, duplicates: 0 } });
  });

  it('reads CRLF files and a last line without a newline, in both formats', async () => {
    const dir = dataset({
      'accounts.ndjson': ACCOUNT.trim() + '\r\n{"id":"a2","createdAt":1704067200005}',
      'links.csv': 'account,type,value\r\na1,ip,"1.2.3.4"\r\na2,ip,5.6.7.8',
    });
    const { dataset: d, files } = await loadDataset(dir);
    expect(d.accounts.ids).toEqual(['a1', 'a2']);
    expect(d.entities.values).toEqual(['1.2.3.4', '5.6.7.8']);
    expect(files['links.csv']).toEqual({ read: 2, accepted: 2, rejected: 0, duplicates: 0 });
  });

  it('keeps multi-byte characters intact when every chunk cuts through them', async () => {
    const ids = ['aü', 'x日本y', '🎉', 'naïve-😀-id', 'é'];
    const files = {
      'accounts.ndjson': ids.map((id) => JSON.stringify({ id, createdAt: 1704067200001 })).join('\n'),
      'links.csv.gz': gzipSync('account,type,value\n' + ids.map((id) => `${id},dévice,"∂${id},x"`).join('\n')),
    };
    const expected = await loadDataset(dataset(files));
    for (const highWaterMark of [1, 2, 3, 5, 7]) {
      const result = await loadDataset(dataset(files), { highWaterMark });
      expect(result.dataset.accounts.ids).toEqual(ids);
      expect(result.dataset.entities.values).toEqual(ids.map((id) => `∂${id},x`));
      expect(result).toEqual(expected);
    }
  });

  it('skips blank and whitespace-only lines without counting them', async () => {
    const dir = dataset({ 'accounts.ndjson': `\n${ACCOUNT}   \n\t\n\n`, 'links.ndjson': `${LINK}\r\n\r\n` });
    const { files } = await loadDataset(dir);
    expect(files['accounts.ndjson']).toEqual({ read: 1, accepted: 1, rejected: 0 });
    expect(files['links.ndjson']).toEqual({ read: 1, accepted: 1, rejected: 0, duplicates: 0 });
  });

  it('treats empty optional and link files as zero rows', async () => {
    const { dataset: d, files } = await loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson': '', 'actions.csv': '', 'labels.ndjson': '' }));
    expect(files['links.ndjson']).toEqual({ read: 0, accepted: 0, rejected: 0, duplicates: 0 });
    expect(files['actions.csv']).toEqual({ read: 0, accepted: 0, rejected: 0 });
    expect(d.links.account.length).toBe(0);
    expect(Array.from(d.labels!.label)).toEqual([-1]);
  });

  it('has no label table when there is no labels file', async () => {
    const { dataset: d } = await loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson': LINK }));
    expect(d.labels).toBeUndefined();
  });

  it('rejects an overlong line without buffering it, truncating raw to 500 characters', async () => {
    const long = JSON.stringify({ account: 'a1', type: 'ip', value: 'v'.repeat(5000) });
    const { files, sampleRejects } = await loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson': `${long}\n${LINK}` }), {
      maxLineBytes: 1000,
      highWaterMark: 256,
    });
    expect(files['links.ndjson']).toEqual({ read: 2, accepted: 1, rejected: 1, duplicates: 0 });
    expect(sampleRejects[0]).toMatchObject({ file: 'links.ndjson', line: 1, reason: 'line longer than 1000 bytes' });
    expect(sampleRejects[0]!.raw.length).toBeLessThanOrEqual(500);
  });
});

describe('loadDataset rejects', () => {
  it('writes every reject to the file, keeps only the first 20 in memory, and counts add up', async () => {
    const bad = Array.from({ length: 30 }, (_, i) => `{"account":"a1","type":"ip","value":"v${i}","ts":"not a time"}`).join('\n');
    const rejectsPath = join(root, 'many-rejects.ndjson');
    const result = await loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson': `${LINK}${bad}\n${LINK}` }), { rejectsPath });
    const rejects = readRejects(rejectsPath);
    expect(rejects).toHaveLength(30);
    expect(rejects.map((r) => r.line)).toEqual(Array.from({ length: 30 }, (_, i) => i + 2));
    expect(rejects.every((r) => r.reason === 'ts: must be an ISO-8601 date-time (2024-05-01T12:30:00Z) or epoch milliseconds')).toBe(true);
    expect(result.sampleRejects).toEqual(rejects.slice(0, 20));
    expect(result.files['links.ndjson']).toEqual({ read: 32, accepted: 2, rejected: 30, duplicates: 1 });
    expectCountsAddUp(result);
  });

  it('truncates an existing rejects file and leaves it empty when nothing is rejected', async () => {
    const rejectsPath = join(root, 'stale-rejects.ndjson');
    writeFileSync(rejectsPath, 'stale\n');
    await loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson': LINK }), { rejectsPath });
    expect(readFileSync(rejectsPath, 'utf8')).toBe('');
  });

  it('fails before reading when the rejects file cannot be written', async () => {
    const error = await errorOf(loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson': LINK }), { rejectsPath: join(root, 'no-such-dir', 'r.ndjson') }));
    expect(error.code).toBe('BAD_USAGE');
    expect(error.message).toMatch(/^cannot write rejects file .*r\.ndjson: no such file$/);
  });
});

describe('loadDataset errors are one line with a code', () => {
  it('MISSING_FILE for a missing folder, a file given as folder, or a missing required file', async () => {
    const missing = await errorOf(loadDataset(join(root, 'nope')));
    expect([missing.code, missing.message]).toEqual(['MISSING_FILE', `dataset folder ${join(root, 'nope')} does not exist`]);
    writeFileSync(join(root, 'plain-file'), 'x');
    expect((await errorOf(loadDataset(join(root, 'plain-file')))).message).toMatch(/is not a folder$/);
    const noLinks = await errorOf(loadDataset(join(FIXTURES, 'missing-links')));
    expect(noLinks.code).toBe('MISSING_FILE');
    expect(noLinks.message).toBe(`dataset folder ${join(FIXTURES, 'missing-links')} has no links file (links.ndjson, links.ndjson.gz, links.csv or links.csv.gz)`);
    const noAccounts = await errorOf(loadDataset(dataset({ 'links.ndjson': LINK })));
    expect(noAccounts.message).toMatch(/has no accounts file \(accounts\.ndjson, accounts\.ndjson\.gz, accounts\.csv or accounts\.csv\.gz\)$/);
  });

  it('names both files when a kind is present in two formats', async () => {
    const error = await errorOf(loadDataset(join(FIXTURES, 'two-formats')));
    expect(error.message).toMatch(/has links\.ndjson and links\.csv; keep exactly one links file$/);
  });

  it('UNREADABLE_FILE for corrupt or truncated gzip, naming the file', async () => {
    const corrupt = await errorOf(loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson.gz': Buffer.from('this is not gzip at all') })));
    expect(corrupt.code).toBe('UNREADABLE_FILE');
    expect(corrupt.message).toMatch(/^cannot read .*links\.ndjson\.gz: corrupt gzip data \(incorrect header check\)$/);
    const whole = gzipSync(LINK.repeat(50));
    const truncated = await errorOf(loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson.gz': whole.subarray(0, whole.length - 12) })));
    expect(truncated.message).toMatch(/links\.ndjson\.gz: truncated gzip data \(unexpected end of file\)$/);
  });

  it('UNREADABLE_FILE when a dataset file is a folder', async () => {
    const dir = dataset({ 'accounts.ndjson': ACCOUNT });
    mkdirSync(join(dir, 'links.csv'));
    const error = await errorOf(loadDataset(dir));
    expect([error.code, error.message]).toEqual(['UNREADABLE_FILE', `cannot read ${join(dir, 'links.csv')}: it is a folder, not a file`]);
  });

  it.skipIf(process.getuid?.() === 0)('UNREADABLE_FILE when permissions forbid reading (skipped as root, who may read anything)', async () => {
    const dir = dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson': LINK });
    chmodSync(join(dir, 'links.ndjson'), 0o000);
    const error = await errorOf(loadDataset(dir));
    expect(error.message).toBe(`cannot read ${join(dir, 'links.ndjson')}: permission denied`);
  });

  it('EMPTY_DATASET when the accounts file has no rows or none valid', async () => {
    const empty = await errorOf(loadDataset(join(FIXTURES, 'empty-accounts')));
    expect([empty.code, empty.message]).toEqual(['EMPTY_DATASET', `dataset folder ${join(FIXTURES, 'empty-accounts')} has no accounts: accounts.ndjson has no rows`]);
    const allBad = await errorOf(loadDataset(dataset({ 'accounts.csv': 'id,createdAt\nx,never\n', 'links.ndjson': LINK })));
    expect(allBad.code).toBe('EMPTY_DATASET');
    expect(allBad.message).toMatch(/has no valid accounts: all 1 rows of accounts\.csv were rejected \(first: line 2: createdAt: must be an ISO-8601 date-time \(2024-05-01T12:30:00Z\) or epoch milliseconds\)$/);
  });

  it('messages never carry a stack trace or a newline', async () => {
    const errors = await Promise.all([
      errorOf(loadDataset(join(root, 'nope'))),
      errorOf(loadDataset(join(FIXTURES, 'two-formats'))),
      errorOf(loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson.gz': Buffer.from([0x1f, 0x8b, 0, 1, 2]) }))),
    ]);
    for (const error of errors) expect(error.message).not.toMatch(/\n|\s+at\s/);
  });
});

describe('loadDataset behaviour', () => {
  it('is deterministic: two loads of the same folder are identical', async () => {
    const first = await loadDataset(join(FIXTURES, 'basic-ndjson'));
    const second = await loadDataset(join(FIXTURES, 'basic-ndjson'), { highWaterMark: 3 });
    expect(second).toEqual(first);
  });

  it('reports progress per file, ending with the full row count and file size', async () => {
    const progress: { file: string; rows: number; bytes: number }[] = [];
    const links = LINK.repeat(250_000);
    await loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson': links }), { onProgress: (p) => progress.push(p) });
    expect(progress.at(-1)).toEqual({ file: 'links.ndjson', rows: 250_000, bytes: Buffer.byteLength(links) });
    expect(progress.filter((p) => p.file === 'links.ndjson').length).toBeGreaterThan(1);
    expect(progress[0]).toEqual({ file: 'accounts.ndjson', rows: 1, bytes: Buffer.byteLength(ACCOUNT) });
  });
});

describe('loadDataset input contract', () => {
  const at = (id: string, createdAt: unknown) => JSON.stringify({ id, createdAt });
  it('rejects timestamps Date.parse would have guessed, each with its reason', async () => {
    const accounts = [at('a1', '2024-01-01T00:00:00Z'), at('b1', 'hello 2020'), at('b2', 'Tuesday 99'), at('b3', 1e300), at('b4', -1), at('b5', 1704067200), at('b6', '2024-02-30')];
    const { dataset: d, sampleRejects } = await loadDataset(dataset({ 'accounts.ndjson': accounts.join('\n'), 'links.ndjson': LINK }));
    expect(d.accounts.ids).toEqual(['a1']);
    expect(sampleRejects.map((r) => [r.line, r.reason])).toEqual([
      [2, 'createdAt: must be an ISO-8601 date-time (2024-05-01T12:30:00Z) or epoch milliseconds'],
      [3, 'createdAt: must be an ISO-8601 date-time (2024-05-01T12:30:00Z) or epoch milliseconds'],
      [4, 'createdAt: is after 2100-01-01, the latest accepted time'],
      [5, 'createdAt: is before 1990-01-01, the earliest accepted time'],
      [6, 'createdAt: is before 1990-01-01 as epoch milliseconds (epoch seconds? multiply by 1000)'],
      [7, 'createdAt: must be an ISO-8601 date-time (2024-05-01T12:30:00Z) or epoch milliseconds'],
    ]);
  });

  it('reads a zone-less date-time as UTC whatever the machine zone', async () => {
    const { dataset: d } = await loadDataset(dataset({ 'accounts.ndjson': at('a1', '2024-01-01T10:00:00'), 'links.ndjson': LINK }));
    expect(d.accounts.createdAtMs[0]).toBe(Date.UTC(2024, 0, 1, 10));
  });

  it('keeps values exactly as written and rejects ids the API could not serve', async () => {
    const links = [
      '{"account":"a1","type":"ip","value":"d1"}',
      '{"account":"a1","type":"ip","value":" d1"}',
      '{"account":"a1 ","type":"ip","value":"d1"}',
      '{"account":"a1","type":"ip ","value":"d1"}',
      '{"account":"a\\u0000","type":"ip","value":"d1"}',
      '{"account":"5 albert square","type":"ip","value":"d1"}',
    ];
    const { dataset: d, sampleRejects } = await loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson': links.join('\n') }));
    expect(d.entities.values).toEqual(['d1', ' d1']);
    expect(d.accounts.ids).toEqual(['a1', '5 albert square']);
    expect(sampleRejects.map((r) => [r.line, r.reason])).toEqual([
      [3, 'account: has a control character or a space at either end'],
      [4, 'type: has a control character or a space at either end'],
      [5, 'account: has a control character or a space at either end'],
    ]);
  });

  it('counts duplicate link and label rows per file', async () => {
    const { files } = await loadDataset(
      dataset({
        'accounts.ndjson': ACCOUNT,
        'links.ndjson': LINK + LINK + LINK,
        'labels.ndjson': '{"account":"a1","label":"fraud"}\n{"account":"a1","label":"benign"}\n',
      }),
    );
    expect(files['links.ndjson']).toEqual({ read: 3, accepted: 3, rejected: 0, duplicates: 2 });
    expect(files['labels.ndjson']).toEqual({ read: 2, accepted: 2, rejected: 0, duplicates: 1 });
  });

  it('a CSV header missing a required column is one BAD_INPUT line, not a reject per row', async () => {
    const dir = dataset({ 'accounts.ndjson': ACCOUNT, 'links.csv': 'account,kind,value\na1,ip,1.2.3.4\n' });
    const error = await errorOf(loadDataset(dir));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe('links.csv: the header has no column type (it has: account, kind, value; links needs account, type, value)');
    const accounts = await errorOf(loadDataset(dataset({ 'accounts.csv': 'id,created\na1,2024-01-01\n', 'links.ndjson': LINK })));
    expect(accounts.message).toMatch(/^accounts\.csv: the header has no column createdAt/);
  });

  it('a required file with every row rejected is an error naming the file and the first reason', async () => {
    const error = await errorOf(loadDataset(dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson': '{"account":"a1","kind":"ip","value":"x"}\n{"account":"a1"}\n' })));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe('links.ndjson: all 2 rows were rejected (first: line 1: type: is missing)');
  });

  it('--max-reject-rate stops a file over the limit, and lets one at the limit through', async () => {
    const dir = dataset({ 'accounts.ndjson': ACCOUNT, 'links.ndjson': `${LINK}${LINK}${LINK}{"account":"a1"}\n` });
    const error = await errorOf(loadDataset(dir, { maxRejectRate: 0.2 }));
    expect(error.code).toBe('BAD_INPUT');
    expect(error.message).toBe('links.ndjson: 1 of 4 rows rejected (25.0%), above --max-reject-rate 0.2 (first: line 4: type: is missing; value: is missing)');
    await expect(loadDataset(dir, { maxRejectRate: 0.25 })).resolves.toBeDefined();
  });
});
