// Answers 503 when a request takes longer than the limit (e.g. a stalled store); the late result is dropped.
import type { RequestHandler } from 'express';
import { HttpProblem } from './problem.js';

export function timeoutRequests(timeoutMs: number, sendProblem: (res: Parameters<RequestHandler>[1], error: unknown) => void): RequestHandler {
  return (_req, res, next) => {
    const timer = setTimeout(() => {
      if (!res.headersSent) {
        sendProblem(res, new HttpProblem(503, 'timeout', 'Request timed out', `the request took longer than ${timeoutMs} ms; retry later`, undefined, { 'Retry-After': '1' }));
      }
    }, timeoutMs);
    res.once('close', () => clearTimeout(timer));
    next();
  };
}
