// The Express app factory: hardening middleware, then one handler chain per route spec (auth → rate limit →
// zod validation → store), then 405/404, then the single error translator.
import express, { type Express, type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import helmet from 'helmet';
import { pino, type Logger } from 'pino';
import type { ZodType } from 'zod';
import type { ApiKeyRecord } from '../schema/api.js';
import type { RunRecord } from '../schema/run.js';
import type { FindingsStore } from '../store/findings-store.js';
import { apiRoutes } from './api-routes.js';
import { createKeyring, type Keyring } from './api-keys.js';
import { authorize } from './authorize.js';
import { allowOrigins, type CorsOptions } from './cors.js';
import { instrumentStore, type StoreReader } from './instrumented-store.js';
import { createMetrics, type ApiMetrics } from './metrics.js';
import { registerRunMetrics } from './run-metrics.js';
import { AnswerCache } from './answer-cache.js';
import { buildOpenApiDocument } from './openapi.js';
import { HttpProblem, notFound, toProblem, validationProblem } from './problem.js';
import { TokenBuckets, type RateLimitOptions } from './rate-limit.js';
import { observeRequests } from './request-observer.js';
import { timeoutRequests } from './request-timeout.js';
import { TextBody, type AnyRouteSpec } from './route-spec.js';
import { uiRoutes } from '../ui/ui-routes.js';

export interface AppOptions {
  store: FindingsStore;
  /** Key records (hashes and scopes) or a ready keyring. */
  keys: readonly ApiKeyRecord[] | Keyring;
  /** Defaults to pino JSON on stdout at level info; Authorization is redacted should a header ever be logged. */
  logger?: Logger;
  /** Per-key token bucket; false disables it. Failed authentications are limited per client address too. */
  rateLimit?: Partial<RateLimitOptions> | false;
  /** Off unless origins are given. */
  cors?: CorsOptions | false;
  requestTimeoutMs?: number;
  /** Body size limit for POST routes (bytes or a string like '100kb'). */
  bodyLimit?: number | string;
  /** How long the current run's record is reused between store lookups (0: ask the store every request). */
  currentRunCacheMs?: number;
  /** Bytes of serialized answers kept per app for routes marked cachePerRun and batch risk's entries (0 disables the cache). */
  answerCacheBytes?: number;
  metrics?: ApiMetrics;
  version?: string;
}

export const APP_DEFAULTS = {
  requestTimeoutMs: 10_000,
  // a full batch (maxBatchIds ids of the longest allowed id, JSON-quoted) fits, so an oversized batch is a 400 naming ids
  bodyLimit: '1mb',
  currentRunCacheMs: 1000,
  answerCacheBytes: 64 * 1024 * 1024,
} as const;

/** helmet's headers are the same for every response: computed once, then set in one loop. */
function securityHeaders(middleware: RequestHandler): [string, string][] {
  const headers = new Map<string, string>();
  const fake = {
    setHeader: (name: string, value: unknown) => headers.set(name, String(value)),
    removeHeader: (name: string) => headers.delete(name),
    getHeader: (name: string) => headers.get(name),
  };
  let synchronous = false;
  middleware({ headers: {} } as Request, fake as unknown as Response, () => (synchronous = true));
  if (!synchronous) throw new Error('security headers middleware did not run synchronously');
  return [...headers];
}

export function createDefaultLogger(level = 'info'): Logger {
  return pino({ level, base: undefined, redact: { paths: ['authorization', 'headers.authorization', 'req.headers.authorization'], censor: '[redacted]' } });
}

export function sendProblem(res: Response, error: unknown, logger?: Logger): void {
  const requestId = res.locals.requestId as string | undefined;
  const { problem, headers, isServerFault } = toProblem(error, requestId);
  if (isServerFault && logger) {
    const cause = error instanceof Error && 'cause' in error ? error.cause : error;
    logger.error({ requestId, err: cause instanceof Error ? cause : { value: String(cause) } }, problem.title);
  }
  if (res.headersSent) return;
  res.status(problem.status).set(headers).set('Cache-Control', 'no-store').type('application/problem+json').send(JSON.stringify(problem));
}

function isKeyring(keys: AppOptions['keys']): keys is Keyring {
  return typeof (keys as Keyring).authenticate === 'function';
}

function createCurrentRun(store: StoreReader, cacheMs: number): () => Promise<RunRecord> {
  let cached: { run: RunRecord; atMs: number } | null = null;
  return async () => {
    const nowMs = Date.now();
    if (cached && nowMs - cached.atMs < cacheMs) return cached.run;
    const run = await store.currentRun();
    if (!run) throw notFound('no completed run yet; record one with `ringscan run`');
    cached = { run, atMs: nowMs };
    return run;
  };
}

function parsePart<T>(schema: ZodType<T> | undefined, value: unknown, location: 'params' | 'query' | 'body'): T {
  if (!schema) return undefined as T;
  const parsed = schema.safeParse(value);
  if (!parsed.success) throw validationProblem(parsed.error, location);
  return parsed.data;
}

export function createApp(options: AppOptions): Express {
  const logger = options.logger ?? createDefaultLogger();
  const metrics = options.metrics ?? createMetrics();
  const keyring = isKeyring(options.keys) ? options.keys : createKeyring(options.keys);
  const store = instrumentStore(options.store, metrics.storeSeconds);
  const currentRun = createCurrentRun(store, options.currentRunCacheMs ?? APP_DEFAULTS.currentRunCacheMs);
  registerRunMetrics(metrics.registry, { currentRun: () => store.currentRun(), now: () => Date.now() });
  const limiter = options.rateLimit === false ? null : new TokenBuckets(options.rateLimit ?? {});
  const failedAuthLimiter = new TokenBuckets({ ratePerSecond: 5, burst: 50 });
  const jsonBody = express.json({ limit: options.bodyLimit ?? APP_DEFAULTS.bodyLimit, type: 'application/json', strict: true });

  let document: object | null = null;
  const routes: AnyRouteSpec[] = apiRoutes({
    registry: metrics.registry,
    openApiDocument: () => (document ??= buildOpenApiDocument(routes, { version: options.version ?? '0.1.0' })),
  });

  const guard = (route: AnyRouteSpec): RequestHandler => {
    const scopes = route.scopes;
    return (req, res, next) => {
      if (scopes === 'public') return next();
      let key: ApiKeyRecord;
      try {
        key = authorize(req.headers.authorization, keyring, scopes);
      } catch (error) {
        // Guessing keys costs tokens from the caller's address; a wrong scope does not.
        if (error instanceof HttpProblem && error.status === 401) {
          const taken = failedAuthLimiter.take(`ip:${req.socket.remoteAddress ?? ''}`, Date.now());
          if (!taken.allowed) throw tooManyRequests(taken.retryAfterSeconds);
        }
        throw error;
      }
      res.locals.keyId = key.id;
      if (limiter) {
        const taken = limiter.take(`key:${key.id}`, Date.now());
        if (!taken.allowed) throw tooManyRequests(taken.retryAfterSeconds);
      }
      next();
    };
  };

  // Half the budget for whole answers by URL, half for batch risk's per-account entries (ids are opaque, so two key spaces).
  const cacheBytes = options.answerCacheBytes ?? APP_DEFAULTS.answerCacheBytes;
  const answers = cacheBytes > 0 ? new AnswerCache(cacheBytes / 2) : null;
  const riskEntries = cacheBytes > 0 ? new AnswerCache(cacheBytes / 2) : null;
  const respond = (route: AnyRouteSpec): RequestHandler => {
    const contentType = route.contentType ?? 'application/json';
    const header = contentType === 'application/json' ? 'application/json; charset=utf-8' : contentType;
    const send = (res: Response, text: string, type = header) => {
      if (res.headersSent) return; // the request timed out meanwhile
      res.statusCode = 200;
      res.setHeader('Cache-Control', 'no-store');
      res.setHeader('Content-Type', type);
      res.end(text);
    };
    return async (req, res) => {
      if (route.body !== undefined && !req.is('application/json')) {
        throw new HttpProblem(415, 'unsupported-media-type', 'Unsupported media type', 'the request body must be application/json');
      }
      // The same URL against the same run was validated and answered before: same bytes (auth already ran).
      const cachedRun = answers && route.cachePerRun ? (await currentRun()).id : null;
      if (cachedRun !== null) {
        const hit = answers!.get(cachedRun, req.originalUrl);
        if (hit !== undefined) return send(res, hit);
      }
      const params = parsePart(route.params, req.params, 'params');
      const query = parsePart(route.query, req.query, 'query');
      const body = parsePart(route.body, req.body, 'body');
      const result = await route.handle({ params, query, body, store, currentRun, riskEntries });
      if (result instanceof TextBody) return send(res, result.text, result.contentType);
      const text = contentType === 'application/json' ? JSON.stringify(result) : String(result);
      if (cachedRun !== null) answers!.set(cachedRun, req.originalUrl, text);
      send(res, text);
    };
  };

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  app.set('query parser', 'simple');
  app.use(observeRequests(metrics, logger));
  // No upgrade-insecure-requests: served over plain http on a LAN address, it would send the pages' own scripts to https.
  const contentSecurityPolicy = { directives: { upgradeInsecureRequests: null } };
  const security = securityHeaders(helmet(options.cors ? { contentSecurityPolicy, crossOriginResourcePolicy: { policy: 'cross-origin' } } : { contentSecurityPolicy }));
  app.use((_req, res, next) => {
    for (const [name, value] of security) res.setHeader(name, value);
    next();
  });
  if (options.cors) app.use(allowOrigins(options.cors));
  app.use(timeoutRequests(options.requestTimeoutMs ?? APP_DEFAULTS.requestTimeoutMs, (res, error) => sendProblem(res, error, logger)));

  for (const route of routes) {
    const chain: RequestHandler[] = [guard(route)];
    if (route.body !== undefined) chain.push(jsonBody);
    chain.push(respond(route));
    app[route.method](route.path, ...chain);
  }
  const methodsByPath = new Map<string, string[]>();
  for (const route of routes) methodsByPath.set(route.path, [...(methodsByPath.get(route.path) ?? []), route.method.toUpperCase()]);
  // Static paths first, so PUT /v1/accounts/risk is told POST, not what /v1/accounts/:id accepts.
  const byParamCount = [...methodsByPath].sort(([a], [b]) => a.split(':').length - b.split(':').length);
  for (const [path, methods] of byParamCount) {
    const allow = [...new Set([...methods, ...(methods.includes('GET') ? ['HEAD'] : [])])].join(', ');
    app.all(path, () => {
      throw new HttpProblem(405, 'method-not-allowed', 'Method not allowed', `this route accepts ${allow}`, undefined, { Allow: allow });
    });
  }
  app.use(uiRoutes());
  app.use(() => {
    throw notFound('no such route; see /v1/openapi.json');
  });
  app.use((error: unknown, _req: Request, res: Response, _next: NextFunction) => sendProblem(res, error, logger));
  return app;
}

function tooManyRequests(retryAfterSeconds: number): HttpProblem {
  return new HttpProblem(429, 'rate-limited', 'Too many requests', `rate limit exceeded; retry in ${retryAfterSeconds} s`, undefined, {
    'Retry-After': String(retryAfterSeconds),
  });
}
