// After marking: drops unreachable objects (default mode) by compacting every column and the CSR in place
// (summing their shallow sizes), and appends the virtual root's list (every GC root) after the last node's edges, so
// the dominator pass sees one flow graph rooted at node `nodeCount`.

import type { ParsedHeap } from '../model/parsed-heap.ts';
import { NO_NODE } from '../dominators/index.ts';
import type { ObjectTable, EdgeTable, Tick } from './build.ts';
import { LOOP_TICK } from './build.ts';
import type { PseudoEdge } from './heap-graph.ts';
import { shallowOfNode, type SizeModel } from './size-model.ts';

/** Up to this many removed nodes, indices are remapped without an old -> new table. */
const FEW_REMOVED = 1 << 16;
/** Nodes per block of nodeRemap's counts: 2^10 (at 20 M nodes, 80 KB of counts: they stay in cache). */
const REMAP_BLOCK_BITS = 10;

/** The node columns assembleKeptGraph reads: an ObjectTable's, or a KeptGraph's when it is compacted again. */
export type KeptColumns = Pick<
  ObjectTable,
  'nodeCount' | 'idIndex' | 'classByIndex' | 'kindByIndex' | 'ordinalByIndex' | 'indexByClass' | 'javaLangClass'
>;

/** The node columns of the kept objects only (same meaning as in ObjectTable), with their edges and roots. */
export interface KeptGraph extends Pick<
  ObjectTable,
  'nodeCount' | 'idIndex' | 'classByIndex' | 'kindByIndex' | 'ordinalByIndex' | 'indexByClass' | 'javaLangClass'
> {
  rootMaskByIndex: Uint32Array;
  pseudoEdges: PseudoEdge[];
  /** nodeCount + 2 entries; the list of node `nodeCount` (the virtual root) holds every GC root. */
  succStart: Uint32Array;
  succ: Uint32Array;
  rootCount: number;
  unreachable: { objects: number; shallowBytes: number };
  /** The removed objects by class (ClassIndex; class objects as java.lang.Class), for MAT's unreachable objects
   *  histogram: empty when nothing was removed. */
  unreachableByClass: UnreachableByClass[];
}

export interface UnreachableByClass {
  classIndex: number;
  objects: number;
  shallowBytes: number;
}

/** Keeps the marked nodes (all of them when `marked` is null), in address order. */
export function assembleKeptGraph(
  parsed: ParsedHeap,
  table: KeptColumns,
  edges: Pick<EdgeTable, 'succStart' | 'succ'>,
  rootMaskByIndex: Uint32Array,
  pseudoEdges: PseudoEdge[],
  marked: Uint8Array | null,
  sizes: SizeModel,
  tick: Tick,
): KeptGraph {
  const n = table.nodeCount;
  const { classByIndex, kindByIndex, ordinalByIndex, indexByClass } = table;
  // The id column, when the index still has one (the bucket table's): moved like the others.
  const ids = table.idIndex.column;
  const { succStart } = edges;
  let succ = edges.succ;
  let kept = n;
  let idIndex = table.idIndex;
  let removedBytes = 0;
  let keptPseudoEdges = pseudoEdges;
  let roots = rootMaskByIndex;

  const unreachableByClass: UnreachableByClass[] = [];
  if (marked !== null) {
    // Few removed nodes (the usual case after a GC) are remapped by a binary search in their sorted list, which
    // stays in cache; many, through a full old -> new table.
    let removedCount = 0;
    // What is removed by class, counted as it goes by: the graph forgets these objects.
    const byClass = new Map<number, UnreachableByClass>();
    for (let v = 0; v < n; v++) {
      if (marked[v]) continue;
      removedCount++;
      const bytes = shallowOfNode(parsed, sizes, kindByIndex[v], classByIndex[v], ordinalByIndex[v]);
      removedBytes += bytes;
      const c = classByIndex[v];
      let row = byClass.get(c);
      if (row === undefined) byClass.set(c, (row = { classIndex: c, objects: 0, shallowBytes: 0 }));
      row.objects++;
      row.shallowBytes += bytes;
    }
    unreachableByClass.push(...byClass.values());
    kept = n - removedCount;
    if (removedCount > 0) {
      const remap = nodeRemap(marked, n, removedCount);
      const removedIds = new Float64Array(removedCount);
      for (let v = 0, r = 0; v < n; v++) if (!marked[v]) removedIds[r++] = idIndex.idOf(v);
      // In place: the new index of a node is never above its old one, so nothing is overwritten before it is read.
      let e = 0;
      if (removedCount <= FEW_REMOVED) {
        // Few removed: move the runs of kept nodes between them as blocks (memmove), nothing before the first.
        const removed = remap.removed!;
        let nv = removed[0];
        e = succStart[nv];
        for (let k = 0; k < removedCount; k++) {
          if ((k & 1023) === 0) tick(removed[k], n);
          const runStart = removed[k] + 1;
          const runEnd = k + 1 < removedCount ? removed[k + 1] : n;
          if (runStart >= runEnd) continue;
          const edgeStart = succStart[runStart];
          const edgeEnd = succStart[runEnd];
          succ.copyWithin(e, edgeStart, edgeEnd);
          const edgeShift = edgeStart - e;
          for (let v = runStart; v < runEnd; v++) succStart[v - runStart + nv] = succStart[v] - edgeShift;
          ids?.copyWithin(nv, runStart, runEnd);
          classByIndex.copyWithin(nv, runStart, runEnd);
          kindByIndex.copyWithin(nv, runStart, runEnd);
          ordinalByIndex.copyWithin(nv, runStart, runEnd);
          rootMaskByIndex.copyWithin(nv, runStart, runEnd);
          nv += runEnd - runStart;
          e += edgeEnd - edgeStart;
        }
      } else {
        let nv = 0;
        for (let v = 0; v < n; v++) {
          if ((v & (LOOP_TICK - 1)) === 0) tick(v, n);
          if (!marked[v]) continue;
          const start = succStart[v];
          const end = succStart[v + 1];
          succStart[nv] = e;
          for (let i = start; i < end; i++) succ[e++] = succ[i];
          if (ids !== null) ids[nv] = ids[v];
          classByIndex[nv] = classByIndex[v];
          kindByIndex[nv] = kindByIndex[v];
          ordinalByIndex[nv] = ordinalByIndex[v];
          rootMaskByIndex[nv] = rootMaskByIndex[v];
          nv++;
        }
      }
      succStart[kept] = e;
      remap.apply(succ, 0, e);
      for (let c = 0; c < indexByClass.length; c++) {
        const old = indexByClass[c];
        if (old !== NO_NODE) indexByClass[c] = marked[old] ? remap.one(old) : NO_NODE;
      }
      keptPseudoEdges = [];
      for (const p of pseudoEdges) {
        if (marked[p.from] && marked[p.to]) keptPseudoEdges.push({ ...p, from: remap.one(p.from), to: remap.one(p.to) });
      }
      idIndex = idIndex.without(ids === null ? null : removedCount <= FEW_REMOVED ? ids.subarray(0, kept) : ids.slice(0, kept), removedIds);
      roots = rootMaskByIndex.subarray(0, kept);
    }
  }

  classByIndex[kept] = classByIndex instanceof Uint16Array ? 0xffff : 0xffffffff;

  let rootCount = 0;
  for (let v = 0; v < kept; v++) if (roots[v] !== 0) rootCount++;
  const edgeEnd = succStart[kept];
  if (edgeEnd + rootCount > succ.length) {
    // Keep mode can add more roots than were reserved: grow once.
    const grown = new Uint32Array(edgeEnd + rootCount);
    grown.set(succ.subarray(0, edgeEnd));
    succ = grown;
  }
  let e = edgeEnd;
  for (let v = 0; v < kept; v++) if (roots[v] !== 0) succ[e++] = v;
  succStart[kept + 1] = e;

  return {
    nodeCount: kept,
    idIndex,
    classByIndex: classByIndex.subarray(0, kept + 1),
    kindByIndex: kindByIndex.subarray(0, kept),
    ordinalByIndex: ordinalByIndex.subarray(0, kept),
    indexByClass,
    rootMaskByIndex: roots,
    pseudoEdges: keptPseudoEdges,
    succStart: succStart.subarray(0, kept + 2),
    succ: succ.subarray(0, e),
    rootCount,
    unreachable: { objects: n - kept, shallowBytes: removedBytes },
    unreachableByClass,
    javaLangClass: table.javaLangClass,
  };
}

/** Old node -> new node once the unmarked nodes are gone, for whole arrays (`apply`) or one node (`one`).
 *  Node n (one past the last) maps to the kept count: a virtual root appended after the nodes moves with them. */
export interface NodeRemap {
  apply(values: Uint32Array, begin: number, end: number): void;
  one(old: number): number;
  /** The removed nodes, ascending (only when there are few: FEW_REMOVED or less). */
  removed?: Uint32Array;
}

/**
 * Few removed nodes (the usual case: a few hundred unreachable objects in a GC'd dump) are remapped through
 * per-block counts (2^10 nodes per block, so that most blocks lost none): a node in a block that lost none moves down by the removed count
 * before its block, others by a binary search in the sorted removed list. All of it stays in cache, and no
 * 4-byte-per-node table is allocated. Many removed nodes: a full old -> new table.
 */
export function nodeRemap(marked: Uint8Array, n: number, removedCount: number): NodeRemap {
  if (removedCount > FEW_REMOVED) {
    const oldToNew = new Uint32Array(n + 1);
    let k = 0;
    for (let v = 0; v < n; v++) oldToNew[v] = marked[v] ? k++ : NO_NODE;
    oldToNew[n] = k;
    return {
      apply(values, begin, end) {
        for (let i = begin; i < end; i++) values[i] = oldToNew[values[i]];
      },
      one: (old) => oldToNew[old],
    };
  }
  const removed = new Uint32Array(removedCount);
  let r = 0;
  for (let v = 0; v < n; v++) if (!marked[v]) removed[r++] = v;
  const blocks = (n >>> REMAP_BLOCK_BITS) + 1;
  const removedBeforeBlock = new Uint32Array(blocks + 1);
  const dirtyBlock = new Uint8Array(blocks);
  for (let i = 0; i < removedCount; i++) {
    removedBeforeBlock[(removed[i] >>> REMAP_BLOCK_BITS) + 1]++;
    dirtyBlock[removed[i] >>> REMAP_BLOCK_BITS] = 1;
  }
  for (let b = 0; b < blocks; b++) removedBeforeBlock[b + 1] += removedBeforeBlock[b];
  // One table for the hot loop: the shift of a block that lost no node, or -1 (look the node up).
  const shiftOfBlock = new Int32Array(blocks);
  for (let b = 0; b < blocks; b++) shiftOfBlock[b] = dirtyBlock[b] === 0 ? removedBeforeBlock[b] : -1;
  const slow = (old: number): number => {
    let lo = removedBeforeBlock[old >>> REMAP_BLOCK_BITS];
    let hi = removedBeforeBlock[(old >>> REMAP_BLOCK_BITS) + 1];
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (removed[mid] < old) lo = mid + 1;
      else hi = mid;
    }
    return old - lo;
  };
  return {
    removed,
    apply(values, begin, end) {
      for (let i = begin; i < end; i++) {
        const old = values[i];
        const shift = shiftOfBlock[old >>> REMAP_BLOCK_BITS];
        values[i] = shift >= 0 ? old - shift : slow(old);
      }
    },
    one: (old) => (dirtyBlock[old >>> REMAP_BLOCK_BITS] === 0 ? old - removedBeforeBlock[old >>> REMAP_BLOCK_BITS] : slow(old)),
  };
}
