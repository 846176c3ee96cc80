// Wire types of JDK collections: one collection's entries and values, and every collection of the heap by class.
// Plain data (structured-clone safe), re-exported by ../api.ts.

import type { Bytes, ClassIndex, HexAddress } from '../units.ts';
import type { ObjectRow, Page } from './rows.ts';

/** A reference a collection holds, with the value of a String or a boxed number (src/core/queries/collections.ts). */
export interface CollectionValue {
  /** The id held; null for a null reference (or the JDK's placeholder for a null key). */
  address: HexAddress | null;
  /** The object, when it is in the dump. */
  object?: ObjectRow;
  /** A String's value (clipped to 200 characters, control characters escaped) or a boxed primitive's value
   *  (`42`, `true`, `x`). */
  text?: string;
}

/** One entry of a collection. */
export interface CollectionEntry {
  /** Its position in the walk (storage order; the iteration order for all but Hashtable and WeakHashMap, walked
   *  from the last slot down as their iterators do, and the List.of/Set.of/Map.of tables). */
  position: number;
  /** A map's key; absent for the element of a list, set or queue. */
  key?: CollectionValue;
  /** A map's value, or the element of a list, set or queue. */
  value: CollectionValue;
}

export type CollectionKind = 'map' | 'set' | 'list' | 'queue';

/** A recognised collection and a page of its entries. */
export interface CollectionContents {
  collection: ObjectRow;
  kind: CollectionKind;
  /** The JDK layout read (`HashMap` for a LinkedHashMap or a program's subclass of HashMap; `ListN` for
   *  `java.util.ImmutableCollections$ListN`). */
  layout: string;
  /** Entries found by walking the table, chains, tree, list or array (nulls in a list's range count). */
  size: number;
  /** The size the collection records (HashMap.size, Hashtable.count; ConcurrentHashMap: baseCount plus its
   *  counter cells); null for layouts that keep none. Differs from `size` only in a damaged or racing dump. */
  sizeField: number | null;
  /** Entry slots of the backing array (a table's length; key-value pairs for IdentityHashMap and Map.of);
   *  null for linked and tree layouts. */
  capacity: number | null;
  /** size / capacity; null without a backing array or with an empty one. */
  fillRatio: number | null;
  /** The backing array (HashMap.table, ArrayList.elementData ...). */
  backing?: ObjectRow;
  page: Page<CollectionEntry>;
}

/** The collections of one class (src/core/queries/collections-report.ts). */
export interface CollectionClassRow {
  classIndex: ClassIndex;
  className: string;
  /** The JDK layout read (see CollectionContents.layout). */
  layout: string;
  kind: CollectionKind;
  objects: number;
  /** Shallow bytes of the collection objects alone, and what they retain. */
  shallowBytes: Bytes;
  retainedBytes: Bytes;
  /** How many hold 0, 1, 2-10, 11-100 and more than 100 entries. */
  bySize: { empty: number; one: number; upTo10: number; upTo100: number; over100: number };
  /** Entries in all. */
  entries: number;
  /** Mean of size / capacity over those with a backing array of non-zero length; null when none has one. */
  averageFillRatio: number | null;
  /** Empty collections with a backing array of their own (sized up front, or grown then cleared). */
  emptyWithArray: number;
  /** The rule of docs/collections.md: unused slots of arrays the collection owns, whole arrays of empty ones. */
  wastedBytes: Bytes;
  /** The collections of the class that waste the most, at most 5. */
  largestWaste: { object: ObjectRow; size: number; capacity: number | null; wastedBytes: Bytes }[];
}

/** Every recognised collection of the heap, by class: sizes, fill ratios and wasted bytes (MAT's "Collection
 *  Fill Ratio", "Collections grouped by size" and the component report's empty collections). Plain data. */
export interface CollectionsReport {
  /** Collections counted (a set's or a Properties' inner map is counted with it, not again on its own). */
  collections: number;
  /** Collections whose record could not be read (a truncated dump). */
  unreadable: number;
  wastedBytes: Bytes;
  /** Largest waste first, then most objects. */
  classes: CollectionClassRow[];
}
