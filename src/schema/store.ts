// What the FindingsStore takes and returns, as schemas: the stores' types are z.infer of these.
import { z } from 'zod';
import { DetectionConfigSchema } from './config.js';
import { AccountRiskSchema, RingGraphSchema, RingMemberSchema } from './findings.js';
import { DissolvedRingSchema, RunRecordSchema, StoredRingSchema } from './run.js';

/** Everything one run writes; saved atomically (all or nothing). */
export const RunToSaveSchema = z.object({
  run: RunRecordSchema,
  /** The configuration the run used (its hash is run.configHash); kept for audit. */
  config: DetectionConfigSchema.optional(),
  rings: z.array(StoredRingSchema),
  dissolved: z.array(DissolvedRingSchema),
  members: z.array(RingMemberSchema),
  /** Accounts with non-zero risk. */
  accounts: z.array(AccountRiskSchema),
  /** Evidence subgraphs of flagged rings. */
  graphs: z.array(RingGraphSchema),
});
export type RunToSave = z.infer<typeof RunToSaveSchema>;

export const StoredRingPageSchema = z.object({ items: z.array(StoredRingSchema), nextCursor: z.string().nullable() });
export type StoredRingPage = z.infer<typeof StoredRingPageSchema>;

export const RingMemberPageSchema = z.object({ items: z.array(RingMemberSchema), nextCursor: z.string().nullable() });
export type RingMemberPage = z.infer<typeof RingMemberPageSchema>;

export const NeighborEdgeSchema = z.object({
  account: z.string(),
  depth: z.union([z.literal(1), z.literal(2)]),
  /** The account it is reached from. */
  via: z.string(),
  sharedEntities: z.array(z.string()),
  syncTargets: z.number().int(),
  weight: z.number(),
});
export type NeighborEdge = z.infer<typeof NeighborEdgeSchema>;

/** Export rows: one per member of an exported ring; `flagged` is the account's own flag. */
export const ExportRowSchema = z.object({
  account: z.string(),
  ring: z.string(),
  ringScore: z.number(),
  risk: z.number(),
  role: z.string(),
  flagged: z.boolean(),
});
export type ExportRow = z.infer<typeof ExportRowSchema>;

/** A stored ring with every member (account id ascending), as a run's readers regroup it. */
export const RingWithMembersSchema = z.object({
  ring: z.string(),
  score: z.number(),
  members: z.array(ExportRowSchema),
});
export type RingWithMembers = z.infer<typeof RingWithMembersSchema>;
