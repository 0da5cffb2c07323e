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
  /** Distinct member sets tied by a shared entity (entities with identical members count once). */
  sharingSets: z.number().int(),
  /** Of those, sets that overlap another without nesting in it, one of the two of a pooled type (several shared identifiers of one type that do not nest: a ring juggles a pool; a household has one of each). */
  crossingSets: z.number().int(),
  /** Those crossing sets, each weighted by the share of the ring tied by the smaller set it crosses (√((size − 1) / (ring size − 1))). */
  crossingEvidence: z.number(),
  /** Σ over those sets of the entity's surprise for its type × (set size − 1) / (ring size − 1). */
  sharingEvidence: z.number(),
  /** Largest share of members created inside one burst window. */
  creationBurstShare: z.number(),
  creationBurstCount: z.number().int(),
  /** Window (hours) of that burst and −log10 of its binomial tail against the population's creation rate. */
  creationBurstHours: z.number(),
  creationBurstSurprise: z.number(),
  /** Members inside one registration burst found in the whole population's timeline, and that burst's surprise. */
  registrationBurstMembers: z.number().int(),
  registrationBurstSurprise: z.number(),
  /** Internal synchrony evidence per member: 2 × Σ internal synchrony weight / size. */
  synchronyEvidence: z.number(),
  /** Share of the ring's internal edge weight that comes from synchronized actions. */
  synchronyShare: z.number(),
  /** Distinct targets with synchronized co-actions between members. */
  syncTargets: z.number().int(),
  /** Those targets, each weighted by its gap band's share of co-actions beyond chance. */
  syncTargetWeight: z.number(),
  /** Share of members tied to another member by synchrony. */
  syncMemberShare: z.number(),
  /** Median gap (seconds) of the members' closest co-actions on those targets. */
  syncGapSec: z.number(),
  /** Targets at least min(3, size) members acted on and that received most of their actions from members. */
  ownTargets: z.number().int(),
  /** Share of members that acted on one of those targets. */
  ownTargetMemberShare: z.number(),
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
  /** One rule everywhere (API, export, review samples): an account is flagged exactly when its ring is flagged. */
  flagged: z.boolean(),
  /** The ring's stable id; reasons never name the ring in their text. */
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
      /** Targets the pair acted on together: in sync at a time scale the data shows, or quiet targets shared at any time (the larger count). */
      syncTargets: z.number().int(),
    }),
  ),
  /** Present once the graph was bounded (limitRingGraph): true when edges were left out. */
  truncated: z.boolean().optional(),
  /** Present once the graph was bounded: the whole graph's counts. */
  totals: z.object({ accounts: z.number().int(), entities: z.number().int(), uses: z.number().int(), edges: z.number().int() }).optional(),
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

export const ScoringSummarySchema = z.object({
  /** 'learned' when weights fitted on the dataset's labels (cross-fitted) ranked its labelled rings better than the defaults, else 'defaults'. */
  weightsSource: z.enum(['defaults', 'learned']),
  weights: z.record(z.string(), z.number()),
  labelledRings: z.object({ fraud: z.number().int(), benign: z.number().int() }),
  labelledAccounts: z.number().int(),
  /** AUC of the out-of-fold learned scores of labelled rings; null when nothing was learned. */
  heldOutAuc: z.number().nullable(),
  /** AUC of the default weights' scores on the same labelled rings; null when nothing was learned. */
  defaultAuc: z.number().nullable(),
  note: z.string(),
});
export type ScoringSummary = z.infer<typeof ScoringSummarySchema>;

/** What detection measured from the data itself: the hub cap, registration bursts, synchrony time scales. */
export const EvidenceSummarySchema = z.object({
  hubDegree: z.number().int(),
  registrationBursts: z.array(z.object({ start: z.string(), windowSec: z.number(), accounts: z.number().int(), expected: z.number(), surprise: z.number() })),
  broadActors: z.number().int(),
  /** Co-actions that tied two accounts, by gap: within a minute, an hour, a day. */
  syncGapBands: z.object({ minute: z.number().int(), hour: z.number().int(), day: z.number().int() }),
  /** Co-action gap bands measured against chance; a band's co-actions count by its weight (its share beyond chance). */
  syncScales: z.array(z.object({ upToSec: z.number(), observed: z.number(), expected: z.number(), weight: z.number() })),
  /** Pairs tied by the quiet targets they share at any time, and the largest actor count of a target still quiet (absent in runs before it). */
  coTargets: z.object({ pairs: z.number().int(), maxTargetActors: z.number().int() }).optional(),
});
export type EvidenceSummary = z.infer<typeof EvidenceSummarySchema>;

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
    burstEdges: z.number().int().optional(),
    synchronyEdges: z.number().int(),
    prunedEdges: z.number().int(),
    skippedBurstWindows: z.number().int(),
  }),
  communities: z.number().int(),
  rings: z.number().int(),
  ringsFlagged: z.number().int(),
  accountsFlagged: z.number().int(),
  evidence: EvidenceSummarySchema.optional(),
  scoring: ScoringSummarySchema.optional(),
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
