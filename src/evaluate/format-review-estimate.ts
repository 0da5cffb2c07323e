// formatPrecisionEstimate: the review-based precision estimate as plain text, overall and per score band.
import type { PrecisionEstimate } from './review-estimate.js';
import { num } from './text-table.js';


export function formatPrecisionEstimate(e: PrecisionEstimate): string {
  const level = `${Math.round(e.confidence * 100)} %`;
  const lines = [
    `run ${e.run}: ${e.flaggedAccounts.toLocaleString('en-US')} flagged accounts, ${e.reviewed} reviewed (${e.notReviewed} unsure or blank, left out)`,
    `precision of the flagged set ${num(e.precision)}  ${level} interval [${num(e.low)}, ${num(e.high)}]  (standard error ${num(e.standardError)}, effective n ${num(e.effectiveSampleSize, 1)})`,
  ];
  if (e.estimatedFraud !== null) lines.push(`estimated fraud among them ${Math.round(e.estimatedFraud).toLocaleString('en-US')}, false positives ${Math.round(e.flaggedAccounts - e.uncoveredAccounts - e.estimatedFraud).toLocaleString('en-US')}`);
  if (e.uncoveredAccounts > 0) lines.push(`warning: ${e.uncoveredAccounts} flagged accounts sit in bands with no review; the estimate covers the others only`);
  const header = ['band', 'risk', 'accounts', 'sampled', 'reviewed', 'fraud', 'precision', 'interval'];
  const rows = e.strata.map((s) => [
    String(s.stratum),
    `${s.riskFrom.toFixed(3)}–${s.riskTo.toFixed(3)}`,
    String(s.population),
    String(s.sampled),
    String(s.reviewed),
    String(s.fraud),
    num(s.precision),
    s.low === null ? '' : `[${num(s.low)}, ${num(s.high)}]`,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) => cells.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!))).join('  ').trimEnd();
  lines.push('', line(header), ...rows.map(line));
  return `${lines.join('\n')}\n`;
}
