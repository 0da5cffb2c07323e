// `ringscan serve`: the HTTP API over a findings store, until SIGTERM/SIGINT (then a graceful close).
import { Command } from 'commander';
import { pino } from 'pino';
import { z } from 'zod';
import { createApiKey } from '../api/api-keys.js';
import { createApp } from '../api/create-app.js';
import { KEYS_ENV, loadKeys } from '../api/keys-file.js';
import { startServer } from '../api/start-server.js';
import { RingscanError } from '../schema/errors.js';
import { openStore } from '../store/open-store.js';

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
  const keys = await loadKeys({ ...(options.keys === undefined ? {} : { file: options.keys }), ...(process.env[KEYS_ENV] === undefined ? {} : { env: process.env[KEYS_ENV] }) });
  let demoKey: string | null = null;
  if (keys.length === 0) {
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
    keys,
    logger,
    rateLimit: { ratePerSecond: options.rate, burst: options.burst ?? Math.ceil(options.rate * 2) },
    cors: options.cors ? { origins: options.cors.split(',').map((origin) => origin.trim()).filter(Boolean) } : false,
    requestTimeoutMs: options.requestTimeout,
    version: process.env.npm_package_version ?? '0.1.0',
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
    const stop = (signal: NodeJS.Signals) => {
      process.stderr.write(`${signal}: finishing in-flight requests and closing the store\n`);
      void running.close().then(resolve);
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  destination.flushSync();
  process.stderr.write('ringscan API stopped\n');
}
