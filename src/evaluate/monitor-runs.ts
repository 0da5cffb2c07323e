// Monitoring: each run's indicators checked against the runs before it with the robust median/MAD rule of
// src/run/run-alerts.ts (reused, not re-implemented), under parameters measured on generated 30-day scenarios.
import { ALERT_DEFAULTS, detectAlerts, type AlertRule } from '../run/run-alerts.js';
import { RingscanError } from '../schema/errors.js';
import type { Alert, Indicators, RunRecord } from '../schema/run.js';

/**
 * The recording-time rule with a stricter cut: a MAD from at most 14 runs is itself a noisy scale, and seven
 * indicators are tested every day. On ten generated 30-day scenarios (3,000 accounts a day, one attack wave each)
 * ALERT_DEFAULTS raised alerts on 26 quiet days; this rule on 5 (4 of them the day after the wave, when its rings
 * dissolve), and both caught all ten waves on their day.
 */
export const MONITOR_RULE: AlertRule = { ...ALERT_DEFAULTS, minHistory: 7, relativeFloor: 0.1, threshold: 5 };

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
export function checkRun(runs: readonly RunRecord[], index: number, rule: AlertRule = MONITOR_RULE): RunCheck {
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
export function checkRunHistory(runs: readonly RunRecord[], rule: AlertRule = MONITOR_RULE): RunCheck[] {
  return runs.map((_, index) => checkRun(runs, index, rule));
}
