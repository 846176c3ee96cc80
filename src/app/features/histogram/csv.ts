// CSV export of the histogram (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled).
import type { ComparedRow } from './histogram-model.ts';

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const s = String(value);
  // A leading =, +, - or @ would make a spreadsheet evaluate a class name from the dump as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof value === 'string' ? "'" + s : s;
  return /[",\r\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
}

/** With `compared`, two more columns: the change of each class since the baseline. */
export function histogramCsv(rows: ComparedRow[], compared = false): string {
  const head = 'class,instances,shallow_bytes,retained_bytes,class_address,loader_address';
  const lines = [compared ? head + ',delta_instances,delta_shallow_bytes' : head];
  for (const r of rows) {
    const fields: (string | number | undefined)[] = [r.className, r.instances, r.shallowBytes, r.retainedBytes, r.classAddress, r.loaderAddress];
    if (compared) fields.push(r.deltaInstances ?? 0, r.deltaShallow ?? 0);
    lines.push(fields.map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
