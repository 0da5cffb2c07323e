// Loads a dataset folder for a command that reads one outside the pipeline (compare, evaluate, report): the
// same ingest progress line as `run`, rows as they are read and the total with its rate.
import { loadDataset, type LoadDatasetOptions, type LoadedDataset } from '../ingest/load-dataset.js';
import { countIngest } from '../run/stage-counts.js';
import { pipelineProgress, type Progress } from './progress.js';

export async function loadDatasetWithProgress(dir: string, progress: Progress, options: Pick<LoadDatasetOptions, 'only'> = {}): Promise<LoadedDataset> {
  progress.stage('ingest');
  const loaded = await loadDataset(dir, { ...options, onProgress: pipelineProgress(progress).onIngestProgress });
  progress.done('ingest', countIngest(loaded.files));
  return loaded;
}
