// `npm run eval:variants [-- --accounts N --only NAME,… --config JSON --seed-offset K]`: detection with default settings on two
// families of generated datasets and on real data, scored against ground truth (truth.ndjson, lookalikes.ndjson),
// never against the input labels, with a naive peer (src/evaluate/naive-peer.ts) on the same data beside it. The tuning family (seeds 1–3, default mix) is what defaults may be tuned on; the
// held-out family (other seeds, other shapes and parameters) is never tuned on. ../shared/real/wikisocks is added
// when present. `--seed-offset K` adds K to every generated variant's seed: fresh draws of the same shapes, for checking
// a change on data nobody has looked at. Datasets are cached in .bench/. The last line is one JSON object for machines.
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { parseScriptArgs } from './script-args.js';
import { readGroundTruth, resolveTruthPaths } from '../src/cli/read-ground-truth.js';
import { alignRunRows } from '../src/evaluate/align-run-rows.js';
import { evaluateAligned, evaluateFindings } from '../src/evaluate/evaluate-findings.js';
import type { Evaluation } from '../src/evaluate/evaluation-schema.js';
import { BENIGN, FRAUD, type GroundTruth } from '../src/evaluate/ground-truth.js';
import { NAIVE_PEER_DEFAULTS, naivePeerRings } from '../src/evaluate/naive-peer.js';
import type { Dataset } from '../src/schema/dataset.js';
import { runPipeline } from '../src/run/run-pipeline.js';
import { resolveConfig } from '../src/schema/config.js';
import { ROOT, VARIANTS, datasetDir, type Family } from './variant-datasets.js';

const USAGE = 'usage: npm run eval:variants [-- --accounts N --only NAME,… --config JSON --seed-offset K]';
const { values } = parseScriptArgs(USAGE, {
  options: {
    accounts: { type: 'string', default: '100000' },
    only: { type: 'string' },
    config: { type: 'string' },
    'seed-offset': { type: 'string', default: '0' },
  },
});

const wikisocks = join(ROOT, '..', 'shared', 'real', 'wikisocks');
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
const seedOffset = Number(values['seed-offset']);
if (!Number.isInteger(seedOffset) || seedOffset < 0) {
  console.error(`--seed-offset must be a whole number ≥ 0, got ${values['seed-offset']}`);
  process.exit(2);
}

const f3 = (x: number | null | undefined) => (x === null || x === undefined ? '  -  ' : x.toFixed(3));

interface Figures {
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

interface Row extends Figures {
  variant: string;
  family: Family;
  accounts: number;
  /** Which ring-score weights the run used: the defaults, or weights learned from the dataset's labels. */
  weights: 'defaults' | 'learned';
  peer: Figures;
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

function figuresOf(evaluation: Evaluation, truth: GroundTruth, seconds: number): Figures {
  const a = evaluation.accounts;
  const { benign } = benignCounts(truth);
  return {
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
}

/** The naive peer's rings as a stored run would give them: every member flagged with risk 1. */
function evaluatePeer(dataset: Dataset, truth: GroundTruth): Figures {
  const started = performance.now();
  const { rings } = naivePeerRings(dataset);
  const seconds = (performance.now() - started) / 1000;
  const ids = dataset.accounts.ids;
  const memberRings = rings.map((ring, k) => ({ id: `peer-${k + 1}`, members: ring.map((i) => ids[i]!) }));
  const accounts = memberRings.flatMap((ring) => ring.members.map((account) => ({ account, risk: 1, flagged: true })));
  return figuresOf(evaluateAligned(alignRunRows(accounts, memberRings, truth), truth), truth, seconds);
}

const line = (name: string, family: string, r: Figures, note: string) =>
  `${name.padEnd(20)} ${family.padEnd(8)} P ${f3(r.precision)} R ${f3(r.recall)} F1 ${f3(r.f1)} J ${f3(r.jaccard)} ` +
  `benign flagged ${r.benignFlagged} (${r.benignFlaggedPercent.toFixed(3)} %) ${r.seconds.toFixed(1)}s${note}`;

console.log(
  `naive peer: components over identifiers shared by 2..${NAIVE_PEER_DEFAULTS.maxIdentifierDegree} accounts and co-action within ` +
    `${NAIVE_PEER_DEFAULTS.windowSeconds / 3600} h on targets with at most ${NAIVE_PEER_DEFAULTS.maxTargetActors} actors; components of ≥ ${NAIVE_PEER_DEFAULTS.minComponentSize} flagged`,
);
const rows: Row[] = [];
for (const variant of VARIANTS) {
  if (only && !only.includes(variant.name)) continue;
  const dir = datasetDir(variant, accounts, seedOffset);
  const started = performance.now();
  const { dataset, findings } = await runPipeline({ dataDir: dir, config });
  const seconds = (performance.now() - started) / 1000;
  const truth = await readGroundTruth(dataset.accounts.ids, resolveTruthPaths({ data: dir }));
  const evaluation = evaluateFindings(findings, truth);
  const peer = evaluatePeer(dataset, truth);
  const weights = findings.summary.scoring?.weightsSource ?? 'defaults';
  const row: Row = { variant: variant.name, family: variant.family, accounts: dataset.accounts.ids.length, weights, ...figuresOf(evaluation, truth, seconds), peer };
  rows.push(row);
  console.log(line(variant.name, variant.family, row, ` ${weights} weights — ${variant.about}`));
  console.log(`    by kind: ${evaluation.byKind.fraud.map((k) => `${k.kind} R ${f3(k.recall)} J ${f3(k.meanBestJaccard)}`).join(', ')}`);
  const flaggedLookalikes = evaluation.byKind.benign.filter((k) => k.accountsFlagged > 0);
  console.log(`    look-alikes flagged: ${flaggedLookalikes.length === 0 ? 'none' : flaggedLookalikes.map((k) => `${k.kind} ${k.accountsFlagged}/${k.accounts}`).join(', ')}`);
  console.log(`  ${line('naive peer', '', peer, '')}`);
  console.log(`    peer by kind: ${Object.entries(peer.jaccardByKind).map(([kind, j]) => `${kind} R ${f3(peer.recallByKind[kind])} J ${f3(j)}`).join(', ')}`);
  const peerLookalikes = Object.entries(peer.lookalikesFlagged).filter(([, text]) => !text.startsWith('0/'));
  console.log(`    peer look-alikes flagged: ${peerLookalikes.length === 0 ? 'none' : peerLookalikes.map(([kind, text]) => `${kind} ${text}`).join(', ')}`);
}

interface Summary {
  worstKindJaccard: number | null;
  worstKind: string | null;
  meanF1: number | null;
  maxBenignPercent: number;
}

function summarize(members: { variant: string; figures: Figures }[]): Summary {
  let worstKindJaccard: number | null = null;
  let worstKind: string | null = null;
  for (const { variant, figures } of members) {
    for (const [kind, j] of Object.entries(figures.jaccardByKind)) {
      if (j !== null && (worstKindJaccard === null || j < worstKindJaccard)) [worstKindJaccard, worstKind] = [j, `${kind} (${variant})`];
    }
  }
  const f1s = members.map((m) => m.figures.f1 ?? 0);
  return {
    worstKindJaccard,
    worstKind,
    meanF1: f1s.reduce((sum, x) => sum + x, 0) / f1s.length,
    maxBenignPercent: Math.max(...members.map((m) => m.figures.benignFlaggedPercent)),
  };
}

const families: { family: Family; variants: number; ringscan: Summary; peer: Summary }[] = [];
for (const family of ['tuning', 'held-out', 'real'] as const) {
  const members = rows.filter((r) => r.family === family);
  if (members.length === 0) continue;
  families.push({
    family,
    variants: members.length,
    ringscan: summarize(members.map((r) => ({ variant: r.variant, figures: r }))),
    peer: summarize(members.map((r) => ({ variant: r.variant, figures: r.peer }))),
  });
}
console.log('');
for (const s of families) {
  for (const [who, summary] of [
    ['ringscan', s.ringscan],
    ['naive peer', s.peer],
  ] as const) {
    console.log(
      `${`family ${s.family}`.padEnd(16)} ${who.padEnd(10)} ${String(s.variants).padStart(2)} variants: worst kind J ${f3(summary.worstKindJaccard)} ${summary.worstKind ?? ''}, ` +
        `mean F1 ${f3(summary.meanF1)}, max benign flagged ${summary.maxBenignPercent.toFixed(3)} %`,
    );
  }
}
console.log(JSON.stringify({ bench: 'variants', accounts: Number(accounts), rows, families }));
