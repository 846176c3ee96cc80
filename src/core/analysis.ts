// The analysis pipeline as named steps (read, index, roots, reachability, dominators, retained, histogram), each
// reporting progress with real totals and honouring cancellation; and HeapAnalysis, which answers AnalysisQueries.

import type {
  AnalysisQueries,
  AnalyzeOptions,
  ChildrenByClass,
  CollectionContents,
  CollectionsReport,
  DominatorChain,
  DominatorTop,
  FirstLookCallback,
  HistogramRow,
  DuplicateStrings,
  ImmediateDominators,
  ImmediateDominatorsOptions,
  MergedPaths,
  ThreadOverview,
  GcRootTypeRow,
  MergedPathsOptions,
  LeakSuspects,
  ObjectDetails,
  ObjectRow,
  Page,
  PathOptions,
  PathWindow,
  PathWindowOptions,
  PathStep,
  PhaseName,
  ProgressCallback,
  ReferenceRow,
  Summary,
  TreemapNode,
  TreemapOptions,
  RetainedSet,
  Selection,
  UnreachableClassRow,
} from './api.ts';
import { CancelledError, limitErrorFrom } from './errors.ts';
import { KIND_CLASS, KIND_PSEUDO_LOADER, type HeapGraph } from './graph/heap-graph.ts';
import {
  dominatorsOf,
  dropUnreachable,
  finishHeapGraph,
  indexEdges,
  indexObjects,
  keepReachable,
  retainedInPreorder,
  ROOT_TYPE_NAMES,
  type IndexedHeap,
} from './graph/index.ts';
import { graphSizeModel, matSizeModel, type SizeModel } from './graph/size-model.ts';
import { firstLook } from './histogram.ts';
import { readHprof, type ReadOptions } from './hprof/read-hprof.ts';
import { layoutMismatch, sizeModel } from './model/sizes.ts';
import type { DumpSource } from './io/dump-source.ts';
import type { DumpAccess } from './io/open-dump.ts';
import { createQueries, type GraphQueries } from './queries/index.ts';
import { PassScheduler } from './queries/passes.ts';
import { KIND_INSTANCE, type HeapRunsColumns, type ParsedHeap } from './model/parsed-heap.ts';
import { heapOfOrdinal } from './hprof/heaps.ts';
import { NO_NODE, preorderTree, type PreorderTree } from './dominators/index.ts';
import { releaseArrays } from './release.ts';
import { toHex, type Bytes, type ClassIndex, type ObjectIndex } from './units.ts';

/** The paged queries (src/core/queries) as HeapAnalysis delegates to them. */
export type PagedQueries = Omit<AnalysisQueries, 'summary' | 'histogram' | 'unreachableHistogram'> &
  Partial<Pick<GraphQueries, 'fillLabels' | 'passes'>>;

/** Per-step progress, cancellation, and a turn of the event loop between steps (so a worker can take messages). */
class StepRunner {
  constructor(
    private readonly options: AnalyzeOptions,
    private readonly onProgress: ProgressCallback | undefined,
  ) {}

  checkCancelled(): void {
    if (this.options.isCancelled?.()) throw new CancelledError();
  }

  /** A tick function for one phase: reports progress and polls cancellation. */
  ticker(phase: PhaseName): (done: number, total: number) => void {
    return (done, total) => {
      this.checkCancelled();
      this.onProgress?.({ phase, done, total });
    };
  }

  /** `doneBefore`: for a step that continues its phase, the progress already reported. */
  async step<T>(phase: PhaseName, total: number, work: (tick: (done: number, total: number) => void) => T, doneBefore = 0): Promise<T> {
    this.checkCancelled();
    const tick = this.ticker(phase);
    tick(doneBefore, total);
    const result = work(tick);
    this.onProgress?.({ phase, done: total, total });
    await new Promise<void>((resolve) => setTimeout(resolve, 0));
    return result;
  }
}

/** Time spent per step in ms, for the bench and the CLI's --timings. */
export type StepTimings = Partial<Record<PhaseName, number>>;

/**
 * Reads a dump and analyses it: every step, with progress and cancellation. `extra.inflaters` lets Node callers
 * use zlib; `extra.timings` receives the time spent per step.
 */
export async function analyzeDump(
  source: DumpSource,
  options: AnalyzeOptions,
  onProgress?: ProgressCallback,
  extra: { inflaters?: ReadOptions['inflaters']; timings?: StepTimings; onFirstLook?: FirstLookCallback } = {},
): Promise<HeapAnalysis> {
  try {
    const timings = extra.timings ?? {};
    const t0 = performance.now();
    const { parsed, randomAccess, access } = await readHprof(source, {
      isCancelled: options.isCancelled,
      onProgress,
      inflaters: extra.inflaters,
      dump: options.dump,
    });
    timings.read = performance.now() - t0;
    // What the dump holds, for the frontend to show while the graph and the dominators are computed. The size model
    // is made again after the index step (which may add placeholder classes); here the reader's classes suffice.
    const layout = options.layout ?? 'mat';
    if (extra.onFirstLook !== undefined) extra.onFirstLook(firstLook(parsed, sizeModel(parsed, layout)));
    const sizesOf = layout === 'mat' ? matSizeModel : (p: ParsedHeap) => graphSizeModel(p, layout);
    const analysis = await analyzeParsed(parsed, sizesOf, options, onProgress, (graph) => createQueries(graph, randomAccess), timings);
    analysis.access = access;
    return analysis;
  } catch (e) {
    // Past a runtime limit (an allocation refused, a Map past 2^24 entries): a LimitExceededError naming it.
    throw limitErrorFrom(e) ?? e;
  }
}

/**
 * Runs every step after "read" on a ParsedHeap (consumed: its reference columns are released). `sizesOf` gives
 * the shallow-size model; it is called after the index step.
 * `queriesFactory` builds the paged queries once the graph is finished (null: the paged queries throw).
 */
export async function analyzeParsed(
  parsed: ParsedHeap,
  sizesOf: (parsed: ParsedHeap) => SizeModel,
  options: AnalyzeOptions,
  onProgress?: ProgressCallback,
  queriesFactory?: (graph: HeapGraph) => PagedQueries,
  timings: StepTimings = {},
): Promise<HeapAnalysis> {
  const run = new StepRunner(options, onProgress);
  let keep = options.keepUnreachable === true;
  const objectTotal = parsed.objectCount + parsed.classes.length + 1;
  const timed = async <T>(phase: PhaseName, total: number, work: (tick: (d: number, t: number) => void) => T, doneBefore = 0) => {
    const t0 = performance.now();
    const r = await run.step(phase, total, work, doneBefore);
    timings[phase] = (timings[phase] ?? 0) + performance.now() - t0;
    return r;
  };

  // In two parts: the ids by ordinal (8 bytes per object) are released between them, before the CSR is made.
  const indexTotal = parsed.objectCount * 3;
  const objects = await timed('index', indexTotal, (tick) => indexObjects(parsed, tick));
  let indexed: IndexedHeap | null = await timed('index', indexTotal, (tick) => indexEdges(parsed, objects, tick), parsed.objectCount);
  const rootCount = await timed('roots', parsed.roots.count, () => {
    let n = 0;
    const masks = indexed!.roots.rootMaskByIndex;
    // An indexed loop: for-of over 20 M entries of a typed array measured 0.39-0.53 s against 0.05 s.
    for (let v = 0; v < masks.length; v++) if (masks[v] !== 0) n++;
    return n;
  });
  const warnings = [...parsed.warnings, ...indexed.table.warnings];
  const notes = [...parsed.notes, ...indexed.table.notes];
  // HotSpot writes the GC roots last, so a dump cut short (the JVM died mid-write) usually has none: in default
  // mode every object would be unreachable and removed. Show what was read instead, as keep mode does.
  if (parsed.truncated && rootCount === 0 && !keep && parsed.objectCount > 0) {
    keep = true;
    warnings.push(
      'The dump ends before its GC roots: unreachable objects are kept, those that nothing references taken as ' +
        'roots ("Unreachable"), so retained sizes are approximate',
    );
  }
  const sizes = sizesOf(parsed);
  let kept = await timed('reachability', objectTotal, (tick) => keepReachable(parsed, indexed!, sizes, keep, tick));
  // What the graph keeps now lives in `kept`; drop the rest (old id index, marks) before the dominator pass.
  indexed = null;
  // The dominator step in three parts with a turn of the event loop between them: its scratch arrays are
  // released (releaseArrays) as each part ends, rather than staying resident under the next part's allocations
  // until a garbage collection happens to run (~300 MB off the peak at 20 M objects).
  const domTotal = 3 * (kept.nodeCount + 1);
  const inPreorder = await timed('dominators', domTotal, (tick) => {
    const d = dominatorsOf(kept, tick);
    releaseArrays(d.spent);
    return d;
  });
  let tree: PreorderTree | null = await timed(
    'dominators',
    domTotal,
    () => {
      const t = preorderTree(inPreorder);
      releaseArrays([inPreorder.holder]);
      return t;
    },
    domTotal,
  );
  if (!keep) {
    // Default mode: the dominator DFS found what no root reaches; drop it (nothing to do when all is reachable).
    tree = await timed(
      'dominators',
      domTotal,
      (tick) => {
        const dropped = dropUnreachable(parsed, kept, tree!, sizes, tick);
        kept = dropped.kept;
        return dropped.tree;
      },
      domTotal,
    );
  }
  // Also in two parts, releasing each part's scratch arrays as it ends.
  const half = await timed('retained', kept.nodeCount, () => {
    const h = retainedInPreorder(parsed, kept, tree!, sizes);
    releaseArrays(h.spent);
    return h;
  });
  const graph = await timed(
    'retained',
    kept.nodeCount,
    () => {
      const spent: ArrayBufferView[] = [];
      const g = finishHeapGraph(parsed, kept, tree!, half, spent);
      releaseArrays(spent);
      return g;
    },
    kept.nodeCount,
  );
  tree = null;
  const histogramRows = await timed('histogram', graph.nodeCount, () => buildHistogram(graph));
  const summary = buildSummary(parsed, graph, kept.unreachable, keep, warnings, notes);
  if (parsed.heaps !== undefined) summary.heaps = addHeapFigures(graph, parsed.heaps, histogramRows);
  const mismatch = layoutMismatch(parsed);
  if (mismatch !== undefined) {
    summary.layout = {
      used: options.layout ?? 'mat',
      note:
        options.layout === 'jvm'
          ? `Sizes follow the JVM's layout (${mismatch.header}-byte headers, ${mismatch.refBytes}-byte references), not MAT's model: they differ from MAT's figures.`
          : mismatch.note,
    };
  }
  const unreachableRows = kept.unreachableByClass
    .map((r): UnreachableClassRow => ({
      className: parsed.classes[r.classIndex]?.name ?? '?',
      objects: r.objects,
      shallowBytes: r.shallowBytes,
    }))
    .sort(byShallowThenName);
  return new HeapAnalysis(graph, summary, histogramRows, queriesFactory ? queriesFactory(graph) : null, unreachableRows);
}

function byShallowThenName(a: UnreachableClassRow, b: UnreachableClassRow): number {
  return b.shallowBytes - a.shallowBytes || b.objects - a.objects || (a.className < b.className ? -1 : a.className > b.className ? 1 : 0);
}

/** One row per kept class object (and any class with kept instances), by shallow bytes desc, then name. */
export function buildHistogram(graph: HeapGraph): HistogramRow[] {
  const classes = graph.parsed.classes;
  const count = new Float64Array(classes.length);
  const shallow = new Float64Array(classes.length);
  for (let v = 0; v < graph.nodeCount; v++) {
    const c = graph.classByIndex[v];
    count[c]++;
    shallow[c] += graph.shallowByIndex[v];
  }
  const rows: HistogramRow[] = [];
  for (let c = 0; c < classes.length; c++) {
    const node = graph.indexByClass[c];
    if (node === NO_NODE && count[c] === 0) continue;
    const cls = classes[c];
    const loader = cls.loaderId === 0 ? -1 : graph.findIndex(cls.loaderId);
    const row: HistogramRow = {
      classIndex: c,
      className: cls.name,
      classAddress: toHex(cls.id),
      loaderAddress: toHex(loader < 0 ? 0 : cls.loaderId),
      instances: count[c],
      shallowBytes: shallow[c],
      retainedBytes: graph.retainedByClass[c],
    };
    if (loader >= 0 && graph.kindByIndex[loader] !== KIND_PSEUDO_LOADER) row.loaderClassName = classes[graph.classByIndex[loader]]?.name;
    rows.push(row);
  }
  rows.sort((a, b) => b.shallowBytes - a.shallowBytes || (a.className < b.className ? -1 : a.className > b.className ? 1 : 0));
  return rows;
}

/** Android: the heap of each kept object (class objects: the heap of their CLASS DUMP), per histogram row and
 *  in total. Objects before the first HEAP DUMP INFO are left out of every heap. */
function addHeapFigures(graph: HeapGraph, heaps: HeapRunsColumns, rows: HistogramRow[]): NonNullable<Summary['heaps']> {
  const classes = graph.parsed.classes;
  const heapCount = heaps.names.length;
  const counts = new Float64Array(classes.length * heapCount);
  const bytes = new Float64Array(classes.length * heapCount);
  const totals = heaps.names.map((name) => ({ name, objects: 0, shallowBytes: 0 }));
  for (let v = 0; v < graph.nodeCount; v++) {
    const k = graph.kindByIndex[v];
    if (k === KIND_PSEUDO_LOADER) continue;
    const ordinal = graph.ordinalByIndex[v];
    const h = k === KIND_CLASS ? (classes[-2 - ordinal]?.heap ?? -1) : heapOfOrdinal(heaps, ordinal);
    if (h < 0) continue;
    const c = graph.classByIndex[v];
    counts[c * heapCount + h]++;
    bytes[c * heapCount + h] += graph.shallowByIndex[v];
    totals[h].objects++;
    totals[h].shallowBytes += graph.shallowByIndex[v];
  }
  for (const row of rows) {
    const base = row.classIndex * heapCount;
    row.byHeap = heaps.names.map((_, h) => ({ instances: counts[base + h], shallowBytes: bytes[base + h] }));
  }
  return totals;
}

function buildSummary(
  parsed: ParsedHeap,
  graph: HeapGraph,
  unreachable: { objects: number; shallowBytes: number },
  keepUnreachable: boolean,
  warnings: string[],
  notes: string[],
): Summary {
  let instances = 0;
  let arrays = 0;
  let classes = 0;
  let usedHeapBytes = 0;
  for (let v = 0; v < graph.nodeCount; v++) {
    const k = graph.kindByIndex[v];
    if (k === KIND_INSTANCE) instances++;
    else if (k === KIND_CLASS) classes++;
    else if (k !== KIND_PSEUDO_LOADER) arrays++;
    usedHeapBytes += graph.shallowByIndex[v];
  }
  const gcRootsByType: Record<string, number> = {};
  const maskCount = new Map<number, number>();
  const masks = graph.rootMaskByIndex;
  for (let v = 0; v < masks.length; v++) {
    const m = masks[v];
    if (m !== 0) maskCount.set(m, (maskCount.get(m) ?? 0) + 1);
  }
  let gcRoots = 0;
  for (const [mask, n] of maskCount) {
    gcRoots += n;
    for (let i = 0; i < ROOT_TYPE_NAMES.length; i++) {
      if (mask & (1 << i)) gcRootsByType[ROOT_TYPE_NAMES[i]] = (gcRootsByType[ROOT_TYPE_NAMES[i]] ?? 0) + n;
    }
  }
  return {
    format: parsed.format,
    idSize: parsed.idSize,
    timestamp: parsed.timestamp,
    bytesRead: parsed.bytesRead,
    compressed: parsed.compressed,
    objects: graph.nodeCount,
    instances,
    arrays,
    classes,
    gcRoots,
    gcRootsByType,
    usedHeapBytes,
    unreachable,
    keepUnreachable,
    compressedRefs: parsed.compressedRefs,
    alignment: parsed.alignment,
    recordCounts: parsed.recordCounts,
    truncated: parsed.truncated,
    warnings,
    notes,
    ...(parsed.damage !== undefined ? { damage: parsed.damage } : {}),
    ...(parsed.dumps !== undefined ? { dumps: parsed.dumps } : {}),
  };
}

function noQueries(): never {
  throw new Error('paged queries are not available for this analysis');
}

/** A finished analysis. `graph` is exposed for tests, the CLI and the bench. */
export class HeapAnalysis implements AnalysisQueries {
  readonly graph: HeapGraph;
  private readonly summaryValue: Summary;
  private readonly histogramRows: HistogramRow[];
  private readonly queries: PagedQueries | null;
  /** Where long passes give way to interactive queries (src/core/queries/passes.ts). */
  readonly passes: PassScheduler;
  /** How the dump's bytes are reached again (set when the analysis read a dump source): for persisting it. */
  access: DumpAccess | undefined;
  /** A reopened analysis that reads some columns after its first answers (persist/analysis-file.ts, `defer`):
   *  settles once they are in (rejects when one fails its check), then null. Only the queries QUERIES marks
   *  `early` may be asked before (QueryService waits for the others). */
  pending: Promise<void> | null = null;
  /** Why a reopened analysis cannot be trusted: a column failed its check after the first answers (see
   *  `pending`). Every query then fails with it. */
  damaged: Error | null = null;

  /** The objects removed as unreachable, by class (persisted with the analysis: the graph no longer has them). */
  readonly unreachableRows: UnreachableClassRow[];

  constructor(
    graph: HeapGraph,
    summary: Summary,
    histogram: HistogramRow[],
    queries: PagedQueries | null,
    unreachable: UnreachableClassRow[] = [],
  ) {
    this.graph = graph;
    this.unreachableRows = unreachable;
    this.summaryValue = summary;
    this.histogramRows = histogram;
    this.queries = queries;
    this.passes = queries?.passes ?? new PassScheduler();
  }

  summary(): Summary {
    return this.summaryValue;
  }

  histogram(): HistogramRow[] {
    return this.histogramRows;
  }

  private q(): PagedQueries {
    return this.queries ?? noQueries();
  }

  dominatorChildren(parent: ObjectIndex, offset: number, limit: number): Page<ObjectRow> {
    return this.q().dominatorChildren(parent, offset, limit);
  }

  dominatorChildrenByClass(parent: ObjectIndex, offset: number, limit: number): ChildrenByClass {
    return this.q().dominatorChildrenByClass(parent, offset, limit);
  }

  dominatorChildrenOfClass(parent: ObjectIndex, classIndex: ClassIndex, offset: number, limit: number): Page<ObjectRow> {
    return this.q().dominatorChildrenOfClass(parent, classIndex, offset, limit);
  }

  dominatorChildrenInHeap(
    heap: number,
    parent: ObjectIndex,
    offset: number,
    limit: number,
  ): Page<ObjectRow & { heapRetainedBytes: Bytes; inHeap: boolean }> {
    return this.q().dominatorChildrenInHeap(heap, parent, offset, limit);
  }

  dominatorChain(start: ObjectIndex): DominatorChain {
    return this.q().dominatorChain(start);
  }

  referenceNames(from: ObjectIndex, targets: ObjectIndex[]): Promise<string[]> {
    return this.q().referenceNames(from, targets);
  }

  dominatorTop(depth: number, maxNodes: number): DominatorTop {
    return this.q().dominatorTop(depth, maxNodes);
  }

  dominatorPath(index: ObjectIndex, wanted?: PathWindowOptions): PathWindow<ObjectRow> {
    return this.q().dominatorPath(index, wanted);
  }

  accumulationPath(index: ObjectIndex, wanted?: PathWindowOptions): PathWindow<ObjectRow> {
    return this.q().accumulationPath(index, wanted);
  }

  objectDetails(index: ObjectIndex): Promise<ObjectDetails> {
    return this.q().objectDetails(index);
  }

  outgoing(index: ObjectIndex, offset: number, limit: number): Promise<Page<ReferenceRow>> {
    return this.q().outgoing(index, offset, limit);
  }

  referrers(index: ObjectIndex, offset: number, limit: number): Promise<Page<ReferenceRow>> {
    return this.q().referrers(index, offset, limit);
  }

  pathToRoots(index: ObjectIndex, options?: PathOptions & PathWindowOptions): Promise<PathWindow<PathStep> | null> {
    return this.q().pathToRoots(index, options);
  }

  findObject(address: string): ObjectIndex | null {
    return this.q().findObject(address);
  }

  instancesOf(classIndex: ClassIndex, offset: number, limit: number): Page<ObjectRow> {
    return this.q().instancesOf(classIndex, offset, limit);
  }

  treemap(root: ObjectIndex, options?: TreemapOptions): TreemapNode {
    return this.q().treemap(root, options);
  }

  leakSuspects(): Promise<LeakSuspects> {
    return this.q().leakSuspects();
  }

  leakSuspectsInHeap(heap: number): Promise<LeakSuspects> {
    return this.q().leakSuspectsInHeap(heap);
  }

  immediateDominators(classIndex: ClassIndex, options?: ImmediateDominatorsOptions): ImmediateDominators {
    return this.q().immediateDominators(classIndex, options);
  }

  duplicateStrings(): Promise<DuplicateStrings> {
    return this.q().duplicateStrings();
  }

  mergedPaths(classIndex: ClassIndex, parent: number, offset: number, limit: number, options?: MergedPathsOptions): Promise<MergedPaths> {
    return this.q().mergedPaths(classIndex, parent, offset, limit, options);
  }

  threads(): Promise<ThreadOverview> {
    return this.q().threads();
  }

  gcRoots(): GcRootTypeRow[] {
    return this.q().gcRoots();
  }

  gcRootObjects(type: string, offset: number, limit: number): Page<ObjectRow> {
    return this.q().gcRootObjects(type, offset, limit);
  }

  collectionContents(index: ObjectIndex, offset: number, limit: number): Promise<CollectionContents | null> {
    return this.q().collectionContents(index, offset, limit);
  }

  collections(): Promise<CollectionsReport> {
    return this.q().collections();
  }

  retainedSet(selection: Selection, offset: number, limit: number): Promise<RetainedSet> {
    return this.q().retainedSet(selection, offset, limit);
  }

  groupRetained(groups: ClassIndex[][]): Promise<number[]> {
    return this.q().groupRetained(groups);
  }

  unreachableHistogram(): UnreachableClassRow[] {
    return this.unreachableRows;
  }

  /** Fills labels that need the dump's bytes (String values, thread names) on rows from the synchronous queries. */
  async fillLabels(rows: { index: ObjectIndex; label?: string }[]): Promise<void> {
    await this.q().fillLabels?.(rows);
  }
}
