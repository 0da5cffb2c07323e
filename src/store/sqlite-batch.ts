// Batched INSERTs for better-sqlite3: one prepared multi-row statement reused for every full batch.
import type Database from 'better-sqlite3';

export type SqlValue = string | number | bigint | null;

/**
 * Inserts rows through `INSERT INTO table (cols) VALUES (…),(…),…` with `rowsPerBatch` rows per statement,
 * and a one-row statement for the remainder. Call inside a transaction: it never begins or commits one.
 */
export function insertBatched<T>(
  db: Database.Database,
  table: string,
  columns: readonly string[],
  rows: Iterable<T>,
  valuesOf: (row: T, out: SqlValue[]) => void,
  options: { orIgnore?: boolean; rowsPerBatch?: number } = {},
): number {
  // SQLite binds at most 32766 parameters per statement; ~200 rows is past the point where larger batches help.
  const rowsPerBatch = Math.max(1, Math.min(options.rowsPerBatch ?? 200, Math.floor(32_000 / columns.length)));
  const head = `INSERT ${options.orIgnore ? 'OR IGNORE ' : ''}INTO ${table} (${columns.join(', ')}) VALUES `;
  const tuple = `(${columns.map(() => '?').join(', ')})`;
  const batch = db.prepare(head + Array.from({ length: rowsPerBatch }, () => tuple).join(', '));
  const single = db.prepare(head + tuple);
  const perBatch = rowsPerBatch * columns.length;
  const buffer: SqlValue[] = [];
  let count = 0;
  for (const row of rows) {
    const before = buffer.length;
    valuesOf(row, buffer);
    if (buffer.length - before !== columns.length) throw new Error(`${table}: a row gave ${buffer.length - before} values for ${columns.length} columns`);
    count++;
    if (buffer.length === perBatch) {
      batch.run(buffer);
      buffer.length = 0;
    }
  }
  for (let i = 0; i < buffer.length; i += columns.length) single.run(buffer.slice(i, i + columns.length));
  return count;
}
