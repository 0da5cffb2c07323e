import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECTION_DEFAULTS } from '../src/schema/config.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

/** How the table writes a default: numbers, booleans and strings as is, lists comma-separated, maps as "key value". */
function cellOf(value: unknown): string {
  if (Array.isArray(value)) return value.join(', ');
  if (value !== null && typeof value === 'object') return Object.entries(value).map(([k, v]) => `${k} ${String(v)}`).join(', ');
  return String(value);
}

describe('README', () => {
  const configurationRows = readme.split('## Configuration')[1]!.split('\n## ')[0]!.split('\n').filter((line) => line.startsWith('| `'));

  it('documents every detection setting with its current default', () => {
    for (const [key, value] of Object.entries(DETECTION_DEFAULTS)) {
      const row = configurationRows.find((line) => line.startsWith(`| \`${key}\` |`));
      expect(row, `README has no row for ${key}`).toBeDefined();
      expect(row!.split(' | ')[1], `README's default for ${key}`).toBe(cellOf(value));
    }
  });

  it('documents no setting that DETECTION_DEFAULTS does not have', () => {
    const documented = configurationRows.map((line) => /^\| `([^`]+)` \|/.exec(line)![1]!);
    expect(documented.filter((key) => !(key in DETECTION_DEFAULTS))).toEqual([]);
    expect(documented).toHaveLength(Object.keys(DETECTION_DEFAULTS).length);
  });

  it('has a two-command quick start: the main job on graphs/sample, then npm test', () => {
    const quickStart = readme.split('## Quick start')[1]!.split('```sh')[1]!.split('```')[0]!.trim().split('\n');
    expect(quickStart).toEqual(['npm ci && npx ringscan run --data graphs/sample', 'npm test']);
  });
});
