// Wraps a FindingsStore for the API: times every call into the store histogram and turns backend failures
// into StoreFailure (a 503 with no detail), keeping NOT_FOUND / BAD_USAGE as the caller's problem.
import type { Histogram } from 'prom-client';
import { RingscanError } from '../schema/errors.js';
import type { FindingsStore } from '../store/findings-store.js';
import { StoreFailure } from './problem.js';

/** The read side the API uses; writes and export stay with the CLI. */
export type StoreReader = Omit<FindingsStore, 'saveRun' | 'exportMembers' | 'ringsWithMembers' | 'close'>;

const isCallersFault = (error: unknown) => error instanceof RingscanError && (error.code === 'NOT_FOUND' || error.code === 'BAD_USAGE');

export function instrumentStore(store: FindingsStore, histogram: Histogram<'operation' | 'outcome'>): StoreReader {
  const timed =
    <A extends unknown[], R>(operation: string, call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      const started = performance.now();
      try {
        const result = await call(...args);
        histogram.observe({ operation, outcome: 'ok' }, (performance.now() - started) / 1000);
        return result;
      } catch (error) {
        histogram.observe({ operation, outcome: 'error' }, (performance.now() - started) / 1000);
        throw isCallersFault(error) ? error : new StoreFailure(operation, error);
      }
    };
  return {
    currentRun: timed('currentRun', store.currentRun.bind(store)),
    getRun: timed('getRun', store.getRun.bind(store)),
    listRuns: timed('listRuns', store.listRuns.bind(store)),
    listRings: timed('listRings', store.listRings.bind(store)),
    getRing: timed('getRing', store.getRing.bind(store)),
    listMembers: timed('listMembers', store.listMembers.bind(store)),
    getRingGraph: timed('getRingGraph', store.getRingGraph.bind(store)),
    ringHistory: timed('ringHistory', store.ringHistory.bind(store)),
    ringDetail: timed('ringDetail', store.ringDetail.bind(store)),
    getAccount: timed('getAccount', store.getAccount.bind(store)),
    getAccountsRisk: timed('getAccountsRisk', store.getAccountsRisk.bind(store)),
    neighbors: timed('neighbors', store.neighbors.bind(store)),
  };
}
