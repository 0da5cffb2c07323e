// Zod schemas of the ground-truth files handed to `evaluate --truth` (never detection input): truth.ndjson lists
// every ring member with its ring and kind, lookalikes.ndjson every other account with its benign look-alike kind.
import { z } from 'zod';

const MAX_ID_LENGTH = 512;
const idString = z.string().trim().min(1, 'must not be empty').max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`);
const kindString = z.string().trim().min(1, 'must not be empty').max(64, 'must be at most 64 characters');

export const TruthRecordSchema = z.object({
  account: idString,
  /** The true ring; null or absent for a known fraud account outside any ring. */
  ring: idString.nullish(),
  kind: kindString.nullish(),
});
export type TruthRecord = z.infer<typeof TruthRecordSchema>;

export const LookalikeRecordSchema = z.object({
  account: idString,
  kind: kindString,
});
export type LookalikeRecord = z.infer<typeof LookalikeRecordSchema>;
