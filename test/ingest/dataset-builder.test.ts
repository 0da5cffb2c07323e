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
    expect(builder.addAccountRow({ id: 'a', createdAtMs: 5, country: 'US' }, 3)).toBe(-1);
    builder.addLinkRow({ account: 'b', type: 'ip', value: 'v', tsMs: undefined });
    const existing = builder.addAccountRow({ id: 'a', createdAtMs: 6, country: undefined }, 9);
    expect(existing).toBe(0);
    expect(builder.declaredLineOf(existing)).toBe(3);
    const { dataset, implicitAccounts } = builder.build(false);
    expect(dataset.accounts.ids).toEqual(['a', 'b']);
    expect(Array.from(dataset.accounts.createdAtMs)).toEqual([5, NaN]);
    expect(implicitAccounts).toBe(1);
  });
});

describe('DatasetBuilder.mergePart', () => {
  it('merging parts built from consecutive pieces equals adding every row to one builder', () => {
    const rows = {
      accounts: [
        { id: 'a', createdAtMs: 1, country: 'US' },
        { id: 'b', createdAtMs: 2, country: undefined },
      ],
      links: [
        { account: 'b', type: 'ip', value: 'v1', tsMs: undefined },
        { account: 'x', type: 'device', value: 'd1', tsMs: undefined },
        { account: 'a', type: 'ip', value: 'v1', tsMs: undefined },
        { account: 'y', type: 'ip', value: 'v2', tsMs: undefined },
        { account: 'x', type: 'device', value: 'd1', tsMs: undefined },
      ],
      actions: [
        { account: 'y', action: 'like', target: 't1', tsMs: 10 },
        { account: 'z', action: 'share', target: 't2', tsMs: 20 },
        { account: 'a', action: 'like', target: 't2', tsMs: 30 },
      ],
    };
    const whole = new DatasetBuilder();
    rows.accounts.forEach((row, i) => whole.addAccountRow(row, i + 1));
    rows.links.forEach((row) => whole.addLinkRow(row));
    rows.actions.forEach((row) => whole.addActionRow(row));
    whole.addLabelRow({ account: 'z', isFraud: true });

    const merged = new DatasetBuilder();
    const accounts = new DatasetBuilder();
    rows.accounts.forEach((row, i) => accounts.addAccountRow(row, i + 1));
    merged.mergePart(accounts.exportPart(), 0);
    for (const piece of [rows.links.slice(0, 2), rows.links.slice(2)]) {
      const part = new DatasetBuilder();
      piece.forEach((row) => part.addLinkRow(row));
      merged.mergePart(part.exportPart(), 0);
    }
    for (const piece of [rows.actions.slice(0, 1), rows.actions.slice(1)]) {
      const part = new DatasetBuilder();
      piece.forEach((row) => part.addActionRow(row));
      if (piece.length === 2) part.addLabelRow({ account: 'z', isFraud: true });
      merged.mergePart(part.exportPart(), 0);
    }
    expect(merged.build(true)).toEqual(whole.build(true));
  });

  it('reports a later part\'s declaration of an account declared earlier, with the file\'s line numbers', () => {
    const merged = new DatasetBuilder();
    const first = new DatasetBuilder();
    first.addAccountRow({ id: 'a', createdAtMs: 1, country: undefined }, 2);
    merged.mergePart(first.exportPart(), 0);
    const second = new DatasetBuilder();
    second.addAccountRow({ id: 'b', createdAtMs: 2, country: undefined }, 1);
    second.addAccountRow({ id: 'a', createdAtMs: 3, country: undefined }, 4);
    const { duplicates } = merged.mergePart(second.exportPart(), 10);
    expect(duplicates).toEqual([{ line: 14, account: 0 }]);
    expect(merged.declaredLineOf(0)).toBe(2);
    expect(Array.from(merged.build(false).dataset.accounts.createdAtMs)).toEqual([1, 2]);
  });
});
