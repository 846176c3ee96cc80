// Labels that need the dump's bytes (a String's value, a Thread/ThreadGroup/Module name, a URL; as MAT's name
// resolvers):
// decoded on demand and cached, so that synchronous pages (dominator children, instances, treemap) show them once
// any async query has resolved them.

import type { ObjectIndex } from '../units.ts';
import { LABEL_CHARS, type QueryContext } from './context.ts';
import { clipText, decodeNameField, decodeString, decodeUrl } from './strings.ts';
import { fieldPosition, intField, readInstance, refAt } from './instance-fields.ts';

/** `\n` and other C0/C1 control characters as `\u000a` escapes. */
export function escapeControls(text: string): string {
  // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
  return text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
}

function clipEscaped(text: string): string {
  if (text.length <= LABEL_CHARS + 1) return text;
  let cut = LABEL_CHARS;
  const escape = text.lastIndexOf('\\u', cut - 1);
  if (escape >= 0 && escape + 6 > cut) cut = escape; // never cut inside an escape
  return clipText(text.slice(0, cut + 1), cut);
}

/** Decodes and caches the label of one object (no-op when it needs no read or is cached). */
export function resolveLabel(ctx: QueryContext, index: ObjectIndex): Promise<string | undefined> {
  if (!ctx.needsLabelRead(index)) return Promise.resolve(ctx.label(index));
  let pending = ctx.pendingLabels.get(index);
  if (!pending) {
    pending = decodeLabel(ctx, index).finally(() => ctx.pendingLabels.delete(index));
    ctx.pendingLabels.set(index, pending);
  }
  return pending;
}

async function decodeLabel(ctx: QueryContext, index: ObjectIndex): Promise<string | undefined> {
  const c = ctx.graph.classByIndex[index];
  let text: string | null;
  try {
    if (ctx.classes.isString(c)) text = await decodeString(ctx, index, LABEL_CHARS);
    else if (ctx.classes.isUrl(c)) text = await decodeUrl(ctx, index, LABEL_CHARS);
    else if (ctx.classes.isBitmap(c)) text = await bitmapLabel(ctx, index);
    else text = await decodeNameField(ctx, index, LABEL_CHARS);
  } catch {
    // A label is decoration: an unreadable record (truncated dump) leaves the row without one.
    text = null;
  }
  // A label is one line: control characters are shown escaped, as MAT does, still within LABEL_CHARS.
  if (text !== null) text = clipEscaped(escapeControls(text));
  // Cache misses too (as no label), so a broken record is not re-read on every page.
  ctx.labelByIndex.set(index, text === null ? '' : text);
  return text ?? undefined;
}

/**
 * An Android Bitmap: its size and where its pixels are. Before API 26 they are a byte[] in the Java heap (field
 * `mBuffer`, so in the dump and in the Bitmap's retained size); since API 26 they are in native memory, which a
 * heap dump does not hold.
 */
async function bitmapLabel(ctx: QueryContext, index: ObjectIndex): Promise<string | null> {
  const inst = await readInstance(ctx, index);
  const width = intField(inst, 'mWidth');
  const height = intField(inst, 'mHeight');
  const size = width !== undefined && height !== undefined ? `${width}×${height}` : 'Bitmap';
  const buffer = ctx.indexOfId(refAt(inst, fieldPosition(inst.layout, 'mBuffer'), ctx.parsed.idSize));
  if (buffer >= 0) return `${size}, pixels in the dump: byte[${ctx.parsed.arrayLengthByOrdinal[ctx.graph.ordinalByIndex[buffer]]}] mBuffer`;
  return `${size}, pixels in native memory (not in the dump)`;
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

/**
 * Starts decoding, in the background, the labels a synchronous page could not carry, so that the next request
 * for these rows has them even when the caller never calls fillLabels. Failures only leave a row unlabelled.
 */
export function warmLabels(ctx: QueryContext, rows: Labelled[]): void {
  for (const r of rows) {
    if (ctx.needsLabelRead(r.index)) void resolveLabel(ctx, r.index);
  }
}
