// Monitoring: each run's indicators checked against the runs before it with the robust median/MAD rule of
// src/run/run-alerts.ts (reused, not re-implemented), with the same parameters as the alerts stored on each run.
import { ALERT_DEFAULTS, detectAlerts, type AlertRule } from './run-alerts.js';
import { RingscanError } from '../schema/errors.js';
import type { Alert, Indicators, RunRecord } from '../schema/run.js';


export interface RunCheck {
  run: string;
  finishedAt: string;
  indicators: Indicators;
  /** Runs before it that the rule looked at (0 until minHistory is reached means "no verdict yet"). */
  history: number;
  alerts: Alert[];
  /** The alerts recorded with the run when it was saved (by `recordRun`, under ALERT_DEFAULTS or its own rule). */
  recorded: Alert[];
}

/** `runs` oldest first; checks the run at `index` against up to rule.window runs before it. */
export function checkRun(runs: readonly RunRecord[], index: number, rule: AlertRule = ALERT_DEFAULTS): RunCheck {
  const run = runs[index];
  if (!run) throw new RingscanError('NOT_FOUND', `no run at position ${index}`);
  const history = runs.slice(Math.max(0, index - rule.window), index).map((r) => r.indicators);
  return {
    run: run.id,
    finishedAt: run.finishedAt,
    indicators: run.indicators,
    history: history.length >= rule.minHistory ? history.length : 0,
    alerts: detectAlerts(history, run.indicators, rule),
    recorded: run.alerts,
  };
}

/** Every run checked against its own past, oldest first: the indicator history with alerts marked. */
export function checkRunHistory(runs: readonly RunRecord[], rule: AlertRule = ALERT_DEFAULTS): RunCheck[] {
  return runs.map((_, index) => checkRun(runs, index, rule));
}
