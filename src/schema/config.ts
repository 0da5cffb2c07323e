// Detection configuration: one schema whose defaults are the documented defaults (README reads DETECTION_DEFAULTS).
import { z } from 'zod';

export const DETECTION_DEFAULTS = {
  /** Identifiers shared by more accounts than this are hubs (context, never expanded into cliques); 'auto' derives it from the data. */
  maxEntityDegree: 'auto' as 'auto' | number,
  /** 'auto' hub cap: expand identifiers into cliques while that costs at most this many pairs per account … */
  pairBudgetPerAccount: 1,
  /** … and never cap below this degree. */
  minHubDegree: 60,
  /** An identifier less surprising than this for its type (−log10 of the share of its type's identifiers shared as widely) is background. */
  minEntitySurprise: 1,
  /** One identifier, or one registration burst, never counts for more than this surprise. */
  maxEntitySurprise: 6,
  /** Registration bursts are looked for in windows of these lengths (seconds). */
  burstWindowsSec: [300, 900, 3600] as number[],
  /** A registration burst must be at least this surprising (−log10 of its Poisson tail against the local background rate) … */
  minBurstSurprise: 8,
  /** … and at least this many times the background rate, unless its accounts share an identifier far more often than the population does (its core). */
  minBurstRateRatio: 10,
  /** The longest gap between two co-actions ever paired (one day). */
  maxSyncGapSec: 86_400,
  /** A target pairs co-actions up to this many of its own mean inter-action times apart. */
  syncGapMeanMultiple: 5,
  /** A window with more actions than this on one target is a viral burst: not paired. */
  maxBurstActors: 120,
  /** A target whose average window already holds more actions than this is always busy: not paired at that window. */
  maxBackgroundActions: 2,
  /** A pair needs synchronized actions on at least this many distinct targets within one window to be linked (one meeting is an anecdote) … */
  minCoActions: 2,
  /** … and more than its accounts' co-action volume predicts: fewer than this many as surprising pairs expected by chance per gap band. */
  maxChancePairs: 0.05,
  /** Weight of one synchronized target (before window-crowding and band weights). */
  syncWeight: 0.5,
  /** Accounts sharing quiet targets at any time are paired on targets up to the actor count that lists this many pairs per account. */
  coTargetPairBudgetPerAccount: 10,
  /** A co-action gap band (10 s … 1 day) is used when its excess over chance is this surprising (−log10 Poisson tail). */
  minGapBandSurprise: 3,
  /** Louvain resolution: higher gives smaller communities. */
  resolution: 0.4,
  seed: 42,
  /** Pieces of a component whose pool identifiers overlap this much (Jaccard) are one ring split by Louvain: merged. */
  minPoolOverlap: 0.1,
  /** Communities smaller than this are not candidate rings (two accounts can be a ring when the evidence is strong). */
  minRingSize: 2,
  /** Rings scoring at or above this are flagged, and so are all their members. */
  flagThreshold: 0.5,
  /** Shortest window for a ring's creation-burst feature (one day and one week are also tried). */
  burstWindowHours: 3,
  /** Fit the ring-score weights on the dataset's labels (cross-fitted) when there are enough. */
  learnFromLabels: true,
  /** Labelled rings needed of each class (fraud, benign) before weights are learned. */
  minLabelledRings: 8,
  /** Personalized PageRank from accounts labelled fraud (off unless asked; never used when evaluating). */
  propagateFromLabels: false,
  /** Betweenness is exact inside rings up to this size and skipped above it (its cost is O(n·m)). */
  maxBetweennessRingSize: 400,
  /** A ring keeps the previous run's id when the member Jaccard reaches this (also the merge/split share; src/run/match-rings.ts). */
  ringMatchMinJaccard: 0.5,
};

export const DetectionConfigSchema = z
  .object({
    maxEntityDegree: z.union([z.literal('auto'), z.number().int().min(2)]).default(DETECTION_DEFAULTS.maxEntityDegree),
    pairBudgetPerAccount: z.number().positive().default(DETECTION_DEFAULTS.pairBudgetPerAccount),
    minHubDegree: z.number().int().min(2).default(DETECTION_DEFAULTS.minHubDegree),
    minEntitySurprise: z.number().min(0).default(DETECTION_DEFAULTS.minEntitySurprise),
    maxEntitySurprise: z.number().positive().default(DETECTION_DEFAULTS.maxEntitySurprise),
    burstWindowsSec: z.array(z.number().positive()).default(DETECTION_DEFAULTS.burstWindowsSec),
    minBurstSurprise: z.number().positive().default(DETECTION_DEFAULTS.minBurstSurprise),
    minBurstRateRatio: z.number().min(1).default(DETECTION_DEFAULTS.minBurstRateRatio),
    maxSyncGapSec: z.number().positive().default(DETECTION_DEFAULTS.maxSyncGapSec),
    syncGapMeanMultiple: z.number().positive().default(DETECTION_DEFAULTS.syncGapMeanMultiple),
    maxBurstActors: z.number().int().min(2).default(DETECTION_DEFAULTS.maxBurstActors),
    maxBackgroundActions: z.number().positive().default(DETECTION_DEFAULTS.maxBackgroundActions),
    minCoActions: z.number().int().min(1).default(DETECTION_DEFAULTS.minCoActions),
    maxChancePairs: z.number().positive().default(DETECTION_DEFAULTS.maxChancePairs),
    syncWeight: z.number().min(0).default(DETECTION_DEFAULTS.syncWeight),
    coTargetPairBudgetPerAccount: z.number().min(0).default(DETECTION_DEFAULTS.coTargetPairBudgetPerAccount),
    minGapBandSurprise: z.number().min(0).default(DETECTION_DEFAULTS.minGapBandSurprise),
    resolution: z.number().positive().default(DETECTION_DEFAULTS.resolution),
    seed: z.number().int().default(DETECTION_DEFAULTS.seed),
    minPoolOverlap: z.number().gt(0).max(1).default(DETECTION_DEFAULTS.minPoolOverlap),
    minRingSize: z.number().int().min(2).default(DETECTION_DEFAULTS.minRingSize),
    flagThreshold: z.number().min(0).max(1).default(DETECTION_DEFAULTS.flagThreshold),
    burstWindowHours: z.number().positive().default(DETECTION_DEFAULTS.burstWindowHours),
    learnFromLabels: z.boolean().default(DETECTION_DEFAULTS.learnFromLabels),
    minLabelledRings: z.number().int().min(2).default(DETECTION_DEFAULTS.minLabelledRings),
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
