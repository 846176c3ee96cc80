// Marking from the GC roots, and what becomes of the objects no root reaches (docs/mat-semantics.md, "Unreachable
// objects"): by default they are removed; in MAT's keep_unreachable_objects mode they become "Unreachable" roots,
// first those no other unreachable object references, then, for cycles, the lowest-address unmarked object of
// each remaining group in one pass in address order. Iterative marking (50,000-deep chains exist).

import { ROOT_BIT_UNREACHABLE } from './roots.ts';
import { LOOP_TICK, type Tick } from './build.ts';
import { implicitSuccessor, NO_NODE, type ImplicitEdges } from '../dominators/index.ts';

/**
 * Marks everything reachable from the nodes already marked in `marked` (value 1), using `stack` (nodeCount
 * entries) for the work list. Returns how many nodes it newly marked, `seeds` included when they were unmarked.
 */
function markFrom(
  seeds: ArrayLike<number>,
  seedCount: number,
  marked: Uint8Array,
  succStart: Uint32Array,
  succ: Uint32Array,
  implicit: ImplicitEdges,
  stack: Uint32Array,
): number {
  let top = 0;
  let newly = 0;
  for (let i = 0; i < seedCount; i++) {
    const s = seeds[i];
    if (marked[s]) continue;
    marked[s] = 1;
    newly++;
    stack[top++] = s;
  }
  while (top > 0) {
    const v = stack[--top];
    const k = implicitSuccessor(implicit, v);
    if (k !== NO_NODE && !marked[k]) {
      marked[k] = 1;
      newly++;
      stack[top++] = k;
    }
    const end = succStart[v + 1];
    for (let i = succStart[v]; i < end; i++) {
      const t = succ[i];
      if (marked[t]) continue;
      marked[t] = 1;
      newly++;
      stack[top++] = t;
    }
  }
  return newly;
}

export interface Reachability {
  /** 1 = reachable from a root (or kept in keep mode), by ObjectIndex. */
  marked: Uint8Array;
  /** Nodes that no root reaches (before keep mode turns some into roots). */
  unreachableCount: number;
  /** Their shallow bytes, when `shallowOf` was given (keep mode). */
  unreachableBytes: number;
}

/**
 * Marks from the roots (nodes with a non-zero root mask). With `keepUnreachable`, adds the "Unreachable" root bit
 * to MAT's choice of unreachable objects in `rootMaskByIndex` and marks everything.
 */
export function markReachable(
  nodeCount: number,
  succStart: Uint32Array,
  succ: Uint32Array,
  implicit: ImplicitEdges,
  rootMaskByIndex: Uint32Array,
  keepUnreachable: boolean,
  tick: Tick,
  shallowOf?: (v: number) => number,
): Reachability {
  const marked = new Uint8Array(nodeCount);
  const stack = new Uint32Array(nodeCount);
  let rootCount = 0;
  for (let v = 0; v < nodeCount; v++) if (rootMaskByIndex[v] !== 0) stack[rootCount++] = v;
  // Seeds are copied out of `stack` because markFrom reuses it as the work list.
  const seeds = stack.slice(0, rootCount);
  let markedCount = markFrom(seeds, rootCount, marked, succStart, succ, implicit, stack);
  tick(markedCount, nodeCount);
  const unreachableCount = nodeCount - markedCount;
  if (!keepUnreachable || unreachableCount === 0) return { marked, unreachableCount, unreachableBytes: 0 };

  let unreachableBytes = 0;
  // Unreachable objects that another unreachable object references (a self-reference does not count).
  const referenced = new Uint8Array(nodeCount);
  for (let v = 0; v < nodeCount; v++) {
    if ((v & (LOOP_TICK - 1)) === 0) tick(markedCount, nodeCount);
    if (marked[v]) continue;
    if (shallowOf !== undefined) unreachableBytes += shallowOf(v);
    const k = implicitSuccessor(implicit, v);
    if (k !== NO_NODE && k !== v && !marked[k]) referenced[k] = 1;
    const end = succStart[v + 1];
    for (let i = succStart[v]; i < end; i++) {
      const t = succ[i];
      if (t !== v && !marked[t]) referenced[t] = 1;
    }
  }
  let seedCount = 0;
  for (let v = 0; v < nodeCount; v++) {
    if (marked[v] || referenced[v]) continue;
    rootMaskByIndex[v] |= ROOT_BIT_UNREACHABLE;
    stack[seedCount++] = v;
  }
  const unreferenced = stack.slice(0, seedCount);
  markedCount += markFrom(unreferenced, seedCount, marked, succStart, succ, implicit, stack);
  // What is left lies on cycles (or hangs below one): pick the lowest address, mark, continue the scan.
  const one = new Uint32Array(1);
  for (let v = 0; v < nodeCount && markedCount < nodeCount; v++) {
    if (marked[v]) continue;
    rootMaskByIndex[v] |= ROOT_BIT_UNREACHABLE;
    one[0] = v;
    markedCount += markFrom(one, 1, marked, succStart, succ, implicit, stack);
  }
  tick(markedCount, nodeCount);
  return { marked, unreachableCount, unreachableBytes };
}
