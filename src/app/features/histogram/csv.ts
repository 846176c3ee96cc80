// CSV export of the histogram, written by the one table exporter (src/core/report/table-export.ts).
import { toCsv, type Column } from '../../../core/report/table-export.ts';
import type { ComparedRow } from './histogram-model.ts';

export { csvField } from '../../../core/report/table-export.ts';

const COLUMNS: Column<ComparedRow>[] = [
  { key: 'class', value: (r) => r.className },
  { key: 'instances', value: (r) => r.instances },
  { key: 'shallow_bytes', value: (r) => r.shallowBytes },
  { key: 'retained_bytes', value: (r) => r.retainedBytes },
  { key: 'class_address', value: (r) => r.classAddress },
  { key: 'loader_address', value: (r) => r.loaderAddress },
];
const DELTA_COLUMNS: Column<ComparedRow>[] = [
  { key: 'delta_instances', value: (r) => r.deltaInstances ?? 0 },
  { key: 'delta_shallow_bytes', value: (r) => r.deltaShallow ?? 0 },
];

/** With `compared`, two more columns: the change of each class since the baseline. */
export function histogramCsv(rows: ComparedRow[], compared = false): string {
  return toCsv(compared ? [...COLUMNS, ...DELTA_COLUMNS] : COLUMNS, rows);
}
