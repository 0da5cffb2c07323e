// Splits a byte stream into physical lines by hand: CRLF, a last line without newline, a leading BOM,
// UTF-8 characters split across chunks, and a cap on line length so one endless line cannot exhaust memory.

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;

export interface LineHandlers {
  /**
   * Every physical line as text[start, end), 1-based, without its line ending; blank lines included (the
   * reader decides). Ranges, not slices: the NDJSON fast path reads lines in place.
   */
  line(text: string, start: number, end: number, lineNo: number): void;
  /** A line longer than maxLineBytes was dropped; only its first bytes are kept for the reject record. */
  overlong(lineNo: number, head: string): void;
}

export class LineSplitter {
  private carry: Buffer[] = [];
  private carryBytes = 0;
  private lineNo = 0;
  private skippingHead: string | null = null;

  /** isFileStart: false for a piece of a file cut at a newline, whose first line may not drop a BOM. */
  constructor(
    private readonly handlers: LineHandlers,
    private readonly maxLineBytes = DEFAULT_MAX_LINE_BYTES,
    private readonly isFileStart = true,
  ) {}

  get linesSeen(): number {
    return this.lineNo;
  }

  push(chunk: Buffer): void {
    // 0x0A never occurs inside a multi-byte UTF-8 sequence, so cutting at the last newline
    // always leaves whole characters on both sides.
    const lastNewline = chunk.lastIndexOf(10);
    if (lastNewline === -1) {
      this.keep(chunk);
      return;
    }
    let start = 0;
    if (this.skippingHead !== null) {
      // finish the overlong line: everything up to the first newline is dropped
      const firstNewline = chunk.indexOf(10);
      this.handlers.overlong(++this.lineNo, this.skippingHead);
      this.skippingHead = null;
      start = firstNewline + 1;
    }
    let text: string;
    if (this.carryBytes > 0) {
      this.carry.push(chunk.subarray(start, lastNewline + 1));
      text = Buffer.concat(this.carry).toString('utf8');
      this.carry = [];
      this.carryBytes = 0;
    } else {
      text = chunk.toString('utf8', start, lastNewline + 1);
    }
    this.emitLines(text);
    if (lastNewline + 1 < chunk.length) this.keep(chunk.subarray(lastNewline + 1));
  }

  /** Flush the last line when the input does not end with a newline. */
  end(): void {
    if (this.skippingHead !== null) {
      this.handlers.overlong(++this.lineNo, this.skippingHead);
      this.skippingHead = null;
      return;
    }
    if (this.carryBytes === 0) return;
    const text = Buffer.concat(this.carry).toString('utf8');
    this.carry = [];
    this.carryBytes = 0;
    this.emit(text, 0, text.charCodeAt(text.length - 1) === 13 ? text.length - 1 : text.length);
  }

  private keep(bytes: Buffer): void {
    if (this.skippingHead !== null) return;
    this.carry.push(bytes);
    this.carryBytes += bytes.length;
    if (this.carryBytes > this.maxLineBytes) {
      // a fixed length, not whatever the carry held: the same line read in another piece gives the same head
      const head = Buffer.concat(this.carry).toString('utf8', 0, Math.min(this.maxLineBytes, 2048));
      this.skippingHead = head.charCodeAt(0) === 0xfeff ? head.slice(1) : head;
      this.carry = [];
      this.carryBytes = 0;
    }
  }

  /** text holds whole lines, each ending in '\n'. */
  private emitLines(text: string): void {
    let pos = 0;
    let newline = text.indexOf('\n');
    while (newline !== -1) {
      const end = newline > pos && text.charCodeAt(newline - 1) === 13 ? newline - 1 : newline;
      this.emit(text, pos, end);
      pos = newline + 1;
      newline = text.indexOf('\n', pos);
    }
  }

  private emit(text: string, start: number, end: number): void {
    const lineNo = ++this.lineNo;
    this.handlers.line(text, lineNo === 1 && this.isFileStart && text.charCodeAt(start) === 0xfeff ? start + 1 : start, end, lineNo);
  }
}
