// Row validation: the hand-written fast checks accept only what zod accepts, with the same values; reasons name the field.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FAST_VALIDATORS, ZOD_VALIDATORS } from '../../src/ingest/validate-record.js';
import { DATASET_FILES } from '../../src/schema/input.js';

const stringArb = fc.oneof(
  fc.constantFrom('a1', ' a1 ', '', '   ', '\u00a0x\u00a0', 'x\u2028', 'fraud', 'benign', 'US', 'yesterday', '2024-01-01T00:00:00Z', ' 1704067200000 ', '1.5', '-3', '1e3', 'hello 2020'),
  fc.string({ maxLength: 8 }),
  fc.string({ unit: 'grapheme', maxLength: 4 }),
  fc.constantFrom('x'.repeat(512), 'y'.repeat(513), ` ${'z'.repeat(512)} `, 'c'.repeat(64), 'c'.repeat(65)),
);
const valueArb = fc.oneof(stringArb, fc.double(), fc.integer(), fc.constantFrom(true, null, undefined, Number.NaN, Infinity, 1704067200000), fc.constant([]), fc.constant({}));
const fieldArb = fc.constantFrom('id', 'createdAt', 'country', 'account', 'type', 'value', 'ts', 'action', 'target', 'label', 'ring', 'kind', 'extra');
const rowArb = fc.oneof(
  { weight: 9, arbitrary: fc.dictionary(fieldArb, valueArb, { maxKeys: 6 }) },
  { weight: 1, arbitrary: fc.constantFrom(null, 3, 'row', [1, 2]) },
);

describe('fast row validators', () => {
  for (const kind of DATASET_FILES) {
    it(`${kind}: fast accepts only what zod accepts, with equal values (property)`, () => {
      fc.assert(
        fc.property(rowArb, (raw) => {
          const fast = FAST_VALIDATORS[kind](raw);
          if (fast === undefined) return;
          expect(ZOD_VALIDATORS[kind](raw)).toStrictEqual(fast);
        }),
        { numRuns: 3000 },
      );
    });
  }

  it('take the common valid shapes without zod', () => {
    expect(FAST_VALIDATORS.accounts({ id: 'a1', createdAt: '2024-01-01T00:00:00Z', country: 'US', plan: 'pro' })).toEqual({
      id: 'a1',
      createdAtMs: 1704067200000,
      country: 'US',
    });
    expect(FAST_VALIDATORS.links({ account: 'a1', type: 'ip', value: '10.0.0.1' })).toEqual({ account: 'a1', type: 'ip', value: '10.0.0.1', tsMs: undefined });
    expect(FAST_VALIDATORS.links({ account: ' a1 ', type: 'ip', value: '10.0.0.1' })).toBeUndefined();
    expect(FAST_VALIDATORS.actions({ account: 'a1', action: 'like', target: 'p1', ts: '1704067200000' })?.tsMs).toBe(1704067200000);
    expect(FAST_VALIDATORS.labels({ account: 'a1', label: 'fraud', ring: 'r1' })).toEqual({ account: 'a1', isFraud: true });
  });
});

describe('reject reasons', () => {
  const reasonOf = (kind: (typeof DATASET_FILES)[number], raw: unknown): unknown => ZOD_VALIDATORS[kind](raw);
  it('name the field and say what is wrong, on one line', () => {
    const ISO = 'must be an ISO-8601 date-time (2024-05-01T12:30:00Z) or epoch milliseconds';
    expect(reasonOf('accounts', { id: 'a', createdAt: 'yesterday' })).toBe(`createdAt: ${ISO}`);
    expect(reasonOf('accounts', { createdAt: 1704067200000 })).toBe('id: is missing');
    expect(reasonOf('accounts', { id: 7, createdAt: 1704067200000 })).toBe('id: must be text, not a number');
    expect(reasonOf('links', { account: 'a', type: '', value: 'v' })).toBe('type: must not be empty');
    expect(reasonOf('links', { account: 'a', type: '  ', value: 'v' })).toBe('type: has a control character or a space at either end');
    expect(reasonOf('links', { account: 'a', type: 'ip', value: '  ' })).toBe('value: is blank');
    expect(reasonOf('links', { account: 'a'.repeat(513), type: 't', value: 'v' })).toBe('account: must be at most 512 characters');
    expect(reasonOf('actions', { account: 'a', action: 'like', target: 'p' })).toBe('ts: is missing');
    expect(reasonOf('actions', { account: 'a', action: 'like', target: 'p', ts: false })).toBe(`ts: ${ISO}, not a boolean`);
    expect(reasonOf('actions', { account: 'a', action: 'like', target: 'p', ts: Number.NaN })).toBe('ts: must be a finite number of epoch milliseconds');
    expect(reasonOf('labels', { account: 'a', label: 'bad' })).toBe('label: must be one of "fraud", "benign"');
    expect(reasonOf('links', [1])).toBe('row: must be a JSON object');
    expect(reasonOf('actions', {})).toBe('account: is missing; action: is missing; target: is missing; and 1 more');
  });

  it('never use zod\'s own wording', () => {
    const rows: [(typeof DATASET_FILES)[number], unknown][] = [
      ['accounts', { id: 'a', createdAt: Number.NaN }],
      ['accounts', { id: null, createdAt: {} }],
      ['links', { account: 1, type: [], value: false }],
      ['labels', { account: 'a', label: 3, ring: 4 }],
      ['actions', 'text'],
    ];
    for (const [kind, raw] of rows) expect(reasonOf(kind, raw)).not.toMatch(/Invalid|expected|received|Unrecognized/);
  });
});
