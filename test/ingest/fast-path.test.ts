// The NDJSON fast path changes nothing: loading random files with it and with JSON.parse + zod alone gives
// identical datasets, counts and rejects (property test over real files in a temp dir).
import fc from 'fast-check';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadDataset } from '../../src/ingest/load-dataset.js';

const root = mkdtempSync(join(tmpdir(), 'ringscan-fast-path-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const idArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom('a1', 'a2', 'a3', 'b7', 'x') },
  { weight: 1, arbitrary: fc.constantFrom(' a1', 'a1 ', '', ' ', 'é1', 'a\u00a0', 'ü', 'a"b', 'a\\b', 'y'.repeat(512), 'y'.repeat(513), '\u2028a') },
  { weight: 1, arbitrary: fc.string({ maxLength: 4 }) },
);
const tsArb = fc.oneof(
  fc.constantFrom(1704067200000, '1704067200000', ' 17 ', '2024-01-01T00:00:00Z', '2024-02-31', 'nope', 'hello 2020', 'Tuesday 99', -0, 1.5, 1e300, -1, true, null, [1], '1e3'),
  fc.constantFrom('2024-01-01', '2024-01-01T10:20', '2024-01-01 10:20:30.5+02:00', '2024-01-01T10:20:30,123456Z', '2024-02-29T00:00:00-0130', '2023-02-29', '2024-01-01T24:00:00Z', '1989-12-31T23:59:59Z', '2100-01-01T00:00:00Z', '0099-01-01'),
  fc.integer(),
  fc.integer({ min: 631152000000 - 5, max: 4102444800000 + 5 }),
  fc.double(),
);
const labelArb = fc.constantFrom('fraud', 'benign', 'Fraud', '', 3);
const extraArb = fc.constantFrom(undefined, 1, 'x', null, [1], { a: 1 });

function rowFor(kind: string): fc.Arbitrary<Record<string, unknown>> {
  const fields: Record<string, fc.Arbitrary<unknown>> = {
    accounts: fc.record({ id: idArb, createdAt: tsArb, country: fc.constantFrom('US', 'c'.repeat(65), 7, '') }, { requiredKeys: [] }),
    links: fc.record({ account: idArb, type: fc.constantFrom('ip', 'device', ' ip', ''), value: idArb, ts: tsArb }, { requiredKeys: [] }),
    actions: fc.record({ account: idArb, action: fc.constantFrom('like', 'follow', ''), target: idArb, ts: tsArb }, { requiredKeys: [] }),
    labels: fc.record({ account: idArb, label: labelArb, ring: fc.constantFrom('r1', '', 'r'.repeat(513), 9), kind: fc.constantFrom('farm', 'k'.repeat(65)) }, { requiredKeys: [] }),
  };
  return fc.tuple(fields[kind] as fc.Arbitrary<Record<string, unknown>>, extraArb).map(([row, extra]) => (extra === undefined ? row : { ...row, extra }));
}

/** One file's text: JSON rows, some with spacing, escapes, or broken, plus blank lines. */
function fileArb(kind: string): fc.Arbitrary<string> {
  const lineArb = fc.oneof(
    { weight: 8, arbitrary: rowFor(kind).map((row) => JSON.stringify(row)) },
    { weight: 1, arbitrary: rowFor(kind).map((row) => JSON.stringify(row, null, 1).replace(/\n/g, ' ')) },
    { weight: 1, arbitrary: rowFor(kind).map((row) => JSON.stringify(row).replace(/a/g, '\\u0061')) },
    { weight: 1, arbitrary: fc.constantFrom('', '  ', '{', '[]', 'null', '{"id":"a1",}', '{"account":"a1"} x', '"str"') },
  );
  return fc.tuple(fc.array(lineArb, { maxLength: 12 }), fc.constantFrom('\n', '\r\n')).map(([lines, eol]) => lines.join(eol));
}

let runs = 0;
describe('NDJSON fast path', () => {
  it('gives the same dataset, counts and rejects as JSON.parse + zod alone (property)', async () => {
    await fc.assert(
      fc.asyncProperty(fileArb('accounts'), fileArb('links'), fileArb('actions'), fileArb('labels'), async (accounts, links, actions, labels) => {
        const dir = join(root, `case-${runs++}`);
        mkdirSync(dir);
        // at least one good account and link: a required file with every row rejected is an error
        writeFileSync(join(dir, 'accounts.ndjson'), `{"id":"seed","createdAt":1704067200000}\n${accounts}`);
        writeFileSync(join(dir, 'links.ndjson'), `{"account":"seed","type":"ip","value":"v"}\n${links}`);
        writeFileSync(join(dir, 'actions.ndjson'), actions);
        writeFileSync(join(dir, 'labels.ndjson'), labels);
        const fast = await loadDataset(dir, { fastPath: true });
        const reference = await loadDataset(dir, { fastPath: false });
        expect(fast).toStrictEqual(reference);
      }),
      { numRuns: 100 },
    );
  });
});
