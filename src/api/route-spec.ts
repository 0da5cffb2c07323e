// One route of the API as data: method, path, scopes, zod schemas and handler. The app registers routes from
// these specs and the OpenAPI document is generated from the same specs, so neither can drift from the other.
import type { z } from 'zod';
import type { Scope } from '../schema/api.js';
import type { RunRecord } from '../schema/run.js';
import type { AnswerCache } from './answer-cache.js';
import type { StoreReader } from './instrumented-store.js';

export interface RouteContext<P, Q, B> {
  params: P;
  query: Q;
  body: B;
  store: StoreReader;
  /** The current complete run, or a 404 problem when no run was recorded yet. */
  currentRun(): Promise<RunRecord>;
  /** Accounts' batch-risk entries serialized within a run, keyed by account id (null without the answer cache). */
  riskEntries: AnswerCache | null;
}

export interface RouteSpec<P = unknown, Q = unknown, B = unknown, R = unknown> {
  method: 'get' | 'post';
  /** Express path, e.g. /v1/rings/:id (OpenAPI gets /v1/rings/{id}). */
  path: string;
  tag: string;
  summary: string;
  description?: string;
  /** Scopes of which the key needs at least one; 'public' means no key. */
  scopes: readonly Scope[] | 'public';
  params?: z.ZodType<P>;
  query?: z.ZodType<Q>;
  body?: z.ZodType<B>;
  response: z.ZodType<R>;
  /** Defaults to application/json (the result is serialised); any other type is sent as the returned string. */
  contentType?: string;
  /** Other 200 content types the handler may answer with by returning a TextBody (documented as strings). */
  alternateContent?: readonly string[];
  /** The answer depends only on the request and the current run: its serialized form is reused within a run. */
  cachePerRun?: boolean;
  /** Error statuses this route can answer besides the common ones (401, 403, 429, 503). */
  errors: readonly number[];
  handle(context: RouteContext<P, Q, B>): Promise<R | TextBody>;
}

/** A spec with its types erased for the route table; each spec is still checked where it is written. */
export type AnyRouteSpec = RouteSpec<unknown, unknown, unknown, unknown>;

export const defineRoute = <P, Q, B, R>(spec: RouteSpec<P, Q, B, R>): AnyRouteSpec => spec;

export const toOpenApiPath = (expressPath: string): string => expressPath.replace(/:([A-Za-z0-9_]+)/g, '{$1}');

/** A handler's answer in one of its route's alternate content types (e.g. a graph as GEXF), sent as is. */
export class TextBody {
  constructor(
    readonly contentType: string,
    readonly text: string,
  ) {}
}
