// First middleware of the app: gives each request an id (X-Request-Id), and when the response is done records
// its count and latency by route template and status, and logs one JSON line (never headers, so no secrets).
import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from 'pino';
import type { ApiMetrics } from './metrics.js';

/** A caller's request id is kept only when it is short and plain; anything else is replaced. */
const REQUEST_ID = /^[A-Za-z0-9._-]{1,64}$/;

export function observeRequests(metrics: ApiMetrics, logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = performance.now();
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.once('finish', () => {
      const seconds = (performance.now() - started) / 1000;
      // The route template keeps label cardinality bounded; unmatched paths share one label.
      const route = (req.route as { path?: string } | undefined)?.path ?? 'unmatched';
      const labels = { method: req.method, route, status: String(res.statusCode) };
      metrics.requests.inc(labels);
      metrics.requestSeconds.observe(labels, seconds);
      if (logger.isLevelEnabled('info')) {
        logger.info({
          requestId,
          method: req.method,
          route,
          path: req.path.length > 200 ? `${req.path.slice(0, 200)}…` : req.path,
          status: res.statusCode,
          ms: Math.round(seconds * 10_000) / 10,
          key: res.locals.keyId as string | undefined,
        });
      }
    });
    next();
  };
}
