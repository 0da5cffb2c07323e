// Per-cluster columns for strategy comparison: what each resampling unit adds to every total (shared: accounts,
// labels, true rings; per strategy: TP/FP/FN, flags, cost, rings matched), and the leave-one-cluster-out jackknife.
import type { AlignedFindings } from './align-findings.js';
import { sparseColumn, sumColumn, type SparseColumn } from './cluster-bootstrap.js';
import type { ClusterUnits } from './cluster-units.js';
import type { StrategySummary } from './comparison-schema.js';
import { orNaN, type Metric, type Slot } from './comparison-metrics.js';
import { accountCosts, minimizeCost, type CostModel } from './cost-model.js';
import { EVALUATE_DEFAULTS } from './evaluation-schema.js';
import { BENIGN, FRAUD, type GroundTruth } from './ground-truth.js';
import { byText } from './ordering.js';
import { prCurve } from './pr-curve.js';
import { matchTrueRings } from './ring-matching.js';
import { buildRiskRanking, type RiskRanking } from './risk-ranking.js';
import { sweepThresholds, thresholdsOf } from './threshold-sweep.js';
import type { TrueRings } from './true-rings.js';

/** Named per-cluster columns, built densely then stored sparsely, in the order they were first named. */
class Columns {
  readonly dense = new Map<string, Float64Array>();
  constructor(private readonly clusters: number) {}
  add(name: string, cluster: number, amount: number): void {
    let column = this.dense.get(name);
    if (!column) this.dense.set(name, (column = new Float64Array(this.clusters)));
    column[cluster] = column[cluster]! + amount;
  }
  ensure(name: string): void {
    if (!this.dense.has(name)) this.dense.set(name, new Float64Array(this.clusters));
  }
  build(): ColumnTable {
    const names = [...this.dense.keys()];
    const dense = names.map((name) => this.dense.get(name)!);
    return { names, dense, columns: dense.map((values) => sparseColumn(values)) };
  }
}

export interface ColumnTable {
  names: string[];
  /** Per column, per cluster (kept for the jackknife). */
  dense: Float64Array[];
  columns: SparseColumn[];
}

export const slotsOf = (names: readonly string[]): Slot => {
  const slots = new Map(names.map((name, k) => [name, k] as const));
  return (name) => {
    const slot = slots.get(name);
    if (slot === undefined) throw new Error(`no column ${name}`);
    return slot;
  };
};

export interface StrategyTables {
  table: ColumnTable;
  ranking: RiskRanking;
  summary: Omit<StrategySummary, 'name'>;
  flaggedRingsOutsideTruth: number;
}

/** Extra slots after a strategy's columns, filled from its ranking. */
export const RANKING_SLOTS = ['precisionAtK', 'prAuc'];

/**
 * Per metric (null for ranking metrics), the metric with each cluster left out in turn, from totals minus that
 * cluster's column values: O(clusters × columns), no re-evaluation of the data. NaN where it is undefined.
 */
export function jackknifeValues(metrics: Metric[], shared: ColumnTable, own: ColumnTable, extraSlots: number, clusters: number): (Float64Array | null)[] {
  const sharedTotal = Float64Array.from(shared.columns, (column) => sumColumn(column, null));
  const ownTotal = Float64Array.from(own.columns, (column) => sumColumn(column, null));
  const sharedLoo = new Float64Array(sharedTotal.length);
  const ownLoo = new Float64Array(ownTotal.length + extraSlots).fill(Number.NaN);
  const out = metrics.map((metric) => (metric.usesRanking ? null : new Float64Array(clusters)));
  for (let c = 0; c < clusters; c++) {
    for (let k = 0; k < sharedTotal.length; k++) sharedLoo[k] = sharedTotal[k]! - shared.dense[k]![c]!;
    for (let k = 0; k < ownTotal.length; k++) ownLoo[k] = ownTotal[k]! - own.dense[k]![c]!;
    for (let m = 0; m < metrics.length; m++) {
      const values = out[m];
      if (values) values[c] = orNaN(metrics[m]!.compute(sharedLoo, ownLoo));
    }
  }
  return out;
}

export function kindsOf(truth: GroundTruth, trueRings: TrueRings): { fraud: string[]; benign: string[] } {
  const fraud = new Set<string>();
  const benign = new Set<string>();
  for (let i = 0; i < truth.accounts.length; i++) {
    const kind = truth.kind[i];
    if (kind === undefined) continue;
    if (truth.label[i] === FRAUD) fraud.add(kind);
    else if (truth.label[i] === BENIGN) benign.add(kind);
  }
  for (const kind of trueRings.kinds) if (kind !== null) fraud.add(kind);
  return { fraud: [...fraud].sort(byText), benign: [...benign].sort(byText) };
}

export function sharedColumns(truth: GroundTruth, trueRings: TrueRings, units: ClusterUnits, kinds: { fraud: string[]; benign: string[] }): ColumnTable {
  const columns = new Columns(units.count);
  for (const name of ['accounts', 'labelled', 'fraud', 'trueRings']) columns.ensure(name);
  for (const kind of kinds.fraud) {
    columns.ensure(`accounts:${kind}`);
    columns.ensure(`rings:${kind}`);
  }
  for (const kind of kinds.benign) columns.ensure(`accounts:${kind}`);
  for (let i = 0; i < truth.accounts.length; i++) {
    const c = units.clusterOf[i]!;
    const label = truth.label[i]!;
    const kind = truth.kind[i];
    columns.add('accounts', c, 1);
    if (label === FRAUD || label === BENIGN) columns.add('labelled', c, 1);
    if (label === FRAUD) columns.add('fraud', c, 1);
    if (kind !== undefined && (label === FRAUD || label === BENIGN)) columns.add(`accounts:${kind}`, c, 1);
  }
  const firstMember = firstMembers(trueRings);
  trueRings.ids.forEach((_, t) => {
    const c = units.clusterOf[firstMember[t]!]!;
    columns.add('trueRings', c, 1);
    const kind = trueRings.kinds[t];
    if (kind !== null && kind !== undefined) columns.add(`rings:${kind}`, c, 1);
  });
  return columns.build();
}

function firstMembers(trueRings: TrueRings): Int32Array {
  const first = new Int32Array(trueRings.ids.length).fill(-1);
  for (let i = 0; i < trueRings.ringOf.length; i++) {
    const t = trueRings.ringOf[i]!;
    if (t >= 0 && first[t] === -1) first[t] = i;
  }
  return first;
}

export function strategyTables(
  truth: GroundTruth,
  trueRings: TrueRings,
  units: ClusterUnits,
  aligned: AlignedFindings,
  kinds: { fraud: string[]; benign: string[] },
  settings: { costs: CostModel; matchJaccard: number },
): StrategyTables {
  const columns = new Columns(units.count);
  for (const name of ['tp', 'fp', 'fn', 'flagged', 'cost', 'ringsFlagged', 'ringsMatched', 'ringsDetected']) columns.ensure(name);
  for (const kind of kinds.fraud) {
    columns.ensure(`flagged:${kind}`);
    columns.ensure(`detected:${kind}`);
  }
  for (const kind of kinds.benign) columns.ensure(`flagged:${kind}`);
  const costs = settings.costs;
  const { ifFlagged, ifMissed } = accountCosts(truth, costs);
  let flagged = 0;
  for (let i = 0; i < truth.accounts.length; i++) {
    const c = units.clusterOf[i]!;
    const label = truth.label[i]!;
    const isFlagged = aligned.isFlagged[i] === 1;
    const kind = truth.kind[i];
    if (isFlagged) {
      flagged++;
      columns.add('flagged', c, 1);
      if (label === FRAUD) columns.add('tp', c, 1);
      else if (label === BENIGN) columns.add('fp', c, 1);
      if (kind !== undefined && (label === FRAUD || label === BENIGN)) columns.add(`flagged:${kind}`, c, 1);
      columns.add('cost', c, ifFlagged[i]!);
    } else {
      if (label === FRAUD) columns.add('fn', c, 1);
      columns.add('cost', c, ifMissed[i]!);
    }
  }
  const matches = matchTrueRings(trueRings.ringOf, trueRings.sizes, aligned.flaggedRings);
  let flaggedRingsOutsideTruth = 0;
  aligned.flaggedRings.forEach((ring, p) => {
    if (ring.known.length === 0) {
      flaggedRingsOutsideTruth++;
      return;
    }
    const c = units.clusterOf[ring.known[0]!]!;
    columns.add('ringsFlagged', c, 1);
    if (matches.predictedBest[p]! >= settings.matchJaccard) columns.add('ringsMatched', c, 1);
  });
  const firstMember = firstMembers(trueRings);
  trueRings.ids.forEach((_, t) => {
    if (matches.trueBest[t]! < settings.matchJaccard) return;
    const c = units.clusterOf[firstMember[t]!]!;
    columns.add('ringsDetected', c, 1);
    const kind = trueRings.kinds[t];
    if (kind !== null && kind !== undefined) columns.add(`detected:${kind}`, c, 1);
  });

  const table = columns.build();
  const total = (name: string) => sumColumn(table.columns[table.names.indexOf(name)]!, null);
  const labelled = truth.label.reduce((sum, l) => sum + (l === FRAUD || l === BENIGN ? 1 : 0), 0);
  const cost = total('cost');
  return {
    table,
    ranking: buildRiskRanking(aligned.risk, truth.label, units.clusterOf),
    flaggedRingsOutsideTruth,
    summary: {
      flagged,
      ringsFlagged: aligned.flaggedRings.length,
      cost: {
        total: cost,
        perThousandLabelled: labelled > 0 ? (1000 * cost) / labelled : null,
        optimum: minimizeCost(aligned.risk, ifFlagged, ifMissed),
      },
      sweep: sweepThresholds(aligned.risk, truth.label, thresholdsOf(EVALUATE_DEFAULTS.sweep)),
      prCurve: prCurve(aligned.risk, truth.label),
    },
  };
}
