// Domain errors with stable codes; the CLI and HTTP edges each translate them in one place.

export type ErrorCode =
  | 'BAD_USAGE'
  | 'MISSING_FILE'
  | 'UNREADABLE_FILE'
  | 'EMPTY_DATASET'
  /** A file breaks the input contract as a whole: a missing column, every row rejected, too many rejects. */
  | 'BAD_INPUT'
  /** A stage needed more memory than the process may use. */
  | 'OUT_OF_MEMORY'
  | 'BAD_CONFIG'
  | 'STORE_UNAVAILABLE'
  | 'STORE_CORRUPT'
  | 'NOT_FOUND';

export class RingscanError extends Error {
  override name = 'RingscanError';
  constructor(
    readonly code: ErrorCode,
    message: string,
  ) {
    super(message);
  }
}
