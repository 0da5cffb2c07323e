// Progress lines on stderr for long steps: a start line, a count with its rate at most once a second, and a done
// line with the step's time, rows and rate. Shown when stderr is a terminal or RINGSCAN_PROGRESS=1 (cron logs
// stay clean unless asked); RINGSCAN_PROGRESS=0 silences a terminal.
import type { RunStage, StageReport } from '../run/run-and-record.js';
import type { IngestProgress } from '../ingest/load-dataset.js';

/** How a finished step went: rows done (in `unit`, default rows), a detail, and its time when measured elsewhere. */
export interface StepResult {
  rows?: number;
  unit?: string;
  detail?: string;
  /** The step's milliseconds, when the caller timed it (the pipeline reports stages after they end). */
  ms?: number;
}

export interface Progress {
  stage(name: string): void;
  /** `rows` done so far in the step `name` (of `total` when known); printed at most once a second. */
  count(name: string, rows: number, total?: number): void;
  /** Ends the step; with `rows`, the line says how many and how fast. */
  done(name: string, result?: StepResult): void;
}

export function progressEnabled(env: NodeJS.ProcessEnv = process.env, isTTY = process.stderr.isTTY === true): boolean {
  if (env.RINGSCAN_PROGRESS === '1' || env.RINGSCAN_STDERR_TTY === '1') return true;
  if (env.RINGSCAN_PROGRESS === '0') return false;
  return isTTY;
}

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** "1,234,567 rows (412,000 rows/s)". */
export function describeRate(rows: number, ms: number, unit = 'rows'): string {
  const rate = ms > 0 ? (rows * 1000) / ms : 0;
  return `${integer.format(rows)} ${unit} (${integer.format(rate)} ${unit}/s)`;
}

export function createProgress(enabled = progressEnabled(), write: (line: string) => void = (line) => process.stderr.write(line), clock: () => number = () => performance.now()): Progress {
  const started = new Map<string, number>();
  const shown = new Map<string, number>();
  return {
    stage(name) {
      started.set(name, clock());
      if (enabled) write(`… ${name}\n`);
    },
    count(name, rows, total) {
      if (!enabled) return;
      const now = clock();
      if (!started.has(name)) started.set(name, now);
      if (now - (shown.get(name) ?? started.get(name)!) < 1000) return;
      shown.set(name, now);
      const of = total === undefined ? '' : ` of ${integer.format(total)}`;
      const rate = describeRate(rows, now - started.get(name)!).replace(/^[\d,]+ rows/, `${integer.format(rows)}${of} rows`);
      write(`… ${name}: ${rate}\n`);
    },
    done(name, result = {}) {
      const ms = result.ms ?? clock() - (started.get(name) ?? clock());
      shown.delete(name);
      const counted = result.rows === undefined ? '' : ` ${describeRate(result.rows, ms, result.unit)}`;
      if (enabled) write(`✓ ${name} (${(ms / 1000).toFixed(1)} s)${counted}${result.detail ? ` ${result.detail}` : ''}\n`);
    },
  };
}

/**
 * The pipeline's hooks printing through `progress`: ingest rows as they are read, each stage with its counts.
 * `label` names the strategy when one command runs the pipeline more than once (compare); `onStart` sees each stage.
 */
export function pipelineProgress(progress: Progress, options: { label?: string; onStart?: (stage: RunStage) => void } = {}): {
  onIngestProgress: (progress: IngestProgress) => void;
  onStage: (stage: RunStage, phase: 'start' | 'end', report?: StageReport) => void;
} {
  const rowsByFile = new Map<string, number>();
  let rowsRead = 0;
  return {
    onIngestProgress: ({ file, rows }) => {
      rowsRead += rows - (rowsByFile.get(file) ?? 0);
      rowsByFile.set(file, rows);
      progress.count('ingest', rowsRead);
    },
    onStage: (stage, phase, report) => {
      const name = options.label === undefined ? stage : `[${options.label}] ${stage}`;
      if (phase === 'start') {
        options.onStart?.(stage);
        return progress.stage(name);
      }
      progress.done(name, report);
    },
  };
}
