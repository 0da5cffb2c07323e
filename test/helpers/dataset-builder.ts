// Builds small in-memory datasets for tests from plain records, the way ingest would.
import type { Dataset } from '../../src/schema/dataset.js';

export interface TestAccount {
  id: string;
  createdAt: number;
}
export interface TestLink {
  account: string;
  type: string;
  value: string;
}
export interface TestAction {
  account: string;
  target: string;
  ts: number;
  action?: string;
}

export function buildDataset(accounts: TestAccount[], links: TestLink[], actions: TestAction[] = [], fraud: string[] = []): Dataset {
  const accountIndex = new Map<string, number>();
  const ids: string[] = [];
  const created: number[] = [];
  const implicit: number[] = [];
  const accountOf = (id: string, createdAt = NaN, isImplicit = 1): number => {
    let i = accountIndex.get(id);
    if (i === undefined) {
      i = ids.length;
      accountIndex.set(id, i);
      ids.push(id);
      created.push(createdAt);
      implicit.push(isImplicit);
    }
    return i;
  };
  for (const a of accounts) accountOf(a.id, a.createdAt, 0);
  const types: string[] = [];
  const typeOf: number[] = [];
  const values: string[] = [];
  const entityIndex = new Map<string, number>();
  const linkPairs = new Set<string>();
  const linkAccount: number[] = [];
  const linkEntity: number[] = [];
  for (const l of links) {
    const key = `${l.type}\u0000${l.value}`;
    let e = entityIndex.get(key);
    if (e === undefined) {
      e = values.length;
      entityIndex.set(key, e);
      let t = types.indexOf(l.type);
      if (t < 0) t = types.push(l.type) - 1;
      typeOf.push(t);
      values.push(l.value);
    }
    const a = accountOf(l.account);
    if (linkPairs.has(`${a}:${e}`)) continue;
    linkPairs.add(`${a}:${e}`);
    linkAccount.push(a);
    linkEntity.push(e);
  }
  const targets: string[] = [];
  const targetIndex = new Map<string, number>();
  const actionNames: string[] = [];
  const actAccount: number[] = [];
  const actTarget: number[] = [];
  const actName: number[] = [];
  const actTs: number[] = [];
  for (const x of actions) {
    let t = targetIndex.get(x.target);
    if (t === undefined) {
      t = targets.push(x.target) - 1;
      targetIndex.set(x.target, t);
    }
    const name = x.action ?? 'like';
    let n = actionNames.indexOf(name);
    if (n < 0) n = actionNames.push(name) - 1;
    actAccount.push(accountOf(x.account));
    actTarget.push(t);
    actName.push(n);
    actTs.push(x.ts);
  }
  const dataset: Dataset = {
    accounts: { ids, createdAtMs: Float64Array.from(created), country: ids.map(() => undefined), isImplicit: Uint8Array.from(implicit) },
    entities: { types, typeOf: Int32Array.from(typeOf), values },
    links: { account: Int32Array.from(linkAccount), entity: Int32Array.from(linkEntity) },
    actions: { actionNames, targets, account: Int32Array.from(actAccount), action: Int32Array.from(actName), target: Int32Array.from(actTarget), tsSec: Float64Array.from(actTs) },
  };
  if (fraud.length > 0) {
    const label = new Int8Array(ids.length).fill(0);
    for (const id of fraud) label[accountIndex.get(id)!] = 1;
    dataset.labels = { label };
  }
  return dataset;
}

export const DAY_MS = 86_400_000;
export const EPOCH = Date.UTC(2026, 0, 1);

/** A background population created evenly over about three years, each with its own device: gives the
 * creation-rate baseline that bursts are judged against. */
export function background(count: number, prefix = 'bg'): { accounts: TestAccount[]; links: TestLink[] } {
  const accounts: TestAccount[] = [];
  const links: TestLink[] = [];
  for (let i = 0; i < count; i++) {
    const id = `${prefix}${i}`;
    accounts.push({ id, createdAt: EPOCH - 1000 * DAY_MS + Math.floor((i * 1000 * DAY_MS) / count) });
    links.push({ account: id, type: 'device', value: `${prefix}-dev-${i}` });
  }
  return { accounts, links };
}
