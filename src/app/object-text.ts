// How an object is named in the UI (pure, shared by views and their models).
import type { ObjectRow } from '../core/api.ts';

/** MAT shows a class object as "class <name>"; the core puts the class's name in the label. */
export function objectTitle(row: Pick<ObjectRow, 'className' | 'label'>): { name: string; label?: string } {
  if (row.className === 'java.lang.Class' && row.label) return { name: 'class ' + row.label };
  return { name: row.className, label: row.label };
}
