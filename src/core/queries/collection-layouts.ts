// The JDK's collection classes as their fields lay them out (OpenJDK 8 to 25, and JDK 6/7 where the older layout
// is still met: HashMap$Entry, LinkedHashMap's `header`, ConcurrentHashMap's segments, LinkedList's `header`):
// which layout a class follows, and the walk over its entries in storage order, one object read at a time.
// Nothing here trusts a size field: the walkers follow the table, the chains, the tree or the array, and the
// callers count what they yield.
//
// Storage order is the JDK's iteration order for every layout except Hashtable and WeakHashMap (walked from the
// last slot down, as their iterators do) and the List.of/Set.of/Map.of tables, whose iterators start at a random
// SALT: their walk is in slot order.

import { BasicType } from '../model/parsed-heap.ts';
import type { ClassIndex, ObjectId, ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { fieldPosition, intField, refAt, type DecodedInstance } from './instance-fields.ts';
import { readId, type ObjectReader } from './object-reader.ts';

export type LayoutName =
  | 'HashMap'
  | 'HashSet'
  | 'Hashtable'
  | 'Properties'
  | 'ConcurrentHashMap'
  | 'TreeMap'
  | 'TreeSet'
  | 'WeakHashMap'
  | 'IdentityHashMap'
  | 'ArrayList'
  | 'Vector'
  | 'CopyOnWriteArrayList'
  | 'LinkedList'
  | 'ArrayDeque'
  | 'PriorityQueue'
  | 'ArraysAsList'
  | 'ListN'
  | 'List12'
  | 'SetN'
  | 'Set12'
  | 'MapN'
  | 'Map1';

/** The JDK class that defines each layout (a subclass of one of them follows its layout). */
const LAYOUT_BY_CLASS: Record<string, LayoutName> = {
  'java.util.HashMap': 'HashMap',
  'java.util.HashSet': 'HashSet',
  'java.util.Hashtable': 'Hashtable',
  'java.util.Properties': 'Properties',
  'java.util.concurrent.ConcurrentHashMap': 'ConcurrentHashMap',
  'java.util.TreeMap': 'TreeMap',
  'java.util.TreeSet': 'TreeSet',
  'java.util.WeakHashMap': 'WeakHashMap',
  'java.util.IdentityHashMap': 'IdentityHashMap',
  'java.util.ArrayList': 'ArrayList',
  'java.util.Vector': 'Vector',
  'java.util.concurrent.CopyOnWriteArrayList': 'CopyOnWriteArrayList',
  'java.util.LinkedList': 'LinkedList',
  'java.util.ArrayDeque': 'ArrayDeque',
  'java.util.PriorityQueue': 'PriorityQueue',
  'java.util.Arrays$ArrayList': 'ArraysAsList',
  'java.util.ImmutableCollections$ListN': 'ListN',
  'java.util.ImmutableCollections$List12': 'List12',
  'java.util.ImmutableCollections$SetN': 'SetN',
  'java.util.ImmutableCollections$Set12': 'Set12',
  'java.util.ImmutableCollections$MapN': 'MapN',
  'java.util.ImmutableCollections$Map1': 'Map1',
};

const KIND_BY_LAYOUT: Record<LayoutName, 'map' | 'set' | 'list' | 'queue'> = {
  HashMap: 'map',
  HashSet: 'set',
  Hashtable: 'map',
  Properties: 'map',
  ConcurrentHashMap: 'map',
  TreeMap: 'map',
  TreeSet: 'set',
  WeakHashMap: 'map',
  IdentityHashMap: 'map',
  ArrayList: 'list',
  Vector: 'list',
  CopyOnWriteArrayList: 'list',
  LinkedList: 'list',
  ArrayDeque: 'queue',
  PriorityQueue: 'queue',
  ArraysAsList: 'list',
  ListN: 'list',
  List12: 'list',
  SetN: 'set',
  Set12: 'set',
  MapN: 'map',
  Map1: 'map',
};

export function kindOfLayout(layout: LayoutName): 'map' | 'set' | 'list' | 'queue' {
  return KIND_BY_LAYOUT[layout];
}

/** One entry as ids (0 = null). `key` is -1 for a list, set or queue element. */
export interface EntryIds {
  key: ObjectId | -1;
  value: ObjectId;
}

/** What one read of a collection object tells: its layout, size field, backing array and capacity. */
export interface CollectionShape {
  layout: LayoutName;
  /** The size the collection records (HashMap.size, Hashtable.count, ...; ConcurrentHashMap: baseCount plus its
   *  counter cells), or null when it keeps none (ArrayDeque, CopyOnWriteArrayList, List.of ...). */
  sizeField: number | null;
  /** The size read without walking: sizeField, else what the layout implies (ArrayDeque: tail − head). */
  quickSize: number;
  /** Entry slots of the backing array (a table's length; pairs for IdentityHashMap and Map.of); null for linked
   *  and tree layouts. */
  capacity: number | null;
  /** The backing array (table, elementData ...), or -1. */
  backing: ObjectIndex;
  /** Reference slots one entry takes in the backing array (2 where keys and values alternate). */
  slotsPerEntry: number;
  /** Where a set or Properties keeps its entries (HashSet.map, TreeSet.m, Properties.map), or -1. */
  inner: ObjectIndex;
  /** JDK 6/7 LinkedHashMap and JDK 6 LinkedList: the `header` node of their circular list, which holds no entry;
   *  or -1. */
  header: ObjectIndex;
}

/** Per-analysis facts the walkers need: each class's layout, and the JDK's sentinel objects. */
export class CollectionClasses {
  private readonly layoutByClass = new Map<ClassIndex, LayoutName | null>();
  private sentinels: Set<ObjectId> | null = null;

  constructor(private readonly ctx: QueryContext) {}

  /** The layout a class follows (itself or its nearest JDK collection superclass), or null. */
  layout(classIndex: ClassIndex): LayoutName | null {
    let found = this.layoutByClass.get(classIndex);
    if (found !== undefined) return found;
    found = null;
    for (const c of this.ctx.classes.chain(classIndex)) {
      const name = this.ctx.parsed.classes[c].name;
      if (Object.prototype.hasOwnProperty.call(LAYOUT_BY_CLASS, name)) {
        found = LAYOUT_BY_CLASS[name];
        break;
      }
    }
    this.layoutByClass.set(classIndex, found);
    return found;
  }

  /** The layout of an object, or null when it is not an instance of a known collection. */
  layoutOf(index: ObjectIndex): LayoutName | null {
    if (!this.ctx.isInstance(index)) return null;
    return this.layout(this.ctx.graph.classByIndex[index]);
  }

  /** The JDK's placeholders that stand for "no element" or a null key: ImmutableCollections.EMPTY,
   *  IdentityHashMap.NULL_KEY, WeakHashMap.NULL_KEY. */
  isSentinel(id: ObjectId): boolean {
    if (this.sentinels === null) {
      const ids = new Set<ObjectId>();
      const wanted: Record<string, string[]> = {
        'java.util.ImmutableCollections': ['EMPTY'],
        'java.util.IdentityHashMap': ['NULL_KEY'],
        'java.util.WeakHashMap': ['NULL_KEY'],
      };
      for (const cls of this.ctx.parsed.classes) {
        const names = wanted[cls.name];
        if (!names) continue;
        for (const f of cls.staticFields) {
          if (names.includes(f.name) && f.type === BasicType.Object && f.value !== 0) ids.add(Number(f.value));
        }
      }
      this.sentinels = ids;
    }
    return id !== 0 && this.sentinels.has(id);
  }
}

/** An instance read through `reader`, with its class layout. */
export async function readFields(ctx: QueryContext, reader: ObjectReader, index: ObjectIndex): Promise<DecodedInstance> {
  const layout = ctx.classes.layout(ctx.graph.classByIndex[index]);
  const record = await reader.instance(ctx.graph.ordinalByIndex[index], layout.sizeBytes);
  return { layout, fields: record.fields };
}

export function refField(ctx: QueryContext, inst: DecodedInstance, name: string): ObjectId {
  return refAt(inst, fieldPosition(inst.layout, name), ctx.parsed.idSize);
}

export function hasField(inst: DecodedInstance, name: string): boolean {
  return fieldPosition(inst.layout, name) >= 0;
}

/** A long field (CounterCell.value), or undefined. */
function longField(inst: DecodedInstance, name: string): number | undefined {
  const pos = fieldPosition(inst.layout, name);
  if (pos < 0) return undefined;
  if (inst.layout.types[pos] !== BasicType.Long) return intField(inst, name);
  const off = inst.layout.offsets[pos];
  return off + 8 <= inst.fields.byteLength ? Number(inst.fields.getBigInt64(off)) : undefined;
}

/** The object array an id stands for, or -1 (null, missing from the dump, or not an object array). */
function objectArray(ctx: QueryContext, id: ObjectId): ObjectIndex {
  const index = ctx.indexOfId(id);
  return index >= 0 && ctx.isObjectArray(index) && ctx.graph.ordinalByIndex[index] >= 0 ? index : -1;
}

function arrayLength(ctx: QueryContext, index: ObjectIndex): number {
  return index < 0 ? 0 : ctx.parsed.arrayLengthByOrdinal[ctx.graph.ordinalByIndex[index]];
}

/** An instance an id stands for, or -1. */
function instanceOf(ctx: QueryContext, id: ObjectId): ObjectIndex {
  const index = ctx.indexOfId(id);
  return index >= 0 && ctx.isInstance(index) ? index : -1;
}

/** Slots of an object array, `chunk` ids at a time (a huge table is never read whole). */
async function* slots(
  ctx: QueryContext,
  reader: ObjectReader,
  array: ObjectIndex,
  from = 0,
  to = arrayLength(ctx, array),
): AsyncGenerator<ObjectId> {
  if (array < 0) return;
  const idSize = ctx.parsed.idSize;
  const ordinal = ctx.graph.ordinalByIndex[array];
  const chunk = 4096;
  for (let start = from; start < to; start += chunk) {
    const range = await reader.arrayRange(ordinal, ctx.graph.kindByIndex[array], start, Math.min(chunk, to - start));
    for (let k = 0; k < range.count; k++) yield readId(range.elements, k * idSize, idSize);
  }
}

/** Reads one collection object: layout, size field, capacity, backing array, inner map. */
export async function readShape(
  ctx: QueryContext,
  coll: CollectionClasses,
  reader: ObjectReader,
  index: ObjectIndex,
  /** false: a set's or a Properties' inner map is named (`inner`) but not read. */
  descend = true,
): Promise<CollectionShape | null> {
  const layout = coll.layoutOf(index);
  if (layout === null) return null;
  const inst = await readFields(ctx, reader, index);
  const shape: CollectionShape = {
    layout,
    sizeField: null,
    quickSize: 0,
    capacity: null,
    backing: -1,
    slotsPerEntry: 1,
    inner: -1,
    header: instanceOf(ctx, refField(ctx, inst, 'header')),
  };
  const table = (name: string) => {
    shape.backing = objectArray(ctx, refField(ctx, inst, name));
    shape.capacity = arrayLength(ctx, shape.backing);
  };
  const sized = (name: string) => {
    const n = intField(inst, name);
    shape.sizeField = n ?? null;
    shape.quickSize = Math.max(0, n ?? 0);
  };
  switch (layout) {
    case 'HashMap':
    case 'WeakHashMap':
      table('table');
      sized('size');
      break;
    case 'Hashtable':
      table('table');
      sized('count');
      break;
    case 'Properties': {
      // JDK 9+: the entries live in a ConcurrentHashMap (`map`); the Hashtable part stays empty.
      const inner = instanceOf(ctx, refField(ctx, inst, 'map'));
      if (inner >= 0 && coll.layoutOf(inner) === 'ConcurrentHashMap') {
        const innerShape = descend ? await readShape(ctx, coll, reader, inner) : null;
        if (innerShape) Object.assign(shape, innerShape, { layout, inner });
        else shape.inner = inner;
      } else {
        table('table');
        sized('count');
      }
      break;
    }
    case 'ConcurrentHashMap': {
      const segments = objectArray(ctx, refField(ctx, inst, 'segments'));
      if (hasField(inst, 'table')) {
        table('table');
        let n = longField(inst, 'baseCount') ?? 0;
        const cells = objectArray(ctx, refField(ctx, inst, 'counterCells'));
        for await (const id of slots(ctx, reader, cells)) {
          const cell = instanceOf(ctx, id);
          if (cell >= 0) n += longField(await readFields(ctx, reader, cell), 'value') ?? 0;
        }
        shape.sizeField = n;
        shape.quickSize = Math.max(0, n);
      } else if (segments >= 0) {
        // JDK 6/7: Segment[] segments, each a small hash table with its own count.
        let n = 0;
        let capacity = 0;
        for await (const id of slots(ctx, reader, segments)) {
          const segment = instanceOf(ctx, id);
          if (segment < 0) continue;
          const s = await readFields(ctx, reader, segment);
          n += intField(s, 'count') ?? 0;
          capacity += arrayLength(ctx, objectArray(ctx, refField(ctx, s, 'table')));
        }
        shape.backing = segments;
        shape.capacity = capacity;
        shape.sizeField = n;
        shape.quickSize = n;
      }
      break;
    }
    case 'IdentityHashMap':
      table('table');
      shape.capacity = (shape.capacity ?? 0) >>> 1;
      shape.slotsPerEntry = 2;
      sized('size');
      break;
    case 'MapN':
      table('table');
      shape.capacity = (shape.capacity ?? 0) >>> 1;
      shape.slotsPerEntry = 2;
      sized('size');
      break;
    case 'SetN':
      table('elements');
      sized('size');
      break;
    case 'HashSet':
    case 'TreeSet': {
      const inner = instanceOf(ctx, refField(ctx, inst, layout === 'HashSet' ? 'map' : 'm'));
      const innerShape = inner >= 0 && descend ? await readShape(ctx, coll, reader, inner) : null;
      if (innerShape) Object.assign(shape, innerShape, { layout, inner });
      else shape.inner = inner;
      break;
    }
    case 'TreeMap':
    case 'LinkedList':
      sized('size');
      break;
    case 'ArrayList':
      table('elementData');
      sized('size');
      break;
    case 'Vector':
      table('elementData');
      sized('elementCount');
      break;
    case 'PriorityQueue':
      table('queue');
      sized('size');
      break;
    case 'CopyOnWriteArrayList':
      table('array');
      shape.quickSize = shape.capacity ?? 0;
      break;
    case 'ArraysAsList':
      table('a');
      shape.quickSize = shape.capacity ?? 0;
      break;
    case 'ListN':
      table('elements');
      shape.quickSize = shape.capacity ?? 0;
      break;
    case 'ArrayDeque': {
      table('elements');
      const length = shape.capacity ?? 0;
      const head = intField(inst, 'head') ?? 0;
      const tail = intField(inst, 'tail') ?? 0;
      shape.quickSize = length > 0 ? (((tail - head) % length) + length) % length : 0;
      break;
    }
    case 'List12':
    case 'Set12': {
      const e0 = refField(ctx, inst, 'e0');
      const e1 = refField(ctx, inst, 'e1');
      shape.quickSize = (e0 !== 0 && !coll.isSentinel(e0) ? 1 : 0) + (e1 !== 0 && !coll.isSentinel(e1) ? 1 : 0);
      break;
    }
    case 'Map1':
      shape.quickSize = 1;
      break;
  }
  return shape;
}

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

/** The classes whose objects make up each hashed, linked or tree layout (a subclass counts: TreeNode is a Node). */
const NODE_CLASSES: Partial<Record<LayoutName, string[]>> = {
  HashMap: ['java.util.HashMap$Node', 'java.util.HashMap$Entry'],
  Hashtable: ['java.util.Hashtable$Entry'],
  WeakHashMap: ['java.util.WeakHashMap$Entry'],
  ConcurrentHashMap: [
    'java.util.concurrent.ConcurrentHashMap$Node',
    'java.util.concurrent.ConcurrentHashMap$HashEntry',
    'java.util.concurrent.ConcurrentHashMap$Segment',
  ],
  TreeMap: ['java.util.TreeMap$Entry'],
  LinkedList: ['java.util.LinkedList$Node', 'java.util.LinkedList$Entry'],
};

/** Node classes that hold no entry: ConcurrentHashMap's bin markers and JDK 6/7 segments. */
const NOT_ENTRIES = /\$(TreeBin|ForwardingNode|ReservationNode|Segment)$/;

/**
 * The entries of a hashed, linked or tree layout counted on the graph, with no read of the dump: the entry objects
 * reachable from the collection (its table, or its root/first node) through objects of the layout's node classes
 * and their arrays (ConcurrentHashMap's `nextTable`, a segment's table). Null for other layouts. A key or value
 * that is itself such a node (a map of another map's entries) would be counted too: callers check the count
 * against the size field and walk the entries when they differ.
 */
export function countOnGraph(ctx: QueryContext, index: ObjectIndex, shape: CollectionShape): number | null {
  const layout = shape.layout === 'Properties' && shape.inner < 0 ? 'Hashtable' : shape.layout;
  const start = shape.backing >= 0 && layout !== 'TreeMap' && layout !== 'LinkedList' ? shape.backing : index;
  return entriesOnGraph(ctx, layout, start, shape.header, true);
}

/** The entry objects reachable from `start` through the layout's node classes (and, with `arrays`, their
 *  arrays), `header` and `start` not counted; null for a layout without node classes. */
function entriesOnGraph(ctx: QueryContext, layout: LayoutName, start: ObjectIndex, header: ObjectIndex, arrays: boolean): number | null {
  const names = NODE_CLASSES[layout];
  if (names === undefined) return null;
  const g = ctx.graph;
  const classes = ctx.parsed.classes;
  const isNodeClass = (c: ClassIndex): boolean => ctx.classes.chain(c).some((k) => names.includes(classes[k].name));
  const isNodeArray = (v: ObjectIndex): boolean =>
    arrays && ctx.isObjectArray(v) && names.some((n) => classes[g.classByIndex[v]].name === n + '[]');
  const seen = new Set<ObjectIndex>([start]);
  const stack: ObjectIndex[] = [start];
  let entries = 0;
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let e = g.succStart[v]; e < g.succStart[v + 1]; e++) {
      const w = g.succ[e];
      if (seen.has(w)) continue;
      if (ctx.isInstance(w) && isNodeClass(g.classByIndex[w])) {
        if (w !== header && !NOT_ENTRIES.test(classes[g.classByIndex[w]].name)) entries++;
      } else if (!isNodeArray(w)) continue;
      seen.add(w);
      stack.push(w);
    }
  }
  return entries;
}

/**
 * The entries of one bin of a hash table counted on the graph, so that a page far into a big map skips whole bins
 * without reading them; null when the bin cannot be counted so (a ConcurrentHashMap ForwardingNode: its entries
 * are in the next table).
 */
function binEntries(ctx: QueryContext, layout: LayoutName, head: ObjectId): number | null {
  const index = instanceOf(ctx, head);
  if (index < 0) return 0;
  const name = ctx.className(index);
  if (name.endsWith('$ForwardingNode') || name.endsWith('$ReservationNode')) return null;
  const below = entriesOnGraph(ctx, layout, index, -1, false);
  return below === null ? null : below + (NOT_ENTRIES.test(name) ? 0 : 1);
}
