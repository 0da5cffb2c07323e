// The in-memory dataset that ingest produces and the pure stages read: dense integer ids and typed arrays.
// Account i is accounts.ids[i]; entity e is (entities.types[entities.typeOf[e]], entities.values[e]).

export interface AccountTable {
  ids: string[];
  /** Creation time in epoch ms; NaN when the account was only referenced (implicit) and never declared. */
  createdAtMs: Float64Array;
  country: (string | undefined)[];
  /** true when the account appeared only in links/actions/labels, not in the accounts file. */
  isImplicit: Uint8Array;
}

export interface EntityTable {
  /** Distinct identifier types in first-seen order (device, ip, card, …, or any other string). */
  types: string[];
  typeOf: Int32Array;
  values: string[];
}

/** One row per (account, entity) pair, duplicates removed. */
export interface LinkTable {
  account: Int32Array;
  entity: Int32Array;
}

export interface ActionTable {
  /** Distinct action names (follow, like, …). */
  actionNames: string[];
  targets: string[];
  account: Int32Array;
  action: Int32Array;
  target: Int32Array;
  /** Seconds since epoch (float). */
  tsSec: Float64Array;
}

export interface LabelTable {
  /** Per account: 1 fraud, 0 benign, -1 unlabelled. */
  label: Int8Array;
}

export interface Dataset {
  accounts: AccountTable;
  entities: EntityTable;
  links: LinkTable;
  actions: ActionTable;
  labels?: LabelTable;
}
