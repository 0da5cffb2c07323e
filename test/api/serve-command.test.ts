// The real binary: `ringscan keys create` prints a key once and stores its hash; `ringscan serve` serves a store
// with it (or with a printed demo key), and exits 0 after SIGTERM/SIGINT once the in-flight work is done.
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hashKey } from '../../src/api/api-keys.js';
import { CLI, runCli } from '../helpers/run-cli.js';
import { createSampleStore, type SampleStore } from './api-fixture.js';

let sample: SampleStore;
/** Servers this file started; any still running when it ends (a failed test) is stopped by id. */
const children = new Set<ChildProcess>();

beforeAll(async () => {
  sample = await createSampleStore();
  await sample.store.close(); // the server opens the file itself
}, 120_000);

interface Served {
  url: string;
  stderr: () => string;
  stop(signal: NodeJS.Signals): Promise<{ code: number | null; stdout: string }>;
}

/** Starts `ringscan serve` on a free loopback port and waits for its listening line. */
function serve(args: string[], env: Record<string, string> = {}): Promise<Served> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run "npm run build" (npm test does it first)`);
  const child = spawn(process.execPath, [CLI, 'serve', '--port', '0', ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  child.once('exit', () => children.delete(child));
  let stderr = '';
  let stdout = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${stderr}`)), 20_000);
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
      const url = /listening on (http:\/\/[^\s]+)/.exec(stderr)?.[1];
      if (url) {
        clearTimeout(timer);
        resolve({
          url,
          stderr: () => stderr,
          stop: async (signal) => {
            child.kill(signal);
            const code = await exited;
            return { code, stdout };
          },
        });
      }
    });
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`serve exited with ${code}: ${stderr}`));
    });
  });
}

afterAll(() => {
  for (const child of children) child.kill('SIGKILL');
  if (sample) rmSync(sample.dir, { recursive: true, force: true });
});

describe('ringscan keys create', () => {
  it('prints the key once on stdout and appends only its hash to the keys file', () => {
    const file = join(sample.dir, 'keys.jsonl');
    const result = runCli(['keys', 'create', '--scope', 'enforce,investigate', '--keys', file, '--id', 'tool']);
    expect(result.code).toBe(0);
    const key = result.stdout.trim();
    expect(key).toMatch(/^rsk_/);
    expect(result.stderr).toMatch(/key tool \(enforce, investigate\) added to .*keys\.jsonl/);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(key);
    expect(JSON.parse(text.trim())).toMatchObject({ id: 'tool', hash: hashKey(key), scopes: ['enforce', 'investigate'] });
    const listed = runCli(['keys', 'list', '--keys', file]);
    expect(listed.stdout).toMatch(/^tool\tenforce,investigate\t/);
    expect(listed.stdout).not.toContain(key);
  });

  it('a bad scope is a usage error (exit 2) naming the field', () => {
    const result = runCli(['keys', 'create', '--scope', 'root', '--keys', join(sample.dir, 'other.jsonl')]);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^ringscan: invalid --scope: must be one of investigate, enforce, admin/);
  });
});

describe('ringscan serve', () => {
  it('serves with keys from a file, refuses others, and exits 0 on SIGTERM after closing', async () => {
    const file = join(sample.dir, 'serve-keys.jsonl');
    const key = runCli(['keys', 'create', '--scope', 'enforce', '--keys', file]).stdout.trim();
    const server = await serve(['--store', `sqlite:${sample.path}`, '--keys', file]);
    const rings = (await (await fetch(`${server.url}/v1/rings?limit=1`, { headers: { authorization: `Bearer ${key}` } })).json()) as { items: { id: string }[] };
    const ring = rings.items[0]!.id;
    const members = await fetch(`${server.url}/v1/rings/${ring}/members?limit=3`, { headers: { authorization: `Bearer ${key}` } });
    expect(members.status).toBe(200);
    expect(((await members.json()) as { items: unknown[] }).items).toHaveLength(3);
    expect((await fetch(`${server.url}/v1/rings/${ring}/members`)).status).toBe(401);
    expect(server.stderr()).not.toContain('demo key');
    const { code, stdout } = await server.stop('SIGTERM');
    expect(code).toBe(0);
    expect(server.stderr()).toMatch(/SIGTERM: finishing in-flight requests and closing the store\nringscan API stopped\n$/);
    const logs = stdout.trim().split('\n').map((line) => JSON.parse(line) as { route?: string; status?: number });
    expect(logs.some((line) => line.route === '/v1/rings/:id/members' && line.status === 200)).toBe(true);
    expect(stdout).not.toContain(key);
  }, 30_000);

  it('keys revoke removes the key from the file and the running server refuses it within a couple of seconds', async () => {
    const file = join(sample.dir, 'revoke-keys.jsonl');
    const kept = runCli(['keys', 'create', '--scope', 'investigate', '--keys', file, '--id', 'kept']).stdout.trim();
    const gone = runCli(['keys', 'create', '--scope', 'investigate', '--keys', file, '--id', 'gone']).stdout.trim();
    const server = await serve(['--store', `sqlite:${sample.path}`, '--keys', file, '--log-level', 'silent']);
    const status = async (key: string) => (await fetch(`${server.url}/v1/runs`, { headers: { authorization: `Bearer ${key}` } })).status;
    try {
      expect([await status(kept), await status(gone)]).toEqual([200, 200]);
      const revoked = runCli(['keys', 'revoke', 'gone', '--keys', file, '--json']);
      expect(revoked.code).toBe(0);
      expect(JSON.parse(revoked.stdout)).toEqual({ id: 'gone', scopes: ['investigate'], revoked: true });
      expect(readFileSync(file, 'utf8')).not.toContain(hashKey(gone));
      expect(readFileSync(file, 'utf8')).toContain(hashKey(kept));
      const deadline = Date.now() + 10_000;
      while ((await status(gone)) !== 401 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
      expect(await status(gone)).toBe(401);
      expect(await status(kept)).toBe(200);
      expect(server.stderr()).toMatch(/keys file .*revoke-keys\.jsonl changed: 1 key\(s\) now accepted/);
      const again = runCli(['keys', 'revoke', 'gone', '--keys', file]);
      expect(again.code).toBe(1);
      expect(again.stderr).toMatch(/^ringscan: no key gone in .*revoke-keys\.jsonl/);
      expect(JSON.parse(runCli(['keys', 'list', '--keys', file, '--json']).stdout)).toEqual([{ id: 'kept', scopes: ['investigate'], createdAt: expect.any(String) }]);
    } finally {
      await server.stop('SIGTERM');
    }
  }, 30_000);

  it('without keys on loopback prints a demo key that pulls a ring’s members, and stops on SIGINT', async () => {
    const server = await serve(['--store', `sqlite:${sample.path}`], { RINGSCAN_API_KEYS: '' });
    const key = /demo key[^\n]*\n\s+(rsk_\S+)/.exec(server.stderr())?.[1];
    expect(key).toBeDefined();
    const rings = (await (await fetch(`${server.url}/v1/rings?limit=1`, { headers: { authorization: `Bearer ${key}` } })).json()) as { items: { id: string }[] };
    const members = await fetch(`${server.url}/v1/rings/${rings.items[0]!.id}/members`, { headers: { authorization: `Bearer ${key}` } });
    expect(members.status).toBe(200);
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${key}` } })).status).toBe(403);
    expect((await server.stop('SIGINT')).code).toBe(0);
  }, 30_000);

  it('refuses to serve without keys on a non-loopback host, and a missing store, with one line and exit 2/1', () => {
    const open = runCli(['serve', '--store', `sqlite:${sample.path}`, '--host', '0.0.0.0', '--port', '0'], { env: { RINGSCAN_API_KEYS: '' } });
    expect(open.code).toBe(2);
    expect(open.stderr).toMatch(/^ringscan: no API keys: pass --keys FILE or set RINGSCAN_API_KEYS/);
    const missing = runCli(['serve', '--store', `sqlite:${join(sample.dir, 'nope.sqlite')}`, '--port', '0']);
    expect(missing.code).toBe(1);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/no store at/);
  });
});

