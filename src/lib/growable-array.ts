// Append-only typed arrays that double when full: ingest's column store, and the graph stages' edge buffers.

export class GrowableInt32 {
  private data: Int32Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Int32Array(Math.max(1, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, new Int32Array(this.data.length * 2));
    this.data[this.length++] = value;
  }
  /** Appends all of values at once. */
  append(values: Int32Array): void {
    const need = this.length + values.length;
    if (need > this.data.length) this.data = grow(this.data, new Int32Array(Math.max(need, this.data.length * 2)));
    this.data.set(values, this.length);
    this.length = need;
  }
  get(index: number): number {
    return this.data[index]!;
  }
  /** The filled part, sharing memory (valid until the next push). */
  view(): Int32Array {
    return this.data.subarray(0, this.length);
  }
  /** A copy trimmed to length, so the spare capacity is freed. */
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}

export class GrowableFloat64 {
  private data: Float64Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Float64Array(Math.max(1, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, new Float64Array(this.data.length * 2));
    this.data[this.length++] = value;
  }
  /** Appends all of values at once. */
  append(values: Float64Array): void {
    const need = this.length + values.length;
    if (need > this.data.length) this.data = grow(this.data, new Float64Array(Math.max(need, this.data.length * 2)));
    this.data.set(values, this.length);
    this.length = need;
  }
  get(index: number): number {
    return this.data[index]!;
  }
  /** The filled part, sharing memory (valid until the next push). */
  view(): Float64Array {
    return this.data.subarray(0, this.length);
  }
  toArray(): Float64Array {
    return this.data.slice(0, this.length);
  }
}

export class GrowableUint8 {
  private data: Uint8Array;
  length = 0;
  constructor(capacity = 1024) {
    this.data = new Uint8Array(Math.max(1, capacity));
  }
  push(value: number): void {
    if (this.length === this.data.length) this.data = grow(this.data, new Uint8Array(this.data.length * 2));
    this.data[this.length++] = value;
  }
  /** Appends all of values at once. */
  append(values: Uint8Array): void {
    const need = this.length + values.length;
    if (need > this.data.length) this.data = grow(this.data, new Uint8Array(Math.max(need, this.data.length * 2)));
    this.data.set(values, this.length);
    this.length = need;
  }
  get(index: number): number {
    return this.data[index]!;
  }
  toArray(): Uint8Array {
    return this.data.slice(0, this.length);
  }
}

function grow<T extends Int32Array | Float64Array | Uint8Array>(from: T, to: T): T {
  to.set(from);
  return to;
}
