// A multi-day scenario for monitoring and evaluation tests: one dataset folder per day (day-01, day-02, …), each an
// independent draw of the same platform, with a planted attack wave (fraud share × jumpFactor) on one known day. Each
// day carries the generator's partial labels (what a team knows) and its ground truth in truth.ndjson and
// lookalikes.ndjson. scenario.json records the plan, so tests know the truth.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { z } from 'zod';
import { RingscanError } from '../schema/errors.js';
import { GENERATE_DEFAULTS, type GenerateOptions } from './generate-options.js';
import { hashKeys } from '../lib/rng.js';
import { DAY_MS } from './time-model.js';
import { writeDataset, type WriteDatasetResult } from './write-dataset.js';

export const SCENARIO_DEFAULTS = {
  /** The day of the planted jump (1-based); late enough for the monitor to have history before it. */
  jumpDay: 20,
  /** Fraud share on the jump day, as a multiple of the usual one. */
  jumpFactor: 3,
};

export const ScenarioOptionsSchema = z
  .object({
    days: z.number().int().min(2).max(366),
    jumpDay: z.number().int().min(1).default(SCENARIO_DEFAULTS.jumpDay),
    jumpFactor: z.number().positive().default(SCENARIO_DEFAULTS.jumpFactor),
  })
  .strict()
  .refine((o) => o.jumpDay <= o.days, { message: 'must be a day of the scenario', path: ['jumpDay'] });
export type ScenarioOptions = z.input<typeof ScenarioOptionsSchema>;

export interface ScenarioDay {
  day: number;
  /** Folder name inside the scenario folder. */
  dir: string;
  /** Generator options of that day: a seed of its own, a window starting that day, the fraud share of the day. */
  options: GenerateOptions;
  isJump: boolean;
}

export interface ScenarioPlan {
  days: ScenarioDay[];
  jumpDay: number;
  jumpFactor: number;
}

/** Pure: the per-day generator options. `base` holds the usual options (accounts, seed, fraudShare, …). */
export function planScenario(base: GenerateOptions, scenario: ScenarioOptions): ScenarioPlan {
  const s = ScenarioOptionsSchema.parse(scenario);
  const seed = base.seed ?? GENERATE_DEFAULTS.seed;
  const fraudShare = base.fraudShare ?? GENERATE_DEFAULTS.fraudShare;
  const startMs = base.startMs ?? GENERATE_DEFAULTS.startMs;
  if (fraudShare * s.jumpFactor > 0.5) throw new RingscanError('BAD_USAGE', `fraud share ${fraudShare} × jump factor ${s.jumpFactor} exceeds the generator's 0.5`);
  const width = String(s.days).length < 2 ? 2 : String(s.days).length;
  const days = Array.from({ length: s.days }, (_, k): ScenarioDay => {
    const day = k + 1;
    const isJump = day === s.jumpDay;
    return {
      day,
      dir: `day-${String(day).padStart(width, '0')}`,
      // hashKeys keeps the 32-bit seed range the generator expects
      options: { ...base, seed: hashKeys(seed, day) | 0, startMs: startMs + k * DAY_MS, fraudShare: isJump ? fraudShare * s.jumpFactor : fraudShare },
      isJump,
    };
  });
  return { days, jumpDay: s.jumpDay, jumpFactor: s.jumpFactor };
}

export interface ScenarioResult {
  dir: string;
  plan: ScenarioPlan;
  days: (WriteDatasetResult & { day: number })[];
}

/** Writes every day's folder and scenario.json. */
export async function writeMultiDayScenario(
  dir: string,
  base: GenerateOptions,
  scenario: ScenarioOptions,
  writeOptions: { force?: boolean; onDay?: (day: number, days: number) => void } = {},
): Promise<ScenarioResult> {
  const plan = planScenario(base, scenario);
  const days: ScenarioResult['days'] = [];
  for (const day of plan.days) {
    writeOptions.onDay?.(day.day, plan.days.length);
    const folder = join(dir, day.dir);
    const written = await writeDataset(folder, day.options, { force: writeOptions.force ?? false, format: 'ndjson' });
    days.push({ ...written, day: day.day });
  }
  const manifest = {
    kind: 'ringscan-multi-day-scenario',
    days: plan.days.length,
    jumpDay: plan.jumpDay,
    jumpFactor: plan.jumpFactor,
    knownFraudShare: days[0]?.summary.options.knownFraudShare ?? GENERATE_DEFAULTS.knownFraudShare,
    knownBenignShare: days[0]?.summary.options.knownBenignShare ?? GENERATE_DEFAULTS.knownBenignShare,
    folders: plan.days.map((d) => ({ day: d.day, dir: d.dir, seed: d.options.seed, fraudShare: d.options.fraudShare, isJump: d.isJump })),
  };
  await writeFile(join(dir, 'scenario.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  return { dir, plan, days };
}
