// StringIndex: dense ids in first-seen order, exact keys (no hash-only matches), namespaces kept apart.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hashRange, newRange, setRange, StringIndex } from '../../src/ingest/string-index.js';

describe('StringIndex', () => {
  it('gives ids in first-seen order and the same id for the same string, found from a range of a larger text', () => {
    const index = new StringIndex({ capacity: 2 });
    const text = 'xx,alpha,beta,alpha,';
    const idAt = (start: number, end: number): number => index.idOf({ text, start, end, hash: hashRange(text, start, end) });
    expect([idAt(3, 8), idAt(9, 13), idAt(14, 19)]).toEqual([0, 1, 0]);
    expect(index.keys).toEqual(['alpha', 'beta']);
  });

  it('keeps (namespace, value) pairs distinct', () => {
    const index = new StringIndex({ hasNamespaces: true });
    const range = setRange(newRange(), '10.0.0.1');
    expect([index.idOf(range, 0), index.idOf(range, 1), index.idOf(range, 70000), index.idOf(range, 1)]).toEqual([0, 1, 2, 1]);
    expect(index.keys).toEqual(['10.0.0.1', '10.0.0.1', '10.0.0.1']);
  });

  it('tells apart keys whose hashes collide', () => {
    const index = new StringIndex();
    const a = { text: 'left', start: 0, end: 4, hash: 7 };
    const b = { text: 'rite', start: 0, end: 4, hash: 7 };
    expect([index.idOf(a), index.idOf(b), index.idOf(a), index.idOf(b)]).toEqual([0, 1, 0, 1]);
  });

  it('keeps every id when reserving room after keys exist', () => {
    const index = new StringIndex({ capacity: 1 });
    const range = newRange();
    const values = Array.from({ length: 50 }, (_, i) => `k${i}`);
    values.forEach((value) => index.idOf(setRange(range, value)));
    index.reserve(10_000);
    expect(values.map((value) => index.idOf(setRange(range, value)))).toEqual(values.map((_, i) => i));
    expect(index.idOf(setRange(range, 'new'))).toBe(50);
  });

  it('agrees with a Map through growth, for any strings (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 6 }), { maxLength: 300 }), (values) => {
        const index = new StringIndex({ capacity: 1 });
        const reference = new Map<string, number>();
        const range = newRange();
        for (const value of values) {
          if (!reference.has(value)) reference.set(value, reference.size);
          expect(index.idOf(setRange(range, value))).toBe(reference.get(value));
        }
        expect(index.keys).toEqual([...reference.keys()]);
      }),
    );
  });
});
