// Assembles CSV records from physical lines (RFC 4180): quoted fields may hold commas, "" escapes and newlines.
// Pure: lines in, field arrays or one-line errors out; the first record is the header, the caller decides.

export interface CsvHandlers {
  record(fields: string[], firstLine: number, raw: string): void;
  invalid(reason: string, firstLine: number, raw: string): void;
}

const RAW_KEEP_CHARS = 500;

export class CsvRecordAssembler {
  private fields: string[] = [];
  private field = '';
  private isInQuotes = false;
  private firstLine = 0;
  private raw = '';
  private recordChars = 0;

  constructor(
    private readonly handlers: CsvHandlers,
    private readonly maxRecordChars = 16 * 1024 * 1024,
  ) {}

  /** Feed one physical line (without its line ending). */
  line(text: string, lineNo: number): void {
    if (this.isInQuotes) {
      this.field += '\n';
      this.appendRaw('\n' + text);
      this.recordChars += text.length + 1;
      if (this.recordChars > this.maxRecordChars) {
        this.fail(`record longer than ${this.maxRecordChars} characters (unterminated quote?)`);
        return;
      }
      this.parse(text, 0, true);
      return;
    }
    if (text.length === 0 || (text.charCodeAt(0) <= 32 && text.trim() === '')) return; // blank line
    if (text.indexOf('"') === -1) {
      this.handlers.record(text.split(','), lineNo, text);
      return;
    }
    this.firstLine = lineNo;
    this.raw = text.length > RAW_KEEP_CHARS ? text.slice(0, RAW_KEEP_CHARS) : text;
    this.recordChars = text.length;
    this.parse(text, 0, false);
  }

  /** End of input: a quoted field still open is an invalid record. */
  end(): void {
    if (this.isInQuotes) this.fail('unterminated quoted field');
  }

  /** A physical line too long to buffer was dropped: it ends any open record and is itself invalid. */
  overlong(lineNo: number, head: string, reason: string): void {
    if (this.isInQuotes) this.fail('unterminated quoted field before an overlong line');
    this.handlers.invalid(reason, lineNo, head.slice(0, RAW_KEEP_CHARS));
  }

  private parse(text: string, from: number, isContinuingQuote: boolean): void {
    let i = from;
    const n = text.length;
    let isInQuotes = isContinuingQuote;
    for (;;) {
      if (isInQuotes) {
        const quote = text.indexOf('"', i);
        if (quote === -1) {
          this.field += text.slice(i);
          this.isInQuotes = true;
          return; // the record continues on the next physical line
        }
        if (text.charCodeAt(quote + 1) === 34) {
          this.field += text.slice(i, quote) + '"';
          i = quote + 2;
          continue;
        }
        this.fields.push(this.field + text.slice(i, quote));
        this.field = '';
        isInQuotes = false;
        i = quote + 1;
        if (i === n) return this.complete();
        if (text.charCodeAt(i) !== 44) {
          this.isInQuotes = false;
          return this.fail(`field ${this.fields.length}: text after the closing quote`);
        }
        i++;
        if (i === n) {
          this.fields.push('');
          return this.complete();
        }
        continue;
      }
      if (text.charCodeAt(i) === 34) {
        isInQuotes = true;
        i++;
        continue;
      }
      const comma = text.indexOf(',', i);
      if (comma === -1) {
        this.fields.push(text.slice(i));
        return this.complete();
      }
      this.fields.push(text.slice(i, comma));
      i = comma + 1;
      if (i === n) {
        this.fields.push('');
        return this.complete();
      }
    }
  }

  private appendRaw(text: string): void {
    if (this.raw.length < RAW_KEEP_CHARS) this.raw = (this.raw + text).slice(0, RAW_KEEP_CHARS);
  }

  private complete(): void {
    const { fields, firstLine, raw } = this;
    this.reset();
    this.handlers.record(fields, firstLine, raw);
  }

  private fail(reason: string): void {
    const { firstLine, raw } = this;
    this.reset();
    this.handlers.invalid(reason, firstLine, raw);
  }

  private reset(): void {
    this.fields = [];
    this.field = '';
    this.isInQuotes = false;
    this.raw = '';
    this.recordChars = 0;
  }
}
