// The CLI's one translator from an error to a one-line message and an exit code (0 ok, 1 failure, 2 bad usage).
import { ZodError } from 'zod';
import { describeIssue } from '../lib/describe-issue.js';
import { RingscanError } from '../schema/errors.js';
import { announcedStage, isAllocationFailure, outOfMemoryMessage } from './heap-launcher.js';

/** An option's schema key as the user typed it: fraudShare → --fraud-share. */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

/** A ZodError from a command's options, naming the flag: "invalid --threshold: must be a number". */
export function describeOptionsError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid options';
  const key = issue.path[0];
  // list options (--scope a,b) fail on an element: the flag is still the name to give
  const name = key === undefined ? 'options' : flagOf(String(key));
  return `invalid ${name}: ${describeIssue(issue, { keyWord: 'option' })}`;
}

/** A ZodError from a file's content, naming the field: "invalid accounts.0.risk: must be at most 1". */
export function describeDataError(error: ZodError): string {
  const issue = error.issues[0];
  if (!issue) return 'invalid content';
  const field = issue.path.map(String).join('.');
  return `invalid ${field === '' ? 'content' : field}: ${describeIssue(issue)}`;
}

export function messageOf(error: unknown): string {
  if (isAllocationFailure(error)) {
    const detail = error instanceof RingscanError ? `: ${error.message}` : '';
    return `${outOfMemoryMessage(announcedStage(), process.argv.slice(2))}${detail}`;
  }
  if (error instanceof ZodError) return describeOptionsError(error);
  if (error instanceof RingscanError) return error.message;
  if (error instanceof Error && 'code' in error && typeof error.code === 'string' && error.code.startsWith('E')) {
    return `${error.message}`;
  }
  return error instanceof Error ? error.message : String(error);
}

export function exitCodeOf(error: unknown): number {
  if (error instanceof ZodError) return 2;
  if (error instanceof RingscanError && error.code === 'BAD_USAGE') return 2;
  return 1;
}
