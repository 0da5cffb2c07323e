// The one rule for ids, shared by ingest (account ids, identifier types and values, actions, targets) and the
// API (account, ring and run ids in paths and bodies): whatever ingest accepts, the API can be asked for by
// URL-encoding it.
import { z } from 'zod';

export const MAX_ID_LENGTH = 512;

/**
 * Any characters but control characters (U+0000–U+001F, U+007F–U+009F), line and paragraph separators and
 * lone surrogates (which cannot be URL-encoded), and no whitespace at either end: an id is kept exactly as
 * written, so " u1" and "u1" would silently be two accounts. Spaces, slashes, quotes and emoji inside are fine
 * (real usernames have them); stores only ever see ids as query parameters.
 */
// Explicit ranges rather than \p{Cc}, and lone surrogates checked apart, so other regex engines (the OpenAPI
// document's readers, schemathesis) can use the pattern as written.
export const ID_PATTERN = /^[^\s\u0000-\u001f\u007f-\u009f](?:[^\u0000-\u001f\u007f-\u009f\u2028\u2029]*[^\s\u0000-\u001f\u007f-\u009f])?$/u;
const LONE_SURROGATE = /\p{Cs}/u;

export const ID_RULE_TEXT = `1 to ${MAX_ID_LENGTH} characters, no control characters, no space at either end`;
export const ID_CHARSET_MESSAGE = 'has a control character or a space at either end';

/** The id schema the API's params and bodies and ingest's records all use. */
export const IdSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .regex(ID_PATTERN, ID_CHARSET_MESSAGE)
  .refine((value) => !LONE_SURROGATE.test(value), ID_CHARSET_MESSAGE);

/** The rule as a plain check, for hot paths that must not build zod issues. */
export function isValidId(value: string): boolean {
  return value.length >= 1 && value.length <= MAX_ID_LENGTH && ID_PATTERN.test(value) && !LONE_SURROGATE.test(value);
}

/**
 * Characters a fast scanner must hand to the full check: DEL and C1 controls, surrogates (paired ones are fine
 * but cheaper to defer than to pair up) and U+2028/U+2029. Callers test `code >= 0x7f` first.
 */
export function isSuspectIdChar(code: number): boolean {
  return code <= 0x9f || (code & 0xf800) === 0xd800 || code === 0x2028 || code === 0x2029;
}
