// API cursors: base64url JSON that pins the run a listing started on, so a new run published mid-walk
// cannot shift pages; the store's own cursor rides inside unchanged.
import { z } from 'zod';
import { IdSchema } from '../schema/id-rule.js';
import { badRequest } from './problem.js';

const PinnedCursorSchema = z
  .object({
    /** Run the listing is pinned to. */
    r: IdSchema,
    /** The store's cursor for the next page. */
    c: z.string().min(1).max(1024),
  })
  .strict();
export type PinnedCursor = z.infer<typeof PinnedCursorSchema>;

const RunsCursorSchema = z.object({ after: IdSchema }).strict();
export type RunsCursor = z.infer<typeof RunsCursorSchema>;

function encode(value: object): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

function decode<T>(text: string, schema: z.ZodType<T>): T {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(text, 'base64url').toString('utf8'));
  } catch {
    throw invalidCursor();
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw invalidCursor();
  return parsed.data;
}

export const invalidCursor = () => badRequest('cursor', 'is invalid or stale; start again without a cursor');

export const encodePinnedCursor = (run: string, storeCursor: string | null): string | null =>
  storeCursor === null ? null : encode({ r: run, c: storeCursor } satisfies PinnedCursor);

export const decodePinnedCursor = (text: string): PinnedCursor => decode(text, PinnedCursorSchema);

export const encodeRunsCursor = (after: string): string => encode({ after } satisfies RunsCursor);

export const decodeRunsCursor = (text: string): RunsCursor => decode(text, RunsCursorSchema);
