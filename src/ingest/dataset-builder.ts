// Accumulates validated rows into the dense-id Dataset: ids in first-seen order through StringIndex tables,
// columns in growable typed arrays. Pure: rows in, Dataset out.
import type { ActionTable, Dataset, LabelTable } from '../schema/dataset.js';
import { groupByKey } from '../lib/compact-adjacency.js';
import { GrowableFloat64, GrowableInt32, GrowableUint8 } from '../lib/growable-array.js';
import { newRange, setRange, StringIndex, type PooledKeys, type TextRange } from './string-index.js';
import type { AccountRow, ActionRow, LabelRow, LinkRow } from './validate-record.js';

export interface BuiltDataset {
  dataset: Dataset;
  implicitAccounts: number;
  /** Link rows whose (account, entity) pair had been seen before; kept once. */
  duplicateLinks: number;
  /** Label rows for an account labelled before; the last one wins. */
  duplicateLabels: number;
}

/** A builder's tables with local ids, as posted by a parse worker (see exportPart / mergePart). */
export interface DatasetPart {
  accounts: { ids: PooledKeys; isImplicit: Uint8Array; createdAtMs: Float64Array; country: (string | undefined)[]; declaredOnLine: Int32Array };
  types: string[];
  entities: { values: PooledKeys; type: Int32Array };
  links: { account: Int32Array; entity: Int32Array };
  actions: { names: string[]; targets: PooledKeys; account: Int32Array; action: Int32Array; target: Int32Array; tsSec: Float64Array };
  labels: { account: Int32Array; isFraud: Uint8Array };
}

/** The typed arrays of a part, to transfer rather than copy between threads. */
export function partBuffers(part: DatasetPart): ArrayBuffer[] {
  const { accounts, entities, links, actions, labels } = part;
  const pools = [accounts.ids, entities.values, actions.targets].flatMap((keys) => [keys.chars, keys.starts]);
  const arrays = [...pools, accounts.isImplicit, accounts.createdAtMs, accounts.declaredOnLine, entities.type, links.account, links.entity, actions.account, actions.action, actions.target, actions.tsSec, labels.account, labels.isFraud];
  return arrays.map((array) => array.buffer as ArrayBuffer);
}

function remap(column: Int32Array, map: Int32Array): void {
  for (let i = 0; i < column.length; i++) column[i] = map[column[i]!]!;
}

export class DatasetBuilder {
  private readonly accounts = new StringIndex({ capacity: 1 << 16 });
  private readonly createdAtMs = new GrowableFloat64();
  private readonly country: (string | undefined)[] = [];
  private readonly isImplicit = new GrowableUint8();
  private readonly declaredOnLine = new GrowableInt32();
  private implicitCount = 0;
  private lastAccount = -1;
  private lastAccountHash = 0;

  private readonly types = new StringIndex({ capacity: 16 });
  /** Keys are (type id, value): one table for all entities, so entity ids are dense across types. */
  private readonly entities = new StringIndex({ hasNamespaces: true, capacity: 1 << 16 });
  private readonly entityType = new GrowableInt32();
  private readonly linkAccount = new GrowableInt32();
  private readonly linkEntity = new GrowableInt32();

  private readonly actionNames = new StringIndex({ capacity: 16 });
  private readonly targets = new StringIndex({ capacity: 1 << 16 });
  private readonly actionAccount = new GrowableInt32();
  private readonly actionAction = new GrowableInt32();
  private readonly actionTarget = new GrowableInt32();
  private readonly actionTsSec = new GrowableFloat64();

  private readonly labelAccount = new GrowableInt32(64);
  private readonly labelIsFraud = new GrowableUint8(64);
  /** Ring and kind names repeat across many rows: keep one detached copy of each. */
  private readonly keptNames = new Map<string, string>();

  private readonly scratch = [newRange(), newRange(), newRange()] as const;

  /** Sizes the id tables for an expected number of new accounts and entities (an estimate; growth still works). */
  reserve(expected: { accounts?: number; entities?: number }): void {
    if (expected.accounts) this.accounts.reserve(this.accounts.size + expected.accounts);
    if (expected.entities) this.entities.reserve(this.entities.size + expected.entities);
  }

  get accountCount(): number {
    return this.accounts.size;
  }

  /** Declares an account; false when the id is already known (the caller reports the duplicate). */
  declareAccount(id: TextRange, createdAtMs: number, country: string | undefined, lineNo: number): boolean {
    const before = this.accounts.size;
    this.accounts.idOf(id);
    if (this.accounts.size === before) return false;
    this.createdAtMs.push(createdAtMs);
    this.country.push(country === undefined ? undefined : this.keepName(country));
    this.isImplicit.push(0);
    this.declaredOnLine.push(lineNo);
    return true;
  }

  addLink(account: TextRange, type: TextRange, value: TextRange): void {
    const accountId = this.accountOf(account);
    const typeId = this.types.idOf(type);
    const entitiesBefore = this.entities.size;
    const entityId = this.entities.idOf(value, typeId);
    if (this.entities.size > entitiesBefore) this.entityType.push(typeId);
    this.linkAccount.push(accountId);
    this.linkEntity.push(entityId);
  }

  addAction(account: TextRange, action: TextRange, target: TextRange, tsMs: number): void {
    this.actionAccount.push(this.accountOf(account));
    this.actionAction.push(this.actionNames.idOf(action));
    this.actionTarget.push(this.targets.idOf(target));
    this.actionTsSec.push(tsMs / 1000);
  }

  addLabel(account: TextRange, isFraud: boolean): void {
    this.labelAccount.push(this.accountOf(account));
    this.labelIsFraud.push(isFraud ? 1 : 0);
  }

  /** Row-object forms of the above, for CSV and JSON.parse'd rows. Returns -1, or the account's id when it was declared before. */
  addAccountRow(row: AccountRow, lineNo: number): number {
    const id = setRange(this.scratch[0], row.id);
    if (this.declareAccount(id, row.createdAtMs, row.country, lineNo)) return -1;
    return this.accounts.idOf(id);
  }

  /** The line an account was declared on (0 for an implicit account). */
  declaredLineOf(account: number): number {
    return this.declaredOnLine.get(account);
  }
  addLinkRow(row: LinkRow): void {
    const [a, b, c] = this.scratch;
    this.addLink(setRange(a, row.account), setRange(b, row.type), setRange(c, row.value));
  }
  addActionRow(row: ActionRow): void {
    const [a, b, c] = this.scratch;
    this.addAction(setRange(a, row.account), setRange(b, row.action), setRange(c, row.target), row.tsMs);
  }
  addLabelRow(row: LabelRow): void {
    this.addLabel(setRange(this.scratch[0], row.account), row.isFraud);
  }

  /** Everything added so far, as plain columns a worker thread can post (the typed arrays are transferable). */
  exportPart(): DatasetPart {
    return {
      accounts: {
        ids: this.accounts.exportKeys(),
        isImplicit: this.isImplicit.toArray(),
        createdAtMs: this.createdAtMs.toArray(),
        country: this.country,
        declaredOnLine: this.declaredOnLine.toArray(),
      },
      types: this.types.keys,
      entities: { values: this.entities.exportKeys(), type: this.entityType.toArray() },
      links: { account: this.linkAccount.toArray(), entity: this.linkEntity.toArray() },
      actions: {
        names: this.actionNames.keys,
        targets: this.targets.exportKeys(),
        account: this.actionAccount.toArray(),
        action: this.actionAction.toArray(),
        target: this.actionTarget.toArray(),
        tsSec: this.actionTsSec.toArray(),
      },
      labels: { account: this.labelAccount.toArray(), isFraud: this.labelIsFraud.toArray() },
    };
  }

  /**
   * Adds a part built by another builder from the next piece of input, exactly as if its rows had been added here:
   * each local table is interned here in its first-seen order, which is the order the rows would have created
   * them, then the columns are remapped (in place: the part is consumed). lineOffset turns the part's line
   * numbers into the file's. Returns the local-to-here account map and the part's declarations of accounts
   * declared earlier, which the caller reports as duplicates.
   */
  mergePart(part: DatasetPart, lineOffset: number): { accountMap: Int32Array; duplicates: { line: number; account: number }[] } {
    const range = this.scratch[0];
    const { ids, isImplicit, createdAtMs, country, declaredOnLine } = part.accounts;
    const count = isImplicit.length;
    const accountMap = new Int32Array(count);
    const duplicates: { line: number; account: number }[] = [];
    for (let i = 0; i < count; i++) {
      const before = this.accounts.size;
      const account = this.accounts.idOfPooled(ids, i);
      accountMap[i] = account;
      const isNew = this.accounts.size > before;
      if (isImplicit[i]) {
        if (isNew) this.pushImplicit();
        continue;
      }
      const line = declaredOnLine[i]! + lineOffset;
      if (isNew) {
        this.createdAtMs.push(createdAtMs[i]!);
        const name = country[i];
        this.country.push(name === undefined ? undefined : this.keepName(name));
        this.isImplicit.push(0);
        this.declaredOnLine.push(line);
      } else duplicates.push({ line, account });
    }
    remap(part.links.account, accountMap);
    remap(part.actions.account, accountMap);
    remap(part.labels.account, accountMap);

    const typeMap = Int32Array.from(part.types, (type) => this.types.idOf(setRange(range, type)));
    const { values, type } = part.entities;
    const entityMap = new Int32Array(type.length);
    for (let e = 0; e < type.length; e++) {
      const typeId = typeMap[type[e]!]!;
      const before = this.entities.size;
      entityMap[e] = this.entities.idOfPooled(values, e, typeId);
      if (this.entities.size > before) this.entityType.push(typeId);
    }
    remap(part.links.entity, entityMap);
    this.linkAccount.append(part.links.account);
    this.linkEntity.append(part.links.entity);

    const { actions } = part;
    remap(actions.action, Int32Array.from(actions.names, (name) => this.actionNames.idOf(setRange(range, name))));
    const targetMap = new Int32Array(actions.targets.starts.length - 1);
    for (let t = 0; t < targetMap.length; t++) targetMap[t] = this.targets.idOfPooled(actions.targets, t);
    remap(actions.target, targetMap);
    this.actionAccount.append(actions.account);
    this.actionAction.append(actions.action);
    this.actionTarget.append(actions.target);
    this.actionTsSec.append(actions.tsSec);

    const { labels } = part;
    this.labelAccount.append(labels.account);
    this.labelIsFraud.append(labels.isFraud);
    return { accountMap, duplicates };
  }

  /** hasLabels: whether a labels file existed (an empty one still yields an all-unlabelled table). */
  build(hasLabels: boolean): BuiltDataset {
    const accountCount = this.accounts.size;
    const links = dedupeLinks(this.linkAccount.toArray(), this.linkEntity.toArray(), this.entities.size, accountCount);
    const dataset: Dataset = {
      accounts: {
        ids: this.accounts.keys,
        createdAtMs: this.createdAtMs.toArray(),
        country: this.country,
        isImplicit: this.isImplicit.toArray(),
      },
      entities: { types: this.types.keys, typeOf: this.entityType.toArray(), values: this.entities.keys },
      links: { account: links.account, entity: links.entity },
      actions: {
        actionNames: this.actionNames.keys,
        targets: this.targets.keys,
        account: this.actionAccount.toArray(),
        action: this.actionAction.toArray(),
        target: this.actionTarget.toArray(),
        tsSec: this.actionTsSec.toArray(),
      },
    };
    let duplicateLabels = 0;
    if (hasLabels) ({ labels: dataset.labels, duplicates: duplicateLabels } = this.buildLabels(accountCount));
    return { dataset, implicitAccounts: this.implicitCount, duplicateLinks: links.duplicates, duplicateLabels };
  }

  private buildLabels(accountCount: number): { labels: LabelTable; duplicates: number } {
    const labels: LabelTable = {
      label: new Int8Array(accountCount).fill(-1),
    };
    // rows are replayed in file order, so the last label row for an account wins
    let duplicates = 0;
    for (let i = 0; i < this.labelAccount.length; i++) {
      const account = this.labelAccount.get(i);
      if (labels.label[account] !== -1) duplicates++;
      labels.label[account] = this.labelIsFraud.get(i);
    }
    return { labels, duplicates };
  }

  private accountOf(id: TextRange): number {
    // exports are often grouped by account: consecutive rows then skip the hash-table probe
    if (id.hash === this.lastAccountHash && this.accounts.isKeyOf(this.lastAccount, id)) return this.lastAccount;
    const before = this.accounts.size;
    const account = this.accounts.idOf(id);
    if (this.accounts.size > before) this.pushImplicit();
    this.lastAccount = account;
    this.lastAccountHash = id.hash;
    return account;
  }

  private pushImplicit(): void {
    this.implicitCount++;
    this.createdAtMs.push(Number.NaN);
    this.country.push(undefined);
    this.isImplicit.push(1);
    this.declaredOnLine.push(0);
  }

  private keepName(name: string): string {
    let kept = this.keptNames.get(name);
    if (kept === undefined) {
      kept = (' ' + name).slice(1);
      this.keptNames.set(kept, kept);
    }
    return kept;
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
  const { offsets, order: byAccount } = groupByKey(account, accountCount);
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
