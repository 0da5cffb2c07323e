// DatasetBuilder and dedupeLinks: dense ids, implicit accounts, first-kept duplicate links.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DatasetBuilder, dedupeLinks } from '../../src/ingest/dataset-builder.js';

describe('dedupeLinks', () => {
  it('keeps the first row of each (account, entity) pair in input order', () => {
    const result = dedupeLinks(Int32Array.from([1, 0, 1, 0, 1]), Int32Array.from([2, 2, 2, 0, 0]), 3, 2);
    expect(Array.from(result.account)).toEqual([1, 0, 0, 1]);
    expect(Array.from(result.entity)).toEqual([2, 2, 0, 0]);
    expect(result.duplicates).toBe(1);
  });

  it('matches a Set-based reference (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(fc.nat(5), fc.nat(5)), { maxLength: 60 }), (pairs) => {
        const seen = new Set<string>();
        const kept = pairs.filter(([a, e]) => !seen.has(`${a},${e}`) && seen.add(`${a},${e}`));
        const result = dedupeLinks(Int32Array.from(pairs, ([a]) => a), Int32Array.from(pairs, ([, e]) => e), 6, 6);
        expect(Array.from(result.account)).toEqual(kept.map(([a]) => a));
        expect(Array.from(result.entity)).toEqual(kept.map(([, e]) => e));
        expect(result.duplicates).toBe(pairs.length - kept.length);
      }),
    );
  });
});

describe('DatasetBuilder', () => {
  it('creates referenced accounts implicitly and reports a duplicate declaration with its first line', () => {
    const builder = new DatasetBuilder();
    expect(builder.addAccountRow({ id: 'a', createdAtMs: 5, country: 'US' }, 3)).toBeUndefined();
    builder.addLinkRow({ account: 'b', type: 'ip', value: 'v', tsMs: undefined });
    expect(builder.addAccountRow({ id: 'a', createdAtMs: 6, country: undefined }, 9)).toBe('id: duplicate account id (first declared on line 3)');
    const { dataset, implicitAccounts } = builder.build(false);
    expect(dataset.accounts.ids).toEqual(['a', 'b']);
    expect(Array.from(dataset.accounts.createdAtMs)).toEqual([5, NaN]);
    expect(implicitAccounts).toBe(1);
  });
});
