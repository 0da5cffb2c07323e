// The streamed JSON writer gives JSON.stringify's bytes, for real findings and for the values JSON.stringify skips.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeJsonStream } from '../../src/lib/write-json-stream.js';
import { runPipeline } from '../../src/run/run-pipeline.js';
import { resolveConfig } from '../../src/schema/config.js';
import { RingscanError } from '../../src/schema/errors.js';

const dir = mkdtempSync(join(tmpdir(), 'ringscan-json-stream-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const SAMPLE = join(import.meta.dirname, '..', '..', 'graphs', 'sample');

describe('writeJsonStream', () => {
  it('writes the sample findings byte for byte as JSON.stringify would', async () => {
    const { findings } = await runPipeline({ dataDir: SAMPLE, config: resolveConfig({}) });
    const path = join(dir, 'findings.json');
    await writeJsonStream(path, findings);
    expect(findings.accounts.length).toBeGreaterThan(100);
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(findings));
  }, 60_000);

  it('skips undefined fields, writes undefined array items as null, and honours toJSON', async () => {
    const value = { a: undefined, b: [1, undefined, { c: undefined, d: 'x"y' }], e: new Date(0), f: [], g: { h: [1] }, 'k"ey': null };
    const path = join(dir, 'small.json');
    await writeJsonStream(path, value);
    expect(readFileSync(path, 'utf8')).toBe(JSON.stringify(value));
  });

  it('a path it cannot write is one RingscanError line', async () => {
    const error = await writeJsonStream(join(dir, 'missing', 'x.json'), { a: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RingscanError);
    expect((error as Error).message).toMatch(/^cannot write .*x\.json: /);
  });
});
