// `ringscan runs`: the run history of a store, newest first, with indicators and alerts.
import { Command } from 'commander';
import { z } from 'zod';
import type { RunRecord } from '../schema/run.js';
import { openStore } from '../store/open-store.js';

const RunsOptionsSchema = z.object({
  store: z.string().min(1).optional(),
  limit: z.coerce.number().int().min(1).default(20),
  json: z.boolean().default(false),
});

export function registerRunsCommand(program: Command): void {
  program
    .command('runs')
    .description('List the runs recorded in a store, newest first, with their indicators and alerts')
    .option('--store <spec>', 'findings store: sqlite:PATH or neo4j (default: RINGSCAN_STORE, else sqlite:ringscan.db)')
    .option('--limit <n>', 'how many runs', '20')
    .option('--json', 'print the run records as JSON')
    .action(async (raw: Record<string, unknown>) => {
      const options = RunsOptionsSchema.parse(raw);
      const store = await openStore(options.store, { create: false });
      try {
        const [runs, current] = await Promise.all([store.listRuns({ limit: options.limit }), store.currentRun()]);
        process.stdout.write(options.json ? `${JSON.stringify(runs)}\n` : formatRuns(runs, current?.id ?? null));
      } finally {
        await store.close();
      }
    });
}

export function formatRuns(runs: readonly RunRecord[], currentId: string | null): string {
  if (runs.length === 0) return 'no runs recorded yet\n';
  const header = ['', 'run', 'finished', 'dataset', 'rings', 'flagged', 'accounts', 'new', 'dissolved', 'alerts'];
  const rows = runs.map((run) => [
    run.id === currentId ? '*' : '',
    run.id,
    run.finishedAt.replace(/\.\d+Z$/, 'Z'),
    run.dataset,
    String(run.summary.rings),
    String(run.indicators.ringsFlagged),
    String(run.indicators.accountsFlagged),
    String(run.indicators.newRings),
    String(run.indicators.dissolvedRings),
    String(run.alerts.length),
  ]);
  const widths = header.map((_, i) => Math.max(header[i]!.length, ...rows.map((row) => row[i]!.length)));
  const line = (cells: string[]) => cells.map((cell, i) => (i >= 4 ? cell.padStart(widths[i]!) : cell.padEnd(widths[i]!))).join('  ').trimEnd();
  const alerts = runs.flatMap((run) => run.alerts.map((alert) => `  ${run.id}: ${alert.message}`));
  return `${[line(header), ...rows.map(line)].join('\n')}\n${currentId ? '* current run\n' : ''}${alerts.length ? `alerts:\n${alerts.join('\n')}\n` : ''}`;
}
