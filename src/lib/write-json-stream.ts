// Writes a big object as JSON to a file piece by piece: the top-level arrays (a findings file's rings, members,
// accounts, graphs) element by element, so no string of the whole ever exists (V8 caps strings at ~0.5 GB, and
// at 10M accounts JSON.stringify of the findings ran the heap out). The bytes equal JSON.stringify(value).
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { RingscanError } from '../schema/errors.js';

const FLUSH_CHARS = 1 << 20;

/** `onProgress` hears how many array elements are written so far, once per ~1 MB written. */
export async function writeJsonStream(path: string, value: object, onProgress?: (elements: number) => void): Promise<number> {
  const out = createWriteStream(path);
  let failure: unknown = null;
  out.on('error', (error) => {
    failure = error;
  });
  let elements = 0;
  const writer = new BufferedWriter(out, () => failure, () => onProgress?.(elements));
  try {
    await writer.write('{');
    let isFirst = true;
    for (const [key, field] of Object.entries(value)) {
      if (field === undefined || typeof field === 'function' || typeof field === 'symbol') continue;
      await writer.write(`${isFirst ? '' : ','}${JSON.stringify(key)}:`);
      isFirst = false;
      if (Array.isArray(field)) {
        await writer.write('[');
        for (let i = 0; i < field.length; i++, elements++) await writer.write((i === 0 ? '' : ',') + (JSON.stringify(field[i]) ?? 'null'));
        await writer.write(']');
      } else await writer.write(JSON.stringify(field));
    }
    await writer.write('}');
    await writer.flush();
    await new Promise<void>((resolve, reject) => out.end((error?: Error | null) => (error ? reject(error) : resolve())));
  } catch (error) {
    out.destroy();
    throw new RingscanError('UNREADABLE_FILE', `cannot write ${path}: ${(failure ?? error) instanceof Error ? ((failure ?? error) as Error).message : String(error)}`);
  }
  if (failure !== null) throw new RingscanError('UNREADABLE_FILE', `cannot write ${path}: ${(failure as Error).message}`);
  return elements;
}

/** Gathers small strings into ~1 MB writes and waits on the stream's backpressure. */
class BufferedWriter {
  private parts: string[] = [];
  private chars = 0;
  constructor(
    private readonly out: WriteStream,
    private readonly failure: () => unknown,
    private readonly onFlush: () => void,
  ) {}
  async write(text: string): Promise<void> {
    this.parts.push(text);
    this.chars += text.length;
    if (this.chars >= FLUSH_CHARS) await this.flush();
  }
  async flush(): Promise<void> {
    const failure = this.failure();
    if (failure !== null) throw failure;
    if (this.parts.length === 0) return;
    const text = this.parts.join('');
    this.parts = [];
    this.chars = 0;
    this.onFlush();
    // once() rejects on 'error' by itself; racing a second once(out, 'error') left one listener behind per wait.
    if (!this.out.write(text)) await once(this.out, 'drain');
  }
}
