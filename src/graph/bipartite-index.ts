// Account–entity bipartite index in CSR form, both directions, with each entity's degree and hub flag.
import { countingOffsets } from '../lib/compact-adjacency.js';
import type { Dataset } from '../schema/dataset.js';

export interface BipartiteIndex {
  accountCount: number;
  entityCount: number;
  /** Entities of account a: accountEntities[accountOffsets[a] .. accountOffsets[a+1]), ascending. */
  accountOffsets: Int32Array;
  accountEntities: Int32Array;
  /** Accounts of entity e: entityAccounts[entityOffsets[e] .. entityOffsets[e+1]), ascending. */
  entityOffsets: Int32Array;
  entityAccounts: Int32Array;
  /** Entities used by more than maxEntityDegree accounts: context only, never expanded. */
  isHub: Uint8Array;
  hubCount: number;
}

export function entityDegree(index: BipartiteIndex, entity: number): number {
  return index.entityOffsets[entity + 1]! - index.entityOffsets[entity]!;
}

export function buildBipartiteIndex(dataset: Dataset, options: { maxEntityDegree: number }): BipartiteIndex {
  const accountCount = dataset.accounts.ids.length;
  const entityCount = dataset.entities.values.length;
  const { account, entity } = dataset.links;
  const accountOffsets = countingOffsets(account, accountCount);
  const entityOffsets = countingOffsets(entity, entityCount);
  const accountEntities = new Int32Array(account.length);
  const entityAccounts = new Int32Array(account.length);
  const accountCursor = accountOffsets.slice(0, accountCount);
  const entityCursor = entityOffsets.slice(0, entityCount);
  // Links are visited in row order; sorting each slice afterwards makes the index independent of input order.
  for (let i = 0; i < account.length; i++) {
    const a = account[i]!;
    const e = entity[i]!;
    accountEntities[accountCursor[a]!++] = e;
    entityAccounts[entityCursor[e]!++] = a;
  }
  sortSlices(accountEntities, accountOffsets);
  sortSlices(entityAccounts, entityOffsets);
  const isHub = new Uint8Array(entityCount);
  let hubCount = 0;
  for (let e = 0; e < entityCount; e++) {
    if (entityOffsets[e + 1]! - entityOffsets[e]! > options.maxEntityDegree) {
      isHub[e] = 1;
      hubCount++;
    }
  }
  return { accountCount, entityCount, accountOffsets, accountEntities, entityOffsets, entityAccounts, isHub, hubCount };
}

function sortSlices(values: Int32Array, offsets: Int32Array): void {
  for (let i = 0; i + 1 < offsets.length; i++) {
    const start = offsets[i]!;
    const end = offsets[i + 1]!;
    if (end - start > 1) values.subarray(start, end).sort();
  }
}
