import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DETECTION_DEFAULTS } from '../src/schema/config.js';

const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');

describe('README', () => {
  it('documents every detection setting with its current default', () => {
    for (const [key, value] of Object.entries(DETECTION_DEFAULTS)) {
      const row = readme.split('\n').find((line) => line.startsWith(`| \`${key}\` |`));
      expect(row, `README has no row for ${key}`).toBeDefined();
      if (typeof value === 'number' || typeof value === 'boolean') expect(row).toContain(`| ${String(value)} |`);
      else for (const [type, weight] of Object.entries(value)) expect(row).toContain(`${type} ${weight}`);
    }
  });

  it('has a two-command quick start: the main job on graphs/sample, then npm test', () => {
    const quickStart = readme.split('## Quick start')[1]!.split('```sh')[1]!.split('```')[0]!.trim().split('\n');
    expect(quickStart).toEqual(['npm ci && npx ringscan run --data graphs/sample', 'npm test']);
  });
});
