// Merged shortest paths from the GC roots to all objects of a class, as MAT's "Merge Shortest Paths to GC Roots"
// (MultiplePathsFromGCRootsComputerImpl): one breadth-first search forward from every GC root at once (stopping
// once every object of the class is reached) gives each object its shortest path; the paths are merged into a
// tree from the roots down, each node counting the class's objects whose path runs through it.
//
// Typed arrays only: the search's queue, the position of each node's discoverer and a count per position (12 bytes
// per object reached), then the tree itself, compacted to the nodes on some path (24 bytes per node, kept while
// the class is looked at). Counts are summed in one pass
// backwards over the queue (a child always sits after its parent), so a 50,000-long linked list costs 50,000
// steps, not 50,000 squared. With excludeWeak, a java.lang.ref.Reference does not lead to what it holds only
// through `referent` (MAT's "exclude weak/soft references").

import type { MergedPathRow, MergedPaths, MergedPathsOptions } from '../api.ts';
import type { ClassIndex, ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { pageBounds } from './context.ts';
import { edgeNames, edgeNamesSync, joinNames } from './edge-names.ts';
import type { WeakEdges } from './path-to-roots.ts';
import { UNSCHEDULED, type PassControl } from './passes.ts';

/** The merged tree of one class (and excludeWeak choice), in BFS order: node k is object objectOf[k]. A node's
 *  children were discovered together, so they are consecutive: childFirst[k] .. childFirst[k] + childCount[k] - 1.
 *  They are sorted (largest count first) into `sorted` the first time a page of them is asked for. */
export interface MergedTree {
  classIndex: ClassIndex;
  excludeWeak: boolean;
  targets: number;
  reached: number;
  objectOf: Uint32Array;
  count: Uint32Array;
  /** Per node: the weight (shallow size unless told otherwise) of the objects whose path runs through it. */
  targetWeight: Float64Array;
  childFirst: Uint32Array;
  childCount: Uint32Array;
  /** Roots of the tree (GC roots with a count), largest count first. */
  roots: Uint32Array;
  sorted: Map<number, Uint32Array>;
}

export async function mergedTree(
  ctx: QueryContext,
  weakEdges: WeakEdges,
  classIndex: ClassIndex,
  objects: Uint32Array,
  excludeWeak: boolean,
  weight: (v: ObjectIndex) => number = (v) => ctx.graph.shallowByIndex[v],
  pass: PassControl = UNSCHEDULED,
): Promise<MergedTree> {
  const g = ctx.graph;
  const n = g.nodeCount;
  const target = new Uint32Array((n + 31) >>> 5);
  let remaining = 0;
  for (const v of objects) {
    if ((target[v >>> 5] & (1 << (v & 31))) === 0) remaining++;
    target[v >>> 5] |= 1 << (v & 31);
  }
  const targets = remaining;
  const isTarget = (v: number): boolean => (target[v >>> 5] & (1 << (v & 31))) !== 0;
  const visited = new Uint32Array((n + 31) >>> 5);
  // Room for every node: a fresh array costs only the pages the search writes.
  const queue = new Uint32Array(n);
  const parentPos = new Int32Array(n);
  let length = 0;
  const push = (v: number, parent: number): void => {
    visited[v >>> 5] |= 1 << (v & 31);
    queue[length] = v;
    parentPos[length++] = parent;
  };
  const seen = (v: number): boolean => (visited[v >>> 5] & (1 << (v & 31))) !== 0;
  const { succStart, succ, classByIndex } = g;
  const expand = (v: number, pos: number, skip: number): void => {
    const c = ctx.classObjectOf(v);
    if (c >= 0 && c !== skip && !seen(c)) push(c, pos);
    for (let e = succStart[v], end = succStart[v + 1]; e < end; e++) {
      const t = succ[e];
      if (t !== skip && !seen(t)) push(t, pos);
    }
  };

  // Level 0: the GC roots, in address order.
  for (let v = 0; v < n; v++) if (g.rootMaskByIndex[v] !== 0) push(v, -1);
  let head = 0;
  pass.step('the search from the GC roots', 0, targets);
  while (head < length && remaining > 0) {
    const levelEnd = length;
    // References met in this level: decided once the level is done, as deciding may read the dump.
    const deferred: number[] = [];
    for (; head < levelEnd; head++) {
      if ((head & 0x3fff) === 0) await pass.checkpoint(targets - remaining);
      const v = queue[head];
      if (isTarget(v)) remaining--;
      if (excludeWeak && ctx.classes.isReference(classByIndex[v]) && ctx.isInstance(v)) deferred.push(head);
      else expand(v, head, -1);
    }
    if (deferred.length > 0) {
      const weakTargets = await Promise.all(deferred.map((p) => weakEdges.weakOnlyTarget(ctx, queue[p])));
      for (let k = 0; k < deferred.length; k++) expand(queue[deferred[k]], deferred[k], weakTargets[k]);
    }
  }

  // Counts, backwards over the queue: each position adds its own and its subtree's to its discoverer's.
  const count = new Uint32Array(length);
  for (let p = length - 1; p >= 0; p--) {
    if (isTarget(queue[p])) count[p]++;
    if (count[p] > 0 && parentPos[p] >= 0) count[parentPos[p]] += count[p];
  }
  // The tree: the positions with a count, in queue order (a parent before its children); `count` then holds each
  // kept position's tree node, which its children read.
  let size = 0;
  for (let p = 0; p < length; p++) if (count[p] > 0) size++;
  const objectOf = new Uint32Array(size);
  const parentOf = new Int32Array(size);
  const treeCount = new Uint32Array(size);
  let k = 0;
  for (let p = 0; p < length; p++) {
    if (count[p] === 0) continue;
    objectOf[k] = queue[p];
    parentOf[k] = parentPos[p] >= 0 ? count[parentPos[p]] : -1;
    treeCount[k] = count[p];
    count[p] = k++;
  }
  const targetWeight = new Float64Array(size);
  for (let t = size - 1; t >= 0; t--) {
    if (isTarget(objectOf[t])) targetWeight[t] += weight(objectOf[t]);
    if (parentOf[t] >= 0) targetWeight[parentOf[t]] += targetWeight[t];
  }
  const childFirst = new Uint32Array(size);
  const childCount = new Uint32Array(size);
  const rootList: number[] = [];
  for (let t = 0; t < size; t++) {
    const p = parentOf[t];
    if (p < 0) rootList.push(t);
    else if (childCount[p]++ === 0) childFirst[p] = t;
  }
  const roots = Uint32Array.from(rootList).sort((a, b) => treeCount[b] - treeCount[a] || targetWeight[b] - targetWeight[a] || a - b);
  let reached = 0;
  for (const t of roots) reached += treeCount[t];
  return {
    classIndex,
    excludeWeak,
    targets,
    reached,
    objectOf,
    count: treeCount,
    targetWeight,
    childFirst,
    childCount,
    roots,
    sorted: new Map(),
  };
}

/** The children of tree node t, largest count first (sorted once, on first use). */
export function childrenOf(tree: MergedTree, t: number): Uint32Array {
  const n = tree.childCount[t];
  if (n === 0) return new Uint32Array(0);
  let list = tree.sorted.get(t);
  if (list === undefined) {
    const first = tree.childFirst[t];
    const { count, targetWeight } = tree;
    list = Uint32Array.from({ length: n }, (_, i) => first + i).sort(
      (a, b) => count[b] - count[a] || targetWeight[b] - targetWeight[a] || a - b,
    );
    tree.sorted.set(t, list);
  }
  return list;
}

/** A page of the tree's children of `parent` (-1: the GC roots), with the field each one is reached through. */
export async function mergedPathsPage(
  ctx: QueryContext,
  tree: MergedTree,
  parent: number,
  offset: number,
  limit: number,
  options: MergedPathsOptions,
): Promise<MergedPaths> {
  const size = tree.objectOf.length;
  if (!Number.isInteger(parent) || parent < -1 || parent >= size) throw new RangeError(`tree node ${parent} is outside -1..${size - 1}`);
  const list = parent < 0 ? tree.roots : childrenOf(tree, parent);
  const { start, end } = pageBounds(offset, limit, list.length);
  const items: MergedPathRow[] = [];
  for (let i = start; i < end; i++) {
    const t = list[i];
    const row: MergedPathRow = {
      node: t,
      object: ctx.row(tree.objectOf[t]),
      count: tree.count[t],
      targetShallowBytes: tree.targetWeight[t],
      children: tree.childCount[t],
      field: null,
    };
    if (parent >= 0) {
      const from = tree.objectOf[parent];
      const to = tree.objectOf[t];
      const names = edgeNamesSync(ctx, from, to) ?? (await edgeNames(ctx, from, to).catch(() => []));
      const usable = options.excludeWeak !== false ? names.filter((nm) => !nm.referent) : names;
      row.field = names.length > 0 ? joinNames(usable.length > 0 ? usable : names) : null;
    }
    items.push(row);
  }
  return { classIndex: tree.classIndex, objects: tree.targets, reached: tree.reached, page: { offset: start, total: list.length, items } };
}
