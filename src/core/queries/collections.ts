// `collectionContents`: a recognised JDK collection (collection-classes.ts) as the inspector shows it: kind, size
// found by walking it beside the size it records, capacity, fill ratio, and a page of its entries whose keys and
// values are object rows, with the value of a String or a boxed number read inline.
//
// Memory stays bounded by the page: the walk is a generator over the dump, one object at a time. The count of a
// hashed, linked or tree layout is taken from the graph (the entry objects reachable through the layout's node
// classes) when it agrees with the size field, else from a walk of its own (once per collection, kept for the
// next pages). The walk that served the last page is kept, so "show more" continues it instead of walking from
// the start.

import type { CollectionContents, CollectionEntry, CollectionValue, ObjectRow } from '../api.ts';
import { toHex, type ObjectId, type ObjectIndex } from '../units.ts';
import { basicTypeSize } from './class-info.ts';
import type { QueryContext } from './context.ts';
import { CollectionClasses, kindOfLayout, type CollectionShape, type EntryIds } from './collection-classes.ts';
import { countOnGraph } from './collection-count.ts';
import { readFields } from './collection-fields.ts';
import { positionalSize, walkEntries } from './collection-layouts.ts';
import { readShape } from './collection-shape.ts';
import { windowedAccess } from './duplicate-strings.ts';
import { fieldPosition } from './instance-fields.ts';
import { escapeControls, fillLabels } from './labels.ts';
import { ObjectReader, type RandomAccess } from './object-reader.ts';
import { decodeString } from './strings.ts';
import { formatPrimitive } from './values.ts';

/** Characters of a String value shown in an entry. */
export const ENTRY_TEXT_CHARS = 200;
/** Entries a page holds at most. */
const MAX_PAGE = 1000;
/** Collections whose walked count is kept. */
const COUNTS_KEPT = 64;
/** The window of the count walk: neighbouring nodes share a read, a far one costs a small read. */
const COUNT_WINDOW = 64 * 1024;

const BOXES = new Set([
  'java.lang.Integer',
  'java.lang.Long',
  'java.lang.Short',
  'java.lang.Byte',
  'java.lang.Character',
  'java.lang.Boolean',
  'java.lang.Float',
  'java.lang.Double',
]);

interface Cursor {
  index: ObjectIndex;
  position: number;
  walk: AsyncGenerator<EntryIds>;
}

export class CollectionQueries {
  readonly classes: CollectionClasses;
  private readonly counts = new Map<ObjectIndex, number>();
  private cursor: Cursor | null = null;

  constructor(
    private readonly ctx: QueryContext,
    private readonly source: RandomAccess,
  ) {
    this.classes = new CollectionClasses(ctx);
  }

  async contents(index: ObjectIndex, offset: number, limit: number): Promise<CollectionContents | null> {
    const ctx = this.ctx;
    ctx.assertIndex(index);
    if (this.classes.layoutOf(index) === null) return null;
    const shape = await readShape(ctx, this.classes, ctx.reader, index);
    if (shape === null) return null;
    const size = await this.count(index, shape);
    const start = Math.min(Math.max(0, Math.floor(offset) || 0), size);
    const want = Math.min(MAX_PAGE, Math.max(0, Math.floor(limit) || 0), size - start);
    const ids = await this.page(index, shape, start, want);
    const entries: CollectionEntry[] = [];
    for (let k = 0; k < ids.length; k++) {
      const e = ids[k];
      const entry: CollectionEntry = { position: start + k, value: await this.value(e.value) };
      if (e.key !== -1) entry.key = await this.value(e.key);
      entries.push(entry);
    }
    const rows: ObjectRow[] = [ctx.row(index)];
    if (shape.backing >= 0) rows.push(ctx.row(shape.backing));
    for (const e of entries) {
      if (e.key?.object) rows.push(e.key.object);
      if (e.value.object) rows.push(e.value.object);
    }
    await fillLabels(ctx, rows);
    const capacity = shape.capacity;
    return {
      collection: rows[0],
      kind: kindOfLayout(shape.layout),
      layout: shape.layout,
      size,
      sizeField: shape.sizeField,
      capacity,
      fillRatio: capacity !== null && capacity > 0 ? size / capacity : null,
      ...(shape.backing >= 0 ? { backing: rows[1] } : {}),
      page: { offset: start, total: size, items: entries },
    };
  }

  /** Entries of the collection: known from its shape for positional layouts, else walked once and kept. */
  private async count(index: ObjectIndex, shape: CollectionShape): Promise<number> {
    const positional = positionalSize(shape);
    if (positional !== null) return positional;
    const kept = this.counts.get(index);
    if (kept !== undefined) return kept;
    // A set or a JDK 9+ Properties: the entries of its inner map.
    if (shape.inner >= 0) {
      const inner = await readShape(this.ctx, this.classes, this.ctx.reader, shape.inner);
      if (inner !== null && inner.inner < 0) return this.count(shape.inner, inner);
    }
    // Counted on the graph when that agrees with the size it records: a walk of a 30,000-entry HashMap reads
    // 30,000 nodes scattered through the dump (113 s from a -gz dump, 2 cores, 24 GB, 2026-12-07).
    const onGraph = countOnGraph(this.ctx, index, shape);
    if (onGraph !== null && onGraph === shape.sizeField) return onGraph;
    const reader = new ObjectReader(this.ctx.parsed, windowedAccess(this.source, COUNT_WINDOW));
    let n = 0;
    for await (const _ of walkEntries(this.ctx, this.classes, reader, index, shape)) n++;
    if (this.counts.size >= COUNTS_KEPT) this.counts.delete(this.counts.keys().next().value!);
    this.counts.set(index, n);
    return n;
  }

  private async page(index: ObjectIndex, shape: CollectionShape, start: number, count: number): Promise<EntryIds[]> {
    if (count <= 0) return [];
    let cursor = this.cursor !== null && this.cursor.index === index && this.cursor.position === start ? this.cursor : null;
    this.cursor = null; // taken while in use: a concurrent page of the same collection starts its own walk
    if (cursor === null)
      cursor = { index, position: start, walk: walkEntries(this.ctx, this.classes, this.ctx.reader, index, shape, start) };
    const out: EntryIds[] = [];
    while (out.length < count) {
      const next = await cursor.walk.next();
      if (next.done) break;
      out.push(next.value);
      cursor.position++;
    }
    this.cursor = cursor;
    return out;
  }

  /** A held id as a value: the object's row, and a String's or a boxed number's value. */
  private async value(id: ObjectId): Promise<CollectionValue> {
    const ctx = this.ctx;
    if (id === 0) return { address: null };
    const out: CollectionValue = { address: toHex(id) };
    const index = ctx.indexOfId(id);
    if (index < 0) return out;
    out.object = ctx.row(index);
    if (!ctx.isInstance(index)) return out;
    const c = ctx.graph.classByIndex[index];
    try {
      if (ctx.classes.isString(c)) {
        const text = await decodeString(ctx, index, ENTRY_TEXT_CHARS);
        if (text !== null) out.text = escapeControls(text);
      } else if (BOXES.has(ctx.parsed.classes[c].name)) {
        const inst = await readFields(ctx, ctx.reader, index);
        const pos = fieldPosition(inst.layout, 'value');
        const type = inst.layout.types[pos];
        const off = inst.layout.offsets[pos];
        if (pos >= 0 && off + basicTypeSize(type, ctx.parsed.idSize) <= inst.fields.byteLength)
          out.text = escapeControls(formatPrimitive(inst.fields, off, type));
      }
    } catch {
      // A value is decoration: an unreadable record leaves the row without it.
    }
    return out;
  }
}
