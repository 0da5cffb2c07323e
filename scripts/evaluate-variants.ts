// `npm run eval:variants [-- --accounts N --only NAME,…]`: generates the tuning seeds and held-out variants
// (one identifier type, renamed types, no actions, no links), runs detection with default settings and
// prints precision, recall, ring Jaccard and per-kind results for each. Datasets are cached in .bench/.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { resolveConfig } from '../src/schema/config.js';
import { runPipeline } from '../src/run/run-pipeline.js';
import { evaluateFindings } from '../src/evaluate/evaluate-findings.js';
import { groundTruthFromDataset } from '../src/evaluate/ground-truth.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    only: { type: 'string' },
    config: { type: 'string' },
  },
});

interface Variant {
  name: string;
  role: 'tuned' | 'held-out';
  args: string[];
}

const VARIANTS: Variant[] = [
  { name: 'seed1', role: 'tuned', args: ['--seed', '1'] },
  { name: 'seed2', role: 'tuned', args: ['--seed', '2'] },
  { name: 'seed3', role: 'tuned', args: ['--seed', '3'] },
  { name: 'seed9', role: 'held-out', args: ['--seed', '9'] },
  { name: 'only-ip', role: 'held-out', args: ['--seed', '5', '--only-types', 'ip'] },
  { name: 'only-device-renamed', role: 'held-out', args: ['--seed', '6', '--only-types', 'device', '--rename-types', 'device=wallet'] },
  { name: 'renamed-all', role: 'held-out', args: ['--seed', '7', '--rename-types', 'device=handset,card=instrument,phone=msisdn,ip=netaddr,email=mailbox,address=geo,fingerprint=browser'] },
  { name: 'no-actions', role: 'held-out', args: ['--seed', '8', '--no-actions'] },
  { name: 'no-links', role: 'held-out', args: ['--seed', '10', '--no-links'] },
];

const cli = join(import.meta.dirname, '..', 'src', 'cli', 'main.js');
const accounts = values.accounts;
const only = values.only?.split(',');
const config = resolveConfig(values.config ? JSON.parse(values.config) : {});
const rows: Record<string, unknown>[] = [];
for (const variant of VARIANTS) {
  if (only && !only.includes(variant.name)) continue;
  const dir = join('.bench', `variant-${variant.name}-${accounts}`);
  if (!existsSync(join(dir, 'labels.ndjson'))) {
    execFileSync(process.execPath, [cli, 'generate', '--out', dir, '--accounts', accounts, '--force', ...variant.args], { stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const started = performance.now();
  const { dataset, findings } = await runPipeline({ dataDir: dir, config });
  const seconds = (performance.now() - started) / 1000;
  const evaluation = evaluateFindings(findings, groundTruthFromDataset(dataset));
  const a = evaluation.accounts;
  const row = {
    variant: variant.name,
    role: variant.role,
    precision: a.precision,
    recall: a.recall,
    f1: a.f1,
    jaccard: evaluation.rings.meanBestJaccard,
    ari: evaluation.ari,
    prAuc: evaluation.prAuc,
    seconds: +seconds.toFixed(1),
    recallByKind: Object.fromEntries(evaluation.byKind.fraud.map((k) => [k.kind, k.recall])),
    jaccardByKind: Object.fromEntries(evaluation.byKind.fraud.map((k) => [k.kind, k.meanBestJaccard])),
    flaggedByBenignKind: Object.fromEntries(evaluation.byKind.benign.map((k) => [k.kind, `${k.accountsFlagged}/${k.accounts}`])),
  };
  rows.push(row);
  const f = (x: number | null | undefined) => (x === null || x === undefined ? '  -  ' : x.toFixed(3));
  console.log(
    `${variant.name.padEnd(20)} ${variant.role.padEnd(8)} P ${f(a.precision)} R ${f(a.recall)} F1 ${f(a.f1)} J ${f(evaluation.rings.meanBestJaccard)} ARI ${f(evaluation.ari)} AP ${f(evaluation.prAuc)} ${seconds.toFixed(1)}s`,
  );
  console.log(`    recall by kind: ${evaluation.byKind.fraud.map((k) => `${k.kind} ${f(k.recall)} (J ${f(k.meanBestJaccard)})`).join(', ')}`);
  console.log(`    benign flagged: ${evaluation.byKind.benign.map((k) => `${k.kind} ${k.accountsFlagged}/${k.accounts}`).join(', ')}`);
}
console.log(JSON.stringify({ bench: 'variants', accounts: Number(accounts), rows }));
