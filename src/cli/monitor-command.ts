// `ringscan monitor`: checks the latest (or a named) run's indicators against the runs before it with the robust
// median/MAD rule, prints the alerts, and with --all the whole indicator history with alerts marked.
import type { Command } from 'commander';
import { z } from 'zod';
import { checkRun, checkRunHistory, type RunCheck } from '../run/monitor-runs.js';
import { ALERT_DEFAULTS } from '../run/run-alerts.js';
import type { AlertRule } from '../run/run-alerts.js';
import { RingscanError } from '../schema/errors.js';
import type { RunRecord } from '../schema/run.js';
import type { FindingsStore } from '../store/findings-store.js';
import { openStore } from '../store/open-store.js';

const number = z.coerce.number({ error: 'must be a number' });

export const MonitorCommandOptionsSchema = z.object({
  store: z.string().optional(),
  run: z.string().optional(),
  window: number.pipe(z.number().int().min(1)).default(ALERT_DEFAULTS.window),
  minHistory: number.pipe(z.number().int().min(1)).default(ALERT_DEFAULTS.minHistory),
  threshold: number.pipe(z.number().positive()).default(ALERT_DEFAULTS.threshold),
  all: z.boolean().default(false),
  failOnAlert: z.boolean().default(false),
  json: z.boolean().default(false),
});
export type MonitorCommandOptions = z.input<typeof MonitorCommandOptionsSchema>;

/** Every complete run of the store, oldest first. */
export async function listAllRuns(store: FindingsStore): Promise<RunRecord[]> {
  return (await store.listRuns({ limit: 1_000_000 })).reverse();
}

export async function monitorCommand(options: MonitorCommandOptions): Promise<{ checks: RunCheck[]; output: string; alerting: boolean }> {
  const o = MonitorCommandOptionsSchema.parse(options);
  const rule: AlertRule = { ...ALERT_DEFAULTS, window: o.window, minHistory: o.minHistory, threshold: o.threshold };
  const store = await openStore(o.store, { create: false });
  let runs: RunRecord[];
  try {
    runs = await listAllRuns(store);
  } finally {
    await store.close();
  }
  if (runs.length === 0) throw new RingscanError('NOT_FOUND', 'the store holds no run yet');
  const index = o.run === undefined ? runs.length - 1 : runs.findIndex((run) => run.id === o.run);
  if (index < 0) throw new RingscanError('NOT_FOUND', `no run ${o.run} in the store`);
  const checks = o.all ? checkRunHistory(runs.slice(0, index + 1), rule) : [checkRun(runs, index, rule)];
  const latest = checks[checks.length - 1]!;
  const output = o.json ? `${JSON.stringify({ rule, checks }, null, 2)}\n` : formatChecks(checks, rule, o.all);
  return { checks, output, alerting: latest.alerts.length > 0 };
}

function formatChecks(checks: RunCheck[], rule: AlertRule, all: boolean): string {
  const ruleText = `rule: robust z = (value − median) / max(1.4826·MAD, ${rule.relativeFloor}·|median|, floor) over the last ${rule.window} runs (at least ${rule.minHistory}), alert at |z| ≥ ${rule.threshold} in each indicator's direction`;
  const lines: string[] = [ruleText];
  if (all) {
    const names = Object.keys(checks[0]!.indicators) as (keyof RunCheck['indicators'])[];
    const header = ['run', ...names, 'alerts'];
    const rows = checks.map((c) => [c.run, ...names.map((n) => (Number.isInteger(c.indicators[n]) ? String(c.indicators[n]) : c.indicators[n].toFixed(3))), c.history === 0 ? '(history too short)' : c.alerts.map((a) => a.indicator).join(', ')]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
    const line = (cells: string[]) => cells.map((cell, i) => (i === 0 || i === cells.length - 1 ? cell.padEnd(widths[i]!) : cell.padStart(widths[i]!))).join('  ').trimEnd();
    lines.push('', line(header), ...rows.map(line));
  }
  const latest = checks[checks.length - 1]!;
  lines.push('');
  if (latest.history === 0) lines.push(`run ${latest.run}: not enough history yet (needs ${rule.minHistory} earlier runs)`);
  else if (latest.alerts.length === 0) lines.push(`run ${latest.run}: no alert (checked against ${latest.history} earlier runs)`);
  else lines.push(`run ${latest.run}: ${latest.alerts.length} alert(s)`, ...latest.alerts.map((a) => `  ${a.message}`));
  return `${lines.join('\n')}\n`;
}

export function registerMonitorCommand(program: Command): void {
  program
    .command('monitor')
    .description('Check the latest run\'s indicators against the runs before it (robust median/MAD rule) and print alerts')
    .option('--store <spec>', 'findings store: sqlite:PATH or neo4j (default: RINGSCAN_STORE, else sqlite:ringscan.db)')
    .option('--run <id>', 'run to check (default: the latest)')
    .option('--window <n>', `earlier runs to compare with (default ${ALERT_DEFAULTS.window})`)
    .option('--min-history <n>', `earlier runs needed before any alert (default ${ALERT_DEFAULTS.minHistory})`)
    .option('--threshold <z>', `robust z at which to alert (default ${ALERT_DEFAULTS.threshold})`)
    .option('--all', 'check every run up to it against its own past and print the indicator history')
    .option('--fail-on-alert', 'exit 1 when the checked run has an alert (for batch jobs)')
    .option('--json', 'print the rule and the checks as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const { output, alerting, checks } = await monitorCommand(raw as MonitorCommandOptions);
      process.stdout.write(output);
      // a plain Error: the CLI's translator maps it to exit 1 with this one line on stderr
      if (alerting && raw.failOnAlert === true) throw new Error(`run ${checks[checks.length - 1]!.run} has ${checks[checks.length - 1]!.alerts.length} alert(s)`);
    });
}
