// renderReport: one self-contained HTML page (inline CSS and SVG, no script, no external resource) from ReportData.
import type { Comparison, MetricComparison } from '../evaluate/comparison-schema.js';
import type { ReportData, ReportLabels } from './report-data.js';
import { ringPictureSvg } from './ring-picture.js';
import { binValues, escapeXml as esc, histogramSvg, intervalChartSvg, lineChartSvg, type IntervalRow } from './svg-charts.js';

const num = (v: number | null | undefined, digits = 3) => (v === null || v === undefined ? 'n/a' : v.toFixed(digits));
const int = (v: number) => v.toLocaleString('en-US');

const STYLE = `
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#111827;margin:0;background:#f9fafb}
main{max-width:1180px;margin:0 auto;padding:24px}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:32px 0 8px;border-bottom:1px solid #e5e7eb;padding-bottom:4px}
h3{font-size:14px;margin:12px 0 4px}
.muted{color:#6b7280}.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(560px,1fr));gap:16px}
.grid3{display:grid;grid-template-columns:repeat(auto-fit,minmax(370px,1fr));gap:12px}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px;overflow-x:auto}
table{border-collapse:collapse;font-size:13px;width:100%}th,td{padding:4px 8px;border-bottom:1px solid #f3f4f6;text-align:right;vertical-align:top}
th{background:#f3f4f6}th:first-child,td:first-child,td.text{text-align:left}
.alert{color:#b91c1c;font-weight:600}.better{color:#047857;font-weight:600}.worse{color:#b91c1c;font-weight:600}
ul.reasons{margin:0;padding-left:18px;text-align:left}
svg.chart{max-width:100%;height:auto;font-size:11px}svg.ring-picture{display:block;margin-top:4px;background:#fff}svg .grid{stroke:#eef0f3}svg .axis{stroke:#9ca3af}
svg .tick{fill:#4b5563}svg .label{fill:#111827;font-size:12px}
`;

export function renderReport(data: ReportData): string {
  const sections = [header(data), scoreSection(data), labelsSection(data.labels, data.comparison), comparisonSection(data.comparison), historySection(data), reviewsSection(data), ringsSection(data)];
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>ringscan report — run ${esc(data.run.id)}</title><style>${STYLE}</style></head>
<body><main>${sections.join('\n')}
<p class="muted">Generated ${esc(data.generatedAt)} by ringscan. Self-contained: charts are inline SVG, no script, no network.</p>
</main></body></html>
`;
}

function header(data: ReportData): string {
  const { run } = data;
  const s = run.summary;
  const latest = data.history[data.history.length - 1];
  const alerts = latest?.alerts ?? [];
  return `<header><h1>ringscan report — run ${esc(run.id)}</h1>
<p class="muted">dataset ${esc(run.dataset)} · finished ${esc(run.finishedAt)} · code ${esc(run.codeVersion)} · config ${esc(run.configHash.slice(0, 12))}</p>
<div class="card"><table><tr><th>accounts</th><th>identifiers (hubs)</th><th>links</th><th>actions</th><th>candidate rings</th><th>flagged rings</th><th>flagged accounts</th></tr>
<tr><td>${int(s.accounts)}</td><td>${int(s.entities)} (${int(s.hubEntities)})</td><td>${int(s.links)}</td><td>${int(s.actions)}</td><td>${int(s.rings)}</td><td>${int(s.ringsFlagged)}</td><td>${int(s.accountsFlagged)}</td></tr></table>
${alerts.length === 0 ? `<p>No monitoring alert on this run${latest && latest.history === 0 ? ' (not enough history yet)' : ''}.</p>` : `<p class="alert">${alerts.length} monitoring alert(s):</p><ul>${alerts.map((a) => `<li>${esc(a.message)}</li>`).join('')}</ul>`}
</div></header>`;
}

function scoreSection(data: ReportData): string {
  const marker = data.lowestFlaggedScore === null ? undefined : { x: data.lowestFlaggedScore, label: `flagged ≥ ${data.lowestFlaggedScore.toFixed(2)}` };
  const rings = histogramSvg({ label: 'Ring score distribution', bins: binValues(data.ringScores, 0, 1, 20), xLabel: 'ring score', yLabel: 'rings', ...(marker ? { marker } : {}) });
  const accounts = histogramSvg({ label: 'Account risk distribution', bins: binValues(data.accountRisks, 0, 1, 20), xLabel: 'account risk (ring members)', yLabel: 'accounts' });
  return `<section id="scores"><h2>Score distribution</h2><div class="grid2">
<div class="card"><h3>${int(data.ringScores.length)} candidate rings</h3>${rings}</div>
<div class="card"><h3>${int(data.accountRisks.length)} ring members</h3>${accounts}</div></div></section>`;
}

function labelsSection(labels: ReportLabels | undefined, comparison: Comparison | undefined): string {
  const curves: { name: string; points: { x: number; y: number }[]; dashed?: boolean }[] = [];
  if (labels) curves.push({ name: 'this run', points: labels.prCurve.map((p) => ({ x: p.recall, y: p.precision })) });
  if (comparison) {
    curves.push({ name: `A: ${comparison.a.name}`, points: comparison.a.prCurve.map((p) => ({ x: p.recall, y: p.precision })), dashed: labels !== undefined });
    curves.push({ name: `B: ${comparison.b.name}`, points: comparison.b.prCurve.map((p) => ({ x: p.recall, y: p.precision })), dashed: labels !== undefined });
  }
  if (curves.length === 0) return `<section id="labels"><h2>Precision and recall</h2><p class="muted">No labels: pass <code>--data DIR</code> (a dataset with labels) or <code>--compare FILE</code> to draw the PR curve and the threshold sweep; <code>--reviews FILE</code> estimates precision without labels.</p></section>`;
  const sweep = labels?.sweep ?? comparison?.b.sweep ?? [];
  const sweepOf = labels ? 'this run' : `B: ${comparison!.b.name}`;
  const sweepChart = lineChartSvg({
    label: 'Threshold sweep',
    series: (['precision', 'recall', 'f1'] as const).map((key) => ({ name: key === 'f1' ? 'F1' : key, points: sweep.filter((r) => r[key] !== null).map((r) => ({ x: r.threshold, y: r[key]! })) })),
    xLabel: 'flag accounts with risk ≥',
    yLabel: 'rate',
    xDomain: [0, 1],
    yDomain: [0, 1],
  });
  const pr = lineChartSvg({ label: 'Precision–recall curve', series: curves, xLabel: 'recall', yLabel: 'precision', xDomain: [0, 1], yDomain: [0, 1] });
  const summary = labels
    ? `<p>Labels from ${esc(labels.source)}: ${int(labels.labelled)} labelled accounts, ${int(labels.fraud)} fraud. Flagged precision ${num(labels.precision)}, recall ${num(labels.recall)}, PR-AUC ${num(labels.prAuc)}.</p>`
    : '';
  const rows = sweep
    .map((r) => `<tr${r.best ? ' class="better"' : ''}><td>${r.threshold.toFixed(2)}</td><td>${int(r.flagged)}</td><td>${num(r.precision)}</td><td>${num(r.recall)}</td><td>${num(r.f1)}</td><td class="text">${r.best ? 'best F1' : ''}</td></tr>`)
    .join('');
  return `<section id="labels"><h2>Precision and recall</h2>${summary}<div class="grid2">
<div class="card"><h3>PR curve (account risk)</h3>${pr}</div><div class="card"><h3>Threshold sweep (${esc(sweepOf)})</h3>${sweepChart}</div></div>
<details class="card"><summary>Sweep table</summary><table><tr><th>risk ≥</th><th>flagged</th><th>precision</th><th>recall</th><th>F1</th><th></th></tr>${rows}</table></details></section>`;
}

const toneOf = (m: MetricComparison): IntervalRow['tone'] =>
  !m.difference.significant || m.difference.value === null ? 'neutral' : m.difference.value > 0 === m.higherIsBetter ? 'better' : 'worse';

function comparisonSection(c: Comparison | undefined): string {
  if (!c) return '';
  const rateMetrics = c.metrics.filter((m) => m.metric !== 'flaggedAccounts' && m.metric !== 'costPerThousand' && m.difference.value !== null && m.difference.low !== null);
  const forest = intervalChartSvg({
    label: 'Differences B − A with intervals',
    rows: rateMetrics.map((m) => ({ label: m.label, value: m.difference.value!, low: m.difference.low!, high: m.difference.high!, tone: toneOf(m) })),
    xLabel: `B − A (${Math.round(c.options.confidence * 100)} % interval)`,
  });
  const est = (e: MetricComparison['a']) => `${num(e.value)} <span class="muted">[${num(e.low)}, ${num(e.high)}]</span>`;
  const row = (m: MetricComparison, label = m.label) => {
    const tone = toneOf(m);
    const d = m.difference;
    return `<tr><td>${esc(label)}</td><td>${est(m.a)}</td><td>${est(m.b)}</td><td class="${tone === 'neutral' ? '' : tone}">${num(d.value)} [${num(d.low)}, ${num(d.high)}]</td><td>${d.pValue === null ? 'n/a' : d.pValue < 0.001 ? '&lt;0.001' : d.pValue.toFixed(3)}</td></tr>`;
  };
  const head = '<tr><th>metric</th><th>A</th><th>B</th><th>B − A</th><th>p</th></tr>';
  const kinds = c.byKind.flatMap((k) => k.metrics.map((m) => row(m, `${m.label} (${k.accounts})`))).join('');
  const cost = [c.a, c.b]
    .map((s) => `<tr><td>${esc(s.name)}</td><td>${int(s.flagged)}</td><td>${num(s.cost.total, 1)}</td><td>${num(s.cost.perThousandLabelled, 1)}</td><td>${s.cost.optimum.threshold === null ? 'flag none' : num(s.cost.optimum.threshold)}</td><td>${num(s.cost.optimum.cost, 1)}</td></tr>`)
    .join('');
  return `<section id="comparison"><h2>Strategy comparison</h2>
<p>A = ${esc(c.a.name)}, B = ${esc(c.b.name)}. ${c.options.resamples} cluster-bootstrap resamples (seed ${c.options.seed}) over ${int(c.units.clusters)} units: true and flagged rings are resampled whole (their members are not independent), other accounts one by one. Intervals are BCa; p matches them. ${int(c.units.labelled)} of ${int(c.units.accounts)} accounts are labelled${c.units.labelled < c.units.accounts ? ' (with partial labels, ring-level matching sees only the labelled part of each true ring)' : ''}.</p>
<div class="card">${forest}</div><div class="card"><table>${head}${c.metrics.map((m) => row(m)).join('')}</table></div>
${kinds ? `<details class="card"><summary>By ring kind and look-alike kind</summary><table>${head}${kinds}</table></details>` : ''}
<div class="card"><h3>Cost (false positive ${c.options.costs.fp}, false negative ${c.options.costs.fn})</h3><table><tr><th>strategy</th><th>flagged</th><th>cost</th><th>per 1,000 labelled</th><th>cheapest risk ≥</th><th>its cost</th></tr>${cost}</table></div></section>`;
}

function historySection(data: ReportData): string {
  const checks = data.history;
  if (checks.length === 0) return '';
  const names = Object.keys(checks[0]!.indicators) as (keyof (typeof checks)[number]['indicators'])[];
  const xLabels = checks.map((c) => c.finishedAt.slice(5, 10));
  const charts = names.map((name) => {
    const markers = checks.flatMap((c, i) =>
      c.alerts.filter((a) => a.indicator === name).map((a) => ({ x: i, y: c.indicators[name], label: `${c.run}: ${a.message}` })),
    );
    return `<div class="card"><h3>${esc(name)}</h3>${lineChartSvg({
      label: `${name} by run`,
      series: [{ name, points: checks.map((c, i) => ({ x: i, y: c.indicators[name] })) }],
      xLabel: 'run (finished, MM-DD)',
      yLabel: name,
      xDomain: [0, Math.max(1, checks.length - 1)],
      xLabels,
      markers,
      width: 380,
      height: 200,
    })}</div>`;
  });
  const alerting = checks.filter((c) => c.alerts.length > 0);
  const list = alerting.length === 0 ? '<p>No alerts in this history.</p>' : `<ul>${alerting.map((c) => `<li><b>${esc(c.run)}</b>: ${c.alerts.map((a) => esc(a.message)).join('; ')}</li>`).join('')}</ul>`;
  return `<section id="history"><h2>Indicator history</h2><p>${checks.length} runs, each checked against the runs before it (robust median/MAD rule; circled points alerted).</p>
<div class="grid3">${charts.join('')}</div><div class="card"><h3>Alerts</h3>${list}</div></section>`;
}

function reviewsSection(data: ReportData): string {
  const e = data.reviews;
  if (!e) return '';
  const rows = e.strata.map((s) => `<tr><td>${s.stratum}</td><td>${s.riskFrom.toFixed(3)}–${s.riskTo.toFixed(3)}</td><td>${int(s.population)}</td><td>${s.reviewed}</td><td>${s.fraud}</td><td>${num(s.precision)}</td><td>${s.low === null ? '' : `[${num(s.low)}, ${num(s.high)}]`}</td></tr>`).join('');
  return `<section id="reviews"><h2>Precision from human review</h2><p>Run ${esc(e.run)}: ${e.reviewed} reviewed of ${int(e.flaggedAccounts)} flagged accounts. Estimated precision <b>${num(e.precision)}</b> [${num(e.low)}, ${num(e.high)}] (${Math.round(e.confidence * 100)} %, stratified with design weights).</p>
<div class="card"><table><tr><th>band</th><th>risk</th><th>accounts</th><th>reviewed</th><th>fraud</th><th>precision</th><th>interval</th></tr>${rows}</table></div></section>`;
}

function ringsSection(data: ReportData): string {
  if (data.topRings.length === 0) return '<section id="rings"><h2>Top rings</h2><p>No ring in this run.</p></section>';
  const rows = data.topRings
    .map((r) => `<tr><td>${esc(r.id)}${data.ringPictures[r.id] ? `<br>${ringPictureSvg(data.ringPictures[r.id]!, 180)}` : ''}</td><td>${r.score.toFixed(3)}</td><td>${r.flagged ? 'yes' : 'no'}</td><td>${int(r.size)}</td><td class="text">${esc(r.status)}</td><td class="text"><ul class="reasons">${r.reasons.map((x) => `<li>${esc(x.text)}</li>`).join('')}</ul></td></tr>`)
    .join('');
  return `<section id="rings"><h2>Top rings</h2><div class="card"><table><tr><th>ring</th><th>score</th><th>flagged</th><th>size</th><th>status</th><th>reasons</th></tr>${rows}</table></div></section>`;
}
