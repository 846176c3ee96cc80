// Shared state of the queries over one analysis: the graph, the dump reader, class facts, and ObjectRow building
// with the label cache (labels that need the dump's bytes are filled asynchronously by labels.ts).

import type { ObjectRow } from '../api.ts';
import { classRecordOf, KIND_CLASS, KIND_PSEUDO_LOADER, type HeapGraph, type PseudoEdge } from '../graph/heap-graph.ts';
import { KIND_INSTANCE, KIND_OBJECT_ARRAY, type ParsedHeap } from '../model/parsed-heap.ts';
import { toHex, type ClassIndex, type ObjectId, type ObjectIndex } from '../units.ts';
import { ClassInfo } from './class-info.ts';
import { ObjectReader, type RandomAccess } from './object-reader.ts';

/** "No node" in the graph's Uint32 columns (idom of a top-level dominator, a removed class object). */
export const NO_NODE = 0xffffffff;

/** Labels are clipped to this many characters (the rows are one line each). */
export const LABEL_CHARS = 80;

export class QueryContext {
  readonly graph: HeapGraph;
  readonly parsed: ParsedHeap;
  readonly classes: ClassInfo;
  readonly reader: ObjectReader;
  /** Labels decoded from the dump (String values, thread names), by object. */
  readonly labelByIndex = new Map<ObjectIndex, string>();
  /** Label decodes in flight, so concurrent requests for one object share a read. */
  readonly pendingLabels = new Map<ObjectIndex, Promise<string | undefined>>();
  private pseudoByFrom: Map<ObjectIndex, PseudoEdge[]> | null = null;
  private pseudoLoader: ObjectIndex | undefined;

  constructor(graph: HeapGraph, source: RandomAccess) {
    this.graph = graph;
    this.parsed = graph.parsed;
    this.classes = new ClassInfo(graph.parsed);
    this.reader = new ObjectReader(graph.parsed, source);
  }

  /** Object index of a dump id, or -1 (0 and ids outside the dump). */
  indexOfId(id: ObjectId): ObjectIndex {
    return id === 0 ? -1 : this.graph.findIndex(id);
  }

  /** The object a class loader id stands for: 0 or an id outside the dump means MAT's pseudo boot loader. */
  loaderIndex(loaderId: ObjectId): ObjectIndex {
    const found = this.indexOfId(loaderId);
    if (found >= 0) return found;
    if (this.pseudoLoader === undefined) {
      const atZero = this.graph.findIndex(0);
      this.pseudoLoader = atZero >= 0 ? atZero : this.graph.kindByIndex.indexOf(KIND_PSEUDO_LOADER);
    }
    return this.pseudoLoader;
  }

  /** Node of the class object of `index`'s class (java.lang.Class's for class objects), or -1. */
  classObjectOf(index: ObjectIndex): ObjectIndex {
    const node = this.graph.indexByClass[this.graph.classByIndex[index]];
    return node === undefined || node === NO_NODE ? -1 : node;
  }

  isInstance(index: ObjectIndex): boolean {
    return this.graph.kindByIndex[index] === KIND_INSTANCE && this.graph.ordinalByIndex[index] >= 0;
  }

  isObjectArray(index: ObjectIndex): boolean {
    return this.graph.kindByIndex[index] === KIND_OBJECT_ARRAY;
  }

  /** Primitive arrays have kind 4..11 (their element BasicType). */
  isPrimitiveArray(index: ObjectIndex): boolean {
    const k = this.graph.kindByIndex[index];
    return k >= 4 && k <= 11;
  }

  isClassObject(index: ObjectIndex): boolean {
    return this.graph.kindByIndex[index] === KIND_CLASS;
  }

  className(index: ObjectIndex): string {
    return this.parsed.classes[this.graph.classByIndex[index]]?.name ?? '?';
  }

  /** The ClassIndex a class object stands for; -1 for any other object. */
  classRecord(index: ObjectIndex): ClassIndex | -1 {
    return classRecordOf(this.graph.ordinalByIndex, index);
  }

  /** Name of the class a class object stands for. */
  classRecordName(index: ObjectIndex): string {
    const c = this.classRecord(index);
    return c >= 0 ? this.parsed.classes[c].name : '?';
  }

  dominatedCount(index: ObjectIndex): number {
    return this.graph.dominatedCount(index);
  }

  /** The label that needs no read of the dump, or a cached decoded one. */
  label(index: ObjectIndex): string | undefined {
    const g = this.graph;
    const kind = g.kindByIndex[index];
    if (kind === KIND_CLASS) return 'class ' + this.classRecordName(index);
    if (kind === KIND_PSEUDO_LOADER) return '<system class loader>';
    if (kind !== KIND_INSTANCE) {
      const ordinal = g.ordinalByIndex[index];
      return ordinal >= 0 ? `[${this.parsed.arrayLengthByOrdinal[ordinal]}]` : undefined;
    }
    return this.labelByIndex.get(index);
  }

  /** Whether a label for this object comes from its bytes (a String, a Thread/ThreadGroup/Module name, a URL) and
   *  is not cached yet. */
  needsLabelRead(index: ObjectIndex): boolean {
    if (index < 0 || index >= this.graph.nodeCount || !this.isInstance(index) || this.labelByIndex.has(index)) return false;
    const c = this.graph.classByIndex[index];
    return this.classes.isString(c) || this.classes.isNamed(c) || this.classes.isUrl(c) || this.classes.isBitmap(c);
  }

  row(index: ObjectIndex): ObjectRow {
    const g = this.graph;
    const row: ObjectRow = {
      index,
      address: toHex(g.idOf(index)),
      className: this.className(index),
      shallowBytes: g.shallowByIndex[index],
      retainedBytes: g.retainedByIndex[index],
      dominatedCount: this.dominatedCount(index),
    };
    const label = this.label(index);
    if (label) row.label = label;
    const rootTypes = g.rootTypesByIndex.get(index);
    if (rootTypes && rootTypes.length > 0) row.rootTypes = rootTypes.slice();
    return row;
  }

  /** The graph's pseudo edges (thread locals) leaving one object, in graph order. */
  pseudoEdgesFrom(index: ObjectIndex): PseudoEdge[] {
    if (!this.pseudoByFrom) {
      const map = new Map<ObjectIndex, PseudoEdge[]>();
      for (const e of this.graph.pseudoEdges) {
        const list = map.get(e.from);
        if (list) list.push(e);
        else map.set(e.from, [e]);
      }
      this.pseudoByFrom = map;
    }
    return this.pseudoByFrom.get(index) ?? [];
  }

  assertIndex(index: ObjectIndex): void {
    if (!Number.isInteger(index) || index < 0 || index >= this.graph.nodeCount) {
      throw new RangeError(`object index ${index} is outside 0..${this.graph.nodeCount - 1}`);
    }
  }
}

/** Clamps a page request to [0, total). */
export function pageBounds(offset: number, limit: number, total: number): { start: number; end: number } {
  const start = Math.min(Math.max(0, Math.floor(offset) || 0), total);
  const end = Math.min(total, start + Math.max(0, Math.floor(limit) || 0));
  return { start, end };
}
