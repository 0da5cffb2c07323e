// The HTTP edge's one error translator: any thrown value becomes an RFC 9457 problem with a fixed, safe text.
// Nothing from the input or from an internal error message is echoed, so no SQL, Cypher or stack can leak.
import { ZodError, type core } from 'zod';
import type { Problem } from '../schema/api.js';
import { describeIssue } from '../lib/describe-issue.js';
import { RingscanError } from '../schema/errors.js';
import { ID_CHARSET_MESSAGE, ID_RULE_TEXT } from '../schema/id-rule.js';

const TYPE_BASE = 'https://ringscan.dev/problems/';

/** A problem raised on purpose by the API (validation, auth, not found, rate limit, …). */
export class HttpProblem extends Error {
  override name = 'HttpProblem';
  constructor(
    readonly status: number,
    readonly slug: string,
    readonly title: string,
    readonly detail: string,
    readonly field?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(title);
  }
}

/** A store call failed for a reason the caller cannot fix; the original is kept for the log only. */
export class StoreFailure extends Error {
  override name = 'StoreFailure';
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
  ) {
    super(`store operation ${operation} failed`);
  }
}

export const notFound = (detail: string): HttpProblem => new HttpProblem(404, 'not-found', 'Not found', detail);

export const badRequest = (field: string, detail: string): HttpProblem =>
  new HttpProblem(400, 'invalid-request', 'Invalid request', `${field} ${detail}`, field);

const ID_FORMAT = 'contains characters that are not allowed (letters, digits and . _ : @ + ~ = - only)';

/** The HTTP edge echoes nothing from the request (not even unknown key names): fixed words only. */
const describe = (issue: core.$ZodIssue): string =>
  issue.code === 'custom' ? 'is invalid' : issue.code === 'unrecognized_keys' ? 'has fields that are not allowed' : describeIssue(issue, { formatHint: ID_FORMAT });

/** Turns a ZodError from one request part into a 400 naming the first failing field. */
export function validationProblem(error: ZodError, location: 'params' | 'query' | 'body'): HttpProblem {
  const first = error.issues[0];
  // `int()` adds its own safe-integer bound; the route's bound on the same field is the one worth naming.
  const samePath = error.issues.filter((i) => first && i.path.join('.') === first.path.join('.'));
  const issue = samePath.find((i) => !(i.code === 'too_big' && i.maximum === Number.MAX_SAFE_INTEGER) && !(i.code === 'too_small' && i.minimum === Number.MIN_SAFE_INTEGER)) ?? first;
  const path = issue?.path.map(String).join('.') ?? '';
  const field = path || location;
  if (!issue) return badRequest(field, 'is invalid');
  if (issue.code === 'invalid_type' && issue.path.length === 0 && location === 'body') {
    return badRequest('body', 'must be a JSON object');
  }
  const detail = describe(issue);
  return badRequest(field, detail);
}

/** Status codes body-parser and the router raise, with our own fixed words (their messages may quote the body). */
const CLIENT_ERRORS: Record<number, [slug: string, title: string, detail: string]> = {
  400: ['malformed-request', 'Malformed request', 'the request could not be parsed (body must be valid JSON, path must be valid UTF-8)'],
  413: ['payload-too-large', 'Payload too large', 'the request body exceeds the size limit'],
  415: ['unsupported-media-type', 'Unsupported media type', 'the request body must be application/json in UTF-8'],
};

function statusOf(error: unknown): number | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const status = (error as { status?: unknown; statusCode?: unknown }).status ?? (error as { statusCode?: unknown }).statusCode;
  return typeof status === 'number' ? status : undefined;
}

export interface TranslatedProblem {
  problem: Problem;
  headers: Record<string, string>;
  /** True when the error is ours to fix (logged at error level with its cause). */
  isServerFault: boolean;
}

export function toProblem(error: unknown, requestId?: string): TranslatedProblem {
  const make = (status: number, slug: string, title: string, detail: string, field?: string): Problem => ({
    type: TYPE_BASE + slug,
    title,
    status,
    detail,
    ...(field === undefined ? {} : { field }),
    ...(requestId === undefined ? {} : { requestId }),
  });

  if (error instanceof HttpProblem) {
    return { problem: make(error.status, error.slug, error.title, error.detail, error.field), headers: error.headers, isServerFault: error.status >= 500 };
  }
  if (error instanceof ZodError) {
    const p = validationProblem(error, 'query');
    return { problem: make(p.status, p.slug, p.title, p.detail, p.field), headers: {}, isServerFault: false };
  }
  if (error instanceof RingscanError) {
    if (error.code === 'NOT_FOUND') return { problem: make(404, 'not-found', 'Not found', 'no such resource'), headers: {}, isServerFault: false };
    if (error.code === 'BAD_USAGE') {
      return { problem: make(400, 'invalid-request', 'Invalid request', 'the request is not valid for this resource'), headers: {}, isServerFault: false };
    }
  }
  if (error instanceof StoreFailure || (error instanceof RingscanError && (error.code === 'STORE_UNAVAILABLE' || error.code === 'STORE_CORRUPT'))) {
    return {
      problem: make(503, 'store-unavailable', 'Service unavailable', 'the findings store is unavailable; retry later'),
      headers: { 'Retry-After': '5' },
      isServerFault: true,
    };
  }
  const status = statusOf(error);
  if (status !== undefined && status >= 400 && status < 500) {
    const [slug, title, detail] = CLIENT_ERRORS[status] ?? CLIENT_ERRORS[400]!;
    return { problem: make(status in CLIENT_ERRORS ? status : 400, slug, title, detail), headers: {}, isServerFault: false };
  }
  return { problem: make(500, 'internal', 'Internal error', 'an unexpected error occurred; it has been logged'), headers: {}, isServerFault: true };
}
