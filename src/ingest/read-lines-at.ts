// Reads back the text of a few physical lines of a file (or of one piece of it): the rare rows whose reject is
// only discovered when parts are merged (an account declared again in a later piece).
import { createReadStream } from 'node:fs';
import type { DatasetFile } from './dataset-files.js';
import { LineSplitter } from './line-splitter.js';
import type { ByteRange } from './read-rows.js';

/** lineNumbers: 1-based within the range (or file); answers their text by line number. */
export async function readLinesAt(file: DatasetFile, range: ByteRange | undefined, lineNumbers: readonly number[]): Promise<Map<number, string>> {
  const wanted = new Set(lineNumbers);
  const found = new Map<number, string>();
  const last = Math.max(...lineNumbers);
  const splitter = new LineSplitter(
    {
      line(text, start, end, lineNo) {
        if (wanted.has(lineNo)) found.set(lineNo, text.slice(start, end));
      },
      overlong() {},
    },
    undefined,
    range === undefined || range.start === 0,
  );
  const source = createReadStream(file.path, range === undefined ? {} : { start: range.start, end: range.end - 1 });
  try {
    for await (const chunk of source as AsyncIterable<Buffer>) {
      splitter.push(chunk);
      if (splitter.linesSeen >= last) break;
    }
    splitter.end();
  } finally {
    source.destroy();
  }
  return found;
}
