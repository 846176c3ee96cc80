// The retained set of a set of objects S (Eclipse MAT's "Show Retained Set" and precise retained size): the
// objects that would be freed if S were gone, S included; those every path from the GC roots to which runs
// through S. For one object it is its dominator subtree; for several it is in general more than the union of
// their subtrees (an object held by two members of S is in neither subtree, yet freed with S), so it is computed
// by its definition: mark from the GC roots without entering S; what stays unmarked is retained.
//
// One traversal of the graph per selection: a bitmap for S, one for the marks, and a Uint32Array work stack (at
// most one entry per object): 4.25 bytes per object, released when the answer is made.

import type { HeapGraph } from '../graph/heap-graph.ts';
import { implicitSuccessor, NO_NODE } from '../dominators/types.ts';
import type { ClassIndex } from '../units.ts';
import { UNSCHEDULED, type PassControl } from './passes.ts';

/** The graph columns the mark reads. */
export type MarkGraph = Pick<HeapGraph, 'nodeCount' | 'succStart' | 'succ' | 'classByIndex' | 'indexByClass' | 'rootMaskByIndex'>;

/** Objects the pass handles between two checkpoints. */
const CHECK_EVERY = 1 << 16;

/**
 * Bitmap (bit v set = retained) of the objects that every path from the GC roots to runs through `members`.
 * `members` may hold duplicates and need not be sorted. Every object of the graph is reachable from the roots (the
 * analysis keeps no other), so what the mark does not reach is exactly the retained set.
 */
export async function retainedBitmap(g: MarkGraph, members: ArrayLike<number>, pass: PassControl = UNSCHEDULED): Promise<Uint32Array> {
  const n = g.nodeCount;
  const words = (n + 31) >>> 5;
  const blocked = new Uint32Array(words);
  for (let i = 0; i < members.length; i++) {
    const v = members[i];
    blocked[v >>> 5] |= 1 << (v & 31);
  }
  // `seen` starts as the selection: the mark never enters it, and a member counts as retained.
  const seen = blocked.slice();
  const stack = new Uint32Array(n);
  const implicit = { classOf: g.classByIndex, nodeOfClass: g.indexByClass };
  const { succStart, succ, rootMaskByIndex } = g;
  let top = 0;
  for (let v = 0; v < n; v++) {
    if (rootMaskByIndex[v] === 0 || seen[v >>> 5] & (1 << (v & 31))) continue;
    seen[v >>> 5] |= 1 << (v & 31);
    stack[top++] = v;
  }
  let handled = 0;
  pass.step('marking what stays alive without the selection', 0, n);
  while (top > 0) {
    if ((++handled & (CHECK_EVERY - 1)) === 0) await pass.checkpoint(handled);
    const v = stack[--top];
    const k = implicitSuccessor(implicit, v);
    if (k !== NO_NODE && (seen[k >>> 5] & (1 << (k & 31))) === 0) {
      seen[k >>> 5] |= 1 << (k & 31);
      stack[top++] = k;
    }
    for (let e = succStart[v], end = succStart[v + 1]; e < end; e++) {
      const t = succ[e];
      if (seen[t >>> 5] & (1 << (t & 31))) continue;
      seen[t >>> 5] |= 1 << (t & 31);
      stack[top++] = t;
    }
  }
  // Retained = members, or not reached: flip the reached bits that are not members.
  for (let w = 0; w < words; w++) seen[w] = ~seen[w] | blocked[w];
  // Bits past the last object stay clear.
  if ((n & 31) !== 0) seen[words - 1] &= (1 << (n & 31)) - 1;
  return seen;
}

export interface RetainedTotals {
  objects: number;
  bytes: number;
  /** Objects and shallow bytes by ClassIndex (class objects as java.lang.Class), only classes with objects. */
  byClass: Map<ClassIndex, { objects: number; bytes: number }>;
}

/** Sums a retained bitmap by class. */
export function retainedTotals(g: Pick<HeapGraph, 'nodeCount' | 'classByIndex' | 'shallowByIndex'>, retained: Uint32Array): RetainedTotals {
  const byClass = new Map<ClassIndex, { objects: number; bytes: number }>();
  let objects = 0;
  let bytes = 0;
  for (let w = 0; w < retained.length; w++) {
    let word = retained[w];
    while (word !== 0) {
      const bit = 31 - Math.clz32(word & -word);
      word &= word - 1;
      const v = (w << 5) | bit;
      const c = g.classByIndex[v];
      const s = g.shallowByIndex[v];
      let row = byClass.get(c);
      if (row === undefined) byClass.set(c, (row = { objects: 0, bytes: 0 }));
      row.objects++;
      row.bytes += s;
      objects++;
      bytes += s;
    }
  }
  return { objects, bytes, byClass };
}
