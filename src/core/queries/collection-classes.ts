// The JDK's collection classes (OpenJDK 8 to 25, and JDK 6/7 where the older layout is still met: HashMap$Entry,
// LinkedHashMap's `header`, ConcurrentHashMap's segments, LinkedList's `header`): which layout a class follows, what
// kind of collection that is, the shape one read of a collection object finds, and the per-analysis facts the
// walkers need (each class's layout, the JDK's sentinel objects).

import { BasicType } from '../model/parsed-heap.ts';
import type { ClassIndex, ObjectId, ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';

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
