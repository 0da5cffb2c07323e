import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const run = promisify(execFile);
const root = join(import.meta.dirname, '..', '..');
const script = join(root, 'dist', 'scripts', 'evaluate-variants.js');

// `npm test` builds dist/ first
describe('npm scripts arguments (compiled script in a child process)', () => {
  it('--help prints the usage and exits 0 without running anything', async () => {
    const { stdout } = await run(process.execPath, [script, '--help'], { cwd: root });
    expect(stdout).toBe('usage: npm run eval:variants [-- --accounts N --only NAME,… --config JSON --seed-offset K]\n');
  });

  it('an unknown option is one line naming it and the usage, exit code 2, no stack trace', async () => {
    const failure = await run(process.execPath, [script, '--acounts', '10'], { cwd: root }).then(
      () => null,
      (error: { code: number; stderr: string }) => error,
    );
    expect(failure?.code).toBe(2);
    const lines = failure!.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toContain("'--acounts'");
    expect(lines[1]).toMatch(/^usage: npm run eval:variants/);
  });
});
