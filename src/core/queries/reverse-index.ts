// Referrers as a CSR over the graph's edges, built once on first use (no JS object per edge). Counting then
// filling directly scatters every edge to a random place in a large array: on 20 M objects / 60 M edges that fill
// took about a minute here (a cache and TLB miss per edge). So edges are first partitioned by target block
// (sequential write streams), then each block is filled inside a window that fits in cache.
// The implicit edges (every object to its class, not in succ) have their own CSR: the nodes of each class, which
// are the referrers of that class's object through <class>. A class object's referrers are both lists merged.

import { classRecordOf, type HeapGraph } from '../graph/heap-graph.ts';

export interface ReverseIndex {
  /** nodeCount + 1 entries: referrers of v through stored edges are pred[predStart[v] .. predStart[v+1]),
   *  increasing. */
  predStart: Uint32Array;
  pred: Uint32Array;
  /** classCount + 1 entries: the nodes whose class is c are byClass[classStart[c] .. classStart[c+1]),
   *  increasing (the referrers of c's class object through its implicit edges). */
  classStart: Uint32Array;
  byClass: Uint32Array;
}

/** v's referrers in increasing order: its stored-edge list and, for a class object, its class's nodes. Node
 *  lists are disjoint unless a node holds its own class object in a field too (counted once). */
export function referrerLists(graph: HeapGraph, reverse: ReverseIndex, v: number): { stored: Uint32Array; implicit: Uint32Array } {
  const stored = reverse.pred.subarray(reverse.predStart[v], reverse.predStart[v + 1]);
  const c = classRecordOf(graph.ordinalByIndex, v);
  const implicit =
    c < 0 || graph.indexByClass[c] !== v ? EMPTY : reverse.byClass.subarray(reverse.classStart[c], reverse.classStart[c + 1]);
  return { stored, implicit };
}

const EMPTY = new Uint32Array(0);

/** The referrers of v from position `start` (inclusive) to `end` (exclusive, clamped to their count) of their
 *  increasing order. A view into the index (read it, do not write it) unless the lists had to be merged. */
export function referrerRange(graph: HeapGraph, reverse: ReverseIndex, v: number, start: number, end: number): Uint32Array {
  const { stored, implicit } = referrerLists(graph, reverse, v);
  if (implicit.length === 0) return stored.subarray(start, end);
  end = Math.min(end, stored.length + implicit.length);
  const out = new Uint32Array(Math.max(0, end - start));
  let i = 0;
  let j = 0;
  let at = 0;
  while (at < end && (i < stored.length || j < implicit.length)) {
    let next: number;
    if (j >= implicit.length || (i < stored.length && stored[i] < implicit[j])) next = stored[i++];
    else if (i < stored.length && stored[i] === implicit[j]) {
      next = stored[i++];
      j++;
    } else next = implicit[j++];
    if (at >= start) out[at - start] = next;
    at++;
  }
  return out.subarray(0, Math.max(0, at - start));
}

/** How many referrers v has (its stored-edge and implicit lists merged). */
export function referrerCount(graph: HeapGraph, reverse: ReverseIndex, v: number): number {
  const { stored, implicit } = referrerLists(graph, reverse, v);
  if (implicit.length === 0) return stored.length;
  let shared = 0;
  for (let i = 0, j = 0; i < stored.length && j < implicit.length;) {
    if (stored[i] < implicit[j]) i++;
    else if (stored[i] > implicit[j]) j++;
    else {
      shared++;
      i++;
      j++;
    }
  }
  return stored.length + implicit.length - shared;
}

/** Nodes grouped by class (a counting sort of classByIndex; classes past indexByClass, e.g. none, are left out). */
function nodesByClass(graph: HeapGraph): { classStart: Uint32Array; byClass: Uint32Array } {
  const n = graph.nodeCount;
  const classCount = graph.indexByClass.length;
  const classOf = graph.classByIndex;
  const classStart = new Uint32Array(classCount + 1);
  for (let v = 0; v < n; v++) if (classOf[v] < classCount) classStart[classOf[v] + 1]++;
  for (let c = 0; c < classCount; c++) classStart[c + 1] += classStart[c];
  const cursor = classStart.slice(0, classCount);
  const byClass = new Uint32Array(classStart[classCount]);
  for (let v = 0; v < n; v++) if (classOf[v] < classCount) byClass[cursor[classOf[v]]++] = v;
  return { classStart, byClass };
}

/** Targets per block: 2^16 targets keep a block's cursors (256 KiB) and its edges mostly in cache. */
const BLOCK_SHIFT = 16;

export function buildReverseIndex(graph: HeapGraph): ReverseIndex {
  const n = graph.nodeCount;
  const { succStart, succ } = graph;
  const edgeCount = succStart[n];
  const predStart = new Uint32Array(n + 1);
  const pred = new Uint32Array(edgeCount);
  const { classStart, byClass } = nodesByClass(graph);
  if (n === 0 || edgeCount === 0) return { predStart, pred, classStart, byClass };

  // Edges per target block, then each block's range (blocks are in target order, so a block's range is also
  // where its targets' referrer lists end up).
  const blocks = ((n - 1) >>> BLOCK_SHIFT) + 1;
  const blockCursor = new Float64Array(blocks + 1);
  for (let e = 0; e < edgeCount; e++) blockCursor[(succ[e] >>> BLOCK_SHIFT) + 1]++;
  for (let b = 0; b < blocks; b++) blockCursor[b + 1] += blockCursor[b];
  const blockStart = blockCursor.slice();

  // Pass 1: every edge to its block's range, sources in increasing order, targets alongside.
  const targets = new Uint32Array(edgeCount);
  for (let v = 0; v < n; v++) {
    for (let e = succStart[v], end = succStart[v + 1]; e < end; e++) {
      const t = succ[e];
      const p = blockCursor[t >>> BLOCK_SHIFT]++;
      pred[p] = v;
      targets[p] = t;
    }
  }

  // Pass 2, per block: count by target, prefix sums into predStart, then a stable placement.
  let scratch = new Uint32Array(1024);
  const cursor = new Uint32Array(1 << BLOCK_SHIFT);
  for (let b = 0; b < blocks; b++) {
    const first = b << BLOCK_SHIFT;
    const last = Math.min(n, first + (1 << BLOCK_SHIFT));
    const lo = blockStart[b];
    const hi = blockStart[b + 1];
    const size = hi - lo;
    cursor.fill(0);
    for (let i = lo; i < hi; i++) cursor[targets[i] - first]++;
    let at = lo;
    for (let t = first; t < last; t++) {
      const count = cursor[t - first];
      predStart[t] = at;
      cursor[t - first] = at;
      at += count;
    }
    if (size === 0) continue;
    if (scratch.length < size) scratch = new Uint32Array(Math.max(size, scratch.length * 2));
    scratch.set(pred.subarray(lo, hi));
    for (let i = 0; i < size; i++) pred[cursor[targets[lo + i] - first]++] = scratch[i];
  }
  predStart[n] = edgeCount;
  return { predStart, pred, classStart, byClass };
}
