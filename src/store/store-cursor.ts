// Opaque page cursors shared by the stores: base64url of the last row's sort key, checked on the way back in.
import { RingscanError } from '../schema/errors.js';

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
