// The CLI sizes its own heap (no flag from the user) and running out of memory is one line, never V8's report.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HEAP_SHARE_OF_RAM, shouldRelaunch, targetHeapMb } from '../../src/cli/heap-launcher.js';
import { runCli } from '../helpers/run-cli.js';

const SAMPLE = join(import.meta.dirname, '..', '..', 'graphs', 'sample');

describe('heap launcher', () => {
  it('relaunches the heavy commands only, and never over a heap the user chose', () => {
    const env = {};
    const bigger = targetHeapMb() > 4096 * 1.1;
    expect(shouldRelaunch(['run', '--data', 'x'], env, [])).toBe(bigger);
    expect(shouldRelaunch(['serve'], env, [])).toBe(false);
    expect(shouldRelaunch(['keys', 'create'], env, [])).toBe(false);
    expect(shouldRelaunch(['run', '--help'], env, [])).toBe(false);
    expect(shouldRelaunch(['run', '--data', 'x'], env, ['--max-old-space-size=2048'])).toBe(false);
    expect(shouldRelaunch(['run', '--data', 'x'], { NODE_OPTIONS: '--max-old-space-size=2048' }, [])).toBe(false);
    expect(shouldRelaunch(['run', '--data', 'x'], { RINGSCAN_HEAP_CHILD: '1' }, [])).toBe(false);
    expect(shouldRelaunch(['run', '--data', 'x'], { RINGSCAN_MAX_HEAP_MB: '100' }, [])).toBe(true);
  });

  it('derives the heap from the machine\'s RAM', () => {
    expect(targetHeapMb(24 * 1024 ** 3, {})).toBe(Math.floor(24 * 1024 * HEAP_SHARE_OF_RAM));
    expect(targetHeapMb(24 * 1024 ** 3, { RINGSCAN_MAX_HEAP_MB: '300' })).toBe(300);
  });

  it('a run that runs out of memory prints one line naming the input and the limit, and exits 1', () => {
    const result = runCli(['run', '--data', SAMPLE, '--no-store'], { env: { RINGSCAN_MAX_HEAP_MB: '20' } });
    expect(result.code).toBe(1);
    expect(result.stderr.split('\n').filter((line) => line !== '')).toHaveLength(1);
    expect(result.stderr).toMatch(/^ringscan: out of memory( during [\w -]+)? on .*graphs\/sample \(\d+ MB of input\): the heap limit was 20 MB of [\d.]+ GB RAM; /);
    expect(result.stderr).not.toMatch(/FATAL|Last few GCs|Native stack|\n\s+at /);
  });

  it('a relaunched run behaves as a direct one: same output, exit code and stderr', () => {
    const direct = runCli(['run', '--data', SAMPLE, '--no-store', '--json'], { env: { NODE_OPTIONS: '--max-old-space-size=3000' } });
    const relaunched = runCli(['run', '--data', SAMPLE, '--no-store', '--json'], { env: { RINGSCAN_MAX_HEAP_MB: '3000' } });
    expect(relaunched.code).toBe(0);
    expect(relaunched.stdout).toBe(direct.stdout);
    expect(relaunched.stderr).toBe(direct.stderr);
    const usage = runCli(['run', '--data', SAMPLE, '--threshold', 'high'], { env: { RINGSCAN_MAX_HEAP_MB: '3000' } });
    expect(usage.code).toBe(2);
  });
});
