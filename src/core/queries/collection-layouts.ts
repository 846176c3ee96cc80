// The walk over a JDK collection's entries in storage order, one object read at a time, for every layout
// collection-classes.ts names. Nothing here trusts a size field: the walkers follow the table, the chains, the tree
// or the array, and the callers count what they yield.
//
// Storage order is the JDK's iteration order for every layout except Hashtable and WeakHashMap (walked from the
// last slot down, as their iterators do) and the List.of/Set.of/Map.of tables, whose iterators start at a random
// SALT: their walk is in slot order.

import type { ObjectId, ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { intField, type DecodedInstance } from './instance-fields.ts';
import type { ObjectReader } from './object-reader.ts';
import { CollectionClasses, type CollectionShape, type EntryIds, type LayoutName } from './collection-classes.ts';
import { arrayLength, hasField, instanceOf, objectArray, readFields, refField, slots } from './collection-fields.ts';
import { readShape } from './collection-shape.ts';
import { binEntries } from './collection-count.ts';

/** Follows a hash chain (`next`) from `first`, yielding each node; stops at a node missing from the dump or
 *  after `guard` nodes (a damaged dump could link a cycle). */
async function* chain(ctx: QueryContext, reader: ObjectReader, first: ObjectId, guard: { left: number }): AsyncGenerator<DecodedInstance> {
  for (let id = first; id !== 0 && guard.left-- > 0;) {
    const node = instanceOf(ctx, id);
    if (node < 0) return;
    const inst = await readFields(ctx, reader, node);
    yield inst;
    id = refField(ctx, inst, 'next');
  }
}

/** A map node's key and value: HashMap$Node/Entry and Hashtable$Entry `key`/`value`; ConcurrentHashMap `val`;
 *  WeakHashMap's key is the Reference's `referent`. */
function nodeEntry(ctx: QueryContext, coll: CollectionClasses, inst: DecodedInstance, weak: boolean): EntryIds {
  let key = refField(ctx, inst, weak ? 'referent' : 'key');
  if (coll.isSentinel(key)) key = 0;
  const value = refField(ctx, inst, hasField(inst, 'val') ? 'val' : 'value');
  return { key, value };
}

/**
 * Every entry of a collection from position `start` on, in storage order (see the top of the file). `shape` is
 * what readShape found for it. Positional layouts start there without reading the entries before; hash tables pass
 * over whole bins counted on the graph; linked and tree layouts walk from their first entry.
 */
export async function* walkEntries(
  ctx: QueryContext,
  coll: CollectionClasses,
  reader: ObjectReader,
  index: ObjectIndex,
  shape: CollectionShape,
  start = 0,
): AsyncGenerator<EntryIds> {
  const skip = { left: Math.max(0, start) };
  for await (const e of walk(ctx, coll, reader, index, shape, skip)) {
    if (skip.left > 0) skip.left--;
    else yield e;
  }
}

/** Entries in storage order. A walker may pass over entries before yielding the first one, and then takes them off
 *  `skip.left` (positional layouts by position, hash tables by bin); the caller drops what is left to skip. */
async function* walk(
  ctx: QueryContext,
  coll: CollectionClasses,
  reader: ObjectReader,
  index: ObjectIndex,
  shape: CollectionShape,
  skip: { left: number },
): AsyncGenerator<EntryIds> {
  const guard = { left: ctx.graph.nodeCount };
  /** Whether a whole bin lies before the first entry wanted (then it is taken off `skip`). */
  const skipsBin = (layout: LayoutName, head: ObjectId): boolean => {
    // WeakHashMap entries are References: `discovered` and `next` may link entries of other bins.
    if (skip.left === 0 || head === 0 || layout === 'WeakHashMap') return false;
    const n = binEntries(ctx, layout, head);
    if (n === null || n > skip.left) return false;
    skip.left -= n;
    return true;
  };
  const elements = async function* (array: ObjectIndex, count: number): AsyncGenerator<EntryIds> {
    const from = Math.min(skip.left, count);
    skip.left -= from;
    for await (const value of slots(ctx, reader, array, from, Math.min(count, arrayLength(ctx, array)))) yield { key: -1, value };
  };
  switch (shape.layout) {
    case 'HashSet':
    case 'TreeSet':
    case 'Properties': {
      // JDK 8 and older: a Properties is a Hashtable.
      if (shape.layout === 'Properties' && shape.inner < 0)
        return yield* walk(ctx, coll, reader, index, { ...shape, layout: 'Hashtable' }, skip);
      if (shape.inner < 0) return;
      const innerShape = await readShape(ctx, coll, reader, shape.inner);
      if (innerShape === null) return;
      for await (const e of walk(ctx, coll, reader, shape.inner, innerShape, skip))
        yield shape.layout === 'Properties' ? e : { key: -1, value: e.key };
      return;
    }
    case 'HashMap': {
      const inst = await readFields(ctx, reader, index);
      // LinkedHashMap: its own order, along `after` from `head` (JDK 8+) or from `header`, a circular list (JDK 6/7).
      const head = refField(ctx, inst, 'head');
      const header = refField(ctx, inst, 'header');
      if (head !== 0 || header !== 0) {
        const stop = header;
        for (let id = head !== 0 ? head : header; id !== 0 && guard.left-- > 0;) {
          const node = instanceOf(ctx, id);
          if (node < 0) return;
          const n = await readFields(ctx, reader, node);
          if (id !== header) yield nodeEntry(ctx, coll, n, false);
          id = refField(ctx, n, 'after');
          if (id === stop) return;
        }
        return;
      }
      // Plain HashMap: slots in order, each bin's chain along `next` (a treeified bin's TreeNodes keep it too).
      for await (const first of slots(ctx, reader, shape.backing)) {
        if (skipsBin('HashMap', first)) continue;
        for await (const n of chain(ctx, reader, first, guard)) yield nodeEntry(ctx, coll, n, false);
      }
      return;
    }
    case 'Hashtable':
    case 'WeakHashMap': {
      // Their iterators run from the last slot down.
      const length = arrayLength(ctx, shape.backing);
      const weak = shape.layout === 'WeakHashMap';
      for (let end = length; end > 0; end -= 4096) {
        const start = Math.max(0, end - 4096);
        const ids: ObjectId[] = [];
        for await (const id of slots(ctx, reader, shape.backing, start, end)) ids.push(id);
        for (let k = ids.length - 1; k >= 0; k--) {
          if (skipsBin(shape.layout, ids[k])) continue;
          for await (const n of chain(ctx, reader, ids[k], guard)) yield nodeEntry(ctx, coll, n, weak);
        }
      }
      return;
    }
    case 'ConcurrentHashMap':
      yield* walkConcurrent(ctx, coll, reader, shape, guard, (head) => skipsBin('ConcurrentHashMap', head));
      return;
    case 'IdentityHashMap':
    case 'MapN': {
      let key: ObjectId = 0;
      let k = 0;
      for await (const id of slots(ctx, reader, shape.backing)) {
        if ((k++ & 1) === 0) key = id;
        else if (key !== 0) yield { key: coll.isSentinel(key) ? 0 : key, value: id };
      }
      return;
    }
    case 'SetN':
      for await (const id of slots(ctx, reader, shape.backing)) if (id !== 0) yield { key: -1, value: id };
      return;
    case 'TreeMap': {
      // In order, with an explicit stack (its depth is the tree's height).
      const inst = await readFields(ctx, reader, index);
      const stack: DecodedInstance[] = [];
      let id = refField(ctx, inst, 'root');
      while ((id !== 0 || stack.length > 0) && guard.left-- > 0) {
        while (id !== 0) {
          const node = instanceOf(ctx, id);
          if (node < 0) break;
          const n = await readFields(ctx, reader, node);
          stack.push(n);
          id = refField(ctx, n, 'left');
        }
        const n = stack.pop();
        if (n === undefined) return;
        yield { key: refField(ctx, n, 'key'), value: refField(ctx, n, 'value') };
        id = refField(ctx, n, 'right');
      }
      return;
    }
    case 'LinkedList': {
      const inst = await readFields(ctx, reader, index);
      const header = refField(ctx, inst, 'header');
      let id = header !== 0 ? 0 : refField(ctx, inst, 'first');
      if (header !== 0) {
        const h = instanceOf(ctx, header);
        if (h < 0) return;
        id = refField(ctx, await readFields(ctx, reader, h), 'next');
      }
      while (id !== 0 && id !== header && guard.left-- > 0) {
        const node = instanceOf(ctx, id);
        if (node < 0) return;
        const n = await readFields(ctx, reader, node);
        yield { key: -1, value: refField(ctx, n, hasField(n, 'item') ? 'item' : 'element') };
        id = refField(ctx, n, 'next');
      }
      return;
    }
    case 'ArrayList':
    case 'Vector':
    case 'PriorityQueue':
      yield* elements(shape.backing, Math.max(0, shape.sizeField ?? 0));
      return;
    case 'CopyOnWriteArrayList':
    case 'ArraysAsList':
    case 'ListN':
      yield* elements(shape.backing, shape.capacity ?? 0);
      return;
    case 'ArrayDeque': {
      const inst = await readFields(ctx, reader, index);
      const length = arrayLength(ctx, shape.backing);
      const head = intField(inst, 'head') ?? 0;
      if (length === 0) return;
      // From head, `quickSize` slots round the end of the array (JDK 8: a power-of-two length; 9+: any length).
      const first = Math.min(skip.left, shape.quickSize);
      skip.left -= first;
      const part1 = Math.min(length - head, shape.quickSize);
      if (first < part1) for await (const value of slots(ctx, reader, shape.backing, head + first, head + part1)) yield { key: -1, value };
      const from2 = Math.max(0, first - part1);
      const to2 = shape.quickSize - part1;
      if (from2 < to2) for await (const value of slots(ctx, reader, shape.backing, from2, to2)) yield { key: -1, value };
      return;
    }
    case 'List12':
    case 'Set12': {
      const inst = await readFields(ctx, reader, index);
      for (const name of ['e0', 'e1']) {
        const id = refField(ctx, inst, name);
        if (id !== 0 && !coll.isSentinel(id)) yield { key: -1, value: id };
      }
      return;
    }
    case 'Map1': {
      const inst = await readFields(ctx, reader, index);
      yield { key: refField(ctx, inst, 'k0'), value: refField(ctx, inst, 'v0') };
      return;
    }
  }
}

/** The entries of a positional layout, known without reading them (lists and queues hold nulls as elements). */
export function positionalSize(shape: CollectionShape): number | null {
  switch (shape.layout) {
    case 'ArrayList':
    case 'Vector':
    case 'PriorityQueue':
      return Math.min(Math.max(0, shape.sizeField ?? 0), shape.capacity ?? 0);
    case 'CopyOnWriteArrayList':
    case 'ArraysAsList':
    case 'ListN':
      return shape.capacity ?? 0;
    case 'ArrayDeque':
    case 'List12':
    case 'Set12':
    case 'Map1':
      return shape.quickSize;
    default:
      return null;
  }
}

/**
 * ConcurrentHashMap (JDK 8+): the table's bins in order; a TreeBin (hash -2) holds its nodes as a list from
 * `first`; a ForwardingNode (hash -1, a resize under way) sends bin i to bins i and i + n of `nextTable`, as
 * the map's own Traverser does. JDK 6/7: each Segment's table in turn.
 */
async function* walkConcurrent(
  ctx: QueryContext,
  coll: CollectionClasses,
  reader: ObjectReader,
  shape: CollectionShape,
  guard: { left: number },
  skipsBin: (head: ObjectId) => boolean,
): AsyncGenerator<EntryIds> {
  const bin = async function* (first: ObjectId, depth: number): AsyncGenerator<EntryIds> {
    const node = instanceOf(ctx, first);
    if (node < 0) return;
    const name = ctx.className(node);
    if (name.endsWith('$TreeBin')) {
      const tb = await readFields(ctx, reader, node);
      for await (const n of chain(ctx, reader, refField(ctx, tb, 'first'), guard)) yield nodeEntry(ctx, coll, n, false);
      return;
    }
    if (name.endsWith('$ForwardingNode')) {
      if (depth > 8) return;
      const fwd = await readFields(ctx, reader, node);
      const next = objectArray(ctx, refField(ctx, fwd, 'nextTable'));
      return yield* forwarded(next, depth + 1);
    }
    if (name.endsWith('$ReservationNode')) return;
    for await (const n of chain(ctx, reader, first, guard)) yield nodeEntry(ctx, coll, n, false);
  };
  // The bins of the old table that a forwarding node stands for, in the new table (one per call site).
  let forwardedIndex = 0;
  let forwardedLength = 0;
  const forwarded = async function* (next: ObjectIndex, depth: number): AsyncGenerator<EntryIds> {
    const length = arrayLength(ctx, next);
    if (next < 0 || forwardedLength === 0 || length < 2 * forwardedLength) return;
    for (const at of [forwardedIndex, forwardedIndex + forwardedLength]) {
      for await (const id of slots(ctx, reader, next, at, at + 1)) if (id !== 0) yield* bin(id, depth);
    }
  };
  if (ctx.isObjectArray(shape.backing) && ctx.className(shape.backing).endsWith('$Segment[]')) {
    for await (const id of slots(ctx, reader, shape.backing)) {
      const segment = instanceOf(ctx, id);
      if (segment < 0) continue;
      const table = objectArray(ctx, refField(ctx, await readFields(ctx, reader, segment), 'table'));
      for await (const first of slots(ctx, reader, table)) {
        for await (const n of chain(ctx, reader, first, guard)) yield nodeEntry(ctx, coll, n, false);
      }
    }
    return;
  }
  forwardedLength = arrayLength(ctx, shape.backing);
  let i = 0;
  for await (const first of slots(ctx, reader, shape.backing)) {
    forwardedIndex = i++;
    if (first !== 0 && !skipsBin(first)) yield* bin(first, 0);
  }
}
