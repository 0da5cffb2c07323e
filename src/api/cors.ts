// CORS for configured origins only; with none configured no CORS header is ever sent (browsers block cross-origin reads).
import type { RequestHandler } from 'express';

export interface CorsOptions {
  /** Exact origins, e.g. https://console.example.com ; '*' allows any origin. */
  origins: string[];
}

export function allowOrigins(options: CorsOptions): RequestHandler {
  const allowed = new Set(options.origins);
  const isAllowed = (origin: string) => allowed.has(origin) || allowed.has('*');
  return (req, res, next) => {
    const origin = req.headers.origin;
    if (origin === undefined || !isAllowed(origin)) {
      next();
      return;
    }
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.vary('Origin');
    res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After');
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method'] !== undefined) {
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, X-Request-Id');
      res.setHeader('Access-Control-Max-Age', '600');
      res.status(204).end();
      return;
    }
    next();
  };
}
