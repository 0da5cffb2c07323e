// formatEvaluation: an Evaluation as a compact plain-text report (overall, per kind, look-alikes, sweep).
import type { Evaluation } from './evaluation-schema.js';
import { num, table } from './text-table.js';

const int = (value: number): string => value.toLocaleString('en-US');


export function formatEvaluation(evaluation: Evaluation): string {
  const { counts, accounts: a, rings } = evaluation;
  const out: string[] = [];
  out.push(
    `accounts   ${int(counts.accounts)} (fraud ${int(counts.fraud)}, benign ${int(counts.benign)}, unlabelled ${int(counts.unlabelled)}), flagged ${int(counts.flagged)}`,
    `flagged    precision ${num(a.precision)}  recall ${num(a.recall)}  F1 ${num(a.f1)}   (TP ${int(a.tp)}  FP ${int(a.fp)}  FN ${int(a.fn)}  TN ${int(a.tn)})`,
    `risk       PR-AUC ${num(evaluation.prAuc)}   adjusted Rand index ${num(evaluation.ari)}`,
    `rings      ${int(rings.true)} true, ${int(rings.detected)} detected (Jaccard ≥ ${rings.matchJaccard}), mean best Jaccard ${num(rings.meanBestJaccard)}`,
    `           ${int(rings.flagged)} flagged, ${int(rings.unmatchedFlagged)} match no true ring, mean best Jaccard ${num(rings.meanBestJaccardFlagged)}`,
  );
  if (counts.findingsAccountsNotInTruth > 0 || counts.memberRowsWithUnknownRing > 0) {
    out.push(`note       ${int(counts.findingsAccountsNotInTruth)} finding accounts not in the dataset, ${int(counts.memberRowsWithUnknownRing)} member rows of unknown rings (ignored)`);
  }
  if (evaluation.byKind.fraud.length > 0) {
    out.push(
      '',
      ...table(
        ['fraud kind', 'rings', 'detected', 'accounts', 'flagged', 'recall', 'Jaccard'],
        evaluation.byKind.fraud.map((k) => [k.kind, int(k.rings), int(k.ringsDetected), int(k.accounts), int(k.accountsFlagged), num(k.recall), num(k.meanBestJaccard)]),
      ),
    );
  }
  if (evaluation.byKind.benign.length > 0) {
    out.push('', ...table(['look-alike (benign)', 'accounts', 'flagged', 'share'], evaluation.byKind.benign.map((k) => [k.kind, int(k.accounts), int(k.accountsFlagged), num(k.flaggedShare)])));
  }
  if (evaluation.sweep.length > 0) {
    const decimals = Math.max(2, ...evaluation.sweep.map((r) => (String(r.threshold).split('.')[1] ?? '').length));
    out.push(
      '',
      ...table(
        ['risk ≥', 'flagged', 'precision', 'recall', 'F1', ''],
        evaluation.sweep.map((r) => [r.threshold.toFixed(decimals), int(r.flagged), num(r.precision), num(r.recall), num(r.f1), r.best ? '← best F1' : '']),
      ),
    );
  }
  return out.join('\n') + '\n';
}
