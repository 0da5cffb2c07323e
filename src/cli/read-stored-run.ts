// Reads what evaluation needs from a stored run through the FindingsStore interface (the I/O half of compare and
// report; evaluation itself stays pure): account risk rows (every ring member) and the members of each flagged ring,
// riskiest ring first. Works on any store backend.
import { RingscanError } from '../schema/errors.js';
import type { RunRecord } from '../schema/run.js';
import type { FindingsStore } from '../store/findings-store.js';
import type { RunAccountRow, RunRingRows } from '../evaluate/align-run-rows.js';

export interface StoredRunRows {
  run: RunRecord;
  accounts: RunAccountRow[];
  flaggedRings: RunRingRows[];
}

/** The named run, or the store's current run when `id` is undefined; a one-line error when there is none. */
export async function resolveRun(store: FindingsStore, id: string | undefined): Promise<RunRecord> {
  const run = id === undefined ? await store.currentRun() : await store.getRun(id);
  if (run) return run;
  throw new RingscanError('NOT_FOUND', id === undefined ? 'the store holds no run yet' : `no run ${id} in the store`);
}

/** Accounts outside every ring (risk only from propagation) are not exported by stores and count as risk 0. */
export async function readStoredRun(store: FindingsStore, id: string | undefined): Promise<StoredRunRows> {
  const run = await resolveRun(store, id);
  const accounts = new Map<string, RunAccountRow>();
  for await (const row of store.exportMembers({ run: run.id, minScore: 0 })) {
    const known = accounts.get(row.account);
    if (!known || row.risk > known.risk) accounts.set(row.account, { account: row.account, risk: row.risk, flagged: row.flagged || (known?.flagged ?? false) });
  }
  const flaggedRings: RunRingRows[] = [];
  for await (const ring of store.ringsWithMembers({ run: run.id })) {
    flaggedRings.push({ id: ring.ring, members: ring.members.map((m) => m.account) });
  }
  return { run, accounts: [...accounts.values()], flaggedRings };
}
