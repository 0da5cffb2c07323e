// Accumulates validated rows into the dense-id Dataset: ids in first-seen order through StringIndex tables,
// columns in growable typed arrays. Pure: rows in, Dataset out.
import type { ActionTable, Dataset, LabelTable } from '../schema/dataset.js';
import { GrowableFloat64, GrowableInt32, GrowableUint8 } from './growable-array.js';
import { newRange, setRange, StringIndex, type TextRange } from './string-index.js';
import type { AccountRow, ActionRow, LabelRow, LinkRow } from './validate-record.js';

export interface BuiltDataset {
  dataset: Dataset;
  implicitAccounts: number;
  /** Link rows whose (account, entity) pair had been seen before; kept once. */
  duplicateLinks: number;
  /** Label rows for an account labelled before; the last one wins. */
  duplicateLabels: number;
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
  /** Set when the actions were read elsewhere (the actions worker) and handed over whole. */
  private adoptedActions: ActionTable | null = null;

  private readonly labelAccount = new GrowableInt32(64);
  private readonly labelIsFraud = new GrowableUint8(64);
  private readonly labelRing: (string | undefined)[] = [];
  private readonly labelKind: (string | undefined)[] = [];
  /** Ring and kind names repeat across many rows: keep one detached copy of each. */
  private readonly labelNames = new Map<string, string>();

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

  addLabel(account: TextRange, isFraud: boolean, ring: string | undefined, kind: string | undefined): void {
    this.labelAccount.push(this.accountOf(account));
    this.labelIsFraud.push(isFraud ? 1 : 0);
    this.labelRing.push(ring === undefined ? undefined : this.keepName(ring));
    this.labelKind.push(kind === undefined ? undefined : this.keepName(kind));
  }

  /** Row-object forms of the above, for CSV and JSON.parse'd rows. Returns a reject reason for a duplicate id. */
  addAccountRow(row: AccountRow, lineNo: number): string | undefined {
    const id = setRange(this.scratch[0], row.id);
    if (this.declareAccount(id, row.createdAtMs, row.country, lineNo)) return undefined;
    const first = this.accounts.idOf(id);
    return `id: duplicate account id (first declared on line ${this.declaredOnLine.get(first)})`;
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
    this.addLabel(setRange(this.scratch[0], row.account), row.isFraud, row.ring, row.kind);
  }

  /**
   * Takes over an actions table built by another builder (the actions worker) as if its rows had been added
   * here now: its account column indexes accountIds, which lists that builder's accounts in first-seen order,
   * so interning them in that order creates implicit accounts exactly as replaying the rows would. Action
   * names and targets come only from actions, so their ids stay as they are. Remaps table.account in place.
   */
  adoptActions(accountIds: readonly string[], table: ActionTable): void {
    if (this.adoptedActions !== null || this.actionAccount.length > 0) throw new Error('actions were already added');
    const toGlobal = new Int32Array(accountIds.length);
    const range = this.scratch[0];
    for (let i = 0; i < accountIds.length; i++) toGlobal[i] = this.accountOf(setRange(range, accountIds[i]!));
    const account = table.account;
    for (let i = 0; i < account.length; i++) account[i] = toGlobal[account[i]!]!;
    this.adoptedActions = table;
  }

  /** hasLabels: whether a labels file existed (an empty one still yields an all-unlabelled table). */
  build(hasLabels: boolean): BuiltDataset {
    if (this.adoptedActions !== null && this.actionAccount.length > 0) throw new Error('actions were both adopted and added');
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
      actions: this.adoptedActions ?? {
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
      ring: new Array<string | undefined>(accountCount).fill(undefined),
      kind: new Array<string | undefined>(accountCount).fill(undefined),
    };
    // rows are replayed in file order, so the last label row for an account wins
    let duplicates = 0;
    for (let i = 0; i < this.labelAccount.length; i++) {
      const account = this.labelAccount.get(i);
      if (labels.label[account] !== -1) duplicates++;
      labels.label[account] = this.labelIsFraud.get(i);
      labels.ring[account] = this.labelRing[i];
      labels.kind[account] = this.labelKind[i];
    }
    return { labels, duplicates };
  }

  private accountOf(id: TextRange): number {
    // exports are often grouped by account: consecutive rows then skip the hash-table probe
    if (id.hash === this.lastAccountHash && this.accounts.isKeyOf(this.lastAccount, id)) return this.lastAccount;
    const before = this.accounts.size;
    const account = this.accounts.idOf(id);
    if (this.accounts.size > before) {
      this.implicitCount++;
      this.createdAtMs.push(Number.NaN);
      this.country.push(undefined);
      this.isImplicit.push(1);
      this.declaredOnLine.push(0);
    }
    this.lastAccount = account;
    this.lastAccountHash = id.hash;
    return account;
  }

  private keepName(name: string): string {
    let kept = this.labelNames.get(name);
    if (kept === undefined) {
      kept = (' ' + name).slice(1);
      this.labelNames.set(kept, kept);
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
