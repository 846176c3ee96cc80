// Outgoing references (one row per field or element, as MAT's "with outgoing references") and referrers (one row
// per referring object, naming the fields that hold the object), paged.

import { BasicType, KIND_OBJECT_ARRAY } from '../model/parsed-heap.ts';
import type { Page, ReferenceRow } from '../api.ts';
import type { ObjectIndex } from '../units.ts';
import { pageBounds, type QueryContext } from './context.ts';
import { edgeNames, joinNames } from './edge-names.ts';
import { readInstance, refAt } from './instance-fields.ts';
import { readId } from './object-reader.ts';
import { fillLabels } from './labels.ts';
import { referrerCount, referrerRange, type ReverseIndex } from './reverse-index.ts';

interface Entry {
  field: string;
  target: ObjectIndex;
}

const SCAN_CHUNK = 16384;

async function toRows(ctx: QueryContext, entries: Entry[]): Promise<ReferenceRow[]> {
  const rows = entries.map((e) => ({ field: e.field, object: ctx.row(e.target) }));
  await fillLabels(
    ctx,
    rows.map((r) => r.object),
  );
  return rows;
}

/** The `<class>` edge of an instance or array (class objects list theirs in classObjectEntries). */
function headEntries(ctx: QueryContext, index: ObjectIndex): Entry[] {
  const out: Entry[] = [];
  const cls = ctx.classObjectOf(index);
  if (cls >= 0 && ctx.graph.ordinalByIndex[index] >= 0) out.push({ field: '<class>', target: cls });
  return out;
}

function pseudoEntries(ctx: QueryContext, index: ObjectIndex): Entry[] {
  return ctx.pseudoEdgesFrom(index).map((e) => ({ field: ctx.stacks.edgeName(e), target: e.to }));
}

function classObjectEntries(ctx: QueryContext, index: ObjectIndex): Entry[] {
  const out: Entry[] = [];
  const rec = ctx.parsed.classes[ctx.classRecord(index)];
  const cls = ctx.classObjectOf(index);
  if (cls >= 0) out.push({ field: '<class>', target: cls });
  const superIndex = rec.superId === 0 ? -1 : ctx.indexOfId(rec.superId);
  if (superIndex >= 0) out.push({ field: '<super>', target: superIndex });
  const loader = ctx.loaderIndex(rec.loaderId);
  if (loader >= 0) out.push({ field: '<classloader>', target: loader });
  for (const f of rec.staticFields) {
    if (f.type !== BasicType.Object || typeof f.value !== 'number') continue;
    const target = ctx.indexOfId(f.value);
    if (target >= 0) out.push({ field: '<static> ' + f.name, target });
  }
  return out;
}

/** Non-null elements of an object array that are objects of the dump, counted by reading the array once
 *  (the graph keeps de-duplicated edges only); cached for the last few arrays asked about. */
async function resolvedElementCount(ctx: QueryContext, cache: Map<number, number>, ordinal: number): Promise<number> {
  const cached = cache.get(ordinal);
  if (cached !== undefined) return cached;
  const length = ctx.parsed.arrayLengthByOrdinal[ordinal];
  const idSize = ctx.parsed.idSize;
  let n = 0;
  for (let from = 0; from < length; from += SCAN_CHUNK) {
    const range = await ctx.reader.arrayRange(ordinal, KIND_OBJECT_ARRAY, from, SCAN_CHUNK);
    for (let k = 0; k < range.count; k++) if (ctx.indexOfId(readId(range.elements, k * idSize, idSize)) >= 0) n++;
  }
  if (cache.size >= 16) cache.delete(cache.keys().next().value!);
  cache.set(ordinal, n);
  return n;
}

async function objectArrayPage(
  ctx: QueryContext,
  cache: Map<number, number>,
  index: ObjectIndex,
  offset: number,
  limit: number,
): Promise<Page<ReferenceRow>> {
  const head = headEntries(ctx, index);
  const ordinal = ctx.graph.ordinalByIndex[index];
  const total = head.length + (await resolvedElementCount(ctx, cache, ordinal));
  const { start, end } = pageBounds(offset, limit, total);
  const entries: Entry[] = [];
  for (let i = start; i < Math.min(end, head.length); i++) entries.push(head[i]);
  // Element rows: skip the (start - head) first resolved elements, then collect up to the page's end.
  let skip = Math.max(0, start - head.length);
  const want = end - Math.max(start, head.length);
  const length = ctx.parsed.arrayLengthByOrdinal[ordinal];
  const idSize = ctx.parsed.idSize;
  let collected = 0;
  for (let from = 0; from < length && collected < want; from += SCAN_CHUNK) {
    const range = await ctx.reader.arrayRange(ordinal, KIND_OBJECT_ARRAY, from, SCAN_CHUNK);
    const v = range.elements;
    for (let k = 0; k < range.count && collected < want; k++) {
      const target = ctx.indexOfId(readId(v, k * idSize, idSize));
      if (target < 0) continue;
      if (skip > 0) {
        skip--;
        continue;
      }
      entries.push({ field: `[${from + k}]`, target });
      collected++;
    }
  }
  return { offset: start, total, items: await toRows(ctx, entries) };
}

/** Element counts of recently paged object arrays, by ordinal. */
export type ArrayCountCache = Map<number, number>;

export async function outgoing(
  ctx: QueryContext,
  cache: ArrayCountCache,
  index: ObjectIndex,
  offset: number,
  limit: number,
): Promise<Page<ReferenceRow>> {
  ctx.assertIndex(index);
  if (ctx.isObjectArray(index) && ctx.graph.ordinalByIndex[index] >= 0) return objectArrayPage(ctx, cache, index, offset, limit);
  let entries: Entry[];
  if (ctx.isClassObject(index)) entries = classObjectEntries(ctx, index).concat(pseudoEntries(ctx, index));
  else if (ctx.isInstance(index)) {
    entries = headEntries(ctx, index);
    const inst = await readInstance(ctx, index);
    for (const pos of inst.layout.refFieldPositions) {
      const target = ctx.indexOfId(refAt(inst, pos, ctx.parsed.idSize));
      if (target >= 0) entries.push({ field: inst.layout.names[pos], target });
    }
    entries = entries.concat(pseudoEntries(ctx, index));
  } else entries = headEntries(ctx, index).concat(pseudoEntries(ctx, index));
  const { start, end } = pageBounds(offset, limit, entries.length);
  return { offset: start, total: entries.length, items: await toRows(ctx, entries.slice(start, end)) };
}

export async function referrers(
  ctx: QueryContext,
  reverse: ReverseIndex,
  index: ObjectIndex,
  offset: number,
  limit: number,
): Promise<Page<ReferenceRow>> {
  ctx.assertIndex(index);
  const total = referrerCount(ctx.graph, reverse, index);
  const { start, end } = pageBounds(offset, limit, total);
  const page = referrerRange(ctx.graph, reverse, index, start, end);
  const entries = await Promise.all(
    Array.from(page, async (from): Promise<Entry> => {
      let field: string;
      try {
        field = joinNames(await edgeNames(ctx, from, index));
      } catch {
        // The referrer's record cannot be re-read (truncated dump): the reference is known, its field is not.
        field = '?';
      }
      return { field, target: from };
    }),
  );
  return { offset: start, total, items: await toRows(ctx, entries) };
}
