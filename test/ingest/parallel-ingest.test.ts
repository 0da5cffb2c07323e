// Parallel ingest against the single-threaded reference: the compiled loadDataset (dist/, which npm test builds
// first) with 1 and N parse workers, files cut into many pieces, must give the result of workers: 0, and the
// same rejects file byte for byte.
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import * as sourceModule from '../../src/ingest/load-dataset.js';

type LoadModule = typeof sourceModule;
type Options = sourceModule.LoadDatasetOptions;

const DIST_MODULE = new URL('../../dist/src/ingest/load-dataset.js', import.meta.url);
if (!existsSync(DIST_MODULE)) throw new Error('dist/ is missing: run `npm run build` (npm test does) before these tests');
const compiled = (await import(DIST_MODULE.href)) as LoadModule;

const root = mkdtempSync(join(tmpdir(), 'ringscan-parallel-ingest-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let dirs = 0;
function dataset(files: Record<string, string | Buffer>): string {
  const dir = join(root, `d${dirs++}`);
  mkdirSync(dir);
  for (const [name, content] of Object.entries(files)) writeFileSync(join(dir, name), content);
  return dir;
}

interface Outcome {
  result: Omit<sourceModule.LoadedDataset, 'rejectsPath'> | null;
  rejectsBytes: Buffer;
  progress: sourceModule.IngestProgress[];
  error: { name: string; code: unknown; message: string } | null;
}

async function load(dir: string, workers: number, options: Options = {}): Promise<Outcome> {
  const rejectsPath = join(root, `rejects-${dirs++}.ndjson`);
  const progress: sourceModule.IngestProgress[] = [];
  try {
    const { rejectsPath: _path, ...result } = await compiled.loadDataset(dir, {
      pieceBytes: 40,
      ...options,
      rejectsPath,
      workers,
      onProgress: (p) => progress.push(p),
    });
    return { result, rejectsBytes: readFileSync(rejectsPath), progress, error: null };
  } catch (error) {
    const e = error as Error & { code?: unknown };
    return { result: null, rejectsBytes: Buffer.alloc(0), progress, error: { name: e.name, code: e.code, message: e.message } };
  }
}

/** Loads in this thread, then with 1 and 3 workers over tiny pieces, and expects one outcome; returns the 3-worker one. */
async function expectSameInParallel(dir: string, options: Options = {}): Promise<Outcome> {
  const reference = await load(dir, 0, options);
  let threaded = reference;
  for (const workers of [1, 3]) {
    threaded = await load(dir, workers, options);
    expect(threaded.error).toEqual(reference.error);
    expect(threaded.result).toEqual(reference.result);
    expect(threaded.rejectsBytes.equals(reference.rejectsBytes)).toBe(true);
    // pieces report progress as they go; each file's last report is its whole count and size
    for (const file of new Set(reference.progress.map((p) => p.file))) {
      expect(threaded.progress.filter((p) => p.file === file).at(-1)).toEqual(reference.progress.filter((p) => p.file === file).at(-1));
    }
  }
  return threaded;
}

const ACCOUNTS = [
  '{"id":"a1","createdAt":"2024-01-01T00:00:00Z","country":"US"}',
  '{"id":"a2","createdAt":1704067200005}',
  '{"id":"a1","createdAt":1704067200006}', // a duplicate in another piece than its first declaration
  'not json',
  '{"id":"a3","createdAt":1704067200007}',
  '{"id":"a3","createdAt":1704067200008}', // and one in the same piece
  '\ufeff{"id":"a4","createdAt":1704067200009}', // a BOM mid-file is not one to drop
  '{"id":"a1","createdAt":"2024-01-01T00:00:00Z"}',
]
  .join('\n')
  .concat('\n');
const LINKS = ['{"account":"a1","type":"ip","value":"1.2.3.4"}', '{"account":"a1","type":"note","value":"lone \\ud800 surrogate, é and 😀"}', '{"account":"L1","type":"ip","value":"1.2.3.4"}', '{"account":"a2","type":"device"}', '{"account":"a2","type":"ip","value":"1.2.3.4","ts":"x"}']
  .join('\n')
  .concat('\n');
const ACTIONS_ROWS = [
  '{"account":"a2","action":"like","target":"p1","ts":1704067200000}',
  '{"account":"X9","action":"follow","target":"p2","ts":"2024-01-01T00:00:30Z"}', // implicit, first seen in actions
  '{"account":"L1","action":"like","target":"p1","ts":1704067260000}', // implicit from links, already known
  '{"account":"X3","action":"like","target":"p3"}', // rejected: ts missing, and X3 must not become an account
  '{"account":" X7 ","action":"like","target":"p1","ts":"1704067270000"}', // rejected: space at either end of an id
  '{"account":"X 7","action":"like","target":" p1","ts":"1704067270000"}', // zod path: spaces kept
  '{"account":"X7","action":"share","target":"p\\u00e9","ts":1704067280000.5}',
  '{"account":"a1","action":"like","target":"p2","ts":"yesterday"}', // rejected: bad timestamp
  '{broken',
  '',
  '{"account":"X9","action":"like","target":"p3","ts":1704067290000}',
  '[1,2,3]',
  '{"account":"a3","action":"like","target":"' + 'q'.repeat(600) + '","ts":1704067290000}', // rejected: target too long
];
const ACTIONS = ACTIONS_ROWS.join('\n') + '\n';
const LABELS = '{"account":"X9","label":"fraud","ring":"r1"}\n{"account":"Z1","label":"benign"}\n{"account":"a1","label":"maybe"}\n';

describe('loadDataset with parse workers equals the single-threaded read', () => {
  it('NDJSON with invalid action rows, implicit accounts first seen in links, actions and labels', async () => {
    const dir = dataset({ 'accounts.ndjson': ACCOUNTS, 'links.ndjson': LINKS, 'actions.ndjson': ACTIONS, 'labels.ndjson': LABELS });
    const { result, rejectsBytes } = await expectSameInParallel(dir);
    // the shape the equality relies on: implicit accounts in sequential first-seen order across files
    expect(result?.dataset.accounts.ids).toEqual(['a1', 'a2', 'a3', 'L1', 'X9', 'X 7', 'X7', 'Z1']);
    expect(result?.implicitAccounts).toBe(5);
    expect(result?.files['actions.ndjson']).toEqual({ read: 12, accepted: 6, rejected: 6 });
    const rejected = rejectsBytes
      .toString('utf8')
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as { file: string; line: number; reason: string });
    expect(rejected.filter((r) => r.file === 'accounts.ndjson').map((r) => [r.line, r.reason])).toEqual([
      [3, 'id: duplicate account id (first declared on line 1)'],
      [4, expect.stringMatching(/^malformed JSON/)],
      [6, 'id: duplicate account id (first declared on line 5)'],
      [7, expect.stringMatching(/^malformed JSON/)],
      [8, 'id: duplicate account id (first declared on line 1)'],
    ]);
    expect(rejected.map((r) => r.file)).toEqual([...Array<string>(5).fill('accounts.ndjson'), 'links.ndjson', 'links.ndjson', ...Array<string>(6).fill('actions.ndjson'), 'labels.ndjson']);
  });

  it('with tiny read chunks, a line limit, and zod-only validation', async () => {
    const dir = dataset({ 'accounts.ndjson': ACCOUNTS, 'links.ndjson': LINKS, 'actions.ndjson': ACTIONS, 'labels.ndjson': LABELS });
    await expectSameInParallel(dir, { highWaterMark: 7, maxLineBytes: 300 });
    await expectSameInParallel(dir, { fastPath: false });
  });

  it('gzip NDJSON and CSV actions, plain and gzip', async () => {
    const csvActions = 'account,action,target,ts\na2,like,p1,1704067200000\nX9,follow,"p,2",2024-01-01T00:00:30Z\nX3,like,p3\nL1,like,p1,nope\n"X7",share,"p""4",1704067200005\n';
    const base = { 'accounts.ndjson': ACCOUNTS, 'links.csv': 'account,type,value\na1,ip,1.2.3.4\nL1,ip,1.2.3.4\n' };
    await expectSameInParallel(dataset({ ...base, 'actions.ndjson.gz': gzipSync(ACTIONS) }));
    const csv = await expectSameInParallel(dataset({ ...base, 'actions.csv': csvActions, 'labels.ndjson': LABELS }));
    expect(csv.result?.files['actions.csv']).toEqual({ read: 5, accepted: 3, rejected: 2 });
    await expectSameInParallel(dataset({ ...base, 'actions.csv.gz': gzipSync(csvActions) }), { highWaterMark: 64 });
  });

  it('many generated rows across many chunks, with progress reports', async () => {
    const accounts: string[] = [];
    const actions: string[] = [];
    const implicit = new Set<string>(); // every account a valid action names
    for (let i = 0; i < 2_000; i++) accounts.push(JSON.stringify({ id: `acc${i % 1_990}`, createdAt: 1_700_000_000_000 + i }));
    for (let i = 0; i < 120_000; i++) {
      // every 7th row names an undeclared account, every 1000th is invalid
      const account = i % 7 === 0 ? `new${(i * 31) % 5_000}` : `acc${(i * 13) % 2_000}`;
      if (i % 1_000 !== 999) implicit.add(account);
      actions.push(i % 1_000 === 999 ? `{"account":"${account}","ts":${i}}` : JSON.stringify({ account, action: `act${i % 5}`, target: `t${(i * 17) % 9_000}`, ts: 1_700_000_000_000 + i }));
    }
    const links = Array.from({ length: 30_000 }, (_, i) => JSON.stringify({ account: `acc${(i * 7) % 2_100}`, type: `t${i % 3}`, value: `v${(i * 11) % 4_000}` }));
    const dir = dataset({ 'accounts.ndjson': accounts.join('\n'), 'links.ndjson': links.join('\n'), 'actions.ndjson': actions.join('\n') });
    const outcome = await expectSameInParallel(dir, { highWaterMark: 4096, pieceBytes: 64 * 1024 });
    const declared = new Set(accounts.map((line) => (JSON.parse(line) as { id: string }).id));
    const referenced = new Set([...links.map((line) => (JSON.parse(line) as { account: string }).account), ...implicit]);
    expect(outcome.result?.implicitAccounts).toBe([...referenced].filter((id) => !declared.has(id)).length);
    expect(outcome.progress.filter((p) => p.file === 'actions.ndjson').length).toBeGreaterThan(1);
  });

  it('no actions file, and an empty one', async () => {
    await expectSameInParallel(dataset({ 'accounts.ndjson': ACCOUNTS, 'links.ndjson': LINKS }));
    await expectSameInParallel(dataset({ 'accounts.ndjson': ACCOUNTS, 'links.ndjson': LINKS, 'actions.ndjson': '' }));
  });
});

describe('loadDataset with parse workers fails as the single-threaded read does', () => {
  const corrupt = Buffer.from('this is not gzip at all');

  it('UNREADABLE_FILE for corrupt gzip actions', async () => {
    const { error } = await expectSameInParallel(dataset({ 'accounts.ndjson': ACCOUNTS, 'links.ndjson': LINKS, 'actions.ndjson.gz': corrupt }));
    expect(error).toMatchObject({ name: 'RingscanError', code: 'UNREADABLE_FILE' });
  });

  it('an error in accounts or links comes first, even when the actions file is also broken', async () => {
    const empty = await expectSameInParallel(dataset({ 'accounts.ndjson': 'bad\n', 'links.ndjson': LINKS, 'actions.ndjson.gz': corrupt }));
    expect(empty.error).toMatchObject({ code: 'EMPTY_DATASET' });
    const links = await expectSameInParallel(dataset({ 'accounts.ndjson': ACCOUNTS, 'links.ndjson.gz': corrupt, 'actions.ndjson.gz': corrupt }));
    expect(links.error?.message).toContain('links.ndjson.gz');
  });

  it('an actions file that is a folder', async () => {
    const dir = dataset({ 'accounts.ndjson': ACCOUNTS, 'links.ndjson': LINKS });
    mkdirSync(join(dir, 'actions.ndjson'));
    const { error } = await expectSameInParallel(dir);
    expect(error).toMatchObject({ code: 'UNREADABLE_FILE' });
  });
});

describe('choosing parse workers', () => {
  const dir = dataset({ 'accounts.ndjson': ACCOUNTS, 'links.ndjson': LINKS, 'actions.ndjson': ACTIONS });

  it('under the TypeScript sources, the default reads in-thread and asking for workers says the build is needed', async () => {
    const reference = await compiled.loadDataset(dir, { workers: 0 });
    expect(await sourceModule.loadDataset(dir)).toEqual(reference);
    await expect(sourceModule.loadDataset(dir, { workers: 2 })).rejects.toThrow(/compiled build/);
  });

  it('the compiled default (one worker per core) gives the reference result and reports the join', async () => {
    let join: sourceModule.JoinStats | undefined;
    expect(await compiled.loadDataset(dir, { pieceBytes: 100, onJoin: (j) => (join = j) })).toEqual(await compiled.loadDataset(dir, { workers: 0 }));
    expect(join?.pieces).toBeGreaterThan(3);
    expect(join?.mergeMs).toBeGreaterThanOrEqual(0);
  });
});
