// Opaque page cursors shared by the stores: base64url of the last row's sort key, checked on the way back in.
import { RingscanError } from '../schema/errors.js';
import type { Page } from './findings-store.js';

export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

function decodeKey(text: string, kinds: readonly ('string' | 'number')[]): unknown[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  if (!Array.isArray(key) || key.length !== kinds.length || key.some((part, i) => typeof part !== kinds[i])) {
    throw new RingscanError('BAD_USAGE', 'invalid cursor: start again without one');
  }
  return key;
}

/** Rings are listed by score desc, then id. */
export function decodeRingCursor(text: string): { score: number; id: string } {
  const [score, id] = decodeKey(text, ['number', 'string']) as [number, string];
  return { score, id };
}

/** Members are listed by account id. */
export function decodeMemberCursor(text: string): { account: string } {
  const [account] = decodeKey(text, ['string']) as [string];
  return { account };
}

/** A page from `limit + 1` rows: the extra row only tells that more follow. */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => (string | number)[]): Page<T> {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1]!)) };
}
