// How an object is named in the UI (pure, shared by views and their models).
import type { ObjectRow } from '../core/api.ts';
import { visibleText } from '../core/display-text.ts';

/** A string from the dump as the page shows it: control and bidi characters as visible escapes (\x1b, \u202e),
 *  so a crafted name can neither hide text nor reverse what stands beside it. */
export const dumpText = visibleText;

/** MAT shows a class object as "class <name>"; the core's label for it is "class <name>" (or the bare name). */
export function objectTitle(row: Pick<ObjectRow, 'className' | 'label'>): { name: string; label?: string } {
  if (row.className === 'java.lang.Class' && row.label) return { name: 'class ' + visibleText(classObjectName(row.label)) };
  return { name: visibleText(row.className), label: row.label === undefined ? undefined : visibleText(row.label) };
}

/** The class a class object stands for, from its label. */
export function classObjectName(label: string): string {
  return label.startsWith('class ') ? label.slice(6) : label;
}
