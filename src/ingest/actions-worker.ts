// Worker-thread entry: reads the actions file with its own DatasetBuilder (local account ids in first-seen
// order) and posts the columns, the local account list and the rejects back to loadDataset.
import { parentPort, workerData } from 'node:worker_threads';
import { RingscanError } from '../schema/errors.js';
import type { ActionsWorkerInput, ActionsWorkerMessage, RejectColumns } from './actions-worker-protocol.js';
import { DatasetBuilder } from './dataset-builder.js';
import { loadFile, type RejectTarget } from './load-file.js';
import { RAW_MAX_CHARS } from './rejects-sink.js';

/** Keeps rejects in memory; the main thread writes them after the links' ones, in this order. */
class RejectCollector implements RejectTarget {
  readonly columns: RejectColumns = { lines: [], reasons: [], raws: [] };
  add(_file: string, line: number, reason: string, raw: string): void {
    this.columns.lines.push(line);
    this.columns.reasons.push(reason);
    // a flattened copy: a slice would keep the whole read chunk alive
    this.columns.raws.push((' ' + (raw.length > RAW_MAX_CHARS ? raw.slice(0, RAW_MAX_CHARS) : raw)).slice(1));
  }
  async drain(): Promise<void> {}
}

async function run(input: ActionsWorkerInput): Promise<void> {
  const port = parentPort!;
  const post = (message: ActionsWorkerMessage, transfer: ArrayBuffer[] = []): void => port.postMessage(message, transfer);
  try {
    const builder = new DatasetBuilder();
    const rejects = new RejectCollector();
    const counts = await loadFile(input.file, builder, rejects, {
      ...(input.highWaterMark === undefined ? {} : { highWaterMark: input.highWaterMark }),
      ...(input.maxLineBytes === undefined ? {} : { maxLineBytes: input.maxLineBytes }),
      ...(input.fastPath === undefined ? {} : { fastPath: input.fastPath }),
      ...(input.reportsProgress ? { onProgress: (progress) => post({ type: 'progress', progress }) } : {}),
    });
    const { dataset } = builder.build(false);
    const actions = dataset.actions;
    post({ type: 'done', counts, accountIds: dataset.accounts.ids, actions, rejects: rejects.columns }, [
      actions.account.buffer as ArrayBuffer,
      actions.action.buffer as ArrayBuffer,
      actions.target.buffer as ArrayBuffer,
      actions.tsSec.buffer as ArrayBuffer,
    ]);
  } catch (error) {
    post({
      type: 'error',
      code: error instanceof RingscanError ? error.code : null,
      message: error instanceof Error ? error.message : String(error),
    });
  }
}

await run(workerData as ActionsWorkerInput);
