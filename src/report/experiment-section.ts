// The report's experiment section: the verdict, the SRM check, and each metric's effect drawn with its interval
// (relative effect where the holdout mean is not 0), guardrails marked. Pure: an Analysis in, HTML out.
import type { Analysis, MetricAnalysis } from '../schema/experiment.js';
import { escapeXml as esc, intervalChartSvg, type IntervalRow } from './svg-charts.js';

const toneOf = (m: MetricAnalysis): IntervalRow['tone'] => (m.call === 'better' ? 'better' : m.call === 'worse' ? 'worse' : 'neutral');
const pct = (x: number | null) => (x === null ? 'n/a' : `${x >= 0 ? '+' : ''}${(100 * x).toFixed(1)} %`);
const g = (x: number) => (Math.abs(x) >= 10 ? x.toFixed(1) : x.toFixed(3));

export function experimentSection(a: Analysis | undefined): string {
  if (!a) return '';
  const level = `${Math.round(a.confidence * 100)} %`;
  const drawable = a.metrics.filter((m) => m.cuped.relative !== null && m.cuped.relativeLow !== null && m.cuped.relativeHigh !== null);
  const forest = intervalChartSvg({
    label: 'Effect of enforcement per metric, relative to the holdout, with intervals',
    rows: drawable.map((m) => ({ label: `${m.metric}${m.guardrail ? ' (guardrail)' : ''}`, value: 100 * m.cuped.relative!, low: 100 * m.cuped.relativeLow!, high: 100 * m.cuped.relativeHigh!, tone: toneOf(m) })),
    xLabel: `enforced vs held out, % change (CUPED, ${level} interval)`,
  });
  const rows = a.metrics
    .map((m) => {
      const tone = toneOf(m);
      return `<tr><td>${esc(m.metric)}${m.guardrail ? ' <span class="muted">(guardrail)</span>' : ''}</td><td>${g(m.mean.enforce)}</td><td>${g(m.mean.holdout)}</td><td class="${tone === 'neutral' ? '' : tone}">${g(m.cuped.difference)} [${g(m.cuped.low)}, ${g(m.cuped.high)}]</td><td>${pct(m.cuped.relative)} [${pct(m.cuped.relativeLow)}, ${pct(m.cuped.relativeHigh)}]</td><td>${(100 * m.varianceReduction).toFixed(0)} %</td><td>${m.adjustedPValue < 0.001 ? '&lt;0.001' : m.adjustedPValue.toFixed(3)}</td><td class="text">${esc(m.call)}</td></tr>`;
    })
    .join('');
  const s = a.srm;
  return `<section id="experiment"><h2>Enforcement experiment</h2>
<p><b>${esc(a.verdict)}</b></p>
<p class="${s.mismatch ? 'alert' : 'muted'}">SRM check: ${s.observed.enforce} rings enforced, ${s.observed.holdout} held out (expected ${s.expected.enforce.toFixed(1)} / ${s.expected.holdout.toFixed(1)}), χ² = ${s.chiSquare.toFixed(2)}, p = ${s.pValue.toFixed(4)}${s.mismatch ? ': mismatch, the split is broken' : ''}.</p>
<div class="card">${forest}</div>
<div class="card"><table><tr><th>metric</th><th>enforced</th><th>held out</th><th>difference</th><th>relative</th><th>CUPED variance cut</th><th>p (${a.correction === 'holm' ? 'Holm' : 'BH'})</th><th>call</th></tr>${rows}</table></div>
<p class="muted">${esc(a.method)}</p></section>`;
}
