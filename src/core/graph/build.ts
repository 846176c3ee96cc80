// ParsedHeap -> MAT's object set and its references as CSR (the "index" step). Nodes are every instance, array,
// class object and the pseudo boot loader at 0x0, numbered in ascending address order; edges are MAT's
// (docs/mat-semantics.md, "References"): object -> its class, non-null reference fields / elements;
// class -> java.lang.Class, superclass, loader (pseudo loader when 0 or absent), non-null statics. References of
// one object are de-duplicated and references to ids not in the dump are dropped.
// The edge from each node to its class (for a class object java.lang.Class, for the pseudo loader
// java.lang.ClassLoader) is not stored: it is indexByClass[classByIndex[v]] (HeapGraph.succ's doc). That is a
// quarter of a heap's edges: 4 bytes per object, and what keeps the CSR under 1 GiB for a 4 GB dump.

import { LimitExceededError } from '../errors.ts';
import { releaseArrays } from '../release.ts';
import { classOrdinal, classRecordOf, KIND_CLASS, KIND_PSEUDO_LOADER, newClassColumn, type ClassColumn } from './heap-graph.ts';
import { BasicType, REF_WIDE, type ParsedHeap } from '../model/parsed-heap.ts';
import { NO_NODE } from '../dominators/index.ts';
import { IdIndex, rankInGrid, sortUniqueIds } from './id-index.ts';
import type { PseudoEdge } from './heap-graph.ts';

/** Progress and cancellation hook for long loops: called every LOOP_TICK iterations. */
export type Tick = (done: number, total: number) => void;
export const LOOP_TICK = 1 << 21;

const KIND_UNSET = 0xff;

/** Node columns before reachability (all objects of the dump). */
export interface ObjectTable {
  nodeCount: number;
  idIndex: IdIndex;
  /** Length nodeCount + 1: the slot after the last node is for the virtual root (see ClassColumn). */
  classByIndex: ClassColumn;
  kindByIndex: Uint8Array;
  /** As in HeapGraph: the ordinal, or -2 - ClassIndex for a class object (classRecordOf), -1 for the loader. */
  ordinalByIndex: Int32Array;
  indexByClass: Uint32Array;
  javaLangClass: number;
  classLoaderClass: number;
  warnings: string[];
  /** Facts about a healthy dump (not a loss of data), for the summary's details. */
  notes: string[];
}

/** Finds (or appends a placeholder for) a class record by name; hand-made dumps may lack java.lang.Class. */
function classIndexByName(parsed: ParsedHeap, name: string): number {
  for (let c = 0; c < parsed.classes.length; c++) if (parsed.classes[c].name === name) return c;
  parsed.classes.push({
    id: 0,
    name,
    superId: 0,
    loaderId: 0,
    dumpInstanceSize: 0,
    instanceFields: [],
    staticFields: [],
    fileOffset: -1,
  });
  return parsed.classes.length - 1;
}

/** Dense indices in address order for every object, the id lookup, and the per-node columns. */
export function buildObjectTable(parsed: ParsedHeap, tick: Tick): ObjectTable {
  const warnings: string[] = [];
  const javaLangClass = classIndexByName(parsed, 'java.lang.Class');
  const classLoaderClass = classIndexByName(parsed, 'java.lang.ClassLoader');
  const classes = parsed.classes;
  const objectCount = parsed.objectCount;
  // Ordinals are kept in an Int32 column (ordinalByIndex, with -1 and -2 - ClassIndex as markers).
  if (1 + classes.length + objectCount > 2 ** 31 - 1) {
    throw new LimitExceededError(`index: ${objectCount} objects exceed the 2^31 - 1 that object ordinals allow`, undefined, 'column');
  }
  const all = new Float64Array(1 + classes.length + objectCount);
  let n = 0;
  all[n++] = 0; // the pseudo boot loader
  for (const cls of classes) if (cls.id !== 0) all[n++] = cls.id;
  const headCount = n;
  // Ordinal ids: id 0 would collide with the pseudo loader; such an object cannot be referenced anyway.
  for (let o = 0; o < objectCount; o++) if (parsed.idByOrdinal[o] !== 0) all[n++] = parsed.idByOrdinal[o];
  const { sorted, duplicates } = sortUniqueIds(all.subarray(0, n), headCount);
  if (duplicates > 0) warnings.push(`${duplicates} objects share an address with another object; the first is kept`);
  // Copy so the slack of `all` is freed when there were skipped or duplicate ids.
  const ids = sorted.length === all.length ? sorted : sorted.slice();
  const idIndex = new IdIndex(ids);
  const nodeCount = ids.length;

  const classByIndex = newClassColumn(nodeCount, classes.length);
  const kindByIndex = new Uint8Array(nodeCount).fill(KIND_UNSET);
  const ordinalByIndex = new Int32Array(nodeCount).fill(-1);
  const indexByClass = new Uint32Array(classes.length).fill(NO_NODE);

  kindByIndex[0] = KIND_PSEUDO_LOADER;
  classByIndex[0] = classLoaderClass;
  for (let c = 0; c < classes.length; c++) {
    const id = classes[c].id;
    if (id === 0) continue;
    const v = idIndex.find(id);
    if (kindByIndex[v] !== KIND_UNSET) continue; // duplicate class record: counted in `duplicates`
    kindByIndex[v] = KIND_CLASS;
    classByIndex[v] = javaLangClass;
    ordinalByIndex[v] = classOrdinal(c);
    indexByClass[c] = v;
  }
  const idByOrdinal = parsed.idByOrdinal;
  const classByOrdinal = parsed.classByOrdinal;
  const kindByOrdinal = parsed.kindByOrdinal;
  // Objects usually come in ascending address order: then a merge walk along `ids` finds each one's node
  // without a lookup; at the first one out of order, the walk gives way to lookups.
  let walk = 0;
  let ascending = true;
  let previousId = -1;
  for (let o = 0; o < objectCount; o++) {
    if ((o & (LOOP_TICK - 1)) === 0) tick(o, objectCount * 3);
    const id = idByOrdinal[o];
    if (id === 0) continue;
    let v: number;
    if (ascending && id > previousId) {
      while (ids[walk] < id) walk++;
      v = walk;
      previousId = id;
    } else {
      ascending = false;
      v = idIndex.find(id);
    }
    if (kindByIndex[v] !== KIND_UNSET) continue;
    kindByIndex[v] = kindByOrdinal[o];
    classByIndex[v] = classByOrdinal[o];
    ordinalByIndex[v] = o;
  }
  return {
    nodeCount,
    idIndex,
    classByIndex,
    kindByIndex,
    ordinalByIndex,
    indexByClass,
    javaLangClass,
    classLoaderClass,
    warnings,
    notes: [],
  };
}

export interface EdgeTable {
  /** nodeCount + 2 entries: node v's successors are succ[succStart[v] .. succStart[v+1]); the last slot is for
   *  the virtual root, filled after reachability. */
  succStart: Uint32Array;
  succ: Uint32Array;
  /** Entries of succ in use (the virtual root's list is appended later, within the reserved capacity). */
  edgeCount: number;
  danglingReferences: number;
}

/** Lists up to this long are de-duplicated by scanning what was kept so far (in cache); longer ones by sorting. */
const SCAN_DEDUPE_MAX = 16;

/** Sorts list[begin..end) and removes repeats (and `exclude`); returns the new end. */
function sortUnique(list: Uint32Array, begin: number, end: number, exclude: number): number {
  list.subarray(begin, end).sort();
  let w = begin;
  for (let i = begin; i < end; i++) {
    const t = list[i];
    if (t === exclude || (w > begin && list[w - 1] === t)) continue;
    list[w++] = t;
  }
  return w;
}

/**
 * Resolves the reference ids of every object to node indices and lays them out as CSR in node order.
 * Consumes `parsed.refIds` and `parsed.refStart`: resolved indices are written over the id column in place
 * (each encoded id becomes at most one 4-byte index, written at or behind the read position), then both columns are
 * released from `parsed`. `reserve` extra entries are left free at the end for the virtual root's list.
 * De-duplication needs no per-node array: short lists are scanned, long ones sorted (the order of an object's
 * successors carries no meaning; field names come from re-reading the dump).
 */
export function buildEdges(parsed: ParsedHeap, table: ObjectTable, pseudoEdges: PseudoEdge[], reserve: number, tick: Tick): EdgeTable {
  const { nodeCount, idIndex, indexByClass, ordinalByIndex, kindByIndex, classByIndex } = table;
  const objectCount = parsed.objectCount;
  const refStart = parsed.refStart;
  // 4-byte encoded ids (see parsed-heap.ts); REF_WIDE ones are read from refWide in order.
  const { refIds, refWide, refBase, refUnit } = parsed;
  const resolved = refIds;
  const classByOrdinal = parsed.classByOrdinal;
  // Pass 1: every reference id -> node index (NO_NODE when no object has that id), in place. A tight loop of
  // independent lookups, so that the CPU overlaps their cache misses (with the per-object work below in the same
  // loop, each lookup's branches held the next one back: 2x slower on the bench dump).
  const refEnd = objectCount > 0 ? refStart[objectCount] : 0;
  let wide = 0;
  const refBegin = objectCount > 0 ? refStart[0] : 0;
  const grid = idIndex.gridFor(refBase, refUnit);
  if (grid !== null && refWide.length === 0) {
    // The usual case: the lookup on the encoded reference itself, with no range check (a few instructions
    // each, so that many lookups are in flight at once).
    const { offset, blockOfRegion, pairs } = grid;
    for (let i = refBegin; i < refEnd; i++) {
      if ((i & (LOOP_TICK - 1)) === 0) tick(objectCount + Math.floor((i / refEnd) * objectCount), objectCount * 3);
      resolved[i] = rankInGrid((refIds[i] - offset) >>> 0, blockOfRegion, pairs);
    }
  } else {
    for (let i = refBegin; i < refEnd; i++) {
      if ((i & (LOOP_TICK - 1)) === 0) tick(objectCount + Math.floor((i / refEnd) * objectCount), objectCount * 3);
      const v = refIds[i];
      const t = idIndex.find(v !== REF_WIDE ? refBase + v * refUnit : refWide[wide++]);
      resolved[i] = t < 0 ? NO_NODE : t;
    }
  }
  // Pass 2, per object: drop dangling references and the repeats of the class edge (added when the CSR is
  // filled), de-duplicate, and compact the lists to the front (the write position never passes the read one).
  let dangling = 0;
  let w = 0;
  let readBegin = objectCount > 0 ? refStart[0] : 0;
  for (let o = 0; o < objectCount; o++) {
    const readEnd = refStart[o + 1];
    const begin = w;
    refStart[o] = begin;
    const classNode = indexByClass[classByOrdinal[o]];
    if (readEnd - readBegin <= SCAN_DEDUPE_MAX) {
      next: for (let i = readBegin; i < readEnd; i++) {
        const t = resolved[i];
        if (t === NO_NODE) {
          dangling++;
          continue;
        }
        if (t === classNode) continue;
        for (let j = begin; j < w; j++) if (resolved[j] === t) continue next;
        resolved[w++] = t;
      }
    } else {
      for (let i = readBegin; i < readEnd; i++) {
        const t = resolved[i];
        if (t === NO_NODE) dangling++;
        else resolved[w++] = t;
      }
      w = sortUnique(resolved, begin, w, classNode);
    }
    readBegin = readEnd;
  }
  if (objectCount > 0) refStart[objectCount] = w;
  const resolvedCount = w;

  // Class objects' references (few classes).
  const classes = parsed.classes;
  const classEdges: number[][] = new Array(classes.length);
  const javaLangClassNode = indexByClass[table.javaLangClass];
  let classEdgeCount = 0;
  for (let c = 0; c < classes.length; c++) {
    const v = indexByClass[c];
    if (v === NO_NODE || classRecordOf(ordinalByIndex, v) !== c) continue;
    const cls = classes[c];
    // The edge to java.lang.Class is the class object's implicit one (its class column), not stored.
    const taken = new Set<number>([javaLangClassNode]);
    const list: number[] = [];
    const add = (t: number): void => {
      if (t < 0 || t === NO_NODE || taken.has(t)) return;
      taken.add(t);
      list.push(t);
    };
    if (cls.superId !== 0) add(idIndex.find(cls.superId));
    const loader = cls.loaderId === 0 ? -1 : idIndex.find(cls.loaderId);
    add(loader < 0 ? 0 : loader);
    for (const f of cls.staticFields) {
      if (f.type !== BasicType.Object || f.value === 0) continue;
      const t = idIndex.find(Number(f.value));
      if (t < 0) dangling++;
      else add(t);
    }
    classEdges[c] = list;
    classEdgeCount += list.length;
  }

  // Thread-context edges, grouped by thread in node order.
  const pseudo = pseudoEdges.slice().sort((a, b) => a.from - b.from || a.to - b.to);
  const capacity = resolvedCount + classEdgeCount + pseudo.length + reserve;
  const succ = new Uint32Array(capacity);
  const succStart = new Uint32Array(nodeCount + 2);
  let e = 0;
  let p = 0;
  for (let v = 0; v < nodeCount; v++) {
    if ((v & (LOOP_TICK - 1)) === 0) tick(2 * objectCount + Math.floor((v * objectCount) / nodeCount), objectCount * 3);
    const start = e;
    succStart[v] = start;
    // Every node's edge to its class (the pseudo loader's: java.lang.ClassLoader) is implicit, not stored.
    const kind = kindByIndex[v];
    if (kind === KIND_CLASS) {
      const list = classEdges[classRecordOf(ordinalByIndex, v)];
      for (let i = 0; i < list.length; i++) succ[e++] = list[i];
    } else if (kind !== KIND_PSEUDO_LOADER) {
      const o = ordinalByIndex[v];
      const end = refStart[o + 1];
      for (let i = refStart[o]; i < end; i++) succ[e++] = resolved[i];
    }
    // Threads: their locals, unless a field (or the class edge) already holds the object (scan: threads are few).
    const classNode = p < pseudo.length && pseudo[p].from === v ? indexByClass[classByIndex[v]] : NO_NODE;
    next: while (p < pseudo.length && pseudo[p].from === v) {
      const t = pseudo[p++].to;
      if (t === classNode) continue;
      for (let j = start; j < e; j++) if (succ[j] === t) continue next;
      succ[e++] = t;
    }
  }
  succStart[nodeCount] = e;
  succStart[nodeCount + 1] = e;
  // The id column now holds indices; nothing reads it again, and it is the largest array of the parse.
  releaseArrays([parsed.refIds, parsed.refWide, parsed.refStart]);
  parsed.refIds = new Uint32Array(0);
  parsed.refWide = new Float64Array(0);
  parsed.refStart = new Uint32Array(1);
  return { succStart, succ, edgeCount: e, danglingReferences: dangling };
}
