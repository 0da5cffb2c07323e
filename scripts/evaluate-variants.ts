// `npm run eval:variants [-- --accounts N --only NAME,… --config JSON]`: detection with default settings on two
// families of generated datasets and on real data, scored against ground truth (truth.ndjson, lookalikes.ndjson),
// never against the input labels. The tuning family (seeds 1–3, default mix) is what defaults may be tuned on; the
// held-out family (other seeds, other shapes and parameters) is never tuned on. ../shared/real/wikisocks is added
// when present. Datasets are cached in .bench/. The last line is one JSON object for machines.
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { readGroundTruth, resolveTruthPaths } from '../src/cli/read-ground-truth.js';
import { evaluateFindings } from '../src/evaluate/evaluate-findings.js';
import { BENIGN, FRAUD, type GroundTruth } from '../src/evaluate/ground-truth.js';
import { runPipeline } from '../src/run/run-pipeline.js';
import { resolveConfig } from '../src/schema/config.js';

const { values } = parseArgs({
  options: {
    accounts: { type: 'string', default: '100000' },
    only: { type: 'string' },
    config: { type: 'string' },
  },
});

type Family = 'tuning' | 'held-out' | 'real';

interface Variant {
  name: string;
  family: Family;
  /** What the variant checks, in a few words. */
  about: string;
  /** `ringscan generate` arguments; absent for real data. */
  args?: string[];
  /** Folder of a real dataset. */
  dir?: string;
}

const RENAME_ALL = 'device=handset,card=instrument,phone=msisdn,ip=netaddr,email=mailbox,address=geo,fingerprint=browser';
const VARIANTS: Variant[] = [
  { name: 'seed1', family: 'tuning', about: 'default mix', args: ['--seed', '1'] },
  { name: 'seed2', family: 'tuning', about: 'default mix', args: ['--seed', '2'] },
  { name: 'seed3', family: 'tuning', about: 'default mix', args: ['--seed', '3'] },
  {
    name: 'payment-year',
    family: 'held-out',
    about: 'payment rings created over a year, no actions, own device and IP each',
    args: ['--seed', '21', '--days', '45', '--kind-mix', 'payment_ring=0.6,device_farm=0.2,engagement_pod=0.2'],
  },
  {
    name: 'camo-farm-months',
    family: 'held-out',
    about: 'camouflaged farms made over months: ordinary behaviour, own device and proxy pools',
    args: ['--seed', '22', '--fraud-share', '0.03', '--kind-mix', 'camouflaged_farm=0.6,card_ring=0.2,engagement_pod=0.2'],
  },
  {
    name: 'big-farm-1500',
    family: 'held-out',
    about: 'a 1,500-account farm created within 1 h, each on 4 of 120 devices, plus the default mix',
    args: ['--seed', '23', '--big-farm', '1500,120,4,60'],
  },
  {
    name: 'bulk-registration',
    family: 'held-out',
    about: '~100 accounts registered within minutes sharing only a hub device',
    args: ['--seed', '24', '--kind-mix', 'bulk_registration=0.5,device_farm=0.25,card_ring=0.25'],
  },
  {
    name: 'human-paced',
    family: 'held-out',
    about: 'sockpuppet groups of 2–12 acting minutes to hours apart, with moderators answering them',
    args: ['--seed', '25', '--fraud-share', '0.02', '--kind-mix', 'sockpuppet_group=0.7,engagement_pod=0.3'],
  },
  { name: 'only-ip', family: 'held-out', about: 'one identifier type (ip)', args: ['--seed', '5', '--only-types', 'ip'] },
  { name: 'only-device-renamed', family: 'held-out', about: 'one type, renamed (device → wallet)', args: ['--seed', '6', '--only-types', 'device', '--rename-types', 'device=wallet'] },
  { name: 'renamed-all', family: 'held-out', about: 'every type renamed', args: ['--seed', '7', '--rename-types', RENAME_ALL] },
  { name: 'no-actions', family: 'held-out', about: 'no actions file content', args: ['--seed', '8', '--no-actions'] },
  { name: 'no-links', family: 'held-out', about: 'no links file content', args: ['--seed', '10', '--no-links'] },
  { name: 'seed9-60days', family: 'held-out', about: 'default mix, 60-day window, fraud share 0.03', args: ['--seed', '9', '--days', '60', '--fraud-share', '0.03'] },
];

const root = join(import.meta.dirname, '..', '..');
const cli = join(import.meta.dirname, '..', 'src', 'cli', 'main.js');
const wikisocks = join(root, '..', 'shared', 'real', 'wikisocks');
if (existsSync(join(wikisocks, 'truth.ndjson'))) VARIANTS.push({ name: 'wikisocks', family: 'real', about: 'real Wikipedia sockpuppet groups (accounts and actions only)', dir: wikisocks });

const accounts = values.accounts;
const only = values.only?.split(',').map((name) => name.trim());
if (only) {
  const unknown = only.filter((name) => !VARIANTS.some((v) => v.name === name));
  if (unknown.length > 0) {
    console.error(`unknown variant ${unknown.join(', ')}; variants: ${VARIANTS.map((v) => v.name).join(', ')}`);
    process.exit(2);
  }
}
const config = resolveConfig(values.config ? JSON.parse(values.config) : {});

/** Generates the variant into .bench/ unless an identical generation (same arguments) is already there. */
function datasetDir(variant: Variant): string {
  if (variant.dir) return variant.dir;
  const dir = join(root, '.bench', `variant-${variant.name}-${accounts}`);
  const args = ['generate', '--out', dir, '--accounts', accounts, '--force', ...(variant.args ?? [])];
  const stamp = join(dir, 'generated-with.json');
  const wanted = JSON.stringify(args);
  const isCached = existsSync(join(dir, 'truth.ndjson')) && existsSync(stamp) && readFileSync(stamp, 'utf8') === wanted;
  if (!isCached) {
    execFileSync(process.execPath, [cli, ...args], { stdio: ['ignore', 'ignore', 'inherit'] });
    writeFileSync(stamp, wanted);
  }
  return dir;
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '  -  ' : x.toFixed(3));

interface Row {
  variant: string;
  family: Family;
  accounts: number;
  precision: number | null;
  recall: number | null;
  f1: number | null;
  jaccard: number | null;
  recallByKind: Record<string, number | null>;
  jaccardByKind: Record<string, number | null>;
  benignFlagged: number;
  benignFlaggedPercent: number;
  lookalikesFlagged: Record<string, string>;
  seconds: number;
}

function benignCounts(truth: GroundTruth): { benign: number; fraud: number } {
  let benign = 0;
  let fraud = 0;
  for (const l of truth.label) {
    if (l === BENIGN) benign++;
    else if (l === FRAUD) fraud++;
  }
  return { benign, fraud };
}

const rows: Row[] = [];
for (const variant of VARIANTS) {
  if (only && !only.includes(variant.name)) continue;
  const dir = datasetDir(variant);
  const started = performance.now();
  const { dataset, findings } = await runPipeline({ dataDir: dir, config });
  const seconds = (performance.now() - started) / 1000;
  const truth = await readGroundTruth(dataset.accounts.ids, resolveTruthPaths({ data: dir }));
  const evaluation = evaluateFindings(findings, truth);
  const a = evaluation.accounts;
  const { benign } = benignCounts(truth);
  const row: Row = {
    variant: variant.name,
    family: variant.family,
    accounts: dataset.accounts.ids.length,
    precision: a.precision,
    recall: a.recall,
    f1: a.f1,
    jaccard: evaluation.rings.meanBestJaccard,
    recallByKind: Object.fromEntries(evaluation.byKind.fraud.map((k) => [k.kind, k.recall])),
    jaccardByKind: Object.fromEntries(evaluation.byKind.fraud.map((k) => [k.kind, k.meanBestJaccard])),
    benignFlagged: a.fp,
    benignFlaggedPercent: benign > 0 ? (100 * a.fp) / benign : 0,
    lookalikesFlagged: Object.fromEntries(evaluation.byKind.benign.map((k) => [k.kind, `${k.accountsFlagged}/${k.accounts}`])),
    seconds: +seconds.toFixed(1),
  };
  rows.push(row);
  console.log(
    `${variant.name.padEnd(20)} ${variant.family.padEnd(8)} P ${f3(row.precision)} R ${f3(row.recall)} F1 ${f3(row.f1)} J ${f3(row.jaccard)} ` +
      `benign flagged ${row.benignFlagged} (${row.benignFlaggedPercent.toFixed(3)} %) ${seconds.toFixed(1)}s  — ${variant.about}`,
  );
  console.log(`    by kind: ${evaluation.byKind.fraud.map((k) => `${k.kind} R ${f3(k.recall)} J ${f3(k.meanBestJaccard)}`).join(', ')}`);
  const flaggedLookalikes = evaluation.byKind.benign.filter((k) => k.accountsFlagged > 0);
  console.log(`    look-alikes flagged: ${flaggedLookalikes.length === 0 ? 'none' : flaggedLookalikes.map((k) => `${k.kind} ${k.accountsFlagged}/${k.accounts}`).join(', ')}`);
}

interface FamilySummary {
  family: Family;
  variants: number;
  worstKindJaccard: number | null;
  worstKind: string | null;
  meanF1: number | null;
  maxBenignPercent: number;
}

const families: FamilySummary[] = [];
for (const family of ['tuning', 'held-out', 'real'] as const) {
  const members = rows.filter((r) => r.family === family);
  if (members.length === 0) continue;
  let worstKindJaccard: number | null = null;
  let worstKind: string | null = null;
  for (const r of members) {
    for (const [kind, j] of Object.entries(r.jaccardByKind)) {
      if (j !== null && (worstKindJaccard === null || j < worstKindJaccard)) [worstKindJaccard, worstKind] = [j, `${kind} (${r.variant})`];
    }
  }
  const f1s = members.map((r) => r.f1 ?? 0);
  families.push({
    family,
    variants: members.length,
    worstKindJaccard,
    worstKind,
    meanF1: f1s.reduce((s, x) => s + x, 0) / f1s.length,
    maxBenignPercent: Math.max(...members.map((r) => r.benignFlaggedPercent)),
  });
}
console.log('');
for (const s of families) {
  console.log(
    `${`family ${s.family}`.padEnd(20)} ${String(s.variants).padStart(2)} variants: worst kind J ${f3(s.worstKindJaccard)} ${s.worstKind ?? ''}, mean F1 ${f3(s.meanF1)}, max benign flagged ${s.maxBenignPercent.toFixed(3)} %`,
  );
}
console.log(JSON.stringify({ bench: 'variants', accounts: Number(accounts), rows, families }));
