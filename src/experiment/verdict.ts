// The verdict of an experiment in plain words: a broken split first, then what moved, then the guardrails, then
// what to do. Reads only the computed analysis; says nothing the numbers do not.
import type { Analysis, MetricAnalysis } from '../schema/experiment.js';

const pct = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`);
const num = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));

/** "reports −31.2 % [−38.0 %, −24.4 %]", or the absolute difference when the holdout mean is 0. */
export function describeEffect(m: MetricAnalysis): string {
  const e = m.cuped;
  if (e.relative !== null && e.relativeLow !== null && e.relativeHigh !== null) return `${m.metric} ${pct(e.relative)} [${pct(e.relativeLow)}, ${pct(e.relativeHigh)}]`;
  return `${m.metric} ${num(e.difference)} per account [${num(e.low)}, ${num(e.high)}]`;
}

export function writeVerdict(analysis: Omit<Analysis, 'verdict'>): string {
  const { srm } = analysis;
  const level = `${Math.round(analysis.confidence * 100)} %`;
  if (srm.mismatch) {
    const share = srm.observed.holdout / (srm.observed.enforce + srm.observed.holdout);
    return (
      `Do not trust this experiment: sample ratio mismatch. ${srm.observed.enforce} rings enforced and ${srm.observed.holdout} held out ` +
      `(${pct(share).replace('+', '')} held out where ${(100 * analysis.design.holdout).toFixed(0)} % was designed; χ² = ${srm.chiSquare.toFixed(1)}, p = ${srm.pValue.toExponential(1)}). ` +
      'The split is broken (assignment, enforcement logging or the outcome join): find the cause before reading any effect.'
    );
  }
  const primary = analysis.metrics.filter((m) => !m.guardrail);
  const guards = analysis.metrics.filter((m) => m.guardrail);
  const better = primary.filter((m) => m.call === 'better');
  const worse = primary.filter((m) => m.call === 'worse');
  const guardsWorse = guards.filter((m) => m.call === 'worse');
  const parts: string[] = [];
  if (better.length > 0) parts.push(`Enforcement improved ${better.map(describeEffect).join('; ')}.`);
  if (worse.length > 0) parts.push(`It made ${worse.map(describeEffect).join('; ')} worse.`);
  const alpha = 1 - analysis.confidence;
  const flat = primary.filter((m) => m.call === 'no detectable change' && m.cuped.pValue >= alpha);
  const lost = primary.filter((m) => m.call === 'no detectable change' && m.cuped.pValue < alpha);
  if (flat.length > 0) parts.push(`No detectable change in ${flat.map(describeEffect).join('; ')} (the intervals are the effects still possible).`);
  if (lost.length > 0) parts.push(`${lost.map(describeEffect).join('; ')} moved on its own test but not after correcting for ${analysis.metrics.length} metrics (adjusted p ${lost.map((m) => m.adjustedPValue.toFixed(3)).join(', ')}): suggestive, not established.`);
  if (guards.length > 0) {
    parts.push(guardsWorse.length > 0 ? `Guardrail${guardsWorse.length > 1 ? 's' : ''} got worse: ${guardsWorse.map(describeEffect).join('; ')}.` : `No guardrail got detectably worse (${guards.map(describeEffect).join('; ')}).`);
  }
  let decision: string;
  if (worse.length > 0) decision = 'Verdict: do not roll out as is: a primary metric got worse.';
  else if (better.length > 0 && guardsWorse.length > 0) decision = 'Verdict: it works, at a cost: weigh the guardrail before rolling out.';
  else if (better.length > 0) decision = 'Verdict: enforcement works on these metrics; roll it out.';
  else decision = 'Verdict: no evidence either way at this size; hold out more rings or follow outcomes longer (see `ringscan experiment power`).';
  parts.push(`(${level} intervals, CUPED-adjusted, ${analysis.correction === 'holm' ? 'Holm' : 'BH'}-corrected over ${analysis.metrics.length} metrics; SRM check passed, p = ${srm.pValue.toFixed(3)}.)`);
  return `${decision} ${parts.join(' ')}`;
}
