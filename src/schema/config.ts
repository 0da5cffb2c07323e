// Detection configuration: one schema whose defaults are the documented defaults (README reads DETECTION_DEFAULTS).
import { z } from 'zod';

export const DETECTION_DEFAULTS = {
  /** Weight of one shared identifier by type, before the inverse-degree factor. Unknown types get defaultTypeWeight. */
  typeWeights: {
    device: 1,
    card: 1,
    phone: 0.9,
    fingerprint: 0.9,
    email: 0.8,
    address: 0.6,
    ip: 0.35,
  } as Record<string, number>,
  defaultTypeWeight: 0.6,
  /** Entities shared by more accounts than this are hubs: kept as context, never expanded into cliques. */
  maxEntityDegree: 60,
  /** A shared entity's per-pair weight falls as 1 / (degree − 1)^degreeExponent. */
  degreeExponent: 1,
  /** Share of its weight an entity keeps when its accounts' creation times show no clustering. */
  unclusteredWeight: 0.05,
  /** Creation-burst surprise (−log10 p) at which an entity's accounts count as fully clustered. */
  clusteredSurprise: 6,
  /** Edges lighter than this (after all weighting) are dropped before community detection. */
  minEdgeWeight: 0.05,
  /** Two actions on the same target closer than this are synchronized. */
  syncWindowSeconds: 30,
  /** A pair needs synchronized actions on at least this many distinct targets to be linked. */
  minCoActions: 3,
  /** A window with more distinct actors than this on one target is a viral burst: not paired. */
  maxBurstActors: 120,
  /** A target whose average window holds more actions than this is background (always busy): not paired. */
  maxBackgroundActions: 2,
  /** Weight of one synchronized target (before its burst-size down-weighting). */
  syncWeight: 0.5,
  /** Louvain resolution: higher gives smaller communities. */
  resolution: 0.4,
  seed: 42,
  /** Communities smaller than this are not candidate rings. */
  minRingSize: 4,
  /** Rings scoring at or above this are flagged; so are their members' accounts. */
  flagThreshold: 0.5,
  /** Window used for the creation-burst feature. */
  burstWindowHours: 3,
  /** Personalized PageRank from accounts labelled fraud (off unless asked; never used when evaluating). */
  propagateFromLabels: false,
  /** Betweenness is exact inside rings up to this size and skipped above it (its cost is O(n·m)). */
  maxBetweennessRingSize: 400,
  /** A ring keeps the previous run's id when the member Jaccard reaches this (also the merge/split share; src/run/match-rings.ts). */
  ringMatchMinJaccard: 0.5,
} as const;

export const DetectionConfigSchema = z
  .object({
    typeWeights: z.record(z.string(), z.number().min(0)).default(DETECTION_DEFAULTS.typeWeights),
    defaultTypeWeight: z.number().min(0).default(DETECTION_DEFAULTS.defaultTypeWeight),
    maxEntityDegree: z.number().int().min(2).default(DETECTION_DEFAULTS.maxEntityDegree),
    degreeExponent: z.number().min(0).max(2).default(DETECTION_DEFAULTS.degreeExponent),
    unclusteredWeight: z.number().min(0).max(1).default(DETECTION_DEFAULTS.unclusteredWeight),
    clusteredSurprise: z.number().positive().default(DETECTION_DEFAULTS.clusteredSurprise),
    minEdgeWeight: z.number().min(0).default(DETECTION_DEFAULTS.minEdgeWeight),
    syncWindowSeconds: z.number().positive().default(DETECTION_DEFAULTS.syncWindowSeconds),
    minCoActions: z.number().int().min(1).default(DETECTION_DEFAULTS.minCoActions),
    maxBurstActors: z.number().int().min(2).default(DETECTION_DEFAULTS.maxBurstActors),
    maxBackgroundActions: z.number().positive().default(DETECTION_DEFAULTS.maxBackgroundActions),
    syncWeight: z.number().min(0).default(DETECTION_DEFAULTS.syncWeight),
    resolution: z.number().positive().default(DETECTION_DEFAULTS.resolution),
    seed: z.number().int().default(DETECTION_DEFAULTS.seed),
    minRingSize: z.number().int().min(2).default(DETECTION_DEFAULTS.minRingSize),
    flagThreshold: z.number().min(0).max(1).default(DETECTION_DEFAULTS.flagThreshold),
    burstWindowHours: z.number().positive().default(DETECTION_DEFAULTS.burstWindowHours),
    propagateFromLabels: z.boolean().default(DETECTION_DEFAULTS.propagateFromLabels),
    maxBetweennessRingSize: z.number().int().min(0).default(DETECTION_DEFAULTS.maxBetweennessRingSize),
    ringMatchMinJaccard: z.number().gt(0).max(1).default(DETECTION_DEFAULTS.ringMatchMinJaccard),
  })
  .strict();

export type DetectionConfig = z.infer<typeof DetectionConfigSchema>;

/** Parse a partial config (e.g. from a JSON file) into a full one; throws ZodError naming the field. */
export function resolveConfig(partial: unknown = {}): DetectionConfig {
  return DetectionConfigSchema.parse(partial ?? {});
}

export function typeWeightOf(config: DetectionConfig, type: string): number {
  return config.typeWeights[type] ?? config.defaultTypeWeight;
}
