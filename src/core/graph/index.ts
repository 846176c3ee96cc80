// The graph module's steps, in pipeline order: object table and edges ("index"), GC roots ("roots"), marking and
// unreachable objects ("reachability"), then the dominator tree and retained sizes wired into a HeapGraph.

import type { ParsedHeap } from '../model/parsed-heap.ts';
import {
  childrenOfIdoms,
  dominatorsInPreorder,
  NO_NODE,
  sortChildrenByKey,
  type PreorderDominators,
  type PreorderTree,
  type RetainedColumn,
} from '../dominators/index.ts';
import type { ClassIndex, ObjectId, ObjectIndex } from '../units.ts';
import { matRetainedFinish, matRetainedInPreorder } from './class-retained.ts';
import { assembleKeptGraph, nodeRemap, type KeptGraph } from './assemble.ts';
import type { IdIndex } from './id-index.ts';
import { buildEdges, buildObjectTable, type EdgeTable, type ObjectTable, type Tick } from './build.ts';
import type { HeapGraph, PseudoEdge } from './heap-graph.ts';
import { markReachable } from './reachability.ts';
import { releaseArrays } from '../release.ts';
import { resolveRoots, rootTypeNames, type ResolvedRoots } from './roots.ts';
import { shallowOfNode, type SizeModel } from './size-model.ts';

export { rootTypeNames, ROOT_TYPE_NAMES } from './roots.ts';
export type { SizeModel } from './size-model.ts';
export type { KeptGraph } from './assemble.ts';

export interface IndexedHeap {
  table: ObjectTable;
  roots: ResolvedRoots;
  edges: EdgeTable;
}

/** Step "index", first part: dense indices, id lookup, the object table and the GC roots (with their thread-local
 *  edges). Releases parsed.idByOrdinal and parsed.kindByOrdinal; a caller that lets the event loop turn before indexEdges has that column
 *  (8 bytes per object) gone before the CSR is made. */
export function indexObjects(parsed: ParsedHeap, tick: Tick): Omit<IndexedHeap, 'edges'> {
  const table = buildObjectTable(parsed, tick);
  const find = (id: ObjectId): ObjectIndex => table.idIndex.find(id);
  const roots = resolveRoots(parsed.roots, table.nodeCount, find);
  if (roots.droppedRecords > 0) {
    table.notes.push(`${roots.droppedRecords} GC root records name objects (or threads) that are not in the dump`);
  }
  if (parsed.classOverhead !== undefined) classOverheadEdges(parsed, parsed.classOverhead.classIndex, table, find, roots.pseudoEdges);
  // Ids and kinds by ordinal now live in node space (idOf, kindByIndex); the queries do not need them.
  releaseArrays([parsed.idByOrdinal, parsed.kindByOrdinal]);
  parsed.idByOrdinal = new Float64Array(0);
  parsed.kindByOrdinal = new Uint8Array(0);
  return { table, roots };
}

/** Android's class static storage (a byte[] at the class's address + 1): an edge from the class, so the class
 *  dominates it and its retained size counts it, as ahat does. */
function classOverheadEdges(
  parsed: ParsedHeap,
  storageClass: number,
  table: ObjectTable,
  find: (id: ObjectId) => ObjectIndex,
  edges: PseudoEdge[],
): void {
  for (let o = 0; o < parsed.objectCount; o++) {
    if (parsed.classByOrdinal[o] !== storageClass) continue;
    const id = parsed.idByOrdinal[o];
    const ci = parsed.classIndexById.get(id - 1);
    const from = ci === undefined ? NO_NODE : table.indexByClass[ci];
    const to = find(id);
    if (from !== NO_NODE && to >= 0) edges.push({ from, to, name: '<static storage>' });
  }
}

/** Step "index", second part: the reference CSR; consumes parsed.refIds and releases parsed.classByOrdinal (now
 *  classByIndex). */
export function indexEdges(parsed: ParsedHeap, objects: Omit<IndexedHeap, 'edges'>, tick: Tick): IndexedHeap {
  const { table, roots } = objects;
  const edges = buildEdges(parsed, table, roots.pseudoEdges, parsed.roots.count + 1, tick);
  releaseArrays([parsed.classByOrdinal]);
  parsed.classByOrdinal = new Uint32Array(0);
  if (edges.danglingReferences > 0) {
    // HotSpot writes such references in every dump (classes and objects it leaves out): a note, not a loss.
    table.notes.push(`${edges.danglingReferences} references point to objects that are not in the dump (ignored, as MAT does)`);
  }
  return { table, roots, edges };
}

/**
 * Step "reachability". In keep mode: marks from the roots, then makes MAT's choice of unreachable objects roots
 * ("Unreachable"). By default nothing is marked here: the graph gets its virtual root's list as it is, the
 * dominator pass's DFS finds what no root reaches (one traversal instead of two), and dropUnreachable removes it.
 */
export function keepReachable(parsed: ParsedHeap, heap: IndexedHeap, sizes: SizeModel, keepUnreachable: boolean, tick: Tick): KeptGraph {
  const { table, roots, edges } = heap;
  // The ids by node are left to the rank bitmap where there is one: here rather than at the end of the index
  // step, whose released columns are only gone once that step has ended.
  const spentIds = table.idIndex.dropColumn();
  if (spentIds !== null) releaseArrays([spentIds]);
  if (!keepUnreachable) {
    return assembleKeptGraph(parsed, table, edges, roots.rootMaskByIndex, roots.pseudoEdges, null, sizes, tick);
  }
  const implicit = { classOf: table.classByIndex, nodeOfClass: table.indexByClass };
  const shallowOf = (v: number) => shallowOfNode(parsed, sizes, table.kindByIndex[v], table.classByIndex[v], table.ordinalByIndex[v]);
  const reach = markReachable(table.nodeCount, edges.succStart, edges.succ, implicit, roots.rootMaskByIndex, true, tick, shallowOf);
  const marked = reach.unreachableCount === 0 ? null : reach.marked;
  const kept = assembleKeptGraph(parsed, table, edges, roots.rootMaskByIndex, roots.pseudoEdges, marked, sizes, tick);
  // Kept, but still what no GC root reaches: counted as such, so that the summary's "Unreachable" figure agrees
  // with the "Unreachable" roots that keep mode adds for them.
  kept.unreachable = { objects: reach.unreachableCount, shallowBytes: reach.unreachableBytes };
  return kept;
}

/**
 * Default mode, after the dominator pass: removes the nodes its DFS did not reach (no GC root reaches them) from
 * the graph, counting them as unreachable, and renumbers the tree to match. Nothing to do, and no copy, in the
 * usual case where every object is reachable (the JVM collects garbage before it dumps).
 */
export function dropUnreachable(
  parsed: ParsedHeap,
  flow: KeptGraph,
  tree: PreorderTree,
  sizes: SizeModel,
  tick: Tick,
): { kept: KeptGraph; tree: PreorderTree } {
  const n = flow.nodeCount;
  if (tree.reachableCount === n + 1) return { kept: flow, tree };
  const { preorder, idomByPre, reachableCount, unreached } = tree;
  // From the DFS's list of the nodes it missed when there is one: a fill and a few writes, not a random write
  // per reached node.
  const marked = new Uint8Array(n);
  if (unreached !== undefined) {
    marked.fill(1);
    for (let i = 0; i < unreached.length; i++) if (unreached[i] < n) marked[unreached[i]] = 0;
  } else {
    for (let p = 0; p < reachableCount; p++) if (preorder[p] < n) marked[preorder[p]] = 1;
  }
  const flowEdges = { succStart: flow.succStart, succ: flow.succ };
  const kept = assembleKeptGraph(parsed, flow, flowEdges, flow.rootMaskByIndex, flow.pseudoEdges, marked, sizes, tick);
  // The tree's nodes renumbered the same way (the virtual root moves from n to kept.nodeCount).
  nodeRemap(marked, n, n - kept.nodeCount).apply(preorder, 0, reachableCount);
  return { kept, tree: { nodeCount: kept.nodeCount + 1, idomByPre, preorder, reachableCount } };
}

/** Step "dominators", in preorder space (see PreorderDominators): the flow graph is the kept graph plus the
 *  virtual root (node `nodeCount`). The pipeline copies the preorder out (preorderTree) after a turn of the event
 *  loop, once it has released the spent scratch arrays; the idom column by node is made by finishHeapGraph. */
export function dominatorsOf(kept: KeptGraph, onProgress?: (done: number, total: number) => void): PreorderDominators {
  return dominatorsInPreorder(
    {
      nodeCount: kept.nodeCount + 1,
      root: kept.nodeCount,
      succStart: kept.succStart,
      succ: kept.succ,
      implicit: { classOf: kept.classByIndex, nodeOfClass: kept.indexByClass },
    },
    onProgress,
    { trusted: true },
  );
}

/** Shallow bytes by node (length nodeCount + 1: the virtual root's slot is 0). Computed after the dominator
 *  pass, which does not need them, to keep that pass's memory peak lower. */
function shallowSizes(parsed: ParsedHeap, kept: KeptGraph, sizes: SizeModel): Float64Array | Uint32Array {
  const n = kept.nodeCount;
  const { kindByIndex, classByIndex, ordinalByIndex } = kept;
  // 4 bytes per node unless an object is 4 GiB or more (a long[] of 2^29+ elements): then start over in 8.
  let shallowByIndex: Float64Array | Uint32Array = new Uint32Array(n + 1);
  for (let v = 0; v < n; v++) {
    const bytes = shallowOfNode(parsed, sizes, kindByIndex[v], classByIndex[v], ordinalByIndex[v]);
    if (bytes > 0xffffffff && shallowByIndex instanceof Uint32Array) {
      shallowByIndex = Float64Array.from(shallowByIndex);
    }
    shallowByIndex[v] = bytes;
  }
  return shallowByIndex;
}

/** The top of the dominator tree as a persisted analysis keeps it: the top-level dominators in sortedChildren's
 *  order and how many objects each dominates, so that the first view needs no children lists. */
export interface TopDominators {
  sorted: Uint32Array;
  dominatedCounts: Uint32Array;
}

/** dominatedCount and sortedChildren for a HeapGraph: the children CSR is built on the first call (slot n holds
 *  the top-level dominators, whose idom is NO_NODE); one bit per parent records a sorted list. With `top` (a
 *  reopened analysis), the top-level list and its members' counts are answered without the CSR until another
 *  list is asked for (building it costs ~0.5 s at 20 M objects). */
function lazyDominatorChildren(
  idom: Uint32Array,
  retained: Float64Array | Uint32Array,
  n: number,
  top?: TopDominators,
): Pick<HeapGraph, 'dominatedCount' | 'sortedChildren'> & { topDominators(): TopDominators } {
  let csr: { childStart: Uint32Array; children: Uint32Array } | null = null;
  let sorted: Uint32Array | null = null;
  const countOfTop = new Map<number, number>();
  if (top !== undefined) top.sorted.forEach((v, i) => countOfTop.set(v, top.dominatedCounts[i]));
  const listOf = (parent: ObjectIndex | -1): Uint32Array => {
    if (csr === null) {
      csr = childrenOfIdoms(idom, n, NO_NODE, n);
      if (top !== undefined) {
        // The same order sortChildrenByKey gives (it is deterministic): the list counts as sorted.
        csr.children.set(top.sorted, csr.childStart[n]);
        sorted ??= new Uint32Array((n >>> 5) + 1);
        sorted[n >>> 5] |= 1 << (n & 31);
      }
    }
    const p = parent === -1 ? n : parent;
    return csr.children.subarray(csr.childStart[p], csr.childStart[p + 1]);
  };
  const sortedChildren = (parent: ObjectIndex | -1): Uint32Array => {
    if (csr === null && top !== undefined && parent === -1) return top.sorted;
    const list = listOf(parent);
    const p = parent === -1 ? n : parent;
    sorted ??= new Uint32Array((n >>> 5) + 1);
    if ((sorted[p >>> 5] & (1 << (p & 31))) === 0) {
      sortChildrenByKey(list, retained);
      sorted[p >>> 5] |= 1 << (p & 31);
    }
    return list;
  };
  const dominatedCount = (parent: ObjectIndex | -1): number => {
    if (csr === null && top !== undefined) {
      if (parent === -1) return top.sorted.length;
      const known = countOfTop.get(parent);
      if (known !== undefined) return known;
    }
    return listOf(parent).length;
  };
  return {
    dominatedCount,
    sortedChildren,
    topDominators: () => {
      const list = sortedChildren(-1);
      return { sorted: list, dominatedCounts: Uint32Array.from(list, (v) => dominatedCount(v)) };
    },
  };
}

/** What the first part of step "retained" hands to the second. */
export interface RetainedInPreorder {
  shallowByIndex: Float64Array | Uint32Array;
  retainedByPre: RetainedColumn;
  retainedByClass: Float64Array;
  /** Scratch arrays of the per-class pass, for the caller to release before the second part. */
  spent: ArrayBufferView[];
}

/** Step "retained", first part: shallow sizes, retained sizes by preorder number, per-class minimum retained. */
export function retainedInPreorder(parsed: ParsedHeap, kept: KeptGraph, tree: PreorderTree, sizes: SizeModel): RetainedInPreorder {
  const shallowByIndex = shallowSizes(parsed, kept, sizes);
  const spent: ArrayBufferView[] = [];
  const half = matRetainedInPreorder(tree, shallowByIndex, kept, parsed.classes.length, spent);
  return { shallowByIndex, ...half, spent };
}

/** Step "retained", second part: retained sizes and idoms by node; returns the HeapGraph (whose dominator-children
 *  lists are built when first asked for) and pushes what nothing reads any more (the preorder-space columns)
 *  onto `spent`. */
export function finishHeapGraph(
  parsed: ParsedHeap,
  kept: KeptGraph,
  tree: PreorderTree,
  half: RetainedInPreorder,
  spent: ArrayBufferView[] = [],
): HeapGraph {
  const n = kept.nodeCount;
  const { shallowByIndex } = half;
  const { retained, retainedByClass, idom } = matRetainedFinish(tree, half.retainedByPre, half.retainedByClass, kept, spent);
  spent.push(tree.preorder, tree.idomByPre);
  // The virtual root is node n in the flow graph; in HeapGraph a top-level dominator's idom is NO_NODE.
  for (let v = 0; v < n; v++) if (idom[v] === n) idom[v] = NO_NODE;
  return heapGraphOf(parsed, kept.idIndex, {
    nodeCount: n,
    classByIndex: kept.classByIndex,
    kindByIndex: kept.kindByIndex,
    ordinalByIndex: kept.ordinalByIndex,
    indexByClass: kept.indexByClass,
    shallowByIndex: shallowByIndex.subarray(0, n),
    succStart: kept.succStart.subarray(0, n + 1),
    succ: kept.succ.subarray(0, kept.succStart[n]),
    pseudoEdges: kept.pseudoEdges,
    rootMaskByIndex: kept.rootMaskByIndex,
    idomByIndex: idom.subarray(0, n),
    retainedByIndex: retained.subarray(0, n),
    retainedByClass,
  });
}

/** The stored columns of a HeapGraph: what finishHeapGraph computes, and what a persisted analysis holds. */
export type HeapGraphColumns = Pick<
  HeapGraph,
  | 'nodeCount'
  | 'classByIndex'
  | 'kindByIndex'
  | 'ordinalByIndex'
  | 'indexByClass'
  | 'shallowByIndex'
  | 'succStart'
  | 'succ'
  | 'pseudoEdges'
  | 'rootMaskByIndex'
  | 'idomByIndex'
  | 'retainedByIndex'
  | 'retainedByClass'
>;

/** A HeapGraph over its columns and id lookup: root type names from the masks, dominator children built lazily. */
export function heapGraphOf(
  parsed: ParsedHeap,
  idIndex: IdIndex,
  c: HeapGraphColumns,
  top?: TopDominators,
  rootNodes?: ArrayLike<number>,
): HeapGraph {
  const n = c.nodeCount;
  const rootTypesByIndex = new Map<ObjectIndex, string[]>();
  const namesByMask = new Map<number, string[]>();
  const masks = c.rootMaskByIndex;
  // `rootNodes` (a reopened analysis's sparse list of the roots) saves a sweep of every object's mask.
  const count = rootNodes?.length ?? n;
  for (let i = 0; i < count; i++) {
    const v = rootNodes === undefined ? i : rootNodes[i];
    const mask = masks[v];
    if (mask === 0) continue;
    let names = namesByMask.get(mask);
    if (names === undefined) {
      names = rootTypeNames(mask);
      namesByMask.set(mask, names);
    }
    rootTypesByIndex.set(v, names);
  }
  const classByIndex = c.classByIndex;
  return {
    ...c,
    parsed,
    idOf: (index: ObjectIndex): ObjectId => idIndex.idOf(index),
    allIds: () => idIndex.allIds(),
    rootTypesByIndex,
    ...lazyDominatorChildren(c.idomByIndex, c.retainedByIndex, n, top),
    findIndex: (id: ObjectId): ObjectIndex => idIndex.find(id),
    idIndex,
    classOf: (index: ObjectIndex): ClassIndex => classByIndex[index],
  };
}
