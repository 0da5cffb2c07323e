// LineSplitter: physical lines from arbitrary chunkings, CRLF, BOM, a final line without newline, overlong lines.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineSplitter } from '../../src/ingest/line-splitter.js';

function splitAll(chunks: Buffer[], maxLineBytes?: number): { lines: [number, string][]; overlong: [number, string][] } {
  const lines: [number, string][] = [];
  const overlong: [number, string][] = [];
  const splitter = new LineSplitter(
    {
      line: (text, start, end, lineNo) => lines.push([lineNo, text.slice(start, end)]),
      overlong: (lineNo, head) => overlong.push([lineNo, head]),
    },
    maxLineBytes,
  );
  for (const chunk of chunks) splitter.push(chunk);
  splitter.end();
  return { lines, overlong };
}

function chunksOf(bytes: Buffer, size: number): Buffer[] {
  const chunks: Buffer[] = [];
  for (let i = 0; i < bytes.length; i += size) chunks.push(bytes.subarray(i, i + size));
  return chunks;
}

describe('LineSplitter', () => {
  it('strips CRLF and LF endings and keeps a last line that has no newline', () => {
    const { lines } = splitAll([Buffer.from('a\r\nb\n\nc')]);
    expect(lines).toEqual([
      [1, 'a'],
      [2, 'b'],
      [3, ''],
      [4, 'c'],
    ]);
  });

  it('emits nothing for empty input and no phantom line after a final newline', () => {
    expect(splitAll([]).lines).toEqual([]);
    expect(splitAll([Buffer.from('x\n')]).lines).toEqual([[1, 'x']]);
  });

  it('drops a UTF-8 byte order mark at the start of the file only', () => {
    const { lines } = splitAll(chunksOf(Buffer.from('\uFEFFid\n\uFEFFx\n'), 1));
    expect(lines).toEqual([
      [1, 'id'],
      [2, '\uFEFFx'],
    ]);
  });

  it('keeps multi-byte characters whole when chunks cut through them (1-byte chunks)', () => {
    const text = 'naïve,日本語\r\n🎉 party\nlast ü';
    const { lines } = splitAll(chunksOf(Buffer.from(text), 1));
    expect(lines.map(([, line]) => line)).toEqual(['naïve,日本語', '🎉 party', 'last ü']);
  });

  it('yields the same lines for every chunking of the same bytes (property)', () => {
    const lineArb = fc.string({ unit: 'grapheme', maxLength: 12 }).map((s) => s.replace(/[\r\n\uFEFF]/g, ''));
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 12 }), fc.boolean(), fc.boolean(), fc.integer({ min: 1, max: 9 }), (lines, isCrlf, hasFinalNewline, size) => {
        const text = lines.join(isCrlf ? '\r\n' : '\n') + (hasFinalNewline && lines.length > 0 ? '\n' : '');
        const expected = text.split(/\r?\n/);
        if (expected.at(-1) === '') expected.pop(); // an empty last line is no line
        const got = splitAll(chunksOf(Buffer.from(text), size)).lines.map(([, line]) => line);
        expect(got).toEqual(expected);
      }),
    );
  });

  it('drops a line longer than the limit without buffering it, reports it, and carries on', () => {
    const long = 'x'.repeat(100);
    const { lines, overlong } = splitAll(chunksOf(Buffer.from(`ok\n${long}\nnext\n${long}`), 8), 32);
    expect(lines).toEqual([
      [1, 'ok'],
      [3, 'next'],
    ]);
    expect(overlong.map(([lineNo]) => lineNo)).toEqual([2, 4]);
    expect(overlong[0]![1].startsWith('xxxxxxxx')).toBe(true);
  });
});
