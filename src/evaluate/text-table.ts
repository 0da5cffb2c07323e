// Plain-text tables and numbers for the evaluation reports printed by the CLI.

export const num = (value: number | null, digits = 3): string => (value === null ? 'n/a' : value.toFixed(digits));

/** Columns padded to the widest cell; the first column left-aligned, the others right-aligned. */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((r) => r[c]!.length)));
  const line = (cells: string[]) =>
    cells
      .map((cell, c) => (c === 0 ? cell.padEnd(widths[c]!) : cell.padStart(widths[c]!)))
      .join('  ')
      .trimEnd();
  return [line(header), ...rows.map(line)];
}
