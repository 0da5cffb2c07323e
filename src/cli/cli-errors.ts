// The CLI's one translator from an error to a one-line message and an exit code (0 ok, 1 failure, 2 bad usage).
import { ZodError } from 'zod';
import { RingscanError } from '../schema/errors.js';
import { announcedStage, isAllocationFailure, outOfMemoryMessage } from './heap-launcher.js';

export function messageOf(error: unknown): string {
  if (isAllocationFailure(error)) {
    const detail = error instanceof RingscanError ? `: ${error.message}` : '';
    return `${outOfMemoryMessage(announcedStage(), process.argv.slice(2))}${detail}`;
  }
  if (error instanceof ZodError) {
    const issue = error.issues[0];
    const field = issue?.path.join('.') || 'value';
    return `invalid ${field}: ${issue?.message ?? 'invalid input'}`;
  }
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
