// `ringscan compare` on generated data: a config against itself, against a deliberately worse one (hub cap off),
// two stored runs, and the built binary.
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compareCommand } from '../../src/cli/compare-command.js';
import { createProgress, type Progress } from '../../src/cli/progress.js';
import { ComparisonSchema } from '../../src/evaluate/comparison-schema.js';
import { generateInto, recordRuns } from './generated-fixture.js';

const quiet: Progress = createProgress(false);
let dir: string;
let data: string;
let noHubCap: string;
let hubProtectionOff: string;
let stricter: string;
let sameAsDefault: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'ringscan-compare-'));
  data = await generateInto(join(dir, 'data'), 2000, 3);
  noHubCap = join(dir, 'no-hub-cap.json');
  hubProtectionOff = join(dir, 'hub-protection-off.json');
  stricter = join(dir, 'stricter.json');
  sameAsDefault = join(dir, 'default.json');
  await writeFile(noHubCap, JSON.stringify({ maxEntityDegree: 1_000_000_000 }));
  // hub cap off and no identifier treated as background for its type: carrier NAT and public-wifi IPs become cliques
  // that reach Louvain (small data only: it is quadratic).
  await writeFile(hubProtectionOff, JSON.stringify({ maxEntityDegree: 1_000_000_000, minEntitySurprise: 0 }));
  await writeFile(stricter, JSON.stringify({ flagThreshold: 0.9 }));
  await writeFile(sameAsDefault, JSON.stringify({}));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('compareCommand on 2,000 generated accounts', () => {
  it('progress names each strategy and ends every detection stage with its count and rate', async () => {
    const lines: string[] = [];
    await compareCommand({ data, configB: stricter, nameA: 'a', nameB: 'b', resamples: 50 }, createProgress(true, (line) => lines.push(line)));
    const done = lines.filter((l) => l.startsWith('✓ '));
    expect(done[0]).toMatch(/^✓ ingest \(\d+\.\d s\) [\d,]+ rows \([\d,]+ rows\/s\)/);
    for (const name of ['a', 'b']) {
      for (const [stage, unit] of [['synchrony-edges', 'actions'], ['communities', 'accounts'], ['scoring', 'rings'], ['centrality', 'members'], ['detect', 'accounts']] as const) {
        expect(done.some((l) => new RegExp(`^✓ \\[${name}\\] ${stage} \\(\\d+\\.\\d s\\) [\\d,]+ ${unit} \\([\\d,]+ ${unit}/s\\)`).test(l)), `${name} ${stage} in ${done.join('')}`).toBe(true);
      }
    }
    expect(done.at(-1)).toMatch(/^✓ bootstrap \(50 resamples\) \(\d+\.\d s\) 50 resamples/);
  });

  it('the default config against itself: no metric and no kind differs significantly', async () => {
    const { comparison } = await compareCommand({ data, configA: sameAsDefault, configB: sameAsDefault, resamples: 400 }, quiet);
    const rows = [...comparison.metrics, ...comparison.byKind.flatMap((k) => k.metrics)];
    expect(rows.length).toBeGreaterThan(20);
    expect(rows.filter((r) => r.difference.significant)).toEqual([]);
  });

  it('hub cap alone disabled: widely shared identifiers surprising for their type are expanded, and more accounts are flagged', async () => {
    const { comparison } = await compareCommand({ data, configB: noHubCap, resamples: 200 }, quiet);
    expect(comparison.b.flagged).toBeGreaterThan(comparison.a.flagged);
    const flagged = comparison.metrics.find((m) => m.metric === 'flaggedAccounts')!;
    expect(flagged.b.value).toBe(comparison.b.flagged);
  });

  it('hub protection disabled (cap off, no identifier background for its type): account precision drops, significantly; the table says "worse"', async () => {
    const { comparison, output } = await compareCommand({ data, configB: hubProtectionOff, nameA: 'default', nameB: 'no hub protection', resamples: 400 }, quiet);
    const precision = comparison.metrics.find((m) => m.metric === 'accountPrecision')!;
    expect(precision.difference.value!).toBeLessThan(-0.05);
    expect(precision.difference.high!).toBeLessThan(0);
    expect(precision.difference.significant).toBe(true);
    expect(comparison.b.flagged).toBeGreaterThan(comparison.a.flagged);
    expect(output).toMatch(/^account precision .* worse$/m);
    console.log(`hub protection off vs default on 2,000 accounts: precision ${precision.a.value!.toFixed(3)} → ${precision.b.value!.toFixed(3)}, B − A ${precision.difference.value!.toFixed(3)} [${precision.difference.low!.toFixed(3)}, ${precision.difference.high!.toFixed(3)}], p ${precision.difference.pValue!.toFixed(4)}`);
  });

  it('two stored runs of the same configs give the same point estimates as the configs themselves', async () => {
    const storeDir = await mkdtemp(join(dir, 'store-'));
    const [runA, runB] = await recordRuns(data, join(storeDir, 'runs.db'), [{}, { flagThreshold: 0.9 }]);
    const fromRuns = await compareCommand({ data, runA: runA!.id, runB: runB!.id, store: `sqlite:${join(storeDir, 'runs.db')}`, resamples: 200 }, quiet);
    const fromConfigs = await compareCommand({ data, configB: stricter, resamples: 200 }, quiet);
    expect(fromConfigs.comparison.b.flagged).toBeLessThan(fromConfigs.comparison.a.flagged);
    const points = (c: typeof fromRuns.comparison) => c.metrics.filter((m) => m.metric.startsWith('account') || m.metric === 'flaggedAccounts').map((m) => [m.metric, m.a.value, m.b.value]);
    expect(points(fromRuns.comparison)).toEqual(points(fromConfigs.comparison));
    expect(fromRuns.comparison.a.name).toBe(`run ${runA!.id}`);
  });

  it('rejects a half-given pair of runs and a mix of runs and configs (exit code 2 in the CLI)', async () => {
    await expect(compareCommand({ data, runA: 'x' }, quiet)).rejects.toThrow(/both --run-a and --run-b/);
    await expect(compareCommand({ data, runA: 'x', runB: 'y', configA: noHubCap }, quiet)).rejects.toThrow(/not both/);
    await expect(compareCommand({ data, costKind: 'household', configB: noHubCap }, quiet)).rejects.toThrow(/KIND=COST/);
  });
});

describe('ringscan compare (built binary)', () => {
  const run = promisify(execFile);
  const bin = resolve('dist/src/cli/main.js');

  it('--json prints a Comparison, --out writes the same, per-kind costs reach the cost model; a missing --data exits 2', async () => {
    const out = join(dir, 'comparison.json');
    const { stdout, stderr } = await run(process.execPath, [bin, 'compare', '--data', data, '--config-b', stricter, '--resamples', '100', '--cost-kind', 'household=20', '--json', '--out', out]);
    expect(stderr).toBe('');
    const comparison = ComparisonSchema.parse(JSON.parse(stdout));
    expect(comparison.options.costs.byKind).toEqual({ household: 20 });
    expect(JSON.parse(await readFile(out, 'utf8'))).toEqual(JSON.parse(stdout));
    const missing = await run(process.execPath, [bin, 'compare', '--config-b', noHubCap]).catch((e: { code: number; stderr: string }) => e);
    expect(missing).toMatchObject({ code: 2 });
  });
});
