// After marking: drops unreachable objects (default mode) by compacting every column and the CSR in place
// (summing their shallow sizes), and appends the virtual root's list (every GC root) after the last node's edges, so
// the dominator pass sees one flow graph rooted at node `nodeCount`.

import type { ParsedHeap } from '../model/parsed-heap.ts';
import { NO_NODE } from '../dominators/index.ts';
import { IdIndex } from './id-index.ts';
import type { ObjectTable, EdgeTable, Tick } from './build.ts';
import { LOOP_TICK } from './build.ts';
import type { PseudoEdge } from './heap-graph.ts';
import { shallowOfNode, type SizeModel } from './size-model.ts';

export interface KeptGraph {
  nodeCount: number;
  idIndex: IdIndex;
  /** Length nodeCount + 1 (the virtual root's slot holds NO_NODE). */
  classByIndex: Uint32Array;
  kindByIndex: Uint8Array;
  ordinalByIndex: Int32Array;
  classRecordByIndex: Int32Array;
  indexByClass: Uint32Array;
  rootMaskByIndex: Uint16Array;
  pseudoEdges: PseudoEdge[];
  /** nodeCount + 2 entries; the list of node `nodeCount` (the virtual root) holds every GC root. */
  succStart: Uint32Array;
  succ: Uint32Array;
  rootCount: number;
  unreachable: { objects: number; shallowBytes: number };
  /** ClassIndex of java.lang.Class. */
  javaLangClass: number;
}

/** Keeps the marked nodes (all of them when `marked` is null), in address order. */
export function assembleKeptGraph(
  parsed: ParsedHeap,
  table: ObjectTable,
  edges: EdgeTable,
  rootMaskByIndex: Uint16Array,
  pseudoEdges: PseudoEdge[],
  marked: Uint8Array | null,
  sizes: SizeModel,
  tick: Tick,
): KeptGraph {
  const n = table.nodeCount;
  const { classByIndex, kindByIndex, ordinalByIndex, classRecordByIndex, indexByClass } = table;
  const ids = table.idIndex.ids;
  const { succStart } = edges;
  let succ = edges.succ;
  let kept = n;
  let idIndex = table.idIndex;
  let removedBytes = 0;
  let keptPseudoEdges = pseudoEdges;
  let roots = rootMaskByIndex;

  if (marked !== null) {
    const oldToNew = new Uint32Array(n);
    let k = 0;
    for (let v = 0; v < n; v++) {
      if (marked[v]) oldToNew[v] = k++;
      else {
        oldToNew[v] = NO_NODE;
        removedBytes += shallowOfNode(parsed, sizes, kindByIndex[v], classByIndex[v], ordinalByIndex[v], classRecordByIndex[v]);
      }
    }
    kept = k;
    if (kept < n) {
      // In place: the new index of a node is never above its old one, so nothing is overwritten before it is read.
      let e = 0;
      for (let v = 0; v < n; v++) {
        if ((v & (LOOP_TICK - 1)) === 0) tick(v, n);
        if (!marked[v]) continue;
        const nv = oldToNew[v];
        const start = succStart[v];
        const end = succStart[v + 1];
        succStart[nv] = e;
        for (let i = start; i < end; i++) succ[e++] = oldToNew[succ[i]];
        ids[nv] = ids[v];
        classByIndex[nv] = classByIndex[v];
        kindByIndex[nv] = kindByIndex[v];
        ordinalByIndex[nv] = ordinalByIndex[v];
        classRecordByIndex[nv] = classRecordByIndex[v];
        rootMaskByIndex[nv] = rootMaskByIndex[v];
      }
      succStart[kept] = e;
      for (let c = 0; c < indexByClass.length; c++) {
        if (indexByClass[c] !== NO_NODE) indexByClass[c] = oldToNew[indexByClass[c]];
      }
      keptPseudoEdges = [];
      for (const p of pseudoEdges) {
        const from = oldToNew[p.from];
        const to = oldToNew[p.to];
        if (from !== NO_NODE && to !== NO_NODE) keptPseudoEdges.push({ from, to, name: p.name });
      }
      idIndex = new IdIndex(ids.slice(0, kept));
      roots = rootMaskByIndex.subarray(0, kept);
    }
  }

  classByIndex[kept] = NO_NODE;

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
    classRecordByIndex: classRecordByIndex.subarray(0, kept),
    indexByClass,
    rootMaskByIndex: roots,
    pseudoEdges: keptPseudoEdges,
    succStart: succStart.subarray(0, kept + 2),
    succ: succ.subarray(0, e),
    rootCount,
    unreachable: { objects: n - kept, shallowBytes: removedBytes },
    javaLangClass: table.javaLangClass,
  };
}
