// The streamed JSON reader gives JSON.parse's value wherever the text is cut, and refuses what JSON.parse refuses.
import { closeSync, mkdtempSync, openSync, rmSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { JsonStreamSyntaxError, parseJsonObjectChunks, readJsonObjectStream } from '../../src/lib/read-json-stream.js';
import { writeJsonStream } from '../../src/lib/write-json-stream.js';
import { runPipeline } from '../../src/run/run-pipeline.js';
import { resolveConfig } from '../../src/schema/config.js';

const dir = mkdtempSync(join(tmpdir(), 'ringscan-json-read-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLE = join(import.meta.dirname, '..', '..', 'graphs', 'sample');

/** The text in pieces of `size` characters. */
function cut(text: string, size: number): string[] {
  const pieces: string[] = [];
  for (let i = 0; i < text.length; i += size) pieces.push(text.slice(i, i + size));
  return pieces;
}

const tricky = {
  a: [1, { b: '[,]{}"\\', c: [[], [2, [3]]] }, 'x,y', null],
  empty: [],
  obj: { d: [1, 2], e: { f: '}' } },
  n: -1.5e3,
  s: 'é "quoted" \\ \u2028',
  t: true,
  'k"ey': [{}],
};

describe('readJsonObjectStream', () => {
  it('reads the sample findings written by writeJsonStream back to the same value', async () => {
    const { findings } = await runPipeline({ dataDir: SAMPLE, config: resolveConfig({}) });
    const path = join(dir, 'findings.json');
    await writeJsonStream(path, findings);
    expect(await readJsonObjectStream(path)).toEqual(JSON.parse(JSON.stringify(findings)));
  }, 60_000);

  it('equals JSON.parse for nested arrays, strings holding brackets and commas, and any spacing, cut at every size', async () => {
    for (const text of [JSON.stringify(tricky), JSON.stringify(tricky, null, 2), ` \n${JSON.stringify(tricky, null, '\t')}\n `, '{}', '{ "a" : [ ] }']) {
      for (const size of [1, 2, 3, 7, 64, text.length]) expect(await parseJsonObjectChunks(cut(text, size))).toEqual(JSON.parse(text));
    }
  });

  it('keeps a "__proto__" key as a field, as JSON.parse does', async () => {
    const value = await parseJsonObjectChunks(['{"__proto__":[1],"x":{"__proto__":2}}']);
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype);
    expect(Object.keys(value)).toEqual(['__proto__', 'x']);
  });

  it('refuses JSON that is not an object, and what JSON.parse refuses, with where', async () => {
    for (const text of ['[1]', '"s"', '1', 'null']) {
      await expect(parseJsonObjectChunks([text]), text).rejects.toThrow(/expected a JSON object/);
    }
    for (const text of ['', '  ', '{', '{"a":1', '{"a":[1,2}', '{"a":[1,]}', '{"a":1,}', '{,}', '{"a":[1] "b":2}', '{"a" 1}', '{"a":1} x', '{"a":[1]}{}', '{"a":1 [2]}', '{"a":"x}']) {
      expect(() => JSON.parse(text), text).toThrow();
      for (const size of [1, 3, 100]) await expect(parseJsonObjectChunks(cut(text, size)), `${text} in ${size}s`).rejects.toThrow(JsonStreamSyntaxError);
    }
  });

  it('a file longer than the longest string V8 can make (~537M characters) is read', async () => {
    const path = join(dir, 'big.json');
    const element = `1${' '.repeat(1023)},`;
    const block = element.repeat(1024);
    const blocks = 560;
    const fd = openSync(path, 'w');
    writeSync(fd, '{"items":[');
    for (let b = 0; b < blocks; b++) writeSync(fd, block);
    writeSync(fd, '2],"blocks":560}');
    closeSync(fd);
    const value = (await readJsonObjectStream(path)) as { items: number[]; blocks: number };
    expect(value.blocks).toBe(blocks);
    expect(value.items.length).toBe(blocks * 1024 + 1);
    expect(value.items.at(-1)).toBe(2);
    rmSync(path);
  }, 120_000);
});
