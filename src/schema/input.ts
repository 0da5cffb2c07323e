// Zod schemas for the dataset input contract (DESIGN.md, "Input contract"): one schema per file kind.
import { z } from 'zod';

const MAX_ID_LENGTH = 512;

const idString = z.string().trim().min(1, 'must not be empty').max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`);

/** ISO-8601 text or epoch milliseconds (number or numeric string) → epoch ms. */
export const TimestampSchema = z.union([z.number(), z.string()]).transform((value, ctx) => {
  const ms = typeof value === 'number' ? value : /^-?\d+(\.\d+)?$/.test(value.trim()) ? Number(value) : Date.parse(value);
  if (!Number.isFinite(ms)) {
    ctx.addIssue({ code: 'custom', message: 'is not an ISO-8601 date or epoch milliseconds' });
    return z.NEVER;
  }
  return ms;
});

export const AccountRecordSchema = z
  .object({
    id: idString,
    createdAt: TimestampSchema,
    country: z.string().max(64).optional(),
  })
  .catchall(z.unknown());
export type AccountRecord = z.infer<typeof AccountRecordSchema>;

export const LinkRecordSchema = z.object({
  account: idString,
  type: idString,
  value: idString,
  ts: TimestampSchema.optional(),
});
export type LinkRecord = z.infer<typeof LinkRecordSchema>;

export const ActionRecordSchema = z.object({
  account: idString,
  action: idString,
  target: idString,
  ts: TimestampSchema,
});
export type ActionRecord = z.infer<typeof ActionRecordSchema>;

/** What the team already knows about an account (partial). Ground truth (ring, kind) is never an input: it lives
 * in a separate file read only by evaluation (src/evaluate/ground-truth.ts); extra fields here are ignored. */
export const LabelRecordSchema = z.object({
  account: idString,
  label: z.enum(['fraud', 'benign']),
});
export type LabelRecord = z.infer<typeof LabelRecordSchema>;

export const DATASET_FILES = ['accounts', 'links', 'actions', 'labels'] as const;
export type DatasetFileKind = (typeof DATASET_FILES)[number];
export const REQUIRED_FILES: readonly DatasetFileKind[] = ['accounts', 'links'];

export const RECORD_SCHEMAS = {
  accounts: AccountRecordSchema,
  links: LinkRecordSchema,
  actions: ActionRecordSchema,
  labels: LabelRecordSchema,
} as const;
