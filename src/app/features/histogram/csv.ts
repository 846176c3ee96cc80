// CSV export of the histogram (RFC 4180: fields with a comma, quote or line break are quoted, quotes doubled).
import type { HistogramRow } from '../../../core/api.ts';

export function csvField(value: string | number | undefined): string {
  if (value === undefined) return '';
  const s = String(value);
  // A leading =, +, - or @ would make a spreadsheet evaluate a class name from the dump as a formula.
  const safe = /^[=+\-@\t\r]/.test(s) && typeof value === 'string' ? "'" + s : s;
  return /[",\r\n]/.test(safe) ? '"' + safe.replace(/"/g, '""') + '"' : safe;
}

export function histogramCsv(rows: HistogramRow[]): string {
  const lines = ['class,instances,shallow_bytes,retained_bytes,class_address,loader_address'];
  for (const r of rows) {
    lines.push([r.className, r.instances, r.shallowBytes, r.retainedBytes, r.classAddress, r.loaderAddress].map(csvField).join(','));
  }
  return lines.join('\r\n') + '\r\n';
}
