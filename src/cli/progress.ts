// Progress lines on stderr for long steps: a start line, a count with its rate at most once a second, and a done
// line with the step's time, rows and rate. Shown when stderr is a terminal or RINGSCAN_PROGRESS=1 (cron logs
// stay clean unless asked); RINGSCAN_PROGRESS=0 silences a terminal.
export interface Progress {
  stage(name: string): void;
  /** `rows` done so far in the step `name` (of `total` when known); printed at most once a second. */
  count(name: string, rows: number, total?: number): void;
  /** Ends the step; with `rows`, the line says how many and how fast. */
  done(name: string, detail?: string, rows?: number): void;
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
    done(name, detail, rows) {
      const ms = clock() - (started.get(name) ?? clock());
      shown.delete(name);
      const counted = rows === undefined ? '' : ` ${describeRate(rows, ms)}`;
      if (enabled) write(`✓ ${name} (${(ms / 1000).toFixed(1)} s)${counted}${detail ? ` ${detail}` : ''}\n`);
    },
  };
}
