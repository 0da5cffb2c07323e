// Progress lines on stderr, only when stderr is a terminal (batch logs stay clean).
export interface Progress {
  stage(name: string): void;
  done(name: string, detail?: string): void;
}

export function createProgress(enabled = process.stderr.isTTY === true || process.env.RINGSCAN_STDERR_TTY === '1'): Progress {
  const started = new Map<string, number>();
  return {
    stage(name) {
      started.set(name, performance.now());
      if (enabled) process.stderr.write(`… ${name}\n`);
    },
    done(name, detail) {
      const ms = performance.now() - (started.get(name) ?? performance.now());
      if (enabled) process.stderr.write(`✓ ${name} (${(ms / 1000).toFixed(1)} s)${detail ? ` ${detail}` : ''}\n`);
    },
  };
}
