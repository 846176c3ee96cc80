// Any table of the app or the CLI as CSV or JSON: one column list per table (a title and how to read a row's
// cell), one CSV writer (RFC 4180 quoting; a text cell that starts with = + - @, a tab or a carriage return gets a
// leading ' so that a spreadsheet does not evaluate a class name or String value from the dump as a formula).

import type { ObjectRow } from '../api.ts';

export type Cell = string | number | boolean | null | undefined;

export interface Column<T> {
  /** The CSV header and the JSON key: lower case with underscores (`shallow_bytes`). */
  key: string;
  value: (row: T) => Cell;
}

export function csvField(value: Cell): string {
  if (value === undefined || value === null) return '';
  const s = String(value);
  const safe = typeof value === 'string' && /^[=+\-@\t\r]/.test(s) ? "'" + s : s;
  return /[",\r\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
}

/** A header line, then one line per row; CRLF line ends. */
export function toCsv<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  const lines = [columns.map((c) => csvField(c.key)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(c.value(r))).join(','));
  return lines.join('\r\n') + '\r\n';
}

/** The same rows as a JSON array of objects keyed by the columns (values as they are, never formula-guarded:
 *  JSON is read by programs). */
export function toJson<T>(columns: readonly Column<T>[], rows: readonly T[]): string {
  return (
    JSON.stringify(
      rows.map((r) => {
        const o: Record<string, Cell> = {};
        for (const c of columns) o[c.key] = c.value(r) ?? null;
        return o;
      }),
      null,
      1,
    ) + '\n'
  );
}

/** The columns of a table of objects (dominator tree, instances, GC roots, held-by's largest). */
export function objectColumns<T>(of: (row: T) => ObjectRow): Column<T>[] {
  return [
    { key: 'address', value: (r) => of(r).address },
    { key: 'class', value: (r) => of(r).className },
    { key: 'label', value: (r) => of(r).label },
    { key: 'shallow_bytes', value: (r) => of(r).shallowBytes },
    { key: 'retained_bytes', value: (r) => of(r).retainedBytes },
    { key: 'dominated', value: (r) => of(r).dominatedCount },
    { key: 'gc_root_types', value: (r) => of(r).rootTypes?.join(' ') },
  ];
}

export const OBJECT_COLUMNS: Column<ObjectRow>[] = objectColumns((r: ObjectRow) => r);
