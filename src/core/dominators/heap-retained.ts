// Android dumps split the heap into named heaps (app, image, zygote, ...; HEAP DUMP INFO). As ahat does, an
// object's retained size is broken down by heap: the part in heap h is the sum of the shallow sizes of the objects
// of heap h in its dominator subtree. Limiting a view to the app heap shows that part of each retained size, and a
// dominator-tree root whose part is 0 retains nothing in that heap. One column per asked-for heap, made on demand
// by one bottom-up pass over the dominator tree (leaves first, each node's sum added to its immediate dominator's
// once all its children are in), with no preorder needed: O(nodes), two Uint32 and one Float64 column.
import { KIND_CLASS, KIND_PSEUDO_LOADER, type HeapGraph } from '../graph/heap-graph.ts';
import { heapOfOrdinal } from '../hprof/heaps.ts';
import type { HeapRunsColumns } from '../model/parsed-heap.ts';
import { childrenFirstOrder } from './children.ts';
import { NO_NODE } from './types.ts';

/** The heap of each node (an index into `heaps.names`), -1 for none (the pseudo loader, objects before the first
 *  HEAP DUMP INFO). Class objects are in the heap of their CLASS DUMP. */
export function heapByIndex(graph: HeapGraph, heaps: HeapRunsColumns): Int8Array {
  const classes = graph.parsed.classes;
  const out = new Int8Array(graph.nodeCount);
  for (let v = 0; v < graph.nodeCount; v++) {
    const k = graph.kindByIndex[v];
    const ordinal = graph.ordinalByIndex[v];
    out[v] = k === KIND_PSEUDO_LOADER ? -1 : k === KIND_CLASS ? (classes[-2 - ordinal]?.heap ?? -1) : heapOfOrdinal(heaps, ordinal);
  }
  return out;
}

/** Retained bytes in heap `heap` by node: the shallow sizes of heap `heap`'s objects in each dominator subtree. */
export function retainedInHeap(graph: HeapGraph, heapOf: Int8Array, heap: number): Float64Array {
  const n = graph.nodeCount;
  const idom = graph.idomByIndex;
  const retained = new Float64Array(n);
  for (let v = 0; v < n; v++) if (heapOf[v] === heap) retained[v] = graph.shallowByIndex[v];
  // Children first: each node's sum is complete when it is added to its immediate dominator's.
  const { order, count } = childrenFirstOrder(idom, n);
  for (let i = 0; i < count; i++) {
    const v = order[i];
    const d = idom[v];
    if (d !== NO_NODE && d < n) retained[d] += retained[v];
  }
  return retained;
}
