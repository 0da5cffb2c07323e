// `ringscan run`: ingest a dataset folder, detect and score rings, print the riskiest, write the findings.
import { writeFile } from 'node:fs/promises';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { runPipeline } from '../run/run-pipeline.js';
import { loadConfig } from './load-config.js';
import { formatTopRings } from './format-rings.js';
import { createProgress } from './progress.js';

const RunOptionsSchema = z.object({
  data: z.string().min(1),
  config: z.string().optional(),
  out: z.string().optional(),
  rejects: z.string().optional(),
  seed: z.coerce.number().int().optional(),
  threshold: z.coerce.number().min(0).max(1).optional(),
  top: z.coerce.number().int().min(0).default(10),
  json: z.boolean().default(false),
});

export function registerRunCommand(program: Command): void {
  program
    .command('run')
    .description('Detect coordinated rings in a dataset folder and print the riskiest with their reasons')
    .requiredOption('--data <dir>', 'dataset folder (accounts, links, optional actions and labels; NDJSON or CSV, optionally .gz)')
    .option('--config <file>', 'detection config JSON (any subset of the documented settings)')
    .option('--out <file>', 'write the full findings as JSON to this file')
    .option('--rejects <file>', 'write invalid input rows here (NDJSON with file, line and reason)')
    .option('--seed <n>', 'override the config seed')
    .option('--threshold <x>', 'override the flag threshold (0..1)')
    .addOption(new Option('--top <n>', 'how many flagged rings to print').default('10'))
    .option('--json', 'print the run summary as JSON instead of text')
    .action(async (raw: Record<string, unknown>) => {
      const options = RunOptionsSchema.parse(raw);
      const config = await loadConfig(options.config, { seed: options.seed, flagThreshold: options.threshold });
      const progress = createProgress();
      const result = await runPipeline({
        dataDir: options.data,
        config,
        rejectsPath: options.rejects ?? null,
        onStage: (stage, phase) => (phase === 'start' ? progress.stage(stage) : progress.done(stage)),
      });
      if (options.out) await writeFile(options.out, JSON.stringify(result.findings));
      if (options.json) {
        process.stdout.write(`${JSON.stringify({ summary: result.findings.summary, rings: result.findings.rings.filter((r) => r.flagged).slice(0, options.top), rejectsPath: result.rejectsPath })}\n`);
      } else {
        process.stdout.write(`${formatTopRings(result.findings, options.top)}\n`);
        const rejected = Object.entries(result.findings.summary.files).filter(([, c]) => c.rejected > 0);
        for (const [file, counts] of rejected) {
          process.stderr.write(`${file}: ${counts.rejected} of ${counts.read} rows rejected${result.rejectsPath ? ` (see ${result.rejectsPath})` : ''}\n`);
        }
        if (options.out) process.stdout.write(`findings written to ${options.out}\n`);
      }
    });
}
