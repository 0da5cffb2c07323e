// Domain gauges on /metrics, read from the current run at scrape time: how old it is, what it flagged, how long
// it took, its alerts and rejected input rows. A scrape never fails because of the store: ringscan_store_up
// says whether the store answered, and the run gauges read NaN when there is no run to describe.
import { Gauge, type Registry } from 'prom-client';
import type { RunRecord } from '../schema/run.js';

export interface RunMetricsSource {
  /** The current run, or null when none was recorded (a store failure throws). */
  currentRun(): Promise<RunRecord | null>;
  /** The scrape's clock (ms). */
  now(): number;
}

type Reading = { up: boolean; run: RunRecord | null };

export function registerRunMetrics(registry: Registry, source: RunMetricsSource): void {
  if (registry.getSingleMetric('ringscan_store_up')) return; // a registry shared by several apps describes the first
  // prom-client awaits each gauge's collect in turn; the first one of a scrape reads the run, the rest reuse it.
  let last: { at: number; reading: Promise<Reading> } | null = null;
  const read = (): Promise<Reading> => {
    const at = source.now();
    if (!last || at - last.at > 250) {
      last = { at, reading: source.currentRun().then((run) => ({ up: true, run }), () => ({ up: false, run: null })) };
    }
    return last.reading;
  };
  const gauge = (name: string, help: string, labelNames: string[], fill: (g: Gauge, reading: Reading) => void) =>
    new Gauge({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset();
        fill(this, await read());
      },
    });
  const ofRun = (value: (run: RunRecord) => number) => (g: Gauge, { run }: Reading) => {
    // NaN, not 0, when there is no run to describe: "no flagged rings" and "nobody knows" must differ
    g.set(run ? value(run) : Number.NaN);
  };
  const byFile = (pick: (counts: { read: number; rejected: number }) => number) => (g: Gauge, { run }: Reading) => {
    if (run) for (const [file, counts] of Object.entries(run.summary.files)) g.set({ file }, pick(counts));
  };

  gauge('ringscan_store_up', 'Whether the findings store answered the last scrape (1) or failed (0).', [], (g, r) => g.set(r.up ? 1 : 0));
  gauge('ringscan_current_run_present', 'Whether the store holds a complete run (1) or not (0).', [], (g, r) => g.set(r.run ? 1 : 0));
  gauge('ringscan_current_run_info', 'The current run id and code version (value 1).', ['run', 'code_version'], (g, { run }) => {
    if (run) g.set({ run: run.id, code_version: run.codeVersion }, 1);
  });
  gauge('ringscan_current_run_age_seconds', 'Seconds since the current run finished.', [], ofRun((run) => Math.max(0, (source.now() - Date.parse(run.finishedAt)) / 1000)));
  gauge('ringscan_current_run_duration_seconds', 'How long the current run took, start to finish.', [], ofRun((run) => Math.max(0, (Date.parse(run.finishedAt) - Date.parse(run.startedAt)) / 1000)));
  gauge('ringscan_current_run_rings', 'Candidate rings in the current run.', [], ofRun((run) => run.summary.rings));
  gauge('ringscan_current_run_rings_flagged', 'Flagged rings in the current run.', [], ofRun((run) => run.indicators.ringsFlagged));
  gauge('ringscan_current_run_accounts_flagged', 'Flagged accounts in the current run.', [], ofRun((run) => run.indicators.accountsFlagged));
  gauge('ringscan_current_run_alerts', 'Indicator alerts the current run raised.', [], ofRun((run) => run.alerts.length));
  gauge('ringscan_current_run_read_rows', 'Input rows the current run read, by file.', ['file'], byFile((c) => c.read));
  gauge('ringscan_current_run_rejected_rows', 'Input rows the current run rejected, by file.', ['file'], byFile((c) => c.rejected));
}
