// Findings: what detection produces and what stores, API, CLI --json and evaluation all read.
import { z } from 'zod';
import { DetectionConfigSchema } from './config.js';

export const ReasonSchema = z.object({
  /** Stable machine code, e.g. shared_entities, creation_burst, synchronized_actions. */
  code: z.string(),
  /** Plain words: "27 accounts share 4 devices". */
  text: z.string(),
  /** Contribution to the score, used to rank reasons (highest first). */
  weight: z.number(),
});
export type Reason = z.infer<typeof ReasonSchema>;

export const RoleSchema = z.enum(['coordinator', 'member', 'peripheral']);
export type Role = z.infer<typeof RoleSchema>;

export const RingFeaturesSchema = z.object({
  size: z.number().int(),
  edges: z.number().int(),
  density: z.number(),
  /** Non-hub entities used by two or more members. */
  sharedEntities: z.number().int(),
  /** Shared entities by type, e.g. { device: 4, ip: 2 }. */
  sharedEntitiesByType: z.record(z.string(), z.number().int()),
  /** Members touching at least one shared entity, per shared entity (max over types). */
  accountsPerSharedEntity: z.number(),
  /** Share of identifier edge weight carried by strong types (type weight ≥ 0.75). */
  strongIdentifierShare: z.number(),
  /** Largest share of members created inside one burst window. */
  creationBurstShare: z.number(),
  creationBurstCount: z.number().int(),
  /** Window (hours) of that burst and −log10 of its binomial tail against the population's creation rate. */
  creationBurstHours: z.number(),
  creationBurstSurprise: z.number(),
  /** Share of the ring's internal edge weight that comes from synchronized actions. */
  synchronyShare: z.number(),
  /** Distinct targets on which members acted in sync. */
  syncTargets: z.number().int(),
  /** Targets at least three members acted on and that received most of their actions from members. */
  ownTargets: z.number().int(),
  knownBadShare: z.number(),
  /** External edge weight / (internal + external): low means a closed group. */
  conductance: z.number(),
  /** Hub entities (above the cap) members touch; context only. */
  hubEntities: z.number().int(),
});
export type RingFeatures = z.infer<typeof RingFeaturesSchema>;

export const RingSchema = z.object({
  id: z.string(),
  score: z.number().min(0).max(1),
  flagged: z.boolean(),
  size: z.number().int(),
  features: RingFeaturesSchema,
  reasons: z.array(ReasonSchema),
});
export type Ring = z.infer<typeof RingSchema>;

export const RingMemberSchema = z.object({
  ring: z.string(),
  account: z.string(),
  role: RoleSchema,
  risk: z.number().min(0).max(1),
  weightedDegree: z.number(),
  betweenness: z.number(),
  pagerank: z.number(),
});
export type RingMember = z.infer<typeof RingMemberSchema>;

export const AccountRiskSchema = z.object({
  account: z.string(),
  risk: z.number().min(0).max(1),
  flagged: z.boolean(),
  ring: z.string().nullable(),
  role: RoleSchema.nullable(),
  reasons: z.array(z.string()),
});
export type AccountRisk = z.infer<typeof AccountRiskSchema>;

/** Evidence subgraph of a ring, for drawing and for investigators. */
export const RingGraphSchema = z.object({
  ring: z.string(),
  accounts: z.array(z.string()),
  entities: z.array(z.object({ id: z.string(), type: z.string(), value: z.string(), degree: z.number().int(), isHub: z.boolean() })),
  uses: z.array(z.object({ account: z.string(), entity: z.string() })),
  edges: z.array(
    z.object({
      source: z.string(),
      target: z.string(),
      weight: z.number(),
      sharedEntities: z.array(z.string()),
      syncTargets: z.number().int(),
    }),
  ),
});
export type RingGraph = z.infer<typeof RingGraphSchema>;

export const FileCountsSchema = z.object({
  read: z.number().int(),
  accepted: z.number().int(),
  rejected: z.number().int(),
  /** Accepted rows repeating an earlier one (links: the same account, type and value; labels: the same account); kept once. */
  duplicates: z.number().int().optional(),
});
export type FileCounts = z.infer<typeof FileCountsSchema>;

export const RunSummarySchema = z.object({
  accounts: z.number().int(),
  implicitAccounts: z.number().int(),
  entities: z.number().int(),
  hubEntities: z.number().int(),
  links: z.number().int(),
  actions: z.number().int(),
  files: z.record(z.string(), FileCountsSchema),
  graph: z.object({
    nodes: z.number().int(),
    edges: z.number().int(),
    identifierEdges: z.number().int(),
    synchronyEdges: z.number().int(),
    /** Edges dropped as lighter than minEdgeWeight. */
    prunedEdges: z.number().int(),
    skippedBurstWindows: z.number().int(),
  }),
  communities: z.number().int(),
  rings: z.number().int(),
  ringsFlagged: z.number().int(),
  accountsFlagged: z.number().int(),
});
export type RunSummary = z.infer<typeof RunSummarySchema>;

export const FindingsSchema = z.object({
  formatVersion: z.literal(1),
  config: DetectionConfigSchema,
  summary: RunSummarySchema,
  /** Candidate rings (communities of at least minRingSize), riskiest first. */
  rings: z.array(RingSchema),
  members: z.array(RingMemberSchema),
  /** Accounts with non-zero risk; every other account has risk 0. Ordered by risk desc, then id. */
  accounts: z.array(AccountRiskSchema),
  /** Evidence subgraphs of flagged rings. */
  graphs: z.array(RingGraphSchema),
});
export type Findings = z.infer<typeof FindingsSchema>;
