// `npm run fit:defaults [-- --accounts N --config JSON]`: fits the default ring-score weights (RING_SCORE_WEIGHTS in
// src/score/ring-score.ts) on the tuning family of `npm run eval:variants` only, the one family defaults may be
// tuned on: every candidate ring's evidence terms against the share of its members that are fraud in
// truth.ndjson, by the same sign-constrained, regularized logistic fit that learns from a team's labels
// (learn-ring-weights.ts), each ring weighing its size up to that fit's cap, so the many benign pairs do not
// outvote the rings, plus design cases (below) the defaults must flag whatever the generator holds. The prior is
// fixed (the hand-set weights the fitted ones replaced), so the same datasets give the same weights every time.
// Prints the design cases' scores, the weights and the ring AUC of the weights in the code beside; exits 1 when a
// design case fails. Pasting the weights into ring-score.ts is a reviewed change.
import { parseScriptArgs } from './script-args.js';
import { readGroundTruth, resolveTruthPaths } from '../src/cli/read-ground-truth.js';
import { FRAUD } from '../src/evaluate/ground-truth.js';
import { runPipeline } from '../src/run/run-pipeline.js';
import { resolveConfig } from '../src/schema/config.js';
import { MAX_EXAMPLE_WEIGHT, fitRingWeights, rocAuc, type LabelledRing } from '../src/score/learn-ring-weights.js';
import { EVIDENCE_TERMS, RING_SCORE_WEIGHTS, evidenceTerms, logistic, ringLogit, type EvidenceTerm, type RingScoreWeights } from '../src/score/ring-score.js';
import { VARIANTS, datasetDir } from './variant-datasets.js';

const USAGE = 'usage: npm run fit:defaults [-- --accounts N --config JSON]';
const { values } = parseScriptArgs(USAGE, { options: { accounts: { type: 'string', default: '100000' }, config: { type: 'string' } } });
// --config JSON: fit for other detection settings (candidate rings change with them).
const config = resolveConfig(values.config ? JSON.parse(values.config) : {});
const examples: LabelledRing[] = [];
const recordOf = (terms: number[]) => Object.fromEntries(EVIDENCE_TERMS.map((t, j) => [t, terms[j]!])) as Record<EvidenceTerm, number>;
for (const variant of VARIANTS.filter((v) => v.family === 'tuning')) {
  const dir = datasetDir(variant, values.accounts, 0);
  const { dataset, findings } = await runPipeline({ dataDir: dir, config });
  const truth = await readGroundTruth(dataset.accounts.ids, resolveTruthPaths({ data: dir }));
  const indexOf = new Map(dataset.accounts.ids.map((id, i) => [id, i]));
  const fraudMembers = new Map<string, number>();
  for (const m of findings.members) if (truth.label[indexOf.get(m.account)!] === FRAUD) fraudMembers.set(m.ring, (fraudMembers.get(m.ring) ?? 0) + 1);
  for (const ring of findings.rings) {
    const terms = evidenceTerms(ring.features);
    examples.push({ terms: EVIDENCE_TERMS.map((t) => terms[t]), fraudShare: (fraudMembers.get(ring.id) ?? 0) / ring.size, labelled: ring.size, fold: 0 });
  }
  console.error(`${variant.name}: ${findings.rings.length} candidate rings`);
}
/** The hand-set weights used before the defaults were fitted: the fit's prior. */
const HAND_SET_WEIGHTS: RingScoreWeights = { bias: -4, sharing: 1.2, sharingSets: 0.8, creationBurst: 2, registrationBurst: 0.8, synchrony: 1.2, ownTargets: 1.2, conductance: -1 };
/**
 * Rings the defaults must flag whatever the tuning family holds: cases the generator may never produce alone,
 * written as their evidence terms. No single signal may be gated by the others (a burst of registrations is
 * evidence by itself), so each enters the fit as DESIGN_CASE_RINGS fraud rings, and the script checks them after.
 */
const DESIGN_CASES: { about: string; terms: Partial<Record<EvidenceTerm, number>>; atLeast: number }[] = [
  { about: '27 accounts on 4 devices (sharing evidence 6), 19 created within 3 hours (surprise 30 or more)', terms: { sharing: Math.log2(1 + 6), creationBurst: (30 * (17 / 24)) / 10 }, atLeast: 0.9 },
  { about: '100 accounts registered in one burst at the surprise cap, sharing nothing rarer than a hub', terms: { registrationBurst: 6 }, atLeast: 0.5 },
];
const DESIGN_CASE_RINGS = 40;
const designTerms = (designCase: (typeof DESIGN_CASES)[number]) => EVIDENCE_TERMS.map((t) => designCase.terms[t] ?? 0);
const candidateRings = examples.length;
for (const designCase of DESIGN_CASES) {
  for (let i = 0; i < DESIGN_CASE_RINGS; i++) examples.push({ terms: designTerms(designCase), fraudShare: 1, labelled: MAX_EXAMPLE_WEIGHT, fold: 0 });
}
// Three decimals: more would be false precision, and a weight of 0.00004 is no weight but would still break ties.
const fitted = Object.fromEntries(Object.entries(fitRingWeights(examples, HAND_SET_WEIGHTS)).map(([k, w]) => [k, Math.round(w * 1000) / 1000 + 0])) as RingScoreWeights;
let failed = false;
for (const designCase of DESIGN_CASES) {
  const score = logistic(ringLogit(recordOf(designTerms(designCase)), fitted));
  failed ||= score < designCase.atLeast;
  console.log(`design case ${score >= designCase.atLeast ? 'holds' : 'FAILS'}: ${designCase.about}: score ${score.toFixed(3)} (at least ${designCase.atLeast})`);
}
const rings = examples.slice(0, candidateRings);
const aucOf = (weights: RingScoreWeights) => rocAuc(rings.map((e) => ringLogit(recordOf(e.terms), weights)), rings.map((e) => e.fraudShare >= 0.5));
console.log(`${candidateRings} candidate rings; ring AUC (in sample) ${aucOf(fitted)} fitted, ${aucOf(RING_SCORE_WEIGHTS)} with the weights in the code`);
console.log(JSON.stringify(fitted));
if (failed) process.exit(1);
