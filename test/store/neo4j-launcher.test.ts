// `npm run neo4j`'s wrapper: clear one-line errors before it builds or starts anything.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const wrapper = join(import.meta.dirname, '..', '..', 'neo4j-launcher', 'neo4j.mjs');
const run = (args: string[], env: Record<string, string | undefined> = {}) =>
  spawnSync(process.execPath, [wrapper, ...args], { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 });

describe('npm run neo4j (neo4j-launcher/neo4j.mjs)', () => {
  it('an unknown argument is one line on stderr and exit 1', () => {
    const result = run(['--port', '1']);
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('neo4j: unknown argument --port (the only one is --build-only; settings come from NEO4J_* variables)\n');
  });

  it('without Java on PATH it says so and how to install it', () => {
    const result = run([], { PATH: '/nonexistent' });
    expect(result.status).toBe(1);
    expect(result.stderr).toBe('neo4j: Java is not installed (Debian: apt-get install openjdk-17-jdk-headless maven)\n');
  });
});
