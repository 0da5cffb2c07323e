// The CLI edge's one translator: bad flags and bad settings get one line in plain words naming the flag or
// setting, never the validator's own words.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../helpers/run-cli.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'graphs', 'sample');
const JARGON = /Invalid input|Unrecognized key|expected (number|string)|received (NaN|string|undefined)|Too (big|small)|ZodError/;

describe('CLI messages', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringscan-msg-'));
  writeFileSync(join(dir, 'unknown.json'), JSON.stringify({ seeed: 7 }));
  writeFileSync(join(dir, 'wrong.json'), JSON.stringify({ flagThreshold: 'high' }));
  const cases: [string[], string][] = [
    [['run', '--data', SAMPLE, '--threshold', 'abc', '--no-store'], 'ringscan: invalid --threshold: must be a number'],
    [['run', '--data', SAMPLE, '--top', '-1', '--no-store'], 'ringscan: invalid --top: must be at least 0'],
    [['export', '--min-score', '2'], 'ringscan: invalid --min-score: must be at most 1'],
    [['compare', '--data', SAMPLE, '--resamples', 'x'], 'ringscan: invalid --resamples: must be a number'],
    [['review-sample', '--n', '0', '--out', join(dir, 'r.json')], 'ringscan: invalid --n: must be at least 1'],
    [['run', '--data', SAMPLE, '--config', join(dir, 'unknown.json'), '--no-store'], `ringscan: config file ${join(dir, 'unknown.json')}: has an unknown setting: seeed`],
    [['run', '--data', SAMPLE, '--config', join(dir, 'wrong.json'), '--no-store'], `ringscan: config file ${join(dir, 'wrong.json')}: setting flagThreshold must be a number`],
  ];
  it.each(cases)('%j → one plain line naming the flag or setting, exit 2', (args, line) => {
    const result = runCli(args, { cwd: dir });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`${line}\n`);
    expect(result.stderr).not.toMatch(JARGON);
  });
});
