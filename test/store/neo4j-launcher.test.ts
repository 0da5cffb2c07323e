// `npm run neo4j`'s wrapper: clear one-line errors before it builds or starts anything.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
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

const launcherBuilt = existsSync(join(import.meta.dirname, '..', '..', 'neo4j-launcher', 'target', 'classes', 'ringscan', 'neo4j', 'Launcher.class'));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

/** Starts the launcher, waits for its ready line, stops it with SIGTERM; resolves with its exit code and output. */
function startAndStop(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [wrapper], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`no ready line within 150 s:\n${output}`));
    }, 150_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes('neo4j-launcher: ready on')) child.kill('SIGTERM');
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe.skipIf(!launcherBuilt)('the built launcher (skipped until `npm run neo4j -- --build-only` has built it)', () => {
  it('starts again on the data folder it made, with the same password, and stops cleanly both times', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'ringscan-neo4j-restart-'));
    try {
      const env = { NEO4J_PORT: String(await freePort()), NEO4J_DATA_DIR: dataDir, NEO4J_PASSWORD: 'restart-test-pw', NEO4J_HEAP: '512m', NEO4J_PAGECACHE_MIB: '64', NEO4J_GDS: '' };
      for (const start of [1, 2]) {
        const { code, output } = await startAndStop(env);
        expect(output, `start ${start}`).toContain('neo4j-launcher: stopped');
        // the JVM ends with 128 + SIGTERM once its shutdown hook has stopped Neo4j
        expect([0, 143], `start ${start}: ${output}`).toContain(code);
      }
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  }, 320_000);
});
