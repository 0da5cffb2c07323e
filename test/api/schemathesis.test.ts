// The API fuzzed from its own OpenAPI document: schemathesis (pinned, installed by .ci/run) against the real
// binary serving a store written by a real run. Every route, every check (schemathesis.toml says the one
// exception), no 5xx, documented statuses only, every response valid against its schema.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/run-cli.js';
import { createSampleStore } from './api-fixture.js';

const ROOT = resolve(import.meta.dirname, '..', '..');
export const SCHEMATHESIS_VERSION = '4.32.5';
const ST = process.env.RINGSCAN_SCHEMATHESIS ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'ringscan', `schemathesis-${SCHEMATHESIS_VERSION}`, 'bin', 'st');
const available = existsSync(ST);
// In CI the fuzz must run: .ci/run installs schemathesis, so its absence there is a failure, not a skip.
const mustRun = process.env.CI === 'true';

let server: ChildProcess | undefined;
const dirs: string[] = [];
afterAll(() => {
  if (server && server.exitCode === null) server.kill('SIGTERM');
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

describe.skipIf(!available && !mustRun)(`schemathesis ${SCHEMATHESIS_VERSION} against /v1/openapi.json`, () => {
  it('every route: no failures, no errors, every operation tested', async () => {
    expect(available, `schemathesis not found at ${ST} (.ci/run installs it)`).toBe(true);
    const sample = await createSampleStore();
    await sample.store.close();
    dirs.push(sample.dir);
    const keys = join(sample.dir, 'keys.jsonl');
    const key = runCli(['keys', 'create', '--scope', 'admin', '--keys', keys, '--id', 'fuzz']).stdout.trim();
    const child = spawn(process.execPath, [CLI, 'serve', '--store', `sqlite:${sample.path}`, '--keys', keys, '--port', '0', '--log-level', 'silent', '--rate', '1000000'], {
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    server = child;
    let stderr = '';
    const url = await new Promise<string>((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`serve did not start: ${stderr}`)), 30_000);
      child.stderr!.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
        const found = /listening on (http:\/\/[^\s]+)/.exec(stderr)?.[1];
        if (found) {
          clearTimeout(timer);
          ok(found);
        }
      });
    });
    const reports = mkdtempSync(join(tmpdir(), 'ringscan-st-'));
    dirs.push(reports);
    const run = spawnSync(
      ST,
      ['--config-file', join(ROOT, 'schemathesis.toml'), 'run', `${url}/v1/openapi.json`, '-H', `Authorization: Bearer ${key}`,
        '--max-examples', '30', '--seed', '1', '--workers', '1', '--no-color', '--report', 'json', '--report-dir', reports],
      { encoding: 'utf8', timeout: 480_000, cwd: reports },
    );
    const file = readdirSync(reports).find((name) => name.startsWith('json-'));
    expect(file, `no schemathesis report; output:\n${run.stdout}\n${run.stderr}`).toBeDefined();
    const report = JSON.parse(readFileSync(join(reports, file!), 'utf8')) as {
      operations: { total: number; tested: number; errored: number };
      test_cases: { generated: number; with_failures: number; errored: number };
      failures: unknown[];
      errors: unknown[];
    };
    const spec = (await (await fetch(`${url}/v1/openapi.json`)).json()) as { paths: Record<string, object> };
    // schemathesis leaves out the operation serving the document it reads (GET /v1/openapi.json)
    const operations = Object.entries(spec.paths).reduce((n, [path, methods]) => n + (path === '/v1/openapi.json' ? 0 : Object.keys(methods).length), 0);
    process.stdout.write(`schemathesis: ${report.test_cases.generated} cases over ${report.operations.tested} operations, ${report.test_cases.with_failures} failures, ${report.errors.length} errors\n`);
    expect(report.operations).toMatchObject({ total: operations, tested: operations, errored: 0 });
    expect(report.test_cases.generated).toBeGreaterThan(100);
    expect(report.failures, run.stdout).toEqual([]);
    expect(report.errors, run.stdout).toEqual([]);
    expect(run.status, run.stdout).toBe(0);
  }, 600_000);
});
