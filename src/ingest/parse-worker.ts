// Worker-thread entry of the parse pool: parses each PartJob it is sent and posts the part back, its typed
// arrays transferred rather than copied.
import { parentPort } from 'node:worker_threads';
import { RingscanError } from '../schema/errors.js';
import { partBuffers } from './dataset-builder.js';
import { parsePart, type PartJob } from './parse-part.js';
import type { ParseWorkerMessage } from './parse-pool.js';

const port = parentPort!;
const post = (message: ParseWorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);

port.on('message', (message: { id: number; job: PartJob; reportsProgress: boolean }) => {
  const { id, job, reportsProgress } = message;
  parsePart(job, reportsProgress ? (progress) => post({ type: 'progress', id, progress }) : undefined).then(
    (result) => post({ type: 'done', id, result }, partBuffers(result.part)),
    (error: unknown) =>
      post({
        type: 'error',
        id,
        code: error instanceof RingscanError ? error.code : null,
        message: error instanceof Error ? error.message : String(error),
      }),
  );
});
