// Open-addressing hash table from strings to dense ids in first-seen order. It is probed straight from a range
// of a larger text, so a known key costs no allocation, and key characters sit in one Uint16Array pool: a probe
// reads an 8-byte slot and the pool, not the scattered string objects a Map<string, number> walks (about 2x faster at 1M keys).

/** A string given as text[start, end) with its hashRange value. */
export interface TextRange {
  text: string;
  start: number;
  end: number;
  hash: number;
}

const FNV_OFFSET = 0x811c9dc5 | 0;
const FNV_PRIME = 0x01000193;

/** FNV-1a over UTF-16 code units; readers may compute it incrementally while scanning (see FlatJsonScanner). */
export function hashRange(text: string, start: number, end: number): number {
  let hash = FNV_OFFSET;
  for (let i = start; i < end; i++) hash = Math.imul(hash ^ text.charCodeAt(i), FNV_PRIME);
  return hash;
}
export const HASH_SEED = FNV_OFFSET;
export const HASH_PRIME = FNV_PRIME;

/** Points range at the whole of value. */
export function setRange(range: TextRange, value: string): TextRange {
  range.text = value;
  range.start = 0;
  range.end = value.length;
  range.hash = hashRange(value, 0, value.length);
  return range;
}

export function newRange(): TextRange {
  return { text: '', start: 0, end: 0, hash: 0 };
}

// murmur3's finalizer: FNV's low bits are weak and the table masks them
function finalHash(hash: number, namespace: number): number {
  let h = hash ^ Math.imul(namespace, 0x9e3779b1);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A StringIndex's keys as one character pool (transferable between threads, unlike a string array that must be
 * cloned string by string): key i is chars[starts[i] + skip, starts[i + 1]), skip being 2 when namespaced.
 */
export interface PooledKeys {
  chars: Uint16Array;
  starts: Int32Array;
  skip: number;
}

const SLOT_INTS = 2; // id + 1 (0 = empty), hash; 8 bytes a slot keeps more of the table in cache
const NAMESPACE_UNITS = 2;

export class StringIndex {
  /** Key of each id, in first-seen order. */
  readonly keys: string[] = [];
  private table: Int32Array;
  private mask: number;
  /** Characters of every key back to back (after 2 namespace units when namespaced). */
  private pool: Uint16Array;
  private poolLength = 0;
  /** Key id's characters are pool[poolStart[id], poolStart[id + 1]). */
  private poolStart: Int32Array;
  private readonly namespaceUnits: number;

  /** hasNamespaces: keys are (namespace, string) pairs, e.g. (identifier type, value). */
  constructor(options: { hasNamespaces?: boolean; capacity?: number } = {}) {
    const capacity = Math.max(16, 2 ** Math.ceil(Math.log2((options.capacity ?? 1024) * 2)));
    this.table = new Int32Array(capacity * SLOT_INTS);
    this.mask = capacity - 1;
    this.pool = new Uint16Array(capacity * 4);
    this.poolStart = new Int32Array(capacity / 2 + 1);
    this.namespaceUnits = options.hasNamespaces ? NAMESPACE_UNITS : 0;
  }

  get size(): number {
    return this.keys.length;
  }

  /** The id of range's string (in namespace), adding it when new; new ids are size - 1 afterwards. */
  idOf(range: TextRange, namespace = 0): number {
    const { text, start, end } = range;
    const units = this.namespaceUnits;
    const stored = end - start + units;
    const hash = finalHash(range.hash, namespace);
    const table = this.table;
    let slot = hash & this.mask;
    for (;;) {
      const at = slot * SLOT_INTS;
      const entry = table[at]!;
      if (entry === 0) return this.insert(at, range, hash, namespace);
      if (table[at + 1] === hash) {
        const id = entry - 1;
        let offset = this.poolStart[id]!;
        if (this.poolStart[id + 1]! - offset === stored) {
          const pool = this.pool;
          let isSame = units === 0 || (pool[offset] === (namespace & 0xffff) && pool[offset + 1] === namespace >>> 16);
          offset += units;
          for (let i = 0; isSame && i < stored - units; i++) isSame = pool[offset + i] === text.charCodeAt(start + i);
          if (isSame) return id;
        }
      }
      slot = (slot + 1) & this.mask;
    }
  }

  /** The keys as a pool (copies, so this index stays usable). */
  exportKeys(): PooledKeys {
    return { chars: this.pool.slice(0, this.poolLength), starts: this.poolStart.slice(0, this.keys.length + 1), skip: this.namespaceUnits };
  }

  /**
   * The id of key i of another index's pool (in namespace), adding it when new: the merge of parallel parts,
   * which makes a string only for keys new here.
   */
  idOfPooled(keys: PooledKeys, i: number, namespace = 0): number {
    const chars = keys.chars;
    const start = keys.starts[i]! + keys.skip;
    const end = keys.starts[i + 1]!;
    let raw = HASH_SEED;
    for (let k = start; k < end; k++) raw = Math.imul(raw ^ chars[k]!, HASH_PRIME);
    const units = this.namespaceUnits;
    const stored = end - start + units;
    const hash = finalHash(raw, namespace);
    const table = this.table;
    let slot = hash & this.mask;
    for (;;) {
      const at = slot * SLOT_INTS;
      const entry = table[at]!;
      if (entry === 0) {
        const range = this.pooledScratch;
        // fromCharCode keeps lone surrogates (a TextDecoder would replace them); keys are at most 514 units
        range.text = String.fromCharCode.apply(null, chars.subarray(start, end) as unknown as number[]);
        range.start = 0;
        range.end = end - start;
        range.hash = raw;
        return this.insert(at, range, hash, namespace);
      }
      if (table[at + 1] === hash) {
        const id = entry - 1;
        let offset = this.poolStart[id]!;
        if (this.poolStart[id + 1]! - offset === stored) {
          const pool = this.pool;
          let isSame = units === 0 || (pool[offset] === (namespace & 0xffff) && pool[offset + 1] === namespace >>> 16);
          offset += units;
          for (let k = 0; isSame && k < stored - units; k++) isSame = pool[offset + k] === chars[start + k];
          if (isSame) return id;
        }
      }
      slot = (slot + 1) & this.mask;
    }
  }

  private readonly pooledScratch: TextRange = newRange();

  /** Whether id's key equals range's string: a cheap recheck of a recently used id. */
  isKeyOf(id: number, range: TextRange): boolean {
    const key = this.keys[id];
    const length = range.end - range.start;
    if (key === undefined || key.length !== length) return false;
    const { text, start } = range;
    for (let i = 0; i < length; i++) if (key.charCodeAt(i) !== text.charCodeAt(start + i)) return false;
    return true;
  }

  private insert(at: number, range: TextRange, hash: number, namespace: number): number {
    const id = this.keys.length;
    const length = range.end - range.start;
    const need = this.poolLength + length + this.namespaceUnits;
    if (need > this.pool.length) {
      const grown = new Uint16Array(Math.max(need, this.pool.length * 2));
      grown.set(this.pool.subarray(0, this.poolLength));
      this.pool = grown;
    }
    if (id + 2 > this.poolStart.length) {
      const grown = new Int32Array(this.poolStart.length * 2);
      grown.set(this.poolStart);
      this.poolStart = grown;
    }
    let write = this.poolLength;
    if (this.namespaceUnits !== 0) {
      this.pool[write++] = namespace & 0xffff;
      this.pool[write++] = namespace >>> 16;
    }
    const { text, start } = range;
    for (let i = 0; i < length; i++) this.pool[write++] = text.charCodeAt(start + i);
    this.poolLength = write;
    this.poolStart[id + 1] = write;
    this.table[at] = id + 1;
    this.table[at + 1] = hash;
    // a flattened copy: a plain slice of a big chunk's text would keep the whole chunk alive
    this.keys.push(range.start === 0 && range.end === text.length && text === this.pooledScratch.text ? text : (' ' + text.slice(range.start, range.end)).slice(1));
    if (this.keys.length * 2 > this.mask + 1) this.rehash((this.mask + 1) * 2);
    return id;
  }

  /** Makes room for about `keys` keys up front, sparing the rehashes of growing one doubling at a time. */
  reserve(keys: number): void {
    let capacity = this.mask + 1;
    while (keys * 2 > capacity) capacity *= 2;
    if (capacity > this.mask + 1) this.rehash(capacity);
    if (keys + 2 > this.poolStart.length) {
      const grown = new Int32Array(keys + 2);
      grown.set(this.poolStart);
      this.poolStart = grown;
    }
  }

  private rehash(capacity: number): void {
    const old = this.table;
    const table = new Int32Array(capacity * SLOT_INTS);
    const mask = capacity - 1;
    for (let at = 0; at < old.length; at += SLOT_INTS) {
      const entry = old[at]!;
      if (entry === 0) continue;
      const hash = old[at + 1]!;
      let slot = hash & mask;
      while (table[slot * SLOT_INTS] !== 0) slot = (slot + 1) & mask;
      table[slot * SLOT_INTS] = entry;
      table[slot * SLOT_INTS + 1] = hash;
    }
    this.table = table;
    this.mask = mask;
  }
}
