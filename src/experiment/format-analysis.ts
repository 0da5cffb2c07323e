// An experiment analysis as plain text: the SRM line, one row per metric (means, effect with interval, CUPED's
// variance reduction, corrected p, call) and the verdict.
import { table } from '../evaluate/text-table.js';
import type { Analysis, Effect } from '../schema/experiment.js';

const g = (x: number) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3));
const signed = (x: number) => `${x >= 0 ? '+' : ''}${g(x)}`;
const pct = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)}%`);
const p = (x: number) => (x < 0.001 ? '<0.001' : x.toFixed(3));
const effect = (e: Effect) => `${signed(e.difference)} [${signed(e.low)}, ${signed(e.high)}]`;
const relative = (e: Effect) => `${pct(e.relative)} [${pct(e.relativeLow)}, ${pct(e.relativeHigh)}]`;

export function formatAnalysis(a: Analysis): string {
  const level = `${Math.round(a.confidence * 100)} %`;
  const s = a.srm;
  const out = [
    `experiment on run ${a.design.run}: ${Math.round(a.design.holdout * 100)} % of rings held out (seed ${a.design.seed})`,
    `SRM check: ${s.observed.enforce} rings enforced, ${s.observed.holdout} held out (expected ${s.expected.enforce.toFixed(1)} / ${s.expected.holdout.toFixed(1)}); χ² = ${s.chiSquare.toFixed(2)}, p = ${s.pValue.toFixed(4)}: ${s.mismatch ? 'MISMATCH' : 'ok'}`,
  ];
  if (a.missing.assignedWithoutOutcomes > 0 || a.missing.outcomesOutsideAssignment > 0) {
    out.push(`missing: ${a.missing.assignedWithoutOutcomes} assigned accounts without outcomes; ${a.missing.outcomesOutsideAssignment} outcome rows for unassigned accounts (ignored)`);
  }
  out.push(
    '',
    ...table(
      ['metric', 'enforced', 'held out', `difference (CUPED, ${level})`, 'relative', 'unadjusted difference', 'var. cut', 'ρ', 'p (adj.)', 'call'],
      a.metrics.map((m) => [
        `${m.metric}${m.guardrail ? ' (guardrail)' : ''}`,
        g(m.mean.enforce),
        g(m.mean.holdout),
        effect(m.cuped),
        relative(m.cuped),
        effect(m.unadjusted),
        `${(100 * m.varianceReduction).toFixed(0)}%`,
        m.preCorrelation.toFixed(2),
        p(m.adjustedPValue),
        m.call,
      ]),
    ),
    '',
    a.verdict,
    '',
    `method: ${a.method}`,
  );
  return out.join('\n') + '\n';
}
