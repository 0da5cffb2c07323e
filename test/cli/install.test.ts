// Installed as a command: `npm install -g <checkout>` into a temporary prefix, then the binary run from outside the
// checkout as a real child process; and SIGTERM to `npx ringscan serve` (npm → sh → node) stops the server.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = resolve(import.meta.dirname, '..', '..');
const SAMPLE = join(ROOT, 'graphs', 'sample');
const VERSION = (JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version;

let prefix: string;
let work: string;
/** npm's own variables removed, as in a cron job or a fresh shell. */
const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('npm_')));

beforeAll(() => {
  prefix = mkdtempSync(join(tmpdir(), 'ringscan-prefix-'));
  work = mkdtempSync(join(tmpdir(), 'ringscan-outside-'));
  // dist/ is built by `npm test`; --ignore-scripts skips `prepare` so the install does not rebuild under other tests.
  const installed = spawnSync('npm', ['install', '-g', ROOT, '--prefix', prefix, '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], { encoding: 'utf8', env, cwd: work });
  if (installed.status !== 0) throw new Error(`npm install -g failed: ${installed.stderr}`);
}, 120_000);

afterAll(() => {
  rmSync(prefix, { recursive: true, force: true });
  rmSync(work, { recursive: true, force: true });
});

describe('ringscan installed with npm install -g', () => {
  it('runs --help, --version and a real run from a folder outside the checkout', () => {
    const bin = join(prefix, 'bin', 'ringscan');
    const help = spawnSync(bin, ['--help'], { cwd: work, encoding: 'utf8', env });
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/^Usage: ringscan/);
    expect(help.stdout).toMatch(/\bserve\b/);
    const version = spawnSync(bin, ['--version'], { cwd: work, encoding: 'utf8', env });
    expect(version.stdout.trim()).toBe(VERSION);
    const run = spawnSync(bin, ['run', '--data', SAMPLE, '--store', 'sqlite:runs.db', '--json'], { cwd: work, encoding: 'utf8', env, timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect((JSON.parse(run.stdout) as { run: { id: string } }).run.id).toMatch(/^\d{8}T/);
  }, 120_000);

  it('SIGTERM to `npx ringscan serve` stops the server behind npm and sh', async () => {
    const db = join(work, 'runs.db');
    const npx = spawn('npx', ['--offline', 'ringscan', 'serve', '--store', `sqlite:${db}`, '--port', '0', '--log-level', 'silent'], {
      cwd: work,
      env: { ...env, npm_config_prefix: prefix },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stderr = '';
    npx.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    const url = await new Promise<string>((resolveUrl, reject) => {
      const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 60_000);
      npx.stderr.on('data', () => {
        const found = /listening on (http:\/\/[^\s]+)/.exec(stderr)?.[1];
        if (found) {
          clearTimeout(timer);
          resolveUrl(found);
        }
      });
    });
    const serverPids = descendantsOf(npx.pid!);
    expect(serverPids.length).toBeGreaterThan(0);
    expect((await fetch(`${url}/v1/health`)).status).toBe(200);
    try {
      npx.kill('SIGTERM');
      const deadline = Date.now() + 15_000;
      while (serverPids.some(isAlive) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(serverPids.filter(isAlive)).toEqual([]);
      await expect(fetch(`${url}/v1/health`)).rejects.toThrow();
    } finally {
      for (const pid of serverPids.filter(isAlive)) process.kill(pid, 'SIGKILL');
    }
  }, 120_000);
});

function descendantsOf(pid: number): number[] {
  const children = spawnSync('ps', ['-o', 'pid=', '--ppid', String(pid)], { encoding: 'utf8' })
    .stdout.split('\n')
    .map((line) => Number(line.trim()))
    .filter((n) => n > 0);
  return children.flatMap((child) => [child, ...descendantsOf(child)]);
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
