// Zod schemas for the dataset input contract (DESIGN.md, "Input contract"): one schema per file kind.
// Values are kept exactly as written: ids follow the shared id rule (src/schema/id-rule.ts) rather than being
// trimmed, timestamps the shared timestamp rule (src/schema/timestamp-rule.ts).
import { z } from 'zod';
import { IdSchema, MAX_ID_LENGTH } from './id-rule.js';
import { TimestampSchema } from './timestamp-rule.js';

export { TimestampSchema } from './timestamp-rule.js';

export const MAX_COUNTRY_LENGTH = 64;

/**
 * Identifier values and action targets are opaque text kept exactly as written (a postal address may hold a
 * comma, a newline or a leading space); only empty or all-blank values are refused, as they identify nothing.
 */
export const ValueSchema = z
  .string()
  .min(1, 'must not be empty')
  .max(MAX_ID_LENGTH, `must be at most ${MAX_ID_LENGTH} characters`)
  .regex(/\S/, 'is blank');

export const AccountRecordSchema = z
  .object({
    id: IdSchema,
    createdAt: TimestampSchema,
    country: z.string().max(MAX_COUNTRY_LENGTH, `must be at most ${MAX_COUNTRY_LENGTH} characters`).optional(),
  })
  .catchall(z.unknown());
export type AccountRecord = z.infer<typeof AccountRecordSchema>;

export const LinkRecordSchema = z.object({
  account: IdSchema,
  type: IdSchema,
  value: ValueSchema,
  ts: TimestampSchema.optional(),
});
export type LinkRecord = z.infer<typeof LinkRecordSchema>;

export const ActionRecordSchema = z.object({
  account: IdSchema,
  action: IdSchema,
  target: ValueSchema,
  ts: TimestampSchema,
});
export type ActionRecord = z.infer<typeof ActionRecordSchema>;

/** What the team already knows about an account (partial). Ground truth (ring, kind) is never an input: it lives
 * in a separate file read only by evaluation (src/evaluate/ground-truth.ts); extra fields here are ignored. */
export const LabelRecordSchema = z.object({
  account: IdSchema,
  label: z.enum(['fraud', 'benign']),
});
export type LabelRecord = z.infer<typeof LabelRecordSchema>;

export const DATASET_FILES = ['accounts', 'links', 'actions', 'labels'] as const;
export type DatasetFileKind = (typeof DATASET_FILES)[number];
export const REQUIRED_FILES: readonly DatasetFileKind[] = ['accounts', 'links'];

/** Columns a CSV header must name (NDJSON rows missing them are rejected row by row). */
export const REQUIRED_COLUMNS: { readonly [K in DatasetFileKind]: readonly string[] } = {
  accounts: ['id', 'createdAt'],
  links: ['account', 'type', 'value'],
  actions: ['account', 'action', 'target', 'ts'],
  labels: ['account', 'label'],
};

export const RECORD_SCHEMAS = {
  accounts: AccountRecordSchema,
  links: LinkRecordSchema,
  actions: ActionRecordSchema,
  labels: LabelRecordSchema,
} as const;
