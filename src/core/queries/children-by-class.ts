// The children of one dominator-tree node grouped by class (MAT's "Group by class" in the dominator tree), as an
// aggregation over all the node's children, not over the rows a view happened to load: one pass over the
// children list, one row per class (count, shallow, retained), largest retained first. The totals describe every
// child, so they do not change as a view pages through the classes or through the objects of one class.
//
// And the field names through which a parent references its dominated children (`next`, `table`, `[12]`),
// read once per parent for all the asked children.

import type { ChildrenByClass, ClassGroupRow, ObjectRow, Page } from '../api.ts';
import { KIND_OBJECT_ARRAY } from '../model/parsed-heap.ts';
import type { ClassIndex, ObjectIndex } from '../units.ts';
import { pageBounds, type QueryContext } from './context.ts';
import { edgeNamesSync, joinNames } from './edge-names.ts';
import { readInstance } from './instance-fields.ts';
import { readId } from './object-reader.ts';

/** Aggregations and per-class member lists kept (least recently asked dropped first). */
const KEPT = 16;
/** Array elements read per chunk when naming the elements that hold a parent's children. */
const SCAN_CHUNK = 16384;

interface Grouped {
  rows: ClassGroupRow[];
  shallowBytes: number;
  retainedBytes: number;
  children: number;
}

/** Remembers the last few answers by key, dropping the least recently asked. */
class Recent<T> {
  private readonly map = new Map<string, T>();
  get(key: string, make: () => T): T {
    let value = this.map.get(key);
    if (value === undefined) {
      value = make();
      if (this.map.size >= KEPT) this.map.delete(this.map.keys().next().value!);
    }
    this.map.delete(key);
    this.map.set(key, value);
    return value;
  }
}

export class ChildrenByClassIndex {
  private readonly grouped = new Recent<Grouped>();
  private readonly memberLists = new Recent<Uint32Array>();

  constructor(private readonly ctx: QueryContext) {}

  /** The classes among `parent`'s children (parent -1: the top-level dominators), a page of them. */
  page(parent: ObjectIndex, offset: number, limit: number): ChildrenByClass {
    if (parent !== -1) this.ctx.assertIndex(parent);
    const all = this.grouped.get(String(parent), () => groupChildren(this.ctx, parent));
    const { start, end } = pageBounds(offset, limit, all.rows.length);
    return {
      parent,
      children: all.children,
      shallowBytes: all.shallowBytes,
      retainedBytes: all.retainedBytes,
      page: { offset: start, total: all.rows.length, items: all.rows.slice(start, end) },
    };
  }

  /** The children of `parent` of one class, largest retained first, a page of them. */
  members(parent: ObjectIndex, classIndex: ClassIndex, offset: number, limit: number): Page<ObjectRow> {
    const list = this.memberIndices(parent, classIndex);
    const { start, end } = pageBounds(offset, limit, list.length);
    const items: ObjectRow[] = [];
    for (let i = start; i < end; i++) items.push(this.ctx.row(list[i]));
    return { offset: start, total: list.length, items };
  }

  /** The children of `parent` of one class, largest retained first, as indices (kept for the next pages). */
  memberIndices(parent: ObjectIndex, classIndex: ClassIndex): Uint32Array {
    if (parent !== -1) this.ctx.assertIndex(parent);
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= this.ctx.parsed.classes.length) {
      throw new RangeError(`class index ${classIndex} is outside 0..${this.ctx.parsed.classes.length - 1}`);
    }
    return this.memberLists.get(`${parent}:${classIndex}`, () => {
      const children = this.ctx.graph.sortedChildren(parent);
      const classByIndex = this.ctx.graph.classByIndex;
      let n = 0;
      for (let i = 0; i < children.length; i++) if (classByIndex[children[i]] === classIndex) n++;
      const out = new Uint32Array(n);
      n = 0;
      for (let i = 0; i < children.length; i++) if (classByIndex[children[i]] === classIndex) out[n++] = children[i];
      return out;
    });
  }
}

function groupChildren(ctx: QueryContext, parent: ObjectIndex): Grouped {
  const g = ctx.graph;
  const children = g.sortedChildren(parent);
  const { classByIndex, shallowByIndex, retainedByIndex } = g;
  const byClass = new Map<ClassIndex, ClassGroupRow>();
  let shallowBytes = 0;
  let retainedBytes = 0;
  for (let i = 0; i < children.length; i++) {
    const v = children[i];
    const c = classByIndex[v];
    let row = byClass.get(c);
    if (row === undefined) {
      row = { classIndex: c, className: ctx.parsed.classes[c]?.name ?? '?', count: 0, shallowBytes: 0, retainedBytes: 0 };
      byClass.set(c, row);
    }
    row.count++;
    row.shallowBytes += shallowByIndex[v];
    row.retainedBytes += retainedByIndex[v];
    shallowBytes += shallowByIndex[v];
    retainedBytes += retainedByIndex[v];
  }
  const rows = [...byClass.values()].sort(
    (a, b) =>
      b.retainedBytes - a.retainedBytes ||
      b.count - a.count ||
      (a.className < b.className ? -1 : a.className > b.className ? 1 : a.classIndex - b.classIndex),
  );
  return { rows, shallowBytes, retainedBytes, children: children.length };
}

/**
 * The names of the references from `parent` to each of `targets` (its children in the dominator tree, usually):
 * `next`, `table`, `[12]`, `<static> CACHE`, several joined by ", "; '' where `parent` does not reference the target
 * itself (a dominated object reached through others). The parent is read from the dump at most once: an instance's
 * fields, or an object array in chunks until every target is placed.
 */
export async function referenceNames(ctx: QueryContext, parent: ObjectIndex, targets: ObjectIndex[]): Promise<string[]> {
  ctx.assertIndex(parent);
  for (const t of targets) ctx.assertIndex(t);
  const names: string[] = new Array<string>(targets.length).fill('');
  const pending: number[] = [];
  targets.forEach((t, i) => {
    const known = edgeNamesSync(ctx, parent, t);
    if (known === null) pending.push(i);
    else names[i] = known.length === 0 ? '' : joinNames(known);
  });
  if (pending.length === 0) return names;
  const g = ctx.graph;
  const idSize = ctx.parsed.idSize;
  // Names already known from the sync pass (<class>, pseudo edges) stay in front of the field names.
  const found = new Map<number, string[]>(); // target id -> field names
  const wanted = new Set(pending.map((i) => g.idOf(targets[i])));
  if (ctx.isObjectArray(parent)) {
    const ordinal = g.ordinalByIndex[parent];
    const length = ctx.parsed.arrayLengthByOrdinal[ordinal];
    for (let start = 0; start < length && found.size < wanted.size; start += SCAN_CHUNK) {
      const range = await ctx.reader.arrayRange(ordinal, KIND_OBJECT_ARRAY, start, SCAN_CHUNK);
      for (let k = 0; k < range.count; k++) {
        const id = readId(range.elements, k * idSize, idSize);
        // The first element holding a target names it (as MAT's path views do).
        if (wanted.has(id) && !found.has(id)) found.set(id, [`[${start + k}]`]);
      }
    }
  } else if (ctx.isInstance(parent)) {
    const inst = await readInstance(ctx, parent);
    for (const pos of inst.layout.refFieldPositions) {
      const off = inst.layout.offsets[pos];
      if (off + idSize > inst.fields.byteLength) continue;
      const id = readId(inst.fields, off, idSize);
      if (!wanted.has(id)) continue;
      const list = found.get(id);
      if (list) list.push(inst.layout.names[pos]);
      else found.set(id, [inst.layout.names[pos]]);
    }
  }
  for (const i of pending) {
    const t = targets[i];
    const prefix: string[] = [];
    if (ctx.classObjectOf(parent) === t) prefix.push('<class>');
    for (const e of ctx.pseudoEdgesFrom(parent)) if (e.to === t) prefix.push(e.name);
    names[i] = [...prefix, ...(found.get(g.idOf(t)) ?? [])].join(', ');
  }
  return names;
}
