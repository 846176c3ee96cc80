// Labels that need the dump's bytes (a String's value, a Thread's or a Module's name, as MAT's name resolvers): decoded on demand and cached, so that
// synchronous pages (dominator children, instances, treemap) show them once any async query has resolved them.

import type { ObjectIndex } from '../units.ts';
import { LABEL_CHARS, type QueryContext } from './context.ts';
import { decodeNameField, decodeString } from './strings.ts';

/** Decodes and caches the label of one object (no-op when it needs no read or is cached). */
export async function resolveLabel(ctx: QueryContext, index: ObjectIndex): Promise<string | undefined> {
  if (!ctx.needsLabelRead(index)) return ctx.label(index);
  const c = ctx.graph.classByIndex[index];
  let text: string | null = null;
  try {
    text = ctx.classes.isString(c) ? await decodeString(ctx, index, LABEL_CHARS) : await decodeNameField(ctx, index, LABEL_CHARS);
  } catch {
    // A label is decoration: an unreadable record (truncated dump) leaves the row without one.
    text = null;
  }
  // Cache misses too (as no label), so a broken record is not re-read on every page.
  ctx.labelByIndex.set(index, text === null ? '' : text);
  return text ?? undefined;
}

/** Anything with an object index and an optional label: ObjectRow, TreemapNode (virtual and folded nodes, with
 *  negative indices, are left alone). */
export interface Labelled {
  index: ObjectIndex;
  label?: string;
}

/** Fills `label` on rows whose label needs the dump, in place; rows share reads through the cache. */
export async function fillLabels(ctx: QueryContext, rows: Labelled[]): Promise<void> {
  const pending = rows.filter((r) => ctx.needsLabelRead(r.index));
  await Promise.all(pending.map((r) => resolveLabel(ctx, r.index)));
  for (const r of rows) {
    if (r.label === undefined && r.index >= 0) {
      const label = ctx.label(r.index);
      if (label) r.label = label;
    }
  }
}
