// What the command palette offers for a query (pure: tested without a page).
import type { HistogramRow } from '../../core/api.ts';
import { parseHex, toHex } from '../../core/units.ts';
import { countOf, formatBytes } from '../format.ts';
import { classHash, objectHash, viewHash, type ViewName } from '../routes.ts';

/** Classes listed at most; the histogram may hold 50,000. */
const MAX_CLASSES = 12;

export interface PaletteItem {
  key: string;
  kind: 'view' | 'class' | 'object';
  text: string;
  detail?: string;
  /** Where Enter goes; an object is checked against the dump first. */
  hash: string;
  address?: string;
}

/** What the palette offers for a query: an address first when it reads as one, then views, then classes
 *  (name contains the query, ignoring case; largest retained first). */
export function paletteItems(
  query: string,
  views: readonly (readonly [ViewName, string])[],
  classes: readonly HistogramRow[],
): PaletteItem[] {
  const q = query.trim().toLowerCase();
  const out: PaletteItem[] = [];
  const id = /^(0x)?[0-9a-f]{4,16}$/i.test(q) ? parseHex(q) : null;
  if (id !== null)
    out.push({ key: 'object', kind: 'object', text: `Object @ ${toHex(id)}`, hash: objectHash(toHex(id)), address: toHex(id) });
  for (const [view, label] of views) {
    if (q === '' || label.toLowerCase().includes(q) || view.includes(q))
      out.push({ key: 'view:' + view, kind: 'view', text: label, hash: viewHash(view) });
  }
  if (q !== '') {
    const matches = classes.filter((c) => c.className.toLowerCase().includes(q));
    matches.sort((a, b) => (b.retainedBytes ?? b.shallowBytes) - (a.retainedBytes ?? a.shallowBytes));
    for (const c of matches.slice(0, MAX_CLASSES)) {
      out.push({
        key: 'class:' + c.classAddress,
        kind: 'class',
        text: c.className,
        detail: `${countOf(c.instances, 'object')} · ${formatBytes(c.retainedBytes ?? c.shallowBytes)}${c.retainedBytes === undefined ? '' : ' retained'}`,
        hash: classHash(c.className, c.classAddress),
      });
    }
  }
  return out;
}
