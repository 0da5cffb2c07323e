// `ringscan experiment design | power | analyze | its | did`: enforcement holdouts designed from a stored run,
// their power, their analysis, and the without-holdout methods (interrupted time series on stored indicators,
// difference-in-differences against a comparison segment). Each subcommand is a library function the tests call.
import { writeFile } from 'node:fs/promises';
import type { Command } from 'commander';
import { z } from 'zod';
import { resolveRun } from './read-stored-run.js';
import { analyzeExperiment, ANALYZE_DEFAULTS } from '../experiment/analyze-experiment.js';
import { DESIGN_DEFAULTS, designHoldout, type FlaggedRing } from '../experiment/design-holdout.js';
import { differenceInDifferences, formatDifferenceInDifferences } from '../experiment/difference-in-differences.js';
import { readAssignment, readNdjson, readOutcomes, writeAssignment } from '../experiment/experiment-files.js';
import { formatAnalysis } from '../experiment/format-analysis.js';
import { holdoutPower, POWER_DEFAULTS } from '../experiment/holdout-power.js';
import { interruptedTimeSeries } from '../experiment/interrupted-time-series.js';
import { outcomeShape } from '../experiment/outcome-shape.js';
import { RingscanError } from '../schema/errors.js';
import { SegmentRowSchema, type Analysis, type DesignRecord, type PowerResult, type TimeSeriesResult } from '../schema/experiment.js';
import { IndicatorsSchema } from '../schema/run.js';
import { openStore } from '../store/open-store.js';
import { listAllRuns } from './monitor-command.js';
import { createProgress, type Progress } from './progress.js';

const number = z.coerce.number({ error: 'must be a number' });
const list = (text: string) =>
  text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');

export const DesignCommandOptionsSchema = z.object({
  store: z.string().optional(),
  run: z.string().optional(),
  holdout: number.pipe(z.number().gt(0).lt(1)).default(DESIGN_DEFAULTS.holdout),
  stratify: z.enum(['band', 'none']).default('band'),
  bands: number.pipe(z.number().int().min(1).max(100)).default(DESIGN_DEFAULTS.bands),
  seed: number.pipe(z.number().int()).default(DESIGN_DEFAULTS.seed),
  out: z.string().min(1),
  json: z.boolean().default(false),
});

export async function experimentDesignCommand(options: z.input<typeof DesignCommandOptionsSchema>, progress: Progress = createProgress()): Promise<{ design: DesignRecord; output: string }> {
  const o = DesignCommandOptionsSchema.parse(options);
  const store = await openStore(o.store, { create: false });
  let run;
  const rings = new Map<string, FlaggedRing & { members: string[] }>();
  try {
    run = await resolveRun(store, o.run);
    progress.stage('read flagged members');
    let read = 0;
    for await (const row of store.exportMembers({ run: run.id })) {
      let ring = rings.get(row.ring);
      if (!ring) rings.set(row.ring, (ring = { id: row.ring, score: row.ringScore, members: [] }));
      ring.members.push(row.account);
      if ((++read & 0xfff) === 0) progress.count('read flagged members', read);
    }
    progress.done('read flagged members', { rows: read, unit: 'members' });
  } finally {
    await store.close();
  }
  const design = designHoldout([...rings.values()], { holdout: o.holdout, stratify: o.stratify, bands: o.bands, seed: o.seed });
  const count = (arm: string) => design.rows.filter((r) => r.arm === arm);
  const ringsOf = (arm: string) => new Set(count(arm).map((r) => r.ring)).size;
  const record = await writeAssignment(o.out, design.rows, {
    formatVersion: 1,
    kind: 'ringscan-experiment-design',
    run: run.id,
    runFinishedAt: run.finishedAt,
    seed: o.seed,
    holdout: o.holdout,
    stratify: o.stratify,
    bands: design.strata.length,
    randomization: design.randomization,
    rings: { enforce: ringsOf('enforce'), holdout: ringsOf('holdout') },
    accounts: { enforce: count('enforce').length, holdout: count('holdout').length },
    accountsInSeveralRings: design.accountsInSeveralRings,
    strata: design.strata,
  });
  const lines = [
    `run ${record.run}: ${record.rings.enforce + record.rings.holdout} flagged rings, ${record.accounts.enforce + record.accounts.holdout} accounts`,
    `held out: ${record.rings.holdout} rings (${record.accounts.holdout} accounts); enforced: ${record.rings.enforce} rings (${record.accounts.enforce} accounts); seed ${record.seed}`,
    ...record.strata.map((s) => `  band ${s.band} (ring score ${s.scoreFrom.toFixed(3)}–${s.scoreTo.toFixed(3)}): ${s.rings} rings, ${s.holdoutRings} held out (${s.holdoutAccounts} of ${s.accounts} accounts)`),
    `wrote ${o.out} and its design record beside it`,
  ];
  return { design: record, output: o.json ? `${JSON.stringify(record, null, 2)}\n` : `${lines.join('\n')}\n` };
}

export const PowerCommandOptionsSchema = z
  .object({
    baseline: number.optional(),
    sd: number.pipe(z.number().positive()).optional(),
    binary: z.boolean().default(false),
    rings: number.pipe(z.number().int().min(2)).optional(),
    meanRingSize: number.pipe(z.number().min(1)).optional(),
    ringSizeCv: number.pipe(z.number().min(0)).default(0),
    icc: number.pipe(z.number().min(0).max(1)).optional(),
    assignment: z.string().optional(),
    outcomes: z.string().optional(),
    metric: z.string().optional(),
    holdout: number.pipe(z.number().gt(0).lt(1)).optional(),
    alpha: number.pipe(z.number().gt(0).lt(1)).default(POWER_DEFAULTS.alpha),
    power: number.pipe(z.number().gt(0).lt(1)).default(POWER_DEFAULTS.power),
    preCorrelation: number.pipe(z.number().min(-1).max(1)).default(POWER_DEFAULTS.preCorrelation),
    effect: number.optional(),
    json: z.boolean().default(false),
  })
  .refine((o) => o.outcomes === undefined || (o.assignment !== undefined && o.metric !== undefined), { message: '--outcomes needs --assignment and --metric', path: ['outcomes'] });

export async function experimentPowerCommand(options: z.input<typeof PowerCommandOptionsSchema>): Promise<{ power: PowerResult; output: string }> {
  const o = PowerCommandOptionsSchema.parse(options);
  let shape: { rings?: number; meanRingSize?: number; ringSizeCv?: number; baselineMean?: number; standardDeviation?: number; icc?: number; holdout?: number } = {};
  if (o.assignment !== undefined) {
    const { rows, design } = await readAssignment(o.assignment);
    shape = { ...outcomeShape(rows, o.outcomes === undefined ? null : await readOutcomes(o.outcomes), o.metric ?? null), holdout: design.holdout };
  }
  const baseline = o.baseline ?? shape.baselineMean;
  if (baseline === undefined) throw new RingscanError('BAD_USAGE', 'give --baseline (the metric’s mean per account), or --assignment with --outcomes and --metric to read it from the pre-period');
  const sd = o.sd ?? (o.binary ? Math.sqrt(baseline * (1 - baseline)) : shape.standardDeviation);
  if (sd === undefined || !(sd > 0)) throw new RingscanError('BAD_USAGE', 'give --sd (the metric’s standard deviation per account) or --binary for a rate');
  const rings = o.rings ?? shape.rings;
  if (rings === undefined) throw new RingscanError('BAD_USAGE', 'give --rings (flagged rings in the experiment) or --assignment');
  const power = holdoutPower({
    baselineMean: baseline,
    standardDeviation: sd,
    rings,
    meanRingSize: o.meanRingSize ?? shape.meanRingSize ?? 1,
    ringSizeCv: o.meanRingSize !== undefined ? o.ringSizeCv : (shape.ringSizeCv ?? o.ringSizeCv),
    icc: o.icc ?? shape.icc ?? POWER_DEFAULTS.icc,
    holdout: o.holdout ?? shape.holdout ?? POWER_DEFAULTS.holdout,
    alpha: o.alpha,
    power: o.power,
    preCorrelation: o.preCorrelation,
    ...(o.effect !== undefined ? { targetEffect: o.effect } : {}),
  });
  return { power, output: o.json ? `${JSON.stringify(power, null, 2)}\n` : `${power.explanation}\n` };
}

export const AnalyzeCommandOptionsSchema = z.object({
  assignment: z.string().min(1),
  outcomes: z.string().min(1),
  guardrails: z.string().transform(list).default([]),
  higherIsBetter: z.string().transform(list).default([]),
  correction: z.enum(['holm', 'bh']).default(ANALYZE_DEFAULTS.correction),
  confidence: number.pipe(z.number().gt(0.5).lt(1)).default(ANALYZE_DEFAULTS.confidence),
  permutations: number.pipe(z.number().int().min(0).max(1_000_000)).default(ANALYZE_DEFAULTS.permutations),
  out: z.string().optional(),
  json: z.boolean().default(false),
});

export async function experimentAnalyzeCommand(options: z.input<typeof AnalyzeCommandOptionsSchema>): Promise<{ analysis: Analysis; output: string }> {
  const o = AnalyzeCommandOptionsSchema.parse(options);
  const { rows, design } = await readAssignment(o.assignment);
  const outcomes = await readOutcomes(o.outcomes);
  const analysis = analyzeExperiment(rows, outcomes, {
    design: { run: design.run, holdout: design.holdout, seed: design.seed },
    confidence: o.confidence,
    correction: o.correction,
    permutations: o.permutations,
    guardrails: o.guardrails,
    higherIsBetter: o.higherIsBetter,
  });
  const json = `${JSON.stringify(analysis, null, 2)}\n`;
  if (o.out) await writeFile(o.out, json);
  return { analysis, output: o.json ? json : formatAnalysis(analysis) };
}

export const ItsCommandOptionsSchema = z.object({
  store: z.string().optional(),
  indicator: z.enum(Object.keys(IndicatorsSchema.shape) as [string, ...string[]]),
  changeRun: z.string().min(1),
  confidence: number.pipe(z.number().gt(0.5).lt(1)).default(0.95),
  json: z.boolean().default(false),
});

export async function experimentItsCommand(options: z.input<typeof ItsCommandOptionsSchema>): Promise<{ result: TimeSeriesResult; output: string }> {
  const o = ItsCommandOptionsSchema.parse(options);
  const store = await openStore(o.store, { create: false });
  let runs;
  try {
    runs = await listAllRuns(store);
  } finally {
    await store.close();
  }
  const ordered = [...runs].sort((a, b) => (a.finishedAt < b.finishedAt ? -1 : a.finishedAt > b.finishedAt ? 1 : 0));
  const changeIndex = ordered.findIndex((r) => r.id === o.changeRun);
  if (changeIndex < 0) throw new RingscanError('NOT_FOUND', `no run ${o.changeRun} in the store`);
  const indicator = o.indicator as keyof (typeof ordered)[number]['indicators'];
  const result = interruptedTimeSeries(
    o.indicator,
    ordered.map((r) => ({ run: r.id, at: r.finishedAt, value: r.indicators[indicator] })),
    changeIndex,
    o.confidence,
  );
  const text = [
    result.verdict,
    `level change ${result.levelChange.value.toPrecision(4)} [${result.levelChange.low.toPrecision(4)}, ${result.levelChange.high.toPrecision(4)}] (p = ${result.levelChange.pValue.toFixed(3)}); slope change ${result.slopeChange.value.toPrecision(4)} per run [${result.slopeChange.low.toPrecision(4)}, ${result.slopeChange.high.toPrecision(4)}] (p = ${result.slopeChange.pValue.toFixed(3)}); slope before ${result.preSlope.toPrecision(4)} per run; lag-1 autocorrelation of residuals ${result.lag1Autocorrelation === null ? 'n/a' : result.lag1Autocorrelation.toFixed(2)}`,
    'assumptions:',
    ...result.assumptions.map((a) => `  - ${a}`),
  ].join('\n');
  return { result, output: o.json ? `${JSON.stringify(result, null, 2)}\n` : `${text}\n` };
}

export const DidCommandOptionsSchema = z.object({
  segments: z.string().min(1),
  outcomes: z.string().min(1),
  confidence: number.pipe(z.number().gt(0.5).lt(1)).default(0.95),
  json: z.boolean().default(false),
});

export async function experimentDidCommand(options: z.input<typeof DidCommandOptionsSchema>) {
  const o = DidCommandOptionsSchema.parse(options);
  const segments = await readNdjson(o.segments, SegmentRowSchema);
  const result = differenceInDifferences(segments, await readOutcomes(o.outcomes), o.confidence);
  return { result, output: o.json ? `${JSON.stringify(result, null, 2)}\n` : formatDifferenceInDifferences(result) };
}

type Action<T> = (options: T) => Promise<{ output: string }>;
const run =
  <T>(action: Action<T>) =>
  async (raw: Record<string, unknown>) => {
    const { output } = await action(raw as T);
    process.stdout.write(output);
  };

export function registerExperimentCommand(program: Command): void {
  const experiment = program.command('experiment').description('Enforcement holdouts: design, power, analysis; and effects without a holdout (its, did)');
  experiment
    .command('design')
    .description('Randomize a run’s flagged rings into enforced and held out (ring-level, stratified by score band, seeded); writes the assignment and its design record')
    .option('--store <spec>', 'findings store: sqlite:PATH or neo4j (default: RINGSCAN_STORE)')
    .option('--run <id>', 'run whose flagged rings to randomize (default: the current run)')
    .option('--holdout <share>', `share of rings held out (default ${DESIGN_DEFAULTS.holdout})`)
    .option('--stratify <by>', 'band (score bands) or none (default band)')
    .option('--bands <n>', `score bands (default ${DESIGN_DEFAULTS.bands})`)
    .option('--seed <n>', `randomization seed (default ${DESIGN_DEFAULTS.seed})`)
    .requiredOption('--out <file>', 'assignment NDJSON to write (the design record goes beside it as FILE.design.json)')
    .option('--json', 'print the design record as JSON')
    .action(run(experimentDesignCommand));
  experiment
    .command('power')
    .description('Minimum detectable effect of a holdout at this size, or the rings needed for a target effect (--effect), with the ring design effect')
    .option('--baseline <x>', 'mean of the metric per account')
    .option('--sd <x>', 'standard deviation of the metric per account')
    .option('--binary', 'the metric is a rate: sd = √(p(1 − p))')
    .option('--rings <n>', 'flagged rings in the experiment')
    .option('--mean-ring-size <n>', 'accounts per ring')
    .option('--ring-size-cv <x>', 'coefficient of variation of ring sizes (default 0)')
    .option('--icc <x>', `intraclass correlation of the metric within rings (default ${POWER_DEFAULTS.icc})`)
    .option('--assignment <file>', 'read rings, ring sizes and the holdout share from an assignment')
    .option('--outcomes <file>', 'with --assignment and --metric: baseline, sd and ICC from the pre-period')
    .option('--metric <name>', 'metric in --outcomes')
    .option('--holdout <share>', `share of rings held out (default ${POWER_DEFAULTS.holdout})`)
    .option('--alpha <x>', `two-sided test level (default ${POWER_DEFAULTS.alpha})`)
    .option('--power <x>', `power (default ${POWER_DEFAULTS.power})`)
    .option('--pre-correlation <x>', 'pre/post correlation CUPED will use (default 0: no CUPED)')
    .option('--effect <x>', 'target difference per account: answer with the rings needed')
    .option('--json', 'print as JSON')
    .action(run(experimentPowerCommand));
  experiment
    .command('analyze')
    .description('Per metric: the effect of enforcement (difference, relative) with ring-clustered intervals, CUPED, SRM check, many-metrics correction, guardrails and a verdict')
    .requiredOption('--assignment <file>', 'assignment written by `experiment design` (its design record beside it)')
    .requiredOption('--outcomes <file>', 'NDJSON rows {account, metric, pre, post}')
    .option('--guardrails <names>', 'comma-separated metrics that must not get worse (e.g. appeals)')
    .option('--higher-is-better <names>', 'metrics where an increase is good (default: lower is better)')
    .option('--correction <kind>', 'holm (family-wise) or bh (false discovery rate) (default holm)')
    .option('--confidence <x>', 'interval level (default 0.95)')
    .option('--permutations <n>', `re-randomizations of the design behind p-values and intervals; 0 uses Welch t (default ${ANALYZE_DEFAULTS.permutations})`)
    .option('--out <file>', 'also write the analysis JSON (for `ringscan report --experiment`)')
    .option('--json', 'print the analysis as JSON')
    .action(run(experimentAnalyzeCommand));
  experiment
    .command('its')
    .description('Without a holdout: interrupted time series on a stored run indicator around the run where the strategy changed')
    .option('--store <spec>', 'findings store (default: RINGSCAN_STORE)')
    .requiredOption('--indicator <name>', `one of ${Object.keys(IndicatorsSchema.shape).join(', ')}`)
    .requiredOption('--change-run <id>', 'first run under the new strategy')
    .option('--confidence <x>', 'interval level (default 0.95)')
    .option('--json', 'print as JSON')
    .action(run(experimentItsCommand));
  experiment
    .command('did')
    .description('Without a holdout: difference-in-differences of per-account outcomes, treated segment against a comparison segment')
    .requiredOption('--segments <file>', 'NDJSON rows {account, cluster, segment: treated|comparison}')
    .requiredOption('--outcomes <file>', 'NDJSON rows {account, metric, pre, post}')
    .option('--confidence <x>', 'interval level (default 0.95)')
    .option('--json', 'print as JSON')
    .action(run(experimentDidCommand));
}
