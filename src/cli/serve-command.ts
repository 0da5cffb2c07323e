// `ringscan serve`: the HTTP API over a findings store, until SIGTERM/SIGINT (then a graceful close).
import { Command } from 'commander';
import { pino } from 'pino';
import { z } from 'zod';
import { createApiKey } from '../api/api-keys.js';
import { createApp } from '../api/create-app.js';
import { KEYS_ENV, loadKeys, watchKeysFile } from '../api/keys-file.js';
import { startServer } from '../api/start-server.js';
import { RingscanError } from '../schema/errors.js';
import { openStore } from '../store/open-store.js';
import { codeVersion } from './code-version.js';
import { isUnderNpm, watchParent } from './parent-watch.js';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost']);

const ServeOptionsSchema = z.object({
  store: z.string().min(1).optional(),
  port: z.coerce.number().int().min(0).max(65_535),
  host: z.string().min(1),
  keys: z.string().optional(),
  cors: z.string().optional(),
  rate: z.coerce.number().positive(),
  burst: z.coerce.number().int().positive().optional(),
  requestTimeout: z.coerce.number().int().positive(),
  logLevel: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'silent']),
});

export function registerServeCommand(program: Command): void {
  program
    .command('serve')
    .description('Serve the findings over HTTP (OpenAPI at /v1/openapi.json, API docs at /docs/, the investigator page at /ui/)')
    .option('--store <spec>', 'findings store: sqlite:PATH or neo4j (default: RINGSCAN_STORE, else sqlite:ringscan.db)')
    .option('--port <n>', 'port (0 picks a free one)', '8080')
    .option('--host <addr>', 'address to bind', '127.0.0.1')
    .option('--keys <file>', `API keys file (JSON lines or array of {id, hash, scopes}); also read from ${KEYS_ENV}`)
    .option('--cors <origins>', 'comma-separated origins allowed to call from a browser (default: none)')
    .option('--rate <n>', 'requests per second allowed per key', '100')
    .option('--burst <n>', 'burst allowed per key (default: 2 × rate)')
    .option('--request-timeout <ms>', 'answer 503 when a request takes longer', '10000')
    .option('--log-level <level>', 'fatal, error, warn, info, debug or silent', 'info')
    .action(async (raw: Record<string, unknown>) => {
      await serve(ServeOptionsSchema.parse(raw));
    });
}

async function serve(options: z.infer<typeof ServeOptionsSchema>): Promise<void> {
  const envKeys = process.env[KEYS_ENV] === undefined ? {} : { env: process.env[KEYS_ENV] };
  // A keys file is followed while serving, so `ringscan keys revoke` takes effect without a restart.
  const watched =
    options.keys === undefined
      ? null
      : await watchKeysFile(options.keys, {
          ...envKeys,
          onReload: (count) => process.stderr.write(`keys file ${options.keys} changed: ${count} key(s) now accepted\n`),
          onError: (message) => process.stderr.write(`keys file ${options.keys} not reloaded, the previous keys stay in force: ${message}\n`),
        });
  if (watched && watched.size === 0) {
    watched.stop();
    throw new RingscanError('BAD_USAGE', `keys file ${options.keys} holds no keys (add one with: ringscan keys create --scope investigate --keys ${options.keys})`);
  }
  const keys = watched ? [] : await loadKeys(envKeys);
  let demoKey: string | null = null;
  if (!watched && keys.length === 0) {
    if (!LOOPBACK.has(options.host)) {
      throw new RingscanError('BAD_USAGE', `no API keys: pass --keys FILE or set ${KEYS_ENV} (a demo key is only made for a loopback host)`);
    }
    const demo = createApiKey(['investigate', 'enforce'], { id: 'demo' });
    keys.push(demo.record);
    demoKey = demo.key;
  }

  // Serving never creates a store: a wrong path is an error, not an empty API.
  const store = await openStore(options.store, { create: false });
  // Asynchronous, buffered writes: logging must not block the event loop on a slow terminal or pipe.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096 });
  const logger = pino({ level: options.logLevel, base: undefined, redact: ['authorization', 'headers.authorization'] }, destination);
  const app = createApp({
    store,
    keys: watched ?? keys,
    logger,
    rateLimit: { ratePerSecond: options.rate, burst: options.burst ?? Math.ceil(options.rate * 2) },
    cors: options.cors ? { origins: options.cors.split(',').map((origin) => origin.trim()).filter(Boolean) } : false,
    requestTimeoutMs: options.requestTimeout,
    version: codeVersion(),
  });
  let running;
  try {
    running = await startServer(app, { host: options.host, port: options.port, onClosed: () => store.close() });
  } catch (error) {
    await store.close();
    const code = (error as NodeJS.ErrnoException).code;
    throw new RingscanError('BAD_USAGE', `cannot listen on ${options.host}:${options.port}${code ? ` (${code})` : ''}`);
  }
  const lines = [`ringscan API listening on ${running.url} (OpenAPI: ${running.url}/v1/openapi.json, docs: ${running.url}/docs/, investigator page: ${running.url}/ui/)`];
  if (demoKey !== null) {
    lines.push(
      'demo key (scopes investigate, enforce; valid until this server stops):',
      `  ${demoKey}`,
      `try: curl -H "Authorization: Bearer ${demoKey}" "${running.url}/v1/rings?limit=5"`,
    );
  }
  process.stderr.write(`${lines.join('\n')}\n`);

  await new Promise<void>((resolve) => {
    let stopping = false;
    const stop = (reason: string) => {
      if (stopping) return;
      stopping = true;
      unwatch();
      watched?.stop();
      process.stderr.write(`${reason}: finishing in-flight requests and closing the store\n`);
      void running.close().then(resolve);
    };
    process.once('SIGTERM', () => stop('SIGTERM'));
    process.once('SIGINT', () => stop('SIGINT'));
    const unwatch = isUnderNpm() ? watchParent(() => stop('the npm process that started the server ended')) : () => {};
  });
  destination.flushSync();
  process.stderr.write('ringscan API stopped\n');
}
