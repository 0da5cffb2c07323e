// A stored run: its record (ids, times, counts, config hash, indicators, alerts) and ring lifecycle.
import { z } from 'zod';
import { RingSchema, RunSummarySchema } from './findings.js';

export const RingStatusSchema = z.enum(['new', 'persisting', 'grown', 'shrunk', 'merged', 'split', 'dissolved']);
export type RingStatus = z.infer<typeof RingStatusSchema>;

export const IndicatorsSchema = z.object({
  ringsFlagged: z.number(),
  accountsFlagged: z.number(),
  newRings: z.number(),
  persistingRings: z.number(),
  dissolvedRings: z.number(),
  meanRingScore: z.number(),
  p90RingScore: z.number(),
});
export type Indicators = z.infer<typeof IndicatorsSchema>;

export const AlertSchema = z.object({
  indicator: z.string(),
  value: z.number(),
  baseline: z.number(),
  /** Robust z-score (value − median) / (1.4826·MAD) or the rule's own statistic. */
  score: z.number(),
  message: z.string(),
});
export type Alert = z.infer<typeof AlertSchema>;

export const RunRecordSchema = z.object({
  id: z.string(),
  startedAt: z.string(),
  finishedAt: z.string(),
  dataset: z.string(),
  configHash: z.string(),
  codeVersion: z.string(),
  summary: RunSummarySchema,
  indicators: IndicatorsSchema,
  alerts: z.array(AlertSchema),
});
export type RunRecord = z.infer<typeof RunRecordSchema>;

/** A ring as stored in a run: the detected ring plus its stable id's lifecycle. */
export const StoredRingSchema = RingSchema.extend({
  status: RingStatusSchema,
  /** Ids of the previous run's rings this ring came from (for merged/split/persisting). */
  previous: z.array(z.string()),
});
export type StoredRing = z.infer<typeof StoredRingSchema>;

export const DissolvedRingSchema = z.object({ id: z.string(), size: z.number().int(), score: z.number() });
export type DissolvedRing = z.infer<typeof DissolvedRingSchema>;

export const RingHistoryEntrySchema = z.object({
  run: z.string(),
  finishedAt: z.string(),
  status: RingStatusSchema,
  size: z.number().int(),
  score: z.number(),
  flagged: z.boolean(),
});
export type RingHistoryEntry = z.infer<typeof RingHistoryEntrySchema>;
