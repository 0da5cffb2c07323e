// A fixed pool of parse workers (worker_threads) fed from one queue: submit() returns each job's PartResult,
// or the error reading it would have thrown on the main thread.
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { RingscanError, type ErrorCode } from '../schema/errors.js';
import type { IngestProgress } from './load-file.js';
import type { PartJob, PartResult } from './parse-part.js';

export type ParseWorkerMessage =
  | { type: 'progress'; id: number; progress: IngestProgress }
  | { type: 'done'; id: number; result: PartResult }
  | { type: 'error'; id: number; code: ErrorCode | null; message: string };

const WORKER_URL = new URL('./parse-worker.js', import.meta.url);

/** Workers load compiled JavaScript: true when this module runs from dist/, false under a TypeScript runner. */
export function isParsePoolAvailable(): boolean {
  return import.meta.url.endsWith('.js');
}

/** One worker per core by default. */
export function defaultParseWorkers(): number {
  return availableParallelism();
}

interface Pending {
  id: number;
  job: PartJob;
  onProgress: ((progress: IngestProgress) => void) | undefined;
  resolve: (result: PartResult) => void;
  reject: (error: Error) => void;
}

export class ParsePool {
  private readonly idle: Worker[] = [];
  private readonly queue: Pending[] = [];
  private readonly running = new Map<Worker, Pending>();
  private nextId = 0;
  private isClosed = false;

  constructor(size: number) {
    for (let i = 0; i < size; i++) this.idle.push(this.startWorker());
  }

  /** Settles once; awaiting it later still throws the job's error (it never goes unhandled meanwhile). */
  submit(job: PartJob, onProgress?: (progress: IngestProgress) => void): Promise<PartResult> {
    const result = new Promise<PartResult>((resolve, reject) => {
      this.queue.push({ id: this.nextId++, job, onProgress, resolve, reject });
    });
    result.catch(() => {});
    this.dispatch();
    return result;
  }

  async close(): Promise<void> {
    this.isClosed = true;
    const workers = [...this.idle, ...this.running.keys()];
    this.idle.length = 0;
    for (const pending of this.running.values()) pending.reject(new Error('parse pool closed'));
    this.running.clear();
    for (const pending of this.queue.splice(0)) pending.reject(new Error('parse pool closed'));
    await Promise.all(workers.map((worker) => worker.terminate()));
  }

  private startWorker(): Worker {
    const worker = new Worker(WORKER_URL);
    worker.on('message', (message: ParseWorkerMessage) => {
      const pending = this.running.get(worker);
      if (pending === undefined || pending.id !== message.id) return;
      if (message.type === 'progress') {
        pending.onProgress?.(message.progress);
        return;
      }
      this.running.delete(worker);
      this.idle.push(worker);
      if (message.type === 'done') pending.resolve(message.result);
      else pending.reject(message.code === null ? new Error(message.message) : new RingscanError(message.code, message.message));
      this.dispatch();
    });
    const fail = (error: Error): void => {
      const pending = this.running.get(worker);
      this.running.delete(worker);
      if (pending === undefined) return;
      if ((error as NodeJS.ErrnoException).code !== 'ERR_WORKER_OUT_OF_MEMORY') pending.reject(error);
      else {
        const { file, range } = pending.job;
        const piece = range === undefined ? '' : ` (bytes ${range.start}-${range.end})`;
        pending.reject(new RingscanError('OUT_OF_MEMORY', `a parse worker ran out of memory reading ${file.name}${piece}`));
      }
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      const idleAt = this.idle.indexOf(worker);
      if (idleAt !== -1) this.idle.splice(idleAt, 1);
      if (!this.isClosed) fail(new Error(`parse worker exited (code ${code}) before finishing`));
    });
    return worker;
  }

  private dispatch(): void {
    while (!this.isClosed && this.idle.length > 0 && this.queue.length > 0) {
      const worker = this.idle.pop()!;
      const pending = this.queue.shift()!;
      this.running.set(worker, pending);
      worker.postMessage({ id: pending.id, job: pending.job, reportsProgress: pending.onProgress !== undefined });
    }
  }
}
