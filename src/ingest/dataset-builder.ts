// Accumulates validated rows into the dense-id Dataset: ids in first-seen order, Maps for string → id,
// growable typed arrays for the columns. Pure: rows in, Dataset out.
import type { Dataset, LabelTable } from '../schema/dataset.js';
import { GrowableFloat64, GrowableInt32, GrowableUint8 } from './growable-array.js';
import type { AccountRow, ActionRow, LabelRow, LinkRow } from './validate-record.js';

/** Returns a string that does not share memory with a larger one (V8 keeps substrings as slices). */
export type KeepString = (value: string) => string;
export const keepAsIs: KeepString = (value) => value;
/** A concatenation flattened into a fresh string, so a stored id does not pin the whole chunk it was cut from. */
export const keepDetached: KeepString = (value) => (' ' + value).slice(1);

export interface BuiltDataset {
  dataset: Dataset;
  implicitAccounts: number;
  /** Link rows whose (account, entity) pair had been seen before; kept once. */
  duplicateLinks: number;
}

export class DatasetBuilder {
  private readonly accountIndex = new Map<string, number>();
  private readonly accountIds: string[] = [];
  private readonly createdAtMs = new GrowableFloat64();
  private readonly country: (string | undefined)[] = [];
  private readonly isImplicit = new GrowableUint8();
  private readonly declaredOnLine = new GrowableInt32();
  private implicitCount = 0;

  private readonly typeIndex = new Map<string, number>();
  private readonly types: string[] = [];
  /** One value → entity Map per type: no per-row key concatenation. */
  private readonly entityIndexByType: Map<string, number>[] = [];
  private readonly entityType = new GrowableInt32();
  private readonly entityValues: string[] = [];
  private readonly linkAccount = new GrowableInt32();
  private readonly linkEntity = new GrowableInt32();

  private readonly actionIndex = new Map<string, number>();
  private readonly actionNames: string[] = [];
  private readonly targetIndex = new Map<string, number>();
  private readonly targets: string[] = [];
  private readonly actionAccount = new GrowableInt32();
  private readonly actionAction = new GrowableInt32();
  private readonly actionTarget = new GrowableInt32();
  private readonly actionTsSec = new GrowableFloat64();

  private readonly labelAccount = new GrowableInt32(64);
  private readonly labelIsFraud = new GrowableUint8(64);
  private readonly labelRing: (string | undefined)[] = [];
  private readonly labelKind: (string | undefined)[] = [];

  /** How new keys are stored; readers of sliced text (CSV) set keepDetached. */
  keep: KeepString = keepAsIs;

  get accountCount(): number {
    return this.accountIds.length;
  }

  /** Declares an account; returns a reject reason when the id was declared before. */
  addAccount(row: AccountRow, lineNo: number): string | undefined {
    const known = this.accountIndex.get(row.id);
    if (known !== undefined) return `id: duplicate account id (first declared on line ${this.declaredOnLine.get(known)})`;
    this.newAccount(row.id, row.createdAtMs, row.country, 0);
    this.declaredOnLine.push(lineNo);
    return undefined;
  }

  addLink(row: LinkRow): void {
    const account = this.accountOf(row.account);
    let type = this.typeIndex.get(row.type);
    if (type === undefined) {
      type = this.types.length;
      this.types.push(this.keep(row.type));
      this.typeIndex.set(this.types[type]!, type);
      this.entityIndexByType.push(new Map());
    }
    const values = this.entityIndexByType[type]!;
    let entity = values.get(row.value);
    if (entity === undefined) {
      entity = this.entityValues.length;
      const value = this.keep(row.value);
      this.entityValues.push(value);
      this.entityType.push(type);
      values.set(value, entity);
    }
    this.linkAccount.push(account);
    this.linkEntity.push(entity);
  }

  addAction(row: ActionRow): void {
    const account = this.accountOf(row.account);
    let action = this.actionIndex.get(row.action);
    if (action === undefined) {
      action = this.actionNames.length;
      this.actionNames.push(this.keep(row.action));
      this.actionIndex.set(this.actionNames[action]!, action);
    }
    let target = this.targetIndex.get(row.target);
    if (target === undefined) {
      target = this.targets.length;
      this.targets.push(this.keep(row.target));
      this.targetIndex.set(this.targets[target]!, target);
    }
    this.actionAccount.push(account);
    this.actionAction.push(action);
    this.actionTarget.push(target);
    this.actionTsSec.push(row.tsMs / 1000);
  }

  addLabel(row: LabelRow): void {
    this.labelAccount.push(this.accountOf(row.account));
    this.labelIsFraud.push(row.isFraud ? 1 : 0);
    this.labelRing.push(row.ring === undefined ? undefined : this.keep(row.ring));
    this.labelKind.push(row.kind === undefined ? undefined : this.keep(row.kind));
  }

  /** hasLabels: whether a labels file existed (an empty one still yields an all-unlabelled table). */
  build(hasLabels: boolean): BuiltDataset {
    const { account, entity, duplicates } = dedupeLinks(this.linkAccount.toArray(), this.linkEntity.toArray(), this.entityValues.length, this.accountIds.length);
    const dataset: Dataset = {
      accounts: {
        ids: this.accountIds,
        createdAtMs: this.createdAtMs.toArray(),
        country: this.country,
        isImplicit: this.isImplicit.toArray(),
      },
      entities: { types: this.types, typeOf: this.entityType.toArray(), values: this.entityValues },
      links: { account, entity },
      actions: {
        actionNames: this.actionNames,
        targets: this.targets,
        account: this.actionAccount.toArray(),
        action: this.actionAction.toArray(),
        target: this.actionTarget.toArray(),
        tsSec: this.actionTsSec.toArray(),
      },
    };
    if (hasLabels) dataset.labels = this.buildLabels();
    return { dataset, implicitAccounts: this.implicitCount, duplicateLinks: duplicates };
  }

  private buildLabels(): LabelTable {
    const n = this.accountIds.length;
    const labels: LabelTable = { label: new Int8Array(n).fill(-1), ring: new Array(n).fill(undefined), kind: new Array(n).fill(undefined) };
    // later rows overwrite earlier ones: the last label row for an account wins
    for (let i = 0; i < this.labelAccount.length; i++) {
      const account = this.labelAccount.get(i);
      labels.label[account] = this.labelIsFraud.get(i);
      labels.ring[account] = this.labelRing[i];
      labels.kind[account] = this.labelKind[i];
    }
    return labels;
  }

  private accountOf(id: string): number {
    const known = this.accountIndex.get(id);
    if (known !== undefined) return known;
    this.implicitCount++;
    this.declaredOnLine.push(0);
    return this.newAccount(id, Number.NaN, undefined, 1);
  }

  private newAccount(id: string, createdAtMs: number, country: string | undefined, isImplicit: number): number {
    const index = this.accountIds.length;
    const kept = this.keep(id);
    this.accountIds.push(kept);
    this.accountIndex.set(kept, index);
    this.createdAtMs.push(createdAtMs);
    this.country.push(country === undefined ? undefined : this.keep(country));
    this.isImplicit.push(isImplicit);
    return index;
  }
}

/**
 * Drops repeated (account, entity) pairs, keeping each pair's first row in input order.
 * Groups rows by account with a counting sort, then marks entities per account: linear, no pair keys.
 */
export function dedupeLinks(
  account: Int32Array,
  entity: Int32Array,
  entityCount: number,
  accountCount: number,
): { account: Int32Array; entity: Int32Array; duplicates: number } {
  const n = account.length;
  const offsets = new Int32Array(accountCount + 1);
  for (let i = 0; i < n; i++) offsets[account[i]! + 1]!++;
  for (let a = 0; a < accountCount; a++) offsets[a + 1]! += offsets[a]!;
  const byAccount = new Int32Array(n);
  const cursor = offsets.slice(0, accountCount);
  for (let i = 0; i < n; i++) byAccount[cursor[account[i]!]!++] = i;
  const lastAccountOfEntity = new Int32Array(entityCount).fill(-1);
  const isDuplicate = new Uint8Array(n);
  let duplicates = 0;
  for (let a = 0; a < accountCount; a++) {
    for (let k = offsets[a]!; k < offsets[a + 1]!; k++) {
      const row = byAccount[k]!;
      const e = entity[row]!;
      if (lastAccountOfEntity[e] === a) {
        isDuplicate[row] = 1;
        duplicates++;
      } else lastAccountOfEntity[e] = a;
    }
  }
  if (duplicates === 0) return { account, entity, duplicates };
  const keptAccount = new Int32Array(n - duplicates);
  const keptEntity = new Int32Array(n - duplicates);
  let j = 0;
  for (let i = 0; i < n; i++) {
    if (isDuplicate[i]) continue;
    keptAccount[j] = account[i]!;
    keptEntity[j++] = entity[i]!;
  }
  return { account: keptAccount, entity: keptEntity, duplicates };
}
