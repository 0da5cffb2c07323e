// The review file: a stratified sample of flagged accounts with the evidence a reviewer needs and a verdict to fill.
// `ringscan review-sample` writes it; reviewers set each `verdict`; `ringscan evaluate --reviews` reads it back.
import { z } from 'zod';

export const VerdictSchema = z.enum(['fraud', 'benign', 'unsure']);
export type Verdict = z.infer<typeof VerdictSchema>;

export const ReviewEvidenceSchema = z.object({
  ring: z.string().nullable(),
  ringScore: z.number().nullable(),
  ringSize: z.number().int().nullable(),
  role: z.string().nullable(),
  /** The account's own reasons (why it was flagged), most important first. */
  reasons: z.array(z.string()),
  /** The ring's reasons with their weights. */
  ringReasons: z.array(z.object({ code: z.string(), text: z.string(), weight: z.number() })),
  /** Identifiers this account shares with other ring members: type, value and how many members use it. */
  sharedIdentifiers: z.array(z.object({ type: z.string(), value: z.string(), members: z.number().int(), isHub: z.boolean() })),
  /** Ring members most strongly linked to this account. */
  closestMembers: z.array(z.object({ account: z.string(), weight: z.number(), sharedEntities: z.number().int(), syncTargets: z.number().int() })),
});
export type ReviewEvidence = z.infer<typeof ReviewEvidenceSchema>;

export const ReviewItemSchema = z.object({
  account: z.string(),
  stratum: z.number().int().min(1),
  risk: z.number(),
  /** N_h / n_h: how many flagged accounts of its band this review stands for. */
  designWeight: z.number().positive(),
  evidence: ReviewEvidenceSchema,
  /** Filled by the reviewer: fraud, benign or unsure; null (not reviewed yet) and unsure count as not reviewed. */
  verdict: VerdictSchema.nullable(),
  note: z.string().optional(),
});
export type ReviewItem = z.infer<typeof ReviewItemSchema>;

export const ReviewStratumSchema = z.object({
  stratum: z.number().int().min(1),
  riskFrom: z.number(),
  riskTo: z.number(),
  /** Flagged accounts in the band. */
  population: z.number().int().min(1),
  sampled: z.number().int().min(0),
});
export type ReviewStratum = z.infer<typeof ReviewStratumSchema>;

export const ReviewFileSchema = z.object({
  formatVersion: z.literal(1),
  kind: z.literal('ringscan-review-sample'),
  run: z.string(),
  seed: z.number().int(),
  requested: z.number().int().min(1),
  /** How the sample was allocated, in words (also in src/evaluate/review-sample.ts). */
  allocation: z.string(),
  flaggedAccounts: z.number().int().min(1),
  strata: z.array(ReviewStratumSchema).min(1),
  instructions: z.string(),
  items: z.array(ReviewItemSchema),
});
export type ReviewFile = z.infer<typeof ReviewFileSchema>;
