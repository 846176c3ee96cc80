// The paged queries the UI and CLI ask of a finished analysis, over the HeapGraph and random access to the dump.
// One concern per file; lazily built indexes (referrers, instances per class) are built once and cached.

import type {
  AnalysisQueries,
  CollectionsReport,
  DuplicateStrings,
  ImmediateDominators,
  LeakSuspects,
  ObjectRow,
  Page,
  PathOptions,
  PathWindow,
  PathWindowOptions,
  RetainedClassRow,
  Selection,
  ThreadOverview,
  TreemapOptions,
} from '../api.ts';
import { classRecordOf, KIND_CLASS, type HeapGraph } from '../graph/heap-graph.ts';
import { minRetainedByGroup } from '../dominators/group-retained.ts';
import { parseHex, type ClassIndex, type ObjectIndex } from '../units.ts';
import { pageBounds, QueryContext } from './context.ts';
import { retainedBitmap, retainedTotals } from './retained-set.ts';
import { resolveSelection, selectionKey, type ResolvedSelection } from './selection.ts';
import { objectDetails } from './details.ts';
import { ChildrenByClassIndex, referenceNames } from './children-by-class.ts';
import { CollectionQueries } from './collections.ts';
import { collectionsReport } from './collections-report.ts';
import { accumulationPath, dominatorChain, dominatorChildren, dominatorPath, dominatorTop } from './dominator-tree.ts';
import { duplicateStrings } from './duplicate-strings.ts';
import { HeapDominators } from './heap-dominators.ts';
import { immediateDominators } from './immediate-dominators.ts';
import { InstanceIndex } from './instances.ts';
import { mergedPathsPage, mergedTree, type MergedTree } from './merged-paths.ts';
import { fillLabels, resolveLabel, warmLabels, type Labelled } from './labels.ts';
import type { RandomAccess } from './object-reader.ts';
import { LastPath, pathToRoots, WeakEdges } from './path-to-roots.ts';
import { windowOfWalk } from './long-paths.ts';
import { outgoing, referrers } from './references.ts';
import type { PassScheduler } from './passes.ts';
import { buildReverseIndex, type ReverseIndex } from './reverse-index.ts';
import {
  classLoaderRow,
  describedClass,
  groupAccumulationPath,
  leakSuspects,
  pointOf,
  readableChain,
  retainedByClass,
  suspectRows,
  type HeapScope,
} from './suspects.ts';
import { significantFrames } from './thread-suspect.ts';
import { threadOverview } from './threads.ts';
import { GcRootIndex } from './gc-roots.ts';
import { TreemapIndex } from './treemap.ts';

/** immediateDominators answers kept (least recently asked dropped first). */
const HELD_BY_KEPT = 8;
/** retainedSet answers kept (oldest dropped first). */
const RETAINED_SETS_KEPT = 8;

/** A selection's retained set, every class row. */
interface RetainedSetAnswer {
  description: string;
  selected: { objects: number; shallowBytes: number };
  objects: number;
  retainedBytes: number;
  rows: RetainedClassRow[];
}

function retainedSetAnswer(ctx: QueryContext, resolved: ResolvedSelection, retained: Uint32Array): RetainedSetAnswer {
  const g = ctx.graph;
  let shallowBytes = 0;
  for (const v of resolved.members) shallowBytes += g.shallowByIndex[v];
  const totals = retainedTotals(g, retained);
  const rows: RetainedClassRow[] = [...totals.byClass].map(([c, t]) => ({
    classIndex: c,
    className: ctx.parsed.classes[c]?.name ?? '?',
    objects: t.objects,
    shallowBytes: t.bytes,
  }));
  rows.sort(
    (a, b) =>
      b.shallowBytes - a.shallowBytes || b.objects - a.objects || (a.className < b.className ? -1 : a.className > b.className ? 1 : 0),
  );
  return {
    description: resolved.description,
    selected: { objects: resolved.members.length, shallowBytes },
    objects: totals.objects,
    retainedBytes: totals.bytes,
    rows,
  };
}

export type { RandomAccess } from './object-reader.ts';
export type { Labelled } from './labels.ts';
export { suspectRows } from './suspects.ts';

export type GraphQueries = Omit<AnalysisQueries, 'summary' | 'histogram' | 'unreachableHistogram'> & {
  /**
   * Fills, in place, the labels that need the dump's bytes (String values; Thread, ThreadGroup and Module names;
   * URLs) on rows returned by the synchronous queries (dominatorChildren, instancesOf, dominatorPath; treemap nodes
   * too, given as a flat list). Decoded labels are cached, so later synchronous pages carry them directly. A
   * frontend that crosses an async boundary anyway (the worker) should call this before sending a page.
   */
  fillLabels(rows: Labelled[]): Promise<void>;
  /** The scheduler the long passes (leak suspects, duplicate strings, merged paths) run in. */
  passes: PassScheduler;
};

/** "0x1f", "1F", " 0x 1f " (whitespace anywhere), or MAT's "@ 0x1f". */
export function parseAddress(text: string): number | null {
  const compact = text.replace(/\s+/g, '').replace(/^@/, '');
  return compact === '' ? null : parseHex(compact);
}

export function createQueries(graph: HeapGraph, randomAccess: RandomAccess): GraphQueries {
  const ctx = new QueryContext(graph, randomAccess);
  const instances = new InstanceIndex(ctx);
  const byClass = new ChildrenByClassIndex(ctx);
  const treemaps = new TreemapIndex(ctx, byClass);
  const inHeap = new HeapDominators(ctx);
  const arrayCounts = new Map<number, number>();
  const weakEdges = new WeakEdges();
  const lastPath = new LastPath();
  let reverse: ReverseIndex | null = null;
  // The suspects over the whole heap (key -1) and limited to each Android heap asked for (key: the heap).
  const suspects = new Map<number, Promise<LeakSuspects>>();
  const heldBy = new Map<string, ImmediateDominators>();
  let duplicates: Promise<DuplicateStrings> | null = null;
  let threads: Promise<ThreadOverview> | null = null;
  const collections = new CollectionQueries(ctx, randomAccess);
  let collectionsDone: Promise<CollectionsReport> | null = null;
  const gcRoots = new GcRootIndex(ctx);
  // The last merged-paths tree (one class and excludeWeak choice): a tree can hold most of the heap.
  let merged: { key: string; tree: Promise<MergedTree> } | null = null;
  const reverseIndex = (): ReverseIndex => (reverse ??= buildReverseIndex(graph));
  const mergedTreeOf = (classIndex: ClassIndex, excludeWeak: boolean): Promise<MergedTree> => {
    const key = `${classIndex}:${excludeWeak}`;
    if (merged === null || merged.key !== key) {
      const objects = instances.instances(classIndex);
      const name = ctx.parsed.classes[classIndex]?.name ?? 'a class';
      const tree = ctx.passes.run('mergedPaths', `Merging the paths from the GC roots to ${name}`, (pass) =>
        mergedTree(ctx, weakEdges, classIndex, objects, excludeWeak, undefined, pass),
      );
      const entry = { key, tree };
      merged = entry;
      entry.tree.catch(() => {
        if (merged === entry) merged = null;
      });
    }
    return merged.tree;
  };
  // Retained sets: the last few answers (by class, all rows) by selection; one mark at a time.
  const retainedSets = new Map<string, Promise<RetainedSetAnswer>>();
  let retainedQueue: Promise<unknown> = Promise.resolve();
  const retainedSetOf = (selection: Selection): Promise<RetainedSetAnswer> => {
    const key = selectionKey(selection);
    let answer = retainedSets.get(key);
    if (answer === undefined) {
      const run = retainedQueue.then(() =>
        ctx.passes.run('retainedSet', 'Computing a retained set', async (pass) => {
          const resolved = await resolveSelection(ctx, selection, { instances: (c) => instances.instances(c), mergedTree: mergedTreeOf });
          return retainedSetAnswer(ctx, resolved, await retainedBitmap(graph, resolved.members, pass));
        }),
      );
      retainedQueue = run.catch(() => undefined);
      answer = run;
      retainedSets.set(key, answer);
      answer.catch(() => retainedSets.delete(key));
      if (retainedSets.size > RETAINED_SETS_KEPT) retainedSets.delete(retainedSets.keys().next().value!);
    }
    return answer;
  };
  const warmed = (page: Page<ObjectRow>): Page<ObjectRow> => {
    warmLabels(ctx, page.items);
    return page;
  };
  const warmedWindow = (w: PathWindow<ObjectRow>): PathWindow<ObjectRow> => {
    warmLabels(ctx, w.head);
    warmLabels(ctx, w.tail);
    return w;
  };

  // A pass over every object (their top-level dominators), and a search from the GC roots per group suspect:
  // computed once per analysis and heap (a failure is not kept). `heap` -1: the whole heap.
  const suspectsOf = (heap: number): Promise<LeakSuspects> => {
    let answer = suspects.get(heap);
    if (answer !== undefined) return answer;
    const scope: HeapScope | undefined =
      heap < 0 ? undefined : { heap, part: inHeap.column(heap), heapOf: inHeap.heapByNode(), tops: inHeap.sortedChildren(heap, -1) };
    const title = scope ? `Finding leak suspects in the ${graph.parsed.heaps?.names[heap] ?? heap} heap` : 'Finding leak suspects';
    answer = ctx.passes.run(scope ? 'leakSuspectsInHeap' : 'leakSuspects', title, async (pass) => {
      pass.step('the top-level dominators', 0, 1);
      const { result, groupMembers } = leakSuspects(ctx, scope);
      let done = 0;
      for (const [k, members] of groupMembers) {
        pass.step(`the paths from the GC roots to ${result.suspects[k].group?.className ?? 'a group'}`, done++, groupMembers.size);
        const path = await groupAccumulationPath(ctx, weakEdges, members, pass, scope?.part);
        if (path !== null) {
          const w = windowOfWalk(0, (i) => (i + 1 < path.length ? i + 1 : -1));
          result.suspects[k].accumulation = [...w.head, ...w.tail].map((i) => ctx.row(path[i]));
          if (path.length > w.head.length + w.tail.length) result.suspects[k].accumulationLength = path.length;
        }
      }
      for (const s of result.suspects) {
        if (s.kind !== 'thread' || !s.object || !s.accumulation) continue;
        const point = s.accumulation[s.accumulation.length - 1].index;
        const frames = await significantFrames(ctx, weakEdges, s.object.index, graph.retainedByIndex[s.object.index], point);
        s.thread = { name: (await resolveLabel(ctx, s.object.index)) ?? null, frames };
      }
      // What MAT's report says of each: the loader of its class, and of the accumulation point its class
      // loader, its shortest path from the roots, what it dominates and what it retains by class.
      for (const s of result.suspects) {
        const loader = classLoaderRow(ctx, s.group ? s.group.classIndex : describedClass(ctx, s.object!.index));
        if (loader) s.loader = loader;
        const point = pointOf(s);
        const pointLoader = point === undefined ? undefined : classLoaderRow(ctx, describedClass(ctx, point));
        if (point === undefined || pointLoader === undefined) continue;
        const found = await pathToRoots(ctx, reverseIndex(), weakEdges, point, true);
        const pathFromRoot = found && [...found.head, ...found.tail];
        s.point = {
          object: ctx.row(point),
          loader: pointLoader,
          pathFromRoot,
          ...(found && found.length > found.head.length + found.tail.length ? { pathLength: found.length } : {}),
          chain: found ? readableChain(pathFromRoot!, found.length - found.head.length - found.tail.length, found.head.length) : '',
          childrenByClass: byClass.page(point, 0, Number.MAX_SAFE_INTEGER).page.items,
          retainedByClass: retainedByClass(ctx, point, scope),
        };
      }
      warmLabels(ctx, suspectRows(result));
      return result;
    });
    suspects.set(heap, answer);
    answer.catch(() => suspects.delete(heap));
    return answer;
  };

  return {
    dominatorChildren: (parent, offset, limit) => warmed(dominatorChildren(ctx, parent, offset, limit)),
    // One pass over the node's children per aggregation; the last few aggregations and class lists are kept.
    dominatorChildrenByClass: (parent, offset, limit) => byClass.page(parent, offset, limit),
    dominatorChildrenOfClass: (parent, classIndex, offset, limit) => warmed(byClass.members(parent, classIndex, offset, limit)),
    dominatorChildrenInHeap: (heap, parent, offset, limit) => {
      const page = inHeap.children(heap, parent, offset, limit);
      warmLabels(ctx, page.items);
      return page;
    },
    referenceNames: (from, targets) => referenceNames(ctx, from, targets),
    dominatorChain: (start) => {
      const chain = dominatorChain(ctx, start);
      warmLabels(ctx, [chain.start, chain.end]);
      return chain;
    },
    dominatorTop: (depth, maxNodes) => {
      const top = dominatorTop(ctx, depth, maxNodes);
      warmLabels(ctx, top.nodes);
      return top;
    },
    dominatorPath: (index, wanted) => warmedWindow(dominatorPath(ctx, index, wanted)),
    accumulationPath: (index, wanted) => warmedWindow(accumulationPath(ctx, index, wanted)),
    objectDetails: (index) => objectDetails(ctx, index),
    outgoing: (index, offset, limit) => outgoing(ctx, arrayCounts, index, offset, limit),
    referrers: async (index, offset, limit) => referrers(ctx, reverseIndex(), index, offset, limit),
    pathToRoots: async (index: ObjectIndex, options?: PathOptions & PathWindowOptions) =>
      pathToRoots(ctx, reverseIndex(), weakEdges, index, options?.excludeWeak ?? true, options, lastPath),
    findObject: (address: string) => {
      const id = parseAddress(address);
      if (id === null) return null;
      const index = graph.findIndex(id);
      return index >= 0 ? index : null;
    },
    instancesOf: (classIndex: ClassIndex, offset: number, limit: number) => warmed(instances.page(classIndex, offset, limit)),
    treemap: (root: ObjectIndex, options?: TreemapOptions) => treemaps.treemap(root, options),
    fillLabels: (rows) => fillLabels(ctx, rows),
    passes: ctx.passes,
    leakSuspects: () => suspectsOf(-1),
    leakSuspectsInHeap: (heap) => {
      try {
        inHeap.column(heap); // a RangeError for a dump without heaps or a heap it does not have
      } catch (e) {
        return Promise.reject(e as Error);
      }
      return suspectsOf(heap);
    },
    // A pass over the class's instances (1.5 s for 12.8 M objects): the last few answers are kept, so that
    // switching the pane's skip option back and forth costs nothing.
    immediateDominators: (classIndex, options) => {
      const key = `${classIndex}\0${options?.skip ?? ''}\0${options?.skip === undefined}`;
      let result = heldBy.get(key);
      if (result === undefined) {
        result = immediateDominators(ctx, classIndex, instances.instances(classIndex), options);
        warmLabels(
          ctx,
          result.rows.flatMap((r) => r.largest),
        );
        if (heldBy.size >= HELD_BY_KEPT) heldBy.delete(heldBy.keys().next().value!);
      }
      heldBy.delete(key);
      heldBy.set(key, result);
      return result;
    },
    mergedPaths: async (classIndex, parent, offset, limit, options) => {
      const excludeWeak = options?.excludeWeak !== false;
      const page = await mergedPathsPage(ctx, await mergedTreeOf(classIndex, excludeWeak), parent, offset, limit, { excludeWeak });
      await fillLabels(
        ctx,
        page.page.items.map((r) => r.object),
      );
      return page;
    },
    retainedSet: async (selection, offset, limit) => {
      const answer = await retainedSetOf(selection);
      const { start, end } = pageBounds(offset, limit, answer.rows.length);
      return {
        description: answer.description,
        selected: answer.selected,
        objects: answer.objects,
        retainedBytes: answer.retainedBytes,
        classes: { offset: start, total: answer.rows.length, items: answer.rows.slice(start, end) },
      };
    },
    // A pass: on a big heap each level of nesting is a sweep over every object, which must not hold up the views.
    groupRetained: (groups) =>
      ctx.passes.run('groupRetained', 'Computing the retained size of each group', (pass) => {
        pass.step('sweeping the dominator tree', 0, graph.nodeCount);
        return minRetainedByGroup(
          {
            nodeCount: graph.nodeCount,
            idomByIndex: graph.idomByIndex,
            retainedByIndex: graph.retainedByIndex,
            classByIndex: graph.classByIndex,
            ownClassOf: (v) => (graph.kindByIndex[v] === KIND_CLASS ? classRecordOf(graph.ordinalByIndex, v) : -1),
          },
          groups,
          ctx.parsed.classes.length,
          (done) => pass.checkpoint(done),
        );
      }),
    gcRoots: () => gcRoots.types(),
    gcRootObjects: (type, offset, limit) => warmed(gcRoots.objects(type, offset, limit)),
    // Reads each thread object (and its field holder): once per analysis (a failure is not kept).
    threads: () => {
      if (threads === null) {
        threads = threadOverview(ctx, ctx.stacks);
        threads.catch(() => (threads = null));
      }
      return threads;
    },
    collectionContents: (index, offset, limit) => collections.contents(index, offset, limit),
    // One read per collection object in file order: once per analysis (a failure is not kept).
    collections: () => {
      if (collectionsDone === null) {
        collectionsDone = ctx.passes.run('collections', 'Measuring the collections', (pass) =>
          collectionsReport(ctx, collections.classes, randomAccess, pass),
        );
        collectionsDone.catch(() => (collectionsDone = null));
      }
      return collectionsDone;
    },
    // Two sweeps over the dump's Strings and their arrays: once per analysis (a failure is not kept).
    duplicateStrings: () => {
      if (duplicates === null) {
        duplicates = ctx.passes.run('duplicateStrings', 'Finding duplicate strings', (pass) => duplicateStrings(ctx, randomAccess, pass));
        duplicates.catch(() => (duplicates = null));
      }
      return duplicates;
    },
  };
}
