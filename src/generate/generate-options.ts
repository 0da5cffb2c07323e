// Options of the synthetic dataset generator: one zod schema whose defaults are GENERATE_DEFAULTS.
import { z } from 'zod';

export const RING_KINDS = [
  'device_farm',
  'card_ring',
  'engagement_pod',
  'camouflaged_ring',
  /** Members created over a year, each on its own device and IP, sharing a few cards and addresses; no actions. */
  'payment_ring',
  /** Created over months, ordinary behaviour on carrier IPs, but a small pool of devices and proxy IPs of their own. */
  'camouflaged_farm',
  /** 1,000+ accounts created within hours, each on a few of a pool of devices. */
  'big_farm',
  /** ~100 accounts registered within minutes that share nothing rarer than a hub value. */
  'bulk_registration',
  /** 2–12 accounts of one person acting on the same low-traffic targets minutes to hours apart. */
  'sockpuppet_group',
] as const;
export type RingKind = (typeof RING_KINDS)[number];

/** Benign look-alike kinds, most specific first (an account carries the first that applies). */
export const BENIGN_KINDS = [
  'large_family',
  'household',
  'moderator',
  'power_user',
  'office',
  'vpn_user',
  'public_wifi',
  'viral_fan',
  'carrier_nat_only',
  'normal',
] as const;
export type BenignKind = (typeof BENIGN_KINDS)[number];

/** Identifier types the generator produces (before any renaming). */
export const LINK_TYPES = ['device', 'ip', 'card', 'phone', 'email', 'address', 'fingerprint'] as const;
export type LinkType = (typeof LINK_TYPES)[number];

export const GENERATE_DEFAULTS = {
  accounts: 10_000,
  seed: 1,
  /** Length of the activity window in days. */
  days: 30,
  /** Start of the activity window (epoch ms); fixed so output never depends on the clock. */
  startMs: Date.UTC(2026, 0, 1),
  /** Mean actions per account (the per-account count is lognormal, heavy-tailed). */
  actionsPerAccount: 12,
  /** Mean link rows per account (approximate; every account keeps at least a device and an IP, ≈3.5 floor). */
  linksPerAccount: 5,
  /** Share of accounts that belong to fraud rings. */
  fraudShare: 0.04,
  /** Share of fraud accounts per ring kind (normalized; missing kinds get 0 when any is given). */
  kindMix: {
    device_farm: 0.25,
    card_ring: 0.14,
    engagement_pod: 0.18,
    camouflaged_ring: 0.13,
    payment_ring: 0.1,
    camouflaged_farm: 0.08,
    big_farm: 0,
    bulk_registration: 0.06,
    sockpuppet_group: 0.06,
  } as Record<RingKind, number>,
  /** Share of ring members listed in labels as fraud (what a team already knows); seeded. */
  knownFraudShare: 0.2,
  /** Share of the other accounts listed in labels as benign. */
  knownBenignShare: 0.01,
  withLinks: true,
  withActions: true,
} as const;

const kindMixSchema = z
  .object(Object.fromEntries(RING_KINDS.map((kind) => [kind, z.number().min(0).optional()])) as Record<RingKind, z.ZodOptional<z.ZodNumber>>)
  .strict()
  .refine((mix) => Object.values(mix).some((w) => (w ?? 0) > 0), 'needs at least one kind with a positive weight');

export const GenerateOptionsSchema = z
  .object({
    accounts: z.number().int().min(1).max(20_000_000).default(GENERATE_DEFAULTS.accounts),
    seed: z.number().int().default(GENERATE_DEFAULTS.seed),
    days: z.number().int().min(1).max(3650).default(GENERATE_DEFAULTS.days),
    startMs: z.number().int().default(GENERATE_DEFAULTS.startMs),
    actionsPerAccount: z.number().min(0).max(10_000).default(GENERATE_DEFAULTS.actionsPerAccount),
    linksPerAccount: z.number().min(1).max(100).default(GENERATE_DEFAULTS.linksPerAccount),
    fraudShare: z.number().min(0).max(0.5).default(GENERATE_DEFAULTS.fraudShare),
    kindMix: kindMixSchema.optional(),
    /** Keep only these identifier types (original names, before renaming); all when absent. */
    linkTypes: z.array(z.enum(LINK_TYPES)).min(1).optional(),
    /** Emit an identifier type under another name, e.g. { device: 'wallet' }. */
    renameTypes: z
      .partialRecord(z.enum(LINK_TYPES), z.string().trim().min(1).max(64))
      .optional(),
    /** One extra planted big farm of exactly this shape (on top of the kind mix). */
    bigFarm: z
      .object({
        size: z.number().int().min(10).max(1_000_000),
        devices: z.number().int().min(1).max(4096),
        devicesPerAccount: z.number().int().min(1).max(16),
        createdWithinMinutes: z.number().positive().max(100_000),
      })
      .strict()
      .refine((farm) => farm.devicesPerAccount <= farm.devices, { message: 'devicesPerAccount must not exceed devices', path: ['devicesPerAccount'] })
      .optional(),
    knownFraudShare: z.number().min(0).max(1).default(GENERATE_DEFAULTS.knownFraudShare),
    knownBenignShare: z.number().min(0).max(1).default(GENERATE_DEFAULTS.knownBenignShare),
    withLinks: z.boolean().default(GENERATE_DEFAULTS.withLinks),
    withActions: z.boolean().default(GENERATE_DEFAULTS.withActions),
  })
  .strict();

/** What callers pass (every field optional). */
export type GenerateOptions = z.input<typeof GenerateOptionsSchema>;
/** After defaults are applied. */
export type ResolvedGenerateOptions = z.output<typeof GenerateOptionsSchema>;

export function resolveGenerateOptions(options: GenerateOptions = {}): ResolvedGenerateOptions {
  return GenerateOptionsSchema.parse(options);
}

/** The normalized ring-kind mix (shares summing to 1). */
export function ringKindShares(options: ResolvedGenerateOptions): Record<RingKind, number> {
  const mix = options.kindMix ?? GENERATE_DEFAULTS.kindMix;
  const total = RING_KINDS.reduce((sum, kind) => sum + (mix[kind] ?? 0), 0);
  return Object.fromEntries(RING_KINDS.map((kind) => [kind, (mix[kind] ?? 0) / total])) as Record<RingKind, number>;
}
