import { describe, expect, it } from 'vitest';
import { doubleSortKeys, radixSortByKey, sortWholeNumbers } from '../../src/lib/radix-sort.js';
import { createRng } from '../../src/lib/rng.js';

describe('radix sorts of index arrays', () => {
  it('sorting by account, then by time (low, high word) orders like the comparator (time, account, index)', () => {
    const random = createRng(7);
    const n = 20_000;
    const tsSec = Float64Array.from({ length: n }, () => {
      const base = random() < 0.5 ? 1.6e9 + Math.floor(random() * 50) : -5e8 - Math.floor(random() * 50) / 1000;
      return random() < 0.1 ? 0 : base + Math.floor(random() * 3) / 1000;
    });
    const account = Int32Array.from({ length: n }, () => Math.floor(random() * 70_000));
    const order = Int32Array.from({ length: n }, (_, i) => i);
    const { high, low } = doubleSortKeys(tsSec);
    radixSortByKey(order, new Uint32Array(account.buffer));
    radixSortByKey(order, low);
    radixSortByKey(order, high);
    const expected = Array.from({ length: n }, (_, i) => i).sort((x, y) => tsSec[x]! - tsSec[y]! || account[x]! - account[y]! || x - y);
    expect(Array.from(order)).toEqual(expected);
  });

  it('skips passes whose digit never varies and leaves equal keys in input order', () => {
    const order = Int32Array.from([4, 3, 2, 1, 0]);
    radixSortByKey(order, Uint32Array.from([5, 5, 1, 5, 1]));
    expect(Array.from(order)).toEqual([4, 2, 3, 1, 0]);
  });
});

describe('sortWholeNumbers', () => {
  it('sorts whole numbers up to 2^53 − 1 as Float64Array.prototype.sort does, at every magnitude (property)', () => {
    const random = createRng(11);
    for (const magnitude of [2 ** 6, 2 ** 20, 2 ** 40, 2 ** 53]) {
      const values = Float64Array.from({ length: 50_000 }, () => Math.floor(random() * magnitude));
      values[0] = 0;
      values[1] = magnitude - 1;
      const expected = values.slice().sort();
      sortWholeNumbers(values);
      expect(values).toEqual(expected);
    }
  });

  it('leaves an empty or one-value array as it was', () => {
    const empty = new Float64Array(0);
    sortWholeNumbers(empty);
    expect(empty.length).toBe(0);
    const same = Float64Array.from([7, 7, 7]);
    sortWholeNumbers(same);
    expect(Array.from(same)).toEqual([7, 7, 7]);
  });
});
