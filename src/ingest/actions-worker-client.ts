// Starts the actions worker and turns its messages into one promise: the actions file's counts, columns,
// local account list and rejects, or the error reading it would have thrown on the main thread.
import { Worker } from 'node:worker_threads';
import { RingscanError } from '../schema/errors.js';
import type { ActionsWorkerInput, ActionsWorkerMessage } from './actions-worker-protocol.js';
import type { IngestProgress } from './load-file.js';

export type ActionsWorkerResult = Extract<ActionsWorkerMessage, { type: 'done' }>;

export interface ActionsJob {
  /** Settles once; awaiting it later still throws the worker's error (it never goes unhandled meanwhile). */
  result: Promise<ActionsWorkerResult>;
  /** Stops the worker, e.g. when the main thread fails first. */
  cancel(): Promise<void>;
}

const WORKER_URL = new URL('./actions-worker.js', import.meta.url);

/** Workers load compiled JavaScript: true when this module runs from dist/, false under a TypeScript runner. */
export function isActionsWorkerAvailable(): boolean {
  return import.meta.url.endsWith('.js');
}

export function startActionsWorker(input: ActionsWorkerInput, onProgress?: (progress: IngestProgress) => void): ActionsJob {
  const worker = new Worker(WORKER_URL, { workerData: input });
  let isSettled = false;
  const result = new Promise<ActionsWorkerResult>((resolve, reject) => {
    const settle = (outcome: () => void): void => {
      if (isSettled) return;
      isSettled = true;
      outcome();
    };
    worker.on('message', (message: ActionsWorkerMessage) => {
      if (message.type === 'progress') onProgress?.(message.progress);
      else if (message.type === 'done') settle(() => resolve(message));
      else settle(() => reject(message.code === null ? new Error(message.message) : new RingscanError(message.code, message.message)));
    });
    worker.on('error', (error) => settle(() => reject(error)));
    worker.on('exit', (code) => settle(() => reject(new Error(`actions worker exited (code ${code}) before finishing`))));
  });
  result.catch(() => {});
  return {
    result,
    async cancel() {
      await worker.terminate();
    },
  };
}
