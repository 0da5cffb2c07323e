// Reads a JSON object from a file piece by piece, the reverse of write-json-stream.ts: each top-level array is
// parsed element by element and every other top-level value on its own, so no string of the whole file ever
// exists (V8 caps a string at ~0.5 GB; the findings of 10M accounts are 1.25 GB). Any JSON object is read, however
// it is spaced; the result equals JSON.parse of the whole text.
import { createReadStream } from 'node:fs';

/** The file is not one JSON object; `message` says where. */
export class JsonStreamSyntaxError extends Error {}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COMMA = 0x2c;

export async function readJsonObjectStream(path: string): Promise<Record<string, unknown>> {
  return parseJsonObjectChunks(createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 }) as AsyncIterable<string>);
}

/** The object the chunks spell, cut wherever they are cut. */
export async function parseJsonObjectChunks(chunks: Iterable<string> | AsyncIterable<string>): Promise<Record<string, unknown>> {
  const parser = new TopLevelObjectParser();
  for await (const chunk of chunks) parser.feed(chunk);
  return parser.end();
}

/** Splits the text at the top-level object's commas and its arrays' element commas; each piece is JSON.parse'd. */
class TopLevelObjectParser {
  private readonly result: Record<string, unknown> = {};
  private depth = 0;
  private inString = false;
  private escaped = false;
  private isClosed = false;
  private parts: string[] = [];
  private pieceStart = 0;
  private offset = 0;
  private arrayKey: string | null = null;
  private array: unknown[] = [];
  private isAfterArray = false;

  feed(chunk: string): void {
    let start = 0;
    for (let i = 0; i < chunk.length; i++) {
      const c = chunk.charCodeAt(i);
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) this.inString = false;
        continue;
      }
      if (this.depth === 0) {
        if (isSpace(c)) continue;
        if (this.isClosed) this.fail(this.offset + i, 'text after the closing brace');
        if (c !== OPEN_BRACE) this.fail(this.offset + i, 'expected a JSON object');
        this.depth = 1;
        this.parts = [];
        start = this.next(i);
      } else if (c === QUOTE) this.inString = true;
      else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
        if (this.depth === 1 && c === OPEN_BRACKET) {
          this.arrayKey = this.keyOf(this.take(chunk, start, i));
          this.array = [];
          start = this.next(i);
        }
        this.depth++;
      } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET || c === COMMA) {
        if (this.depth === 2 && this.arrayKey !== null && c !== CLOSE_BRACE) {
          this.element(this.take(chunk, start, i), c === CLOSE_BRACKET);
          if (c === CLOSE_BRACKET) this.closeArray();
          start = this.next(i);
        } else if (this.depth === 1 && c !== CLOSE_BRACKET) {
          this.pair(this.take(chunk, start, i), c === CLOSE_BRACE);
          if (c === CLOSE_BRACE) {
            this.depth = 0;
            this.isClosed = true;
          }
          start = this.next(i);
        } else if (c !== COMMA) this.depth--;
      }
    }
    this.parts.push(chunk.slice(start));
    this.offset += chunk.length;
  }

  end(): Record<string, unknown> {
    if (!this.isClosed) this.fail(this.offset, this.depth === 0 ? 'no JSON object' : 'the file ends inside the object');
    return this.result;
  }

  /** The current piece, from where it began to `end` in this chunk. */
  private take(chunk: string, start: number, end: number): string {
    const piece = this.parts.length === 0 ? chunk.slice(start, end) : this.parts.join('') + chunk.slice(start, end);
    this.parts = [];
    return piece;
  }

  /** The next piece starts after the structural character at `i`. */
  private next(i: number): number {
    this.pieceStart = this.offset + i + 1;
    return i + 1;
  }

  /** `"key":` before an array. */
  private keyOf(piece: string): string {
    const text = piece.trim();
    const key = text.endsWith(':') ? this.parse(text.slice(0, -1)) : undefined;
    if (typeof key !== 'string') this.fail(this.pieceStart, 'expected "key": before an array');
    return key;
  }

  private element(piece: string, isLast: boolean): void {
    if (isLast && this.array.length === 0 && piece.trim() === '') return;
    this.array.push(this.parse(piece));
  }

  private closeArray(): void {
    this.set(this.arrayKey!, this.array);
    this.arrayKey = null;
    this.depth = 1;
    this.isAfterArray = true;
  }

  /** `"key": value` between the object's commas; nothing at all after an array or in `{}`. */
  private pair(piece: string, isLast: boolean): void {
    const isBlank = piece.trim() === '';
    if (this.isAfterArray) {
      if (!isBlank) this.fail(this.pieceStart, 'expected , or } after an array');
      this.isAfterArray = false;
      return;
    }
    if (isBlank) {
      if (isLast && Object.keys(this.result).length === 0) return;
      this.fail(this.pieceStart, 'expected "key": value');
    }
    for (const [key, value] of Object.entries(this.parse(`{${piece}}`) as Record<string, unknown>)) this.set(key, value);
  }

  /** Defined, not assigned, so a "__proto__" key is a field as JSON.parse makes it. */
  private set(key: string, value: unknown): void {
    Object.defineProperty(this.result, key, { value, writable: true, enumerable: true, configurable: true });
  }

  private parse(text: string): unknown {
    try {
      return JSON.parse(text);
    } catch (error) {
      this.fail(this.pieceStart, (error as Error).message);
    }
  }

  private fail(at: number, why: string): never {
    throw new JsonStreamSyntaxError(`${why} (in the piece from character ${at})`);
  }
}

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09;
}
