// Row validation: a hand-written fast path for the common shape, and zod's safeParse whenever it says no.
// The fast path only ever accepts what the zod schema accepts, with the same values (property-tested).
import type { z } from 'zod';
import { isValidId } from '../schema/id-rule.js';
import {
  AccountRecordSchema,
  ActionRecordSchema,
  LabelRecordSchema,
  LinkRecordSchema,
  MAX_COUNTRY_LENGTH,
  type DatasetFileKind,
} from '../schema/input.js';
import { timestampOf } from '../schema/timestamp-rule.js';

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

function isPlainRecord(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === 'object' && raw !== null && !Array.isArray(raw);
}

/** The shared id rule; undefined when zod must decide (and word the reason). */
function fastId(value: unknown): string | undefined {
  return typeof value === 'string' && isValidId(value) ? value : undefined;
}

const fastTimestamp = timestampOf;

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

/** One line naming each failing field in plain words: "createdAt: must be an ISO-8601 date … or epoch milliseconds". */
export function reasonOf(error: z.ZodError): string {
  // one issue per field: an empty id also fails the charset check, and "must not be empty" says it all
  const seen = new Set<string>();
  const issues = error.issues.filter((issue) => {
    const key = issue.path.map(String).join('.');
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
  const parts = issues.slice(0, MAX_ISSUES_IN_REASON).map((issue) => {
    const field = issue.path.map(String).join('.');
    return field === '' ? `row: ${describeIssue(issue)}` : `${field}: ${describeIssue(issue)}`;
  });
  const more = issues.length - MAX_ISSUES_IN_REASON;
  return (more > 0 ? `${parts.join('; ')}; and ${more} more` : parts.join('; ')).replace(/\s+/g, ' ');
}

/** Words from the schema's own messages and constraints, never zod's defaults ("Invalid input: expected …"). */
function describeIssue(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case 'invalid_type': {
      const received = /received (\S+)$/.exec(issue.message)?.[1];
      if (received === 'undefined') return 'is missing';
      if (issue.expected === 'object') return 'must be a JSON object';
      const got = received === undefined ? '' : `, not ${received === 'array' ? 'a list' : received === 'null' ? 'null' : `a ${received}`}`;
      return `must be ${issue.expected === 'string' ? 'text' : `a ${issue.expected}`}${got}`;
    }
    case 'invalid_value':
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(', ')}`;
    case 'too_big':
    case 'too_small':
    case 'invalid_format':
    case 'custom':
      return issue.message;
    default:
      return 'is not valid';
  }
}
