// Row validation: a hand-written fast path for the common shape, and zod's safeParse whenever it says no.
// The fast path only ever accepts what the zod schema accepts, with the same values (property-tested).
import type { z } from 'zod';
import {
  AccountRecordSchema,
  ActionRecordSchema,
  LabelRecordSchema,
  LinkRecordSchema,
  type DatasetFileKind,
} from '../schema/input.js';

export interface AccountRow {
  id: string;
  createdAtMs: number;
  country: string | undefined;
}
export interface LinkRow {
  account: string;
  type: string;
  value: string;
  tsMs: number | undefined;
}
export interface ActionRow {
  account: string;
  action: string;
  target: string;
  tsMs: number;
}
export interface LabelRow {
  account: string;
  isFraud: boolean;
}
export interface RowOf {
  accounts: AccountRow;
  links: LinkRow;
  actions: ActionRow;
  labels: LabelRow;
}

/** A validated row, or a one-line reason naming the failing field. */
export type Validated<T> = T | string;

// Must match the limits in src/schema/input.ts; the equivalence property test fails if they drift.
const MAX_ID_LENGTH = 512;
const MAX_COUNTRY_LENGTH = 64;
const NUMERIC = /^-?\d+(\.\d+)?$/;

function isPlainRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/** The id rule of the schema (trim, then 1..512 chars); undefined when zod must decide. */
function fastId(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const trimmed = value.trim();
  return trimmed.length === 0 || trimmed.length > MAX_ID_LENGTH ? undefined : trimmed;
}

/** TimestampSchema's conversion, step for step; NaN when zod must decide. */
function fastTimestamp(value: unknown): number {
  if (typeof value === 'number') return Number.isFinite(value) ? value : Number.NaN;
  if (typeof value !== 'string') return Number.NaN;
  const ms = NUMERIC.test(value.trim()) ? Number(value) : Date.parse(value);
  return Number.isFinite(ms) ? ms : Number.NaN;
}

function isOptionalString(value: unknown, maxLength: number): boolean {
  return value === undefined || (typeof value === 'string' && value.length <= maxLength);
}

export function fastAccount(raw: unknown): AccountRow | undefined {
  if (!isPlainRecord(raw)) return undefined;
  const id = fastId(raw.id);
  const createdAtMs = fastTimestamp(raw.createdAt);
  const country = raw.country;
  if (id === undefined || Number.isNaN(createdAtMs) || !isOptionalString(country, MAX_COUNTRY_LENGTH)) return undefined;
  return { id, createdAtMs, country: country as string | undefined };
}

export function fastLink(raw: unknown): LinkRow | undefined {
  if (!isPlainRecord(raw)) return undefined;
  const account = fastId(raw.account);
  const type = fastId(raw.type);
  const value = fastId(raw.value);
  if (account === undefined || type === undefined || value === undefined) return undefined;
  const ts = raw.ts;
  if (ts === undefined) return { account, type, value, tsMs: undefined };
  const tsMs = fastTimestamp(ts);
  return Number.isNaN(tsMs) ? undefined : { account, type, value, tsMs };
}

export function fastAction(raw: unknown): ActionRow | undefined {
  if (!isPlainRecord(raw)) return undefined;
  const account = fastId(raw.account);
  const action = fastId(raw.action);
  const target = fastId(raw.target);
  const tsMs = fastTimestamp(raw.ts);
  if (account === undefined || action === undefined || target === undefined || Number.isNaN(tsMs)) return undefined;
  return { account, action, target, tsMs };
}

export function fastLabel(raw: unknown): LabelRow | undefined {
  if (!isPlainRecord(raw)) return undefined;
  const account = fastId(raw.account);
  const label = raw.label;
  if (account === undefined || (label !== 'fraud' && label !== 'benign')) return undefined;
  return { account, isFraud: label === 'fraud' };
}

export const FAST_VALIDATORS: { [K in DatasetFileKind]: (raw: unknown) => RowOf[K] | undefined } = {
  accounts: fastAccount,
  links: fastLink,
  actions: fastAction,
  labels: fastLabel,
};

/** zod's verdict projected onto the row shape ingest keeps. */
export const ZOD_VALIDATORS: { [K in DatasetFileKind]: (raw: unknown) => Validated<RowOf[K]> } = {
  accounts: (raw) => {
    const result = AccountRecordSchema.safeParse(raw);
    if (!result.success) return reasonOf(result.error);
    return { id: result.data.id, createdAtMs: result.data.createdAt, country: result.data.country };
  },
  links: (raw) => {
    const result = LinkRecordSchema.safeParse(raw);
    if (!result.success) return reasonOf(result.error);
    const { account, type, value, ts } = result.data;
    return { account, type, value, tsMs: ts };
  },
  actions: (raw) => {
    const result = ActionRecordSchema.safeParse(raw);
    if (!result.success) return reasonOf(result.error);
    const { account, action, target, ts } = result.data;
    return { account, action, target, tsMs: ts };
  },
  labels: (raw) => {
    const result = LabelRecordSchema.safeParse(raw);
    if (!result.success) return reasonOf(result.error);
    const { account, label } = result.data;
    return { account, isFraud: label === 'fraud' };
  },
};

const MAX_ISSUES_IN_REASON = 3;
const TIMESTAMP_FIELDS = new Set(['createdAt', 'ts']);

/** One line naming each failing field: "createdAt: is not an ISO-8601 date or epoch milliseconds". */
export function reasonOf(error: z.ZodError): string {
  const parts = error.issues.slice(0, MAX_ISSUES_IN_REASON).map((issue) => {
    const field = issue.path.map(String).join('.');
    return field === '' ? `row: ${describeIssue(issue)}` : `${field}: ${describeIssue(issue)}`;
  });
  const more = error.issues.length - MAX_ISSUES_IN_REASON;
  return (more > 0 ? `${parts.join('; ')}; and ${more} more` : parts.join('; ')).replace(/\s+/g, ' ');
}

function describeIssue(issue: z.core.$ZodIssue): string {
  if (issue.code === 'invalid_type') {
    if (/received undefined$/.test(issue.message)) return 'is missing';
    return issue.message.replace(/^Invalid input: /, '');
  }
  if (issue.code === 'invalid_union' && TIMESTAMP_FIELDS.has(String(issue.path.at(-1)))) {
    const received = /received (\S+)$/.exec(issue.errors[0]?.[0]?.message ?? '')?.[1];
    if (received === 'undefined') return 'is missing';
    return `must be an ISO-8601 date or epoch milliseconds${received ? `, received ${received}` : ''}`;
  }
  return issue.message;
}
