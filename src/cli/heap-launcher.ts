// Gives the heavy commands the memory the machine has without any flag from the user: when Node's default heap
// limit (about 4 GB) is below a share of the machine's RAM, the CLI runs itself again as a child with a larger
// --max-old-space-size, forwards signals, and turns V8's fatal out-of-memory report (a multi-line native stack)
// into one line naming the stage that ran out and the input's size.
import { spawn } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { totalmem } from 'node:os';
import { join } from 'node:path';
import { getHeapStatistics } from 'node:v8';
import { RingscanError } from '../schema/errors.js';

/** Commands that hold a whole dataset or run in memory. serve, keys and the rest keep Node's defaults. */
const HEAVY_COMMANDS = new Set(['run', 'compare', 'report', 'evaluate', 'review-sample', 'monitor', 'experiment']);
/** Share of physical RAM given to the heap: typed arrays and the workers live outside it. */
export const HEAP_SHARE_OF_RAM = 0.7;
const CHILD_ENV = 'RINGSCAN_HEAP_CHILD';
/** Set for the child when the parent's stderr is a terminal, since the child's is a pipe to the parent. */
export const STDERR_TTY_ENV = 'RINGSCAN_STDERR_TTY';
const MB = 1024 * 1024;
const GB = 1024 * MB;
const OOM_START = /^<--- Last few GCs --->|^FATAL ERROR: .*(heap|memory)|JavaScript heap out of memory|^#\s*Fatal (javascript|process) OOM/;
const FORWARDED_SIGNALS: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];

export function heapLimitMb(): number {
  return Math.floor(getHeapStatistics().heap_size_limit / MB);
}

/** RINGSCAN_MAX_HEAP_MB overrides the share of RAM (tests use a tiny one to provoke running out). */
export function targetHeapMb(totalBytes = totalmem(), env: NodeJS.ProcessEnv = process.env): number {
  const override = Number(env.RINGSCAN_MAX_HEAP_MB);
  if (Number.isInteger(override) && override > 0) return override;
  return Math.floor((totalBytes * HEAP_SHARE_OF_RAM) / MB);
}

/** Whether to run this command again with a bigger heap (not when the user or a parent already chose one). */
export function shouldRelaunch(argv: readonly string[], env: NodeJS.ProcessEnv = process.env, execArgv: readonly string[] = process.execArgv): boolean {
  if (env[CHILD_ENV] === '1') return false;
  if (execArgv.some((arg) => arg.startsWith('--max-old-space-size')) || /--max-old-space-size/.test(env.NODE_OPTIONS ?? '')) return false;
  const command = argv.find((arg) => !arg.startsWith('-'));
  if (command === undefined || !HEAVY_COMMANDS.has(command) || argv.includes('--help') || argv.includes('-h')) return false;
  return env.RINGSCAN_MAX_HEAP_MB !== undefined || targetHeapMb() > heapLimitMb() * 1.1;
}

/** Runs the CLI again with a larger heap; resolves to its exit code. */
export function relaunchWithHeap(script: string, argv: readonly string[]): Promise<number> {
  const heapMb = targetHeapMb();
  const child = spawn(process.execPath, [...process.execArgv, `--max-old-space-size=${heapMb}`, script, ...argv], {
    stdio: ['inherit', 'inherit', 'pipe', 'ipc'],
    env: { ...process.env, [CHILD_ENV]: '1', ...(process.stderr.isTTY ? { [STDERR_TTY_ENV]: '1' } : {}) },
  });
  let stage: string | null = null;
  child.on('message', (message: { ringscanStage?: string }) => {
    if (typeof message?.ringscanStage === 'string') stage = message.ringscanStage;
  });
  const forward = (signal: NodeJS.Signals) => () => child.kill(signal);
  const handlers = FORWARDED_SIGNALS.map((signal) => [signal, forward(signal)] as const);
  for (const [signal, handler] of handlers) process.on(signal, handler);
  let isOutOfMemory = false;
  let pending = '';
  let held = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    if (isOutOfMemory) return;
    pending += chunk;
    let newline = pending.indexOf('\n');
    while (newline !== -1) {
      const line = pending.slice(0, newline + 1);
      pending = pending.slice(newline + 1);
      if (OOM_START.test(line)) {
        isOutOfMemory = true;
        return;
      }
      // V8 opens its report with a blank line: hold blank lines until a line that is not the report follows
      if (line.trim() === '') held += line;
      else {
        process.stderr.write(held + line);
        held = '';
      }
      newline = pending.indexOf('\n');
    }
    // a partial line that cannot be the start of V8's report goes out now (progress without a newline)
    if (pending !== '' && !'<F#'.includes(pending[0]!)) {
      process.stderr.write(held + pending);
      held = '';
      pending = '';
    }
  });
  return new Promise((resolve) => {
    child.on('exit', (code, signal) => {
      for (const [name, handler] of handlers) process.off(name, handler);
      if (!isOutOfMemory && held + pending !== '') process.stderr.write(held + pending);
      if (isOutOfMemory || (signal === 'SIGABRT' && code === null)) {
        process.stderr.write(`ringscan: ${outOfMemoryMessage(stage, argv, heapMb)}\n`);
        resolve(1);
        return;
      }
      resolve(code ?? (signal === null ? 1 : 128 + (signalNumber(signal) ?? 1)));
    });
  });
}

/** One line: what ran out, on what input, with which limit. */
export function outOfMemoryMessage(stage: string | null, argv: readonly string[], heapMb = heapLimitMb()): string {
  const data = valueOf(argv, '--data');
  const bytes = data === undefined ? null : folderBytes(data);
  const input = data === undefined ? '' : ` on ${data}${bytes === null ? '' : ` (${sizeText(bytes)} of input)`}`;
  return `out of memory${stage === null ? '' : ` during ${stage}`}${input}: the heap limit was ${sizeText(heapMb * MB)} of ${sizeText(totalmem())} RAM; run on a machine with more memory or split the dataset`;
}

let currentStage: string | null = null;

/** Tells the parent (when relaunched) which stage is running, for the out-of-memory line. */
export function announceStage(stage: string): void {
  currentStage = stage;
  if (process.send !== undefined && process.connected) process.send({ ringscanStage: stage });
}

export function announcedStage(): string | null {
  return currentStage;
}

/** JavaScript-level allocation failures (catchable, unlike a full heap): a typed array or string too big to make. */
export function isAllocationFailure(error: unknown): boolean {
  if (error instanceof RingscanError) return error.code === 'OUT_OF_MEMORY';
  return error instanceof RangeError && /allocation failed|Invalid (typed )?array length|Invalid string length|Array buffer/i.test(error.message);
}

function sizeText(bytes: number): string {
  return bytes >= GB ? `${(bytes / GB).toFixed(1)} GB` : `${Math.max(1, Math.round(bytes / MB))} MB`;
}

function valueOf(argv: readonly string[], flag: string): string | undefined {
  const at = argv.indexOf(flag);
  if (at !== -1) return argv[at + 1];
  const inline = argv.find((arg) => arg.startsWith(`${flag}=`));
  return inline?.slice(flag.length + 1);
}

function folderBytes(dir: string): number | null {
  try {
    return readdirSync(dir).reduce((sum, name) => sum + statSync(join(dir, name)).size, 0);
  } catch {
    return null;
  }
}

function signalNumber(signal: NodeJS.Signals): number | undefined {
  return ({ SIGHUP: 1, SIGINT: 2, SIGKILL: 9, SIGTERM: 15 } as Partial<Record<NodeJS.Signals, number>>)[signal];
}
