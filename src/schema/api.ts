// HTTP API payloads: request params/query/body and response envelopes. The API validates with these and
// the OpenAPI document is generated from them, so the two cannot drift.
import { z } from 'zod';
import { RING_GRAPH_LIMITS } from '../lib/ring-graph-limit.js';
import { NeighborEdgeSchema } from './store.js';
import { ID_RULE_TEXT, IdSchema } from './id-rule.js';
import { AccountRiskSchema, RingGraphSchema, RingMemberSchema, RoleSchema } from './findings.js';
import { RingHistoryEntrySchema, RingStatusSchema, RunRecordSchema, StoredRingSchema } from './run.js';

/** Page sizes: the default when `limit` is absent and the hard maximum (above it is a 400, not a silent clamp). */
export const PAGE_DEFAULTS = { limit: 50, maxLimit: 500, maxBatchIds: 1000, ringDetailMembers: 100, ringHistory: 100 } as const;

/** Ids in paths and bodies follow the same rule as ingest (src/schema/id-rule.ts): every accepted id can be fetched, URL-encoded. */
const idOf = (what: string) => IdSchema.meta({ description: `${what} id: ${ID_RULE_TEXT}; URL-encode it in a path` });

export const AccountIdSchema = idOf('Account');
export const RingIdSchema = idOf('Ring');
export const RunIdSchema = idOf('Run');

export const CursorSchema = z
  .string()
  .min(1)
  .max(2048)
  .regex(/^[A-Za-z0-9_-]+$/)
  .meta({ description: 'Opaque cursor from the previous page (nextCursor).' });

const limitOf = (max: number, fallback: number) =>
  z.coerce
    .number()
    .int()
    .min(1)
    .max(max)
    .default(fallback)
    .meta({ description: `Page size, 1..${max} (default ${fallback}).` });

export const PageQuerySchema = z.object({
  cursor: CursorSchema.optional(),
  limit: limitOf(PAGE_DEFAULTS.maxLimit, PAGE_DEFAULTS.limit),
});

export const RunParamsSchema = z.object({ id: RunIdSchema });
export const RingParamsSchema = z.object({ id: RingIdSchema });
export const AccountParamsSchema = z.object({ id: AccountIdSchema });

export const RunsQuerySchema = PageQuerySchema;

export const RingsQuerySchema = PageQuerySchema.extend({
  minScore: z.coerce.number().min(0).max(1).optional().meta({ description: 'Only rings scoring at least this, 0..1.' }),
  status: RingStatusSchema.optional().meta({ description: 'Only rings with this lifecycle status.' }),
});

export const MembersQuerySchema = PageQuerySchema;

export const GraphFormatSchema = z.enum(['json', 'gexf', 'graphml']);
export type GraphFormat = z.infer<typeof GraphFormatSchema>;

export const RingGraphQuerySchema = z.object({
  limit: z.coerce
    .number()
    .int()
    .min(1)
    .max(RING_GRAPH_LIMITS.maxLimit)
    .default(RING_GRAPH_LIMITS.defaultLimit)
    .meta({
      description:
        `Most edges returned (account–account evidence edges plus account–identifier links), 1..${RING_GRAPH_LIMITS.maxLimit} (default ${RING_GRAPH_LIMITS.defaultLimit}); ` +
        'strongest evidence first, `truncated` says whether anything was left out.',
    }),
  format: GraphFormatSchema.default('json').meta({ description: 'json (default), gexf (Gephi) or graphml (Cytoscape, yEd, networkx).' }),
});

export const NeighborsQuerySchema = z.object({
  depth: z.coerce.number().int().min(1).max(2).default(1).meta({ description: 'Hops from the account, 1 or 2 (default 1).' }),
  limit: limitOf(PAGE_DEFAULTS.maxLimit, PAGE_DEFAULTS.limit),
});

export const RiskBatchBodySchema = z
  .object({
    ids: z
      .array(AccountIdSchema)
      .min(1)
      .max(PAGE_DEFAULTS.maxBatchIds)
      .meta({ description: `Account ids, 1..${PAGE_DEFAULTS.maxBatchIds}; duplicates are answered once.` }),
  })
  // an unknown field is a caller's mistake (a typo of ids), refused rather than ignored
  .strict();
export type RiskBatchBody = z.infer<typeof RiskBatchBodySchema>;

// ---- responses ----

export const HealthResponseSchema = z.object({ status: z.literal('ok') });

const page = <T extends z.ZodType>(item: T, max: number = PAGE_DEFAULTS.maxLimit) => z.array(item).max(max);

export const ReadyResponseSchema = z.object({
  status: z.literal('ready'),
  /** The current run, or null before the first run is recorded. */
  run: z.string().nullable(),
  /** How long the store took to answer the check. */
  checkMs: z.number(),
});

export const RunPageSchema = z.object({ items: page(RunRecordSchema), nextCursor: z.string().nullable() });

export const RingPageSchema = z.object({
  run: z.string(),
  items: page(StoredRingSchema),
  nextCursor: z.string().nullable(),
});

export const MemberPageSchema = z.object({
  run: z.string(),
  ring: z.string(),
  items: page(RingMemberSchema),
  nextCursor: z.string().nullable(),
});

export const RingDetailSchema = z.object({
  run: z.string(),
  ring: StoredRingSchema,
  /** First page of members; follow nextCursor on /v1/rings/{id}/members for the rest. */
  members: z.object({ items: page(RingMemberSchema, PAGE_DEFAULTS.ringDetailMembers), nextCursor: z.string().nullable() }),
  /** The ring across runs, oldest first: at most the latest PAGE_DEFAULTS.ringHistory runs. */
  history: page(RingHistoryEntrySchema, PAGE_DEFAULTS.ringHistory),
});

const GRAPH_MAX = RING_GRAPH_LIMITS.maxLimit;
const graphEntry = RingGraphSchema.shape;

/** A ring's graph bounded by `limit`; `members` gives the role and risk of each drawn account, in `accounts` order. */
export const RingGraphResponseSchema = z.object({
  run: z.string(),
  ring: z.string(),
  limit: z.number().int(),
  truncated: z.boolean(),
  totals: z.object({ accounts: z.number().int(), entities: z.number().int(), uses: z.number().int(), edges: z.number().int() }),
  // an edge has two ends and a link one account: limit edges touch at most 2·limit accounts and limit identifiers
  accounts: z.array(z.string()).max(2 * GRAPH_MAX),
  members: z.array(z.object({ account: z.string(), role: RoleSchema.nullable(), risk: z.number() })).max(2 * GRAPH_MAX),
  entities: graphEntry.entities.max(GRAPH_MAX),
  uses: graphEntry.uses.max(GRAPH_MAX),
  edges: graphEntry.edges.max(GRAPH_MAX),
});
export type RingGraphResponse = z.infer<typeof RingGraphResponseSchema>;

/** Accounts without findings have risk 0, no ring and no reasons. */
export const AccountResponseSchema = AccountRiskSchema.extend({ run: z.string() });
export type AccountResponse = z.infer<typeof AccountResponseSchema>;

export { NeighborEdgeSchema };

export const NeighborsResponseSchema = z.object({
  run: z.string(),
  account: z.string(),
  depth: z.union([z.literal(1), z.literal(2)]),
  items: page(NeighborEdgeSchema),
});
export type NeighborsResponse = z.infer<typeof NeighborsResponseSchema>;

export const RiskBatchResponseSchema = z.object({
  run: z.string(),
  /** One entry per distinct requested id, in request order. */
  items: page(AccountRiskSchema, PAGE_DEFAULTS.maxBatchIds),
});

/** RFC 9457 problem details; `field` names the failing input (e.g. `limit`, `ids.3`). */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  detail: z.string(),
  field: z.string().optional(),
  requestId: z.string().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

// ---- API keys ----

export const ScopeSchema = z.enum(['investigate', 'enforce', 'admin']);
export type Scope = z.infer<typeof ScopeSchema>;

/** A stored key: never the key itself, only its sha256 (hex). */
export const ApiKeyRecordSchema = z.object({
  id: z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/),
  hash: z.string().regex(/^[0-9a-f]{64}$/, 'must be a sha256 hex digest'),
  scopes: z.array(ScopeSchema).min(1),
  createdAt: z.string().optional(),
});
export type ApiKeyRecord = z.infer<typeof ApiKeyRecordSchema>;
export type RingDetail = z.infer<typeof RingDetailSchema>;
