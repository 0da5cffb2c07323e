// A growable byte buffer that text is encoded into directly, so millions of lines never become JS strings
// (building and flattening one string per line cost more than generating the data).

const MIN_CAPACITY = 1 << 16;

export class ByteBuffer {
  private buf: Buffer;
  private pos = 0;

  constructor(capacity = 1 << 20) {
    this.buf = Buffer.allocUnsafe(Math.max(MIN_CAPACITY, capacity));
  }

  get length(): number {
    return this.pos;
  }

  /** Hand over the bytes written so far and start a fresh buffer (the returned bytes are never reused). */
  take(): Buffer {
    const out = this.buf.subarray(0, this.pos);
    this.buf = Buffer.allocUnsafe(this.buf.length);
    this.pos = 0;
    return out;
  }

  ensure(extra: number): void {
    if (this.pos + extra <= this.buf.length) return;
    const next = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + extra));
    this.buf.copy(next, 0, 0, this.pos);
    this.buf = next;
  }

  byte(code: number): void {
    this.ensure(1);
    this.buf[this.pos++] = code;
  }

  /** Text known to be ASCII (constants, digits). */
  ascii(text: string): void {
    const n = text.length;
    this.ensure(n);
    const buf = this.buf;
    let pos = this.pos;
    for (let i = 0; i < n; i++) buf[pos++] = text.charCodeAt(i);
    this.pos = pos;
  }

  /** Any text, UTF-8. */
  utf8(text: string): void {
    this.ensure(Buffer.byteLength(text));
    this.pos += this.buf.write(text, this.pos, 'utf8');
  }

  /**
   * ASCII text unless a character fails `isPlain`; then nothing is written and false is returned so the caller
   * can fall back to an escaping path. One pass: the common case never scans twice.
   */
  plainAscii(text: string, isPlain: (code: number) => boolean): boolean {
    const n = text.length;
    this.ensure(n);
    const buf = this.buf;
    const start = this.pos;
    let pos = start;
    for (let i = 0; i < n; i++) {
      const code = text.charCodeAt(i);
      if (code >= 0x80 || !isPlain(code)) return false;
      buf[pos++] = code;
    }
    this.pos = pos;
    return true;
  }

  /** A safe integer in decimal. */
  integer(value: number): void {
    if (!Number.isSafeInteger(value)) {
      this.ascii(String(value));
      return;
    }
    this.ensure(21);
    let v = value;
    if (v < 0) {
      this.buf[this.pos++] = 0x2d;
      v = -v;
    }
    if (v === 0) {
      this.buf[this.pos++] = 0x30;
      return;
    }
    let digits = 0;
    for (let t = v; t >= 1; t = Math.floor(t / 10)) digits++;
    const end = this.pos + digits;
    for (let p = end - 1; p >= this.pos; p--) {
      this.buf[p] = 0x30 + (v % 10);
      v = Math.floor(v / 10);
    }
    this.pos = end;
  }
}
