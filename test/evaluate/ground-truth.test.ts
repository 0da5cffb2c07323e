import { describe, expect, it } from 'vitest';
import { assertGroundTruth, groundTruthOf, parseLookalikeRecords, parseTruthRecords } from '../../src/evaluate/ground-truth.js';
import { RingscanError } from '../../src/schema/errors.js';

describe('groundTruthOf', () => {
  it('truth accounts are fraud with ring and kind, look-alikes benign with their kind, unlisted accounts benign without one', () => {
    const truth = groundTruthOf(['a', 'b', 'c'], [{ account: 'a', ring: 'R1', kind: 'device_farm' }], [{ account: 'b', kind: 'household' }]);
    expect(truth).toEqual({ accounts: ['a', 'b', 'c'], label: Int8Array.from([1, 0, 0]), ring: ['R1', undefined, undefined], kind: ['device_farm', 'household', undefined] });
    expect(() => assertGroundTruth(truth)).not.toThrow();
  });

  it('truth accounts the dataset lacks are appended (they count as missed); look-alikes it lacks are dropped', () => {
    const truth = groundTruthOf(['a'], [{ account: 'z', ring: 'R', kind: null }], [{ account: 'y', kind: 'other' }]);
    expect(truth.accounts).toEqual(['a', 'z']);
    expect(Array.from(truth.label)).toEqual([0, 1]);
    expect(truth.kind).toEqual([undefined, undefined]);
  });

  it('an account in both files stays fraud', () => {
    const truth = groundTruthOf(['a'], [{ account: 'a', ring: 'R', kind: 'k' }], [{ account: 'a', kind: 'household' }]);
    expect(Array.from(truth.label)).toEqual([1]);
    expect(truth.kind).toEqual(['k']);
  });

  it('a label outside {-1, 0, 1} is rejected', () => {
    expect(() => assertGroundTruth({ accounts: ['a'], label: Int8Array.from([2]), ring: [undefined], kind: [undefined] })).toThrow(/expected 1, 0 or -1/);
  });
});

describe('parseTruthRecords / parseLookalikeRecords', () => {
  it('reads NDJSON lines, skipping blank ones; ring may be null', () => {
    expect(parseTruthRecords('{"account":"a","ring":"R","kind":"k"}\n\n{"account":"b","ring":null}\n', 't.ndjson')).toEqual([
      { account: 'a', ring: 'R', kind: 'k' },
      { account: 'b', ring: null },
    ]);
    expect(parseLookalikeRecords('{"account":"a","kind":"household"}', 'l.ndjson')).toEqual([{ account: 'a', kind: 'household' }]);
  });

  it('a bad line is a one-line UNREADABLE_FILE error with file and line', () => {
    for (const [text, pattern] of [
      ['{"account":"a"}\nnot json', /^t\.ndjson:2: not valid JSON$/],
      ['{"account":""}', /^t\.ndjson:1: account: must not be empty$/],
    ] as const) {
      const error = (() => {
        try {
          parseTruthRecords(text, 't.ndjson');
        } catch (e) {
          return e;
        }
      })();
      expect(error).toBeInstanceOf(RingscanError);
      expect((error as RingscanError).code).toBe('UNREADABLE_FILE');
      expect((error as RingscanError).message).toMatch(pattern);
    }
    expect(() => parseLookalikeRecords('{"account":"a"}', 'l.ndjson')).toThrow(/^l\.ndjson:1: kind: /);
  });
});
