// MAT's Leak Suspects (its `leakhunter` report, rules in docs/mat-semantics.md): the top-level
// dominators that each retain more than 10 % of the heap, then the classes whose remaining top-level dominators
// together do; for each, the classes of the objects only it keeps alive, and for a single object the
// accumulation point down the dominator tree; for a group, the accumulation point along the merged shortest paths
// from the GC roots to its members (groupAccumulationPath).

import type { LeakSuspect, LeakSuspects, ObjectRow, PathStep, RetainedClassRow, SuspectConsumer } from '../api.ts';
import type { ClassIndex, ObjectIndex } from '../units.ts';
import { NO_NODE, type QueryContext } from './context.ts';
import { childrenOf, mergedTree } from './merged-paths.ts';
import type { WeakEdges } from './path-to-roots.ts';
import { UNSCHEDULED, type PassControl } from './passes.ts';
import { windowOfWalk } from './long-paths.ts';

/** A suspect retains strictly more than this share of the used heap (the report's default, in percent). */
export const SUSPECT_PERCENT = 10;
/** The accumulation point: where the biggest child keeps less than this share of its parent's retained size. */
export const BIG_DROP = 0.7;
/** Consumer classes listed per suspect. */
const CONSUMERS = 3;
/** A group's common path goes down while a node carries more than this share of the group's members. */
export const GROUP_COVERAGE = 0.8;

interface Candidate {
  kind: LeakSuspect['kind'];
  /** Top-level dominators it stands for (one, or a group's members). */
  members: ObjectIndex[];
  retained: number;
}

/**
 * Android: the suspects limited to one heap (app, zygote, ...; docs/mat-semantics.md, "Android heaps"). Each size
 * is the part of a retained size in that heap, the heap's total is its reachable objects' shallow bytes, and what
 * a suspect keeps alive counts that heap's objects only. The rules are MAT's, on those sizes.
 */
export interface HeapScope {
  heap: number;
  /** Retained bytes in the heap, by node. */
  part: Float64Array;
  /** The heap of each node. */
  heapOf: Int8Array;
  /** The top-level dominators that retain bytes in the heap, largest part first. */
  tops: ArrayLike<ObjectIndex>;
}

/** The suspects, and for each group suspect (by position) its members, for groupAccumulationPath. */
export function leakSuspects(ctx: QueryContext, scope?: HeapScope): { result: LeakSuspects; groupMembers: Map<number, ObjectIndex[]> } {
  const g = ctx.graph;
  const tops = scope ? scope.tops : g.sortedChildren(-1);
  const retained = scope ? scope.part : g.retainedByIndex;
  let used = 0;
  for (let i = 0; i < tops.length; i++) used += retained[tops[i]];
  const threshold = Math.floor((SUSPECT_PERCENT * used) / 100);

  // Single objects, largest first, while above the threshold; then the rest grouped by class.
  const candidates: Candidate[] = [];
  let i = 0;
  for (; i < tops.length && retained[tops[i]] > threshold; i++) {
    candidates.push({ kind: singleKind(ctx, tops[i]), members: [tops[i]], retained: retained[tops[i]] });
  }
  const groups = new Map<number, { members: ObjectIndex[]; retained: number }>();
  for (; i < tops.length; i++) {
    const v = tops[i];
    const c = g.classByIndex[v];
    let group = groups.get(c);
    if (group === undefined) groups.set(c, (group = { members: [], retained: 0 }));
    group.members.push(v);
    group.retained += retained[v];
  }
  for (const group of groups.values()) {
    if (group.retained > threshold) candidates.push({ kind: 'group', members: group.members, retained: group.retained });
  }
  // Largest first; on a tie a single object first (they come first in the list and the sort is stable).
  const order = candidates.map((_, k) => k).sort((a, b) => candidates[b].retained - candidates[a].retained || a - b);
  const sorted = order.map((k) => candidates[k]);

  const consumers = topConsumers(ctx, sorted, scope);
  const groupMembers = new Map<number, ObjectIndex[]>();
  const suspects = sorted.map((cand, k): LeakSuspect => {
    const suspect: LeakSuspect = { kind: cand.kind, retainedBytes: cand.retained, topConsumers: consumers[k] };
    if (cand.kind === 'group') {
      const first = cand.members[0];
      suspect.group = { className: ctx.className(first), classIndex: g.classByIndex[first], instances: cand.members.length };
      groupMembers.set(k, cand.members);
    } else {
      suspect.object = ctx.row(cand.members[0]);
      // A chain can be millions of objects long (a linked list): its first and last steps, and its length.
      const w = windowOfWalk(cand.members[0], (v) => nextAccumulation(ctx, v, scope?.part));
      suspect.accumulation = [...w.head, ...w.tail].map((v) => ctx.row(v));
      if (w.ranges.length > w.head.length + w.tail.length) suspect.accumulationLength = w.ranges.length;
    }
    return suspect;
  });
  const result: LeakSuspects = { usedHeapBytes: used, thresholdBytes: threshold, suspects };
  if (scope) result.heap = g.parsed.heaps?.names[scope.heap] ?? String(scope.heap);
  return { result, groupMembers };
}

/**
 * A group's accumulation point, as MAT's leak hunter finds it (docs/mat-semantics.md): the shortest paths from the
 * GC roots to the members, merged (weak and soft referents left out; if that leaves no path, followed), then from
 * the root carrying the most paths down, while the node carries more than 80 % of the members, into the child
 * carrying the most. The walk stops at a node whose best child's members retain less than 70 % of its own (or
 * that has no child): that node is the point, and the nodes from the root to it the common path, returned. Null
 * when coverage falls to 80 % or below first (MAT then shows only a "Reference Pattern").
 * MAT samples 10,000 members at random in a bigger group; every member is used here, so the answer is the same
 * on every run. With `part` (an Android heap's retained bytes by node), the members are weighed by their part.
 */
export async function groupAccumulationPath(
  ctx: QueryContext,
  weakEdges: WeakEdges,
  members: ObjectIndex[],
  pass: PassControl = UNSCHEDULED,
  part: ArrayLike<number> = ctx.graph.retainedByIndex,
): Promise<ObjectIndex[] | null> {
  const objects = Uint32Array.from(members);
  const retained = (v: ObjectIndex): number => part[v];
  let tree = await mergedTree(ctx, weakEdges, -1, objects, true, retained, pass);
  if (tree.reached === 0) tree = await mergedTree(ctx, weakEdges, -1, objects, false, retained, pass);
  const enough = GROUP_COVERAGE * members.length;
  if (tree.roots.length === 0 || tree.count[tree.roots[0]] <= enough) return null;
  let node = tree.roots[0];
  const path = [node];
  for (;;) {
    const children = childrenOf(tree, node);
    if (children.length === 0) break;
    const best = children[0];
    if (tree.targetWeight[best] < BIG_DROP * tree.targetWeight[node]) break;
    if (tree.count[best] <= enough) return null;
    node = best;
    path.push(node);
  }
  return path.map((t) => tree.objectOf[t]);
}

/** Every object row in the suspects (each suspect's object, loader, accumulation chain, point and its path from
 *  the roots, a thread's significant locals): what needs labels. */
export function suspectRows(l: LeakSuspects): ObjectRow[] {
  return l.suspects.flatMap((s) => [
    ...(s.object ? [s.object] : []),
    ...(s.loader ? [s.loader] : []),
    ...(s.accumulation ?? []),
    ...(s.point ? [s.point.object, s.point.loader, ...(s.point.pathFromRoot ?? []).map((step) => step.object)] : []),
    ...(s.thread?.frames ?? []).flatMap((f) => f.locals),
  ]);
}

/** A class name without its package (`java.util.HashMap$Node[]` -> `HashMap$Node[]`). */
function shortName(className: string): string {
  const dot = className.lastIndexOf('.', className.endsWith(']') ? className.indexOf('[') : className.length);
  return dot < 0 ? className : className.slice(dot + 1);
}

/** How one object reads in a chain: a class object by its class's short name, an array with its length. */
function chainName(row: ObjectRow): string {
  if (row.label?.startsWith('class ')) return shortName(row.label.slice(6));
  const name = shortName(row.className);
  return row.label?.startsWith('[') && name.endsWith('[]') ? name.slice(0, -2) + row.label : name;
}

/** A path from a GC root as one line: each holder with the field that holds the next (`Basics.CACHE` for a static,
 *  `HashMap.table`, `Object[][3]`, `Thread <Java Local>`), then the last object; `elided` steps left out at `at`
 *  read `… N more …`. */
export function readableChain(path: PathStep[], elided = 0, at = path.length): string {
  const parts = path.map((step) => {
    const name = chainName(step.object);
    if (step.field === null) return name;
    // A thread's local reads `<Java Local>` here, as in MAT's report; the significant frames name the frame.
    const field = step.field
      .split(', ')[0]
      .replace(/^<static> /, '')
      .replace(/^(<[^>]+>) in .*$/, '$1');
    return field.startsWith('[') ? name.replace(/\[\d*\]$/, '[]') + field : field.startsWith('<') ? `${name} ${field}` : `${name}.${field}`;
  });
  // A long path comes as its first and last steps: the steps between are counted.
  if (elided > 0) parts.splice(at, 0, `… ${elided.toLocaleString('en-US')} more …`);
  return parts.join(' → ');
}

/** The accumulation point of a suspect: the end of its chain (a single object's chain starts at the object, so
 *  with no drop below it the object itself is the point, as in MAT's report); a group without a common path has
 *  none. */
export function pointOf(s: LeakSuspect): ObjectIndex | undefined {
  return s.accumulation?.[s.accumulation.length - 1]?.index;
}

/** The loader of a class as a row (MAT's pseudo boot loader for the bootstrap loader), or undefined. */
export function classLoaderRow(ctx: QueryContext, classIndex: ClassIndex): ObjectRow | undefined {
  const rec = ctx.parsed.classes[classIndex];
  if (rec === undefined) return undefined;
  const loader = ctx.loaderIndex(rec.loaderId);
  return loader >= 0 ? ctx.row(loader) : undefined;
}

/** The class an object stands for in a "loaded by" sentence: a class object's own class, else its class. */
export function describedClass(ctx: QueryContext, v: ObjectIndex): ClassIndex {
  const rec = ctx.classRecord(v);
  return rec >= 0 ? rec : ctx.graph.classByIndex[v];
}

/**
 * Everything `point` retains (its dominator subtree, itself included) by class, largest shallow first: MAT's
 * "All Accumulated Objects by Class". One pass over all objects, each deciding whether it lies under the point by
 * walking up the idom column, every walk's path resolved at once (no object walked twice). With a heap scope, only
 * that heap's objects are counted.
 */
export function retainedByClass(ctx: QueryContext, point: ObjectIndex, scope?: HeapScope): RetainedClassRow[] {
  const g = ctx.graph;
  const n = g.nodeCount;
  // 0 unknown, 1 under the point, 2 not.
  const mark = new Uint8Array(n);
  mark[point] = 1;
  labelByDominators(g.idomByIndex, mark, 2);
  const counts = new Map<ClassIndex, RetainedClassRow>();
  for (let v = 0; v < n; v++) {
    if (mark[v] !== 1 || (scope && scope.heapOf[v] !== scope.heap)) continue;
    const c = g.classByIndex[v];
    let row = counts.get(c);
    if (row === undefined)
      counts.set(c, (row = { classIndex: c, className: ctx.parsed.classes[c]?.name ?? '?', objects: 0, shallowBytes: 0 }));
    row.objects++;
    row.shallowBytes += g.shallowByIndex[v];
  }
  return [...counts.values()].sort(
    (a, b) =>
      b.shallowBytes - a.shallowBytes || b.objects - a.objects || (a.className < b.className ? -1 : a.className > b.className ? 1 : 0),
  );
}

/** How MAT words a single-object suspect: a class (its statics), a thread (its stack), a class loader, or an object. */
function singleKind(ctx: QueryContext, v: ObjectIndex): LeakSuspect['kind'] {
  if (ctx.isClassObject(v)) return 'class';
  if (ctx.graph.rootTypesByIndex.get(v)?.includes('Thread')) return 'thread';
  if (ctx.label(v) === '<system class loader>') return 'classloader';
  if (ctx.isInstance(v)) {
    for (const c of ctx.classes.chain(ctx.graph.classByIndex[v])) {
      if (ctx.parsed.classes[c].name === 'java.lang.ClassLoader') return 'classloader';
    }
  }
  return 'instance';
}

/**
 * One step of the walk from a single suspect down the dominator tree: the child with the largest retained size,
 * or -1 when that child keeps less than BIG_DROP of v (or there is none). The suspect first, the point last.
 * With `part` (an Android heap's retained bytes by node), sizes are parts in that heap.
 */
export function nextAccumulation(ctx: QueryContext, v: ObjectIndex, part?: Float64Array): ObjectIndex {
  const g = ctx.graph;
  if (g.dominatedCount(v) === 0) return -1;
  if (part === undefined) {
    const biggest = g.sortedChildren(v)[0];
    return g.retainedByIndex[biggest] < BIG_DROP * g.retainedByIndex[v] ? -1 : biggest;
  }
  const children = g.sortedChildren(v);
  let biggest = children[0];
  for (let i = 1; i < children.length; i++) if (part[children[i]] > part[biggest]) biggest = children[i];
  return part[biggest] === 0 || part[biggest] < BIG_DROP * part[v] ? -1 : biggest;
}

/**
 * For each candidate, the classes of the objects only it keeps alive (its members' dominator subtrees) with the
 * most shallow bytes. A class object counts under the class it stands for (docs/mat-semantics.md). One pass over all
 * objects: each finds its top-level dominator by walking up the idom column, with every walk's path resolved at
 * once so that no object is walked twice. With a heap scope, only that heap's objects count.
 */
function topConsumers(ctx: QueryContext, candidates: Candidate[], scope?: HeapScope): SuspectConsumer[][] {
  const g = ctx.graph;
  const n = g.nodeCount;
  const classCount = ctx.parsed.classes.length;
  // owner: 0 unresolved, 1 resolved to no candidate, k + 2 candidate k.
  const owner = new Uint8Array(n);
  const NONE = 1;
  candidates.forEach((cand, k) => {
    for (const v of cand.members) owner[v] = k + 2;
  });
  labelByDominators(g.idomByIndex, owner, NONE);
  const counts = candidates.map(() => new Float64Array(classCount));
  const bytes = candidates.map(() => new Float64Array(classCount));
  for (let v = 0; v < n; v++) {
    const o = owner[v];
    if (o < 2 || (scope && scope.heapOf[v] !== scope.heap)) continue;
    const record = ctx.classRecord(v);
    const c = record >= 0 ? record : g.classByIndex[v];
    counts[o - 2][c]++;
    bytes[o - 2][c] += g.shallowByIndex[v];
  }
  return candidates.map((_, k) => {
    const top: number[] = [];
    for (let c = 0; c < classCount; c++) {
      if (counts[k][c] === 0) continue;
      top.push(c);
      top.sort((a, b) => bytes[k][b] - bytes[k][a] || a - b);
      if (top.length > CONSUMERS) top.pop();
    }
    return top.map((c) => ({ className: ctx.parsed.classes[c].name, instances: counts[k][c], shallowBytes: bytes[k][c] }));
  });
}

/**
 * Gives every unlabelled node (label 0) the label of its nearest dominator that has one, or `none` when no
 * dominator up to the top has one. Each idom chain is walked once: every node on it takes the label found at its
 * end, so the pass is linear in the node count.
 */
function labelByDominators(idom: Uint32Array, label: Uint8Array, none: number): void {
  let path = new Int32Array(1024);
  for (let v = 0; v < label.length; v++) {
    if (label[v] !== 0) continue;
    let length = 0;
    let x = v;
    while (label[x] === 0) {
      if (length === path.length) {
        const grown = new Int32Array(path.length * 2);
        grown.set(path);
        path = grown;
      }
      path[length++] = x;
      const up = idom[x];
      if (up === NO_NODE) break;
      x = up;
    }
    // x is labelled, or a top-level dominator without a label (then on the path, and given `none`).
    const resolved = label[x] !== 0 ? label[x] : none;
    for (let j = 0; j < length; j++) label[path[j]] = resolved;
  }
}
