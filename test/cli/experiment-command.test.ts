// `ringscan experiment` end to end through the built binary on a generated dataset and a real SQLite store:
// generate → run → experiment design → generate --outcomes → experiment analyze / power; its on stored runs; did;
// and the one-line errors for bad input.
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnalysisSchema, DesignRecordSchema, DidResultSchema, PowerResultSchema, TimeSeriesResultSchema } from '../../src/schema/experiment.js';
import { generateInto, recordRuns, storeSpec } from '../evaluate/generated-fixture.js';
import { runCli } from '../helpers/run-cli.js';

let dir: string;
let data: string;
let store: string;
let assignment: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringscan-experiment-'));
  data = await generateInto(join(dir, 'data'), 12000, 5);
  // six runs (the same data under slightly different thresholds) give ITS a series to work on
  await recordRuns(data, join(dir, 'runs.db'), [0.5, 0.5, 0.52, 0.5, 0.6, 0.62, 0.6].map((flagThreshold) => ({ flagThreshold })));
  store = storeSpec(dir);
  assignment = join(dir, 'assignment.ndjson');
}, 120_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('ringscan experiment', () => {
  it('design: ring-level, seeded assignment with its design record beside it; the same seed gives the same bytes', async () => {
    const first = runCli(['experiment', 'design', '--store', store, '--holdout', '0.5', '--seed', '3', '--out', assignment, '--json']);
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);
    const record = DesignRecordSchema.parse(JSON.parse(first.stdout));
    expect(record.rings.holdout).toBe(Math.round(0.5 * (record.rings.enforce + record.rings.holdout)));
    const bytes = await readFile(assignment, 'utf8');
    const again = join(dir, 'again.ndjson');
    expect(runCli(['experiment', 'design', '--store', store, '--holdout', '0.5', '--seed', '3', '--out', again]).code).toBe(0);
    expect(await readFile(again, 'utf8')).toBe(bytes);
    const arms = new Map<string, string>();
    for (const line of bytes.trim().split('\n')) {
      const row = JSON.parse(line) as { ring: string; arm: string };
      expect(arms.get(row.ring) ?? row.arm).toBe(row.arm);
      arms.set(row.ring, row.arm);
    }
  });

  it('generate --outcomes then analyze: the planted −30 % on reports is called a reduction with an interval around its estimate; a verdict in words', async () => {
    const outcomes = join(dir, 'outcomes.ndjson');
    const gen = runCli(['generate', '--out', data, '--outcomes', assignment, '--outcomes-out', outcomes, '--seed', '2', '--effect', '-0.3']);
    expect(gen.code).toBe(0);
    expect(gen.stdout).toMatch(/outcome rows/);
    const planted = JSON.parse(await readFile(join(dir, 'outcomes.truth.json'), 'utf8')) as { effects: { metric: string; relative: number | null }[] };
    expect(planted.effects.find((e) => e.metric === 'reports')!.relative).toBe(-0.3);
    const out = runCli(['experiment', 'analyze', '--assignment', assignment, '--outcomes', outcomes, '--guardrails', 'appeals', '--json', '--out', join(dir, 'analysis.json')]);
    expect(out.stderr).toBe('');
    const analysis = AnalysisSchema.parse(JSON.parse(out.stdout));
    expect(analysis.srm.mismatch).toBe(false);
    const reports = analysis.metrics.find((m) => m.metric === 'reports')!;
    // One draw: a 95 % interval misses the truth 1 time in 20 (coverage itself is the simulation test's job), so
    // this checks that the interval holds its estimate and calls the planted reduction, not that it covers it.
    expect(reports.cuped.relativeLow!).toBeLessThan(reports.cuped.relative!);
    expect(reports.cuped.relative!).toBeLessThan(reports.cuped.relativeHigh!);
    expect(reports.cuped.relativeHigh!).toBeLessThan(0);
    expect(reports.varianceReduction).toBeGreaterThan(0.3);
    expect(analysis.metrics.find((m) => m.metric === 'appeals')!.guardrail).toBe(true);
    expect(analysis.verdict).toMatch(/^Verdict: /);
    // p-values and intervals come from re-runs of the design by default; a design with fewer than 1,000 possible
    // assignments (Π over score bands of C(rings, held out)) gets the Welch t reference instead
    expect(analysis.method).toMatch(/2000 re-randomizations .*Welch t where the design allows fewer than 1000 assignments/);
    const bands = new Map<number, { rings: Set<string>; held: Set<string> }>();
    for (const line of (await readFile(assignment, 'utf8')).trim().split('\n')) {
      const row = JSON.parse(line) as { ring: string; band: number; arm: string };
      let band = bands.get(row.band);
      if (!band) bands.set(row.band, (band = { rings: new Set(), held: new Set() }));
      band.rings.add(row.ring);
      if (row.arm === 'holdout') band.held.add(row.ring);
    }
    let assignments = 1;
    for (const { rings, held } of bands.values()) for (let k = 1; k <= held.size; k++) assignments *= (rings.size - held.size + k) / k;
    expect(reports.cuped.reference).toBe(assignments >= 1000 ? 'randomization' : 't');
    const bad = runCli(['experiment', 'analyze', '--assignment', assignment, '--outcomes', outcomes, '--permutations', 'many']);
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split('\n')).toHaveLength(1);
    const text = runCli(['experiment', 'analyze', '--assignment', assignment, '--outcomes', outcomes, '--guardrails', 'appeals']);
    expect(text.stdout).toMatch(/SRM check: .* ok/);
    expect(text.stdout).toMatch(/appeals \(guardrail\)/);
  });

  it('power: the MDE from the assignment and the pre-period of the outcomes; the rings needed for a target', () => {
    const mde = runCli(['experiment', 'power', '--assignment', assignment, '--outcomes', join(dir, 'outcomes.ndjson'), '--metric', 'reports', '--json']);
    expect(mde.stderr).toBe('');
    const power = PowerResultSchema.parse(JSON.parse(mde.stdout));
    expect(power.mode).toBe('mde');
    expect(power.icc).toBeGreaterThan(0);
    expect(power.designEffect).toBeGreaterThan(1);
    const sample = runCli(['experiment', 'power', '--baseline', '0.2', '--binary', '--rings', '500', '--mean-ring-size', '12', '--icc', '0.1', '--effect', '0.02']);
    expect(sample.code).toBe(0);
    expect(sample.stdout).toMatch(/flagged rings/);
  });

  it('its: a level change on a stored indicator with its assumptions stated', () => {
    const runs = runCli(['runs', '--store', store, '--json']);
    const ids = (JSON.parse(runs.stdout) as { id: string }[]).map((r) => r.id).reverse();
    const out = runCli(['experiment', 'its', '--store', store, '--indicator', 'accountsFlagged', '--change-run', ids[4]!, '--json']);
    expect(out.stderr).toBe('');
    const result = TimeSeriesResultSchema.parse(JSON.parse(out.stdout));
    expect(result.points).toHaveLength(7);
    expect(result.assumptions.join(' ')).toMatch(/pre-change level and linear trend/);
  });

  it('did: treated against a comparison segment, with parallel trends stated', async () => {
    const segments = join(dir, 'segments.ndjson');
    const rows = (await readFile(assignment, 'utf8')).trim().split('\n').map((line) => JSON.parse(line) as { account: string; ring: string; arm: string });
    await writeFile(segments, rows.map((r) => JSON.stringify({ account: r.account, cluster: r.ring, segment: r.arm === 'enforce' ? 'treated' : 'comparison' })).join('\n') + '\n');
    const out = runCli(['experiment', 'did', '--segments', segments, '--outcomes', join(dir, 'outcomes.ndjson'), '--json']);
    expect(out.stderr).toBe('');
    const result = DidResultSchema.parse(JSON.parse(out.stdout));
    expect(result.assumptions[0]).toMatch(/Parallel trends/);
  });

  it('bad input: a broken outcomes line, an edited assignment, a missing design record: one line, exit 2 or 1', async () => {
    const bad = join(dir, 'bad.ndjson');
    await writeFile(bad, '{"account":"a","metric":"reports","pre":1,"post":2}\n{"account":"b","metric":"reports","pre":"x","post":2}\n');
    const r1 = runCli(['experiment', 'analyze', '--assignment', assignment, '--outcomes', bad]);
    expect(r1.code).toBe(2);
    expect(r1.stderr).toMatch(/bad\.ndjson:2: pre: /);
    expect(r1.stderr.trim().split('\n')).toHaveLength(1);
    const edited = join(dir, 'edited.ndjson');
    const text = await readFile(assignment, 'utf8');
    await writeFile(edited, text.replace('"holdout"', '"enforce"'));
    await writeFile(join(dir, 'edited.design.json'), await readFile(join(dir, 'assignment.design.json'), 'utf8'));
    const r2 = runCli(['experiment', 'analyze', '--assignment', edited, '--outcomes', join(dir, 'outcomes.ndjson')]);
    expect(r2.code).toBe(2);
    expect(r2.stderr).toMatch(/was changed after it was designed/);
    const lonely = join(dir, 'lonely.ndjson');
    await writeFile(lonely, text);
    const r3 = runCli(['experiment', 'analyze', '--assignment', lonely, '--outcomes', join(dir, 'outcomes.ndjson')]);
    expect(r3.code).toBe(1);
    expect(r3.stderr).toMatch(/no design record/);
  });
});
