// The one id rule: what ingest accepts, the API accepts too, and every such id survives a URL round trip.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AccountIdSchema } from '../../src/schema/api.js';
import { IdSchema, isValidId } from '../../src/schema/id-rule.js';
import { AccountRecordSchema } from '../../src/schema/input.js';

describe('id rule', () => {
  it('accepts real-world usernames with spaces, slashes, quotes and emoji', () => {
    for (const id of ['u6ccpzcx', '5 albert square', 'A. B.', 'a/b', 'o\'brien "x"', 'ü@例え.jp', 'x😀y', '1.179.209.89', 'a;DROP TABLE']) {
      expect(isValidId(id), id).toBe(true);
    }
  });

  it('refuses empty, overlong, control characters, lone surrogates and space at either end', () => {
    for (const id of ['', ' ', ' a', 'a ', '\ta', 'a\n', 'a\u0000b', 'a\u007fb', 'a\u0085b', 'a\u2028b', 'a\ud800b', '\udc00', '\ufeffa', 'a\u00a0', 'x'.repeat(513)]) {
      expect(isValidId(id), JSON.stringify(id)).toBe(false);
    }
    expect(isValidId('x'.repeat(512))).toBe(true);
  });

  it('is the same rule for ingest records and API ids, and every accepted id URL-encodes and decodes to itself (property)', () => {
    const idArb = fc.oneof(fc.string({ maxLength: 8, unit: 'grapheme' }), fc.string({ maxLength: 8, unit: 'binary' }), fc.string({ maxLength: 8 }));
    fc.assert(
      fc.property(idArb, (id) => {
        const ingest = AccountRecordSchema.safeParse({ id, createdAt: 1704067200000 }).success;
        expect(AccountIdSchema.safeParse(id).success).toBe(ingest);
        expect(IdSchema.safeParse(id).success).toBe(ingest);
        expect(isValidId(id)).toBe(ingest);
        if (ingest) expect(decodeURIComponent(encodeURIComponent(id))).toBe(id);
      }),
      { numRuns: 1500 },
    );
  });
});
