// formatComparison: a Comparison as a plain-text table (metric, A, B, B − A with interval and p-value, per kind, cost).
import type { Comparison, Estimate, MetricComparison } from './comparison-schema.js';
import { num, table } from './text-table.js';

const signed = (value: number | null, digits = 3): string => (value === null ? 'n/a' : `${value >= 0 ? '+' : ''}${value.toFixed(digits)}`);
const digitsOf = (metric: string) => (metric === 'flaggedAccounts' || metric === 'costPerThousand' ? 1 : 3);


/** Below this effective sample size an interval is mostly width: marked so nobody reads the point estimate alone. */
const FEW = 10;
const estimate = (e: Estimate, digits: number) => `${num(e.value, digits)} [${num(e.low, digits)}, ${num(e.high, digits)}]${e.effectiveN !== undefined && e.effectiveN !== null && e.effectiveN < FEW ? '*' : ''}`;

function row(m: MetricComparison, label = m.label): string[] {
  const d = digitsOf(m.metric);
  const diff = m.difference;
  const pValue = diff.pValue === null ? 'n/a' : diff.pValue < 0.001 ? '<0.001' : diff.pValue.toFixed(3);
  // a significant change marked by whether it is good or bad for this metric
  const verdict = !diff.significant || diff.value === null ? '' : (diff.value > 0) === m.higherIsBetter ? 'better' : 'worse';
  return [label, estimate(m.a, d), estimate(m.b, d), `${signed(diff.value, d)} [${signed(diff.low, d)}, ${signed(diff.high, d)}]`, pValue, verdict];
}

export function formatComparison(comparison: Comparison): string {
  const { a, b, options, units } = comparison;
  const level = `${Math.round(options.confidence * 100)} %`;
  const out: string[] = [
    `A = ${a.name}   B = ${b.name}`,
    `${units.accounts.toLocaleString('en-US')} accounts (${units.labelled.toLocaleString('en-US')} labelled); ${options.resamples} cluster-bootstrap resamples (seed ${options.seed}) over ${units.clusters.toLocaleString('en-US')} units, ${units.multiAccountClusters.toLocaleString('en-US')} of them rings (largest ${units.largestCluster})`,
    `A and B: ${level} cluster-score intervals for precision, recall and shares (Wilson on the effective number of clusters: Kish's count of flagged clusters for precision, the clusters' own variance for recall and shares; never zero width at 0 or 1; * = fewer than ${FEW} effective units, too few to say much), BCa for the rest; B − A: BCa cluster-bootstrap intervals (bias-corrected percentile for precision at K and PR-AUC) and the two-sided p-value of B − A = 0 matching them; K = ${options.topK}`,
    '',
    ...table(['metric', 'A', 'B', 'B − A', 'p', ''], comparison.metrics.map((m) => row(m))),
  ];
  const kindRows = comparison.byKind.flatMap((k) => k.metrics.map((m) => row(m, `${m.label} (${k.accounts})`)));
  if (kindRows.length > 0) out.push('', ...table(['by kind (accounts)', 'A', 'B', 'B − A', 'p', ''], kindRows));
  const costs = options.costs;
  const byKind = Object.entries(costs.byKind).map(([kind, cost]) => `${kind} ${cost}`);
  out.push(
    '',
    `cost model: false positive ${costs.fp}, false negative ${costs.fn}${byKind.length > 0 ? `; by kind: ${byKind.join(', ')}` : ''}`,
    ...table(
      ['strategy', 'flagged', 'cost', 'per 1,000 labelled', 'cheapest risk ≥', 'its cost', 'its flagged'],
      [a, b].map((s) => [
        s.name,
        String(s.flagged),
        num(s.cost.total, 1),
        num(s.cost.perThousandLabelled, 1),
        s.cost.optimum.threshold === null ? 'flag none' : num(s.cost.optimum.threshold),
        num(s.cost.optimum.cost, 1),
        String(s.cost.optimum.flagged),
      ]),
    ),
  );
  return out.join('\n') + '\n';
}
