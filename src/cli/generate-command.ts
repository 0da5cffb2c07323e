// `ringscan generate`: write a synthetic dataset with planted rings, partial labels and separate ground truth
// (truth.ndjson, lookalikes.ndjson), then print its summary.
import type { Command } from 'commander';
import { z } from 'zod';
import { GENERATE_DEFAULTS, LINK_TYPES, RING_KINDS, type GenerateOptions } from '../generate/generate-options.js';
import { SCENARIO_DEFAULTS, writeMultiDayScenario } from '../generate/multi-day-scenario.js';
import { writeDataset, type WriteDatasetResult } from '../generate/write-dataset.js';
import { writeExperimentOutcomes } from './outcomes-command.js';
import { createProgress } from './progress.js';

const number = z.coerce.number({ error: 'must be a number' });
const list = (text: string) =>
  text
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
const pairs = (text: string, ctx: z.RefinementCtx): [string, string][] =>
  list(text).map((pair) => {
    const [key, value, ...rest] = pair.split('=');
    if (!key || !value || rest.length > 0) ctx.addIssue({ code: 'custom', message: `"${pair}" is not NAME=VALUE` });
    return [key?.trim() ?? '', value?.trim() ?? ''];
  });

/** Raw commander options → validated generator and writer options. */
export const GenerateCliOptionsSchema = z.object({
  out: z.string().trim().min(1, 'must not be empty'),
  accounts: number.pipe(z.number().int().min(1)).optional(),
  seed: number.pipe(z.number().int()).optional(),
  days: number.pipe(z.number().int().min(1)).optional(),
  fraudShare: number.optional(),
  actionsPerAccount: number.optional(),
  linksPerAccount: number.optional(),
  onlyTypes: z
    .string()
    .transform(list)
    .pipe(z.array(z.enum(LINK_TYPES, { error: `must be among ${LINK_TYPES.join(', ')}` })).min(1, 'must name at least one type'))
    .optional(),
  renameTypes: z
    .string()
    .transform(pairs)
    .pipe(z.array(z.tuple([z.enum(LINK_TYPES, { error: `can only rename ${LINK_TYPES.join(', ')}` }), z.string().min(1)])))
    .transform((entries) => Object.fromEntries(entries))
    .optional(),
  kindMix: z
    .string()
    .transform(pairs)
    .pipe(z.array(z.tuple([z.enum(RING_KINDS, { error: `must be among ${RING_KINDS.join(', ')}` }), z.string().transform(Number).pipe(z.number({ error: 'must be a number' }))])))
    .transform((entries) => Object.fromEntries(entries))
    .optional(),
  links: z.boolean().default(true),
  actions: z.boolean().default(true),
  gzip: z.boolean().default(false),
  format: z.enum(['ndjson', 'csv']).default('ndjson'),
  force: z.boolean().default(false),
  json: z.boolean().default(false),
  scenarioDays: number.pipe(z.number().int().min(2)).optional(),
  jumpDay: number.pipe(z.number().int().min(1)).optional(),
  jumpFactor: number.pipe(z.number().positive()).optional(),
  knownFraudShare: number.pipe(z.number().min(0).max(1)).optional(),
  knownBenignShare: number.pipe(z.number().min(0).max(1)).optional(),
  bigFarm: z
    .string()
    .transform((text, ctx) => {
      const parts = text.split(',').map((part) => Number(part.trim()));
      if (parts.length !== 4 || parts.some((x) => !Number.isFinite(x))) {
        ctx.addIssue({ code: 'custom', message: `"${text}" is not SIZE,DEVICES,DEVICES_PER_ACCOUNT,MINUTES` });
        return z.NEVER;
      }
      const [size, devices, devicesPerAccount, createdWithinMinutes] = parts as [number, number, number, number];
      return { size, devices, devicesPerAccount, createdWithinMinutes };
    })
    .optional(),
});
export type GenerateCliOptions = z.output<typeof GenerateCliOptionsSchema>;

export interface GenerateCommandOutput {
  write(text: string): unknown;
}

/** The command's body, callable from tests: validate, write the dataset, print the summary. */
export async function runGenerateCommand(raw: unknown, stdout: GenerateCommandOutput = process.stdout): Promise<WriteDatasetResult> {
  const cli = GenerateCliOptionsSchema.parse(raw);
  const options: GenerateOptions = {
    accounts: cli.accounts,
    seed: cli.seed,
    days: cli.days,
    fraudShare: cli.fraudShare,
    actionsPerAccount: cli.actionsPerAccount,
    linksPerAccount: cli.linksPerAccount,
    linkTypes: cli.onlyTypes,
    renameTypes: cli.renameTypes,
    kindMix: cli.kindMix,
    knownFraudShare: cli.knownFraudShare,
    knownBenignShare: cli.knownBenignShare,
    bigFarm: cli.bigFarm,
    withLinks: cli.links,
    withActions: cli.actions,
  };
  for (const key of Object.keys(options) as (keyof GenerateOptions)[]) if (options[key] === undefined) delete options[key];

  const progress = createProgress();
  if (cli.scenarioDays !== undefined) {
    const scenario = { days: cli.scenarioDays, jumpDay: cli.jumpDay, jumpFactor: cli.jumpFactor };
    const result = await writeMultiDayScenario(cli.out, options, scenario, { force: cli.force, onDay: (day, days) => progress.stage(`day ${day} of ${days}`) });
    const line = `wrote ${result.days.length} daily datasets to ${cli.out} (day-NN folders, scenario.json); attack wave on day ${result.plan.jumpDay} (fraud share × ${result.plan.jumpFactor}); partial labels, truth in truth.ndjson and lookalikes.ndjson`;
    stdout.write(cli.json ? `${JSON.stringify({ dir: cli.out, plan: result.plan })}\n` : `${line}\n`);
    return result.days[result.days.length - 1]!;
  }
  progress.stage('generate');
  const startedMs = performance.now();
  let lastShownPercent = -1;
  const result = await writeDataset(cli.out, options, {
    gzip: cli.gzip,
    format: cli.format,
    force: cli.force,
    onProgress: (done, total) => {
      const percent = Math.floor((done / total) * 10) * 10;
      if (percent !== lastShownPercent && percent > 0 && percent < 100) progress.stage(`generate ${percent}%`);
      lastShownPercent = percent;
    },
  });
  const elapsedMs = performance.now() - startedMs;
  progress.done('generate', { rows: result.summary.records.accounts, unit: 'accounts' });
  stdout.write(cli.json ? `${JSON.stringify({ ...result, elapsedMs: Math.round(elapsedMs) })}\n` : formatSummary(result, cli, elapsedMs));
  return result;
}

function formatSummary(result: WriteDatasetResult, cli: GenerateCliOptions, elapsedMs: number): string {
  const { summary } = result;
  const rows: string[] = [];
  const table = (header: string[], body: (string | number)[][]) => {
    const cells = [header, ...body.map((row) => row.map((cell) => (typeof cell === 'number' ? cell.toLocaleString('en-US') : cell)))];
    const widths = header.map((_, c) => Math.max(...cells.map((row) => String(row[c]).length)));
    for (const row of cells) rows.push(row.map((cell, c) => (c === 0 ? String(cell).padEnd(widths[c] ?? 0) : String(cell).padStart(widths[c] ?? 0))).join('  '));
    rows.push('');
  };
  rows.push(
    `wrote ${result.dir} (${cli.format}${cli.gzip ? ', gzip' : ''}) in ${(elapsedMs / 1000).toFixed(1)} s — seed ${summary.options.seed}, ${summary.options.days} days from ${new Date(summary.options.startMs).toISOString()}`,
    '',
  );
  table(
    ['file', 'rows', 'bytes'],
    result.files.map((f) => [f.path, f.rows, f.bytes]),
  );
  table(
    ['true kind', 'accounts', 'rings'],
    Object.entries(summary.accountsByKind).map(([kind, count]) => [kind, count, summary.ringsByKind[kind] ?? '']),
  );
  rows.push(`fraud accounts: ${summary.fraudAccounts.toLocaleString('en-US')} of ${summary.records.accounts.toLocaleString('en-US')} (default fraud share ${GENERATE_DEFAULTS.fraudShare}, this run ${summary.options.fraudShare})`);
  return `${rows.join('\n')}\n`;
}

export function registerGenerateCommand(program: Command): void {
  program
    .command('generate')
    .description(
      'Write a synthetic dataset (accounts, links, actions, partial labels) with planted rings and benign look-alikes; ground truth goes to truth.ndjson (ring members) and lookalikes.ndjson (everyone else), for `evaluate --truth` only.',
    )
    .requiredOption('--out <dir>', 'output folder (created; must be empty unless --force)')
    .option('--accounts <n>', `number of accounts (default ${GENERATE_DEFAULTS.accounts})`)
    .option('--seed <n>', `random seed (default ${GENERATE_DEFAULTS.seed})`)
    .option('--days <n>', `activity window in days (default ${GENERATE_DEFAULTS.days})`)
    .option('--fraud-share <x>', `share of accounts in fraud rings (default ${GENERATE_DEFAULTS.fraudShare})`)
    .option('--kind-mix <pairs>', `ring kind weights, e.g. device_farm=0.5,payment_ring=0.5 (kinds: ${RING_KINDS.join(', ')})`)
    .option('--big-farm <spec>', 'plant one extra big farm: SIZE,DEVICES,DEVICES_PER_ACCOUNT,MINUTES, e.g. 1500,120,4,60')
    .option('--known-fraud-share <x>', `share of ring members listed in labels as fraud (default ${GENERATE_DEFAULTS.knownFraudShare})`)
    .option('--known-benign-share <x>', `share of other accounts listed in labels as benign (default ${GENERATE_DEFAULTS.knownBenignShare})`)
    .option('--actions-per-account <x>', `mean actions per account (default ${GENERATE_DEFAULTS.actionsPerAccount})`)
    .option('--links-per-account <x>', `mean links per account (default ${GENERATE_DEFAULTS.linksPerAccount})`)
    .option('--only-types <list>', `keep only these identifier types (${LINK_TYPES.join(', ')})`)
    .option('--rename-types <pairs>', 'emit types under other names, e.g. device=wallet,ip=node')
    .option('--no-links', 'write an empty links file')
    .option('--no-actions', 'write an empty actions file')
    .option('--gzip', 'gzip every file (.ndjson.gz / .csv.gz)')
    .option('--format <format>', 'ndjson or csv', 'ndjson')
    .option('--force', 'replace dataset files in a non-empty folder')
    .option('--json', 'print the summary as one JSON line')
    .option('--scenario-days <n>', 'multi-day scenario: one dataset per day in OUT/day-NN, an attack wave on one day')
    .option('--jump-day <n>', `scenario: day of the attack wave (default ${SCENARIO_DEFAULTS.jumpDay})`)
    .option('--jump-factor <x>', `scenario: fraud share multiplier on that day (default ${SCENARIO_DEFAULTS.jumpFactor})`)
    .option('--outcomes <assignment>', 'instead of a dataset: write experiment outcomes for the dataset in --out and this assignment (see `experiment design`)')
    .option('--outcomes-out <file>', 'outcomes: file to write (default OUT/outcomes.ndjson)')
    .option('--effect <x>', 'outcomes: relative effect of enforcement on reports, repeat_abuse, chargebacks (default -0.3)')
    .option('--appeal-rate <x>', 'outcomes: extra appeals per enforced account, the guardrail (default 0.05)')
    .option('--aa', 'outcomes: A/A, enforcement has no effect at all')
    .action(async (raw: Record<string, unknown>) => {
      if (raw.outcomes !== undefined) process.stdout.write(`${(await writeExperimentOutcomes(raw)).line}\n`);
      else await runGenerateCommand(raw);
    });
}
