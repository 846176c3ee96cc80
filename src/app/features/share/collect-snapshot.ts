// Gathers what the user chose to share from the current analysis into an (unredacted) snapshot.
// The dominator tree's part is taken by the engine in one call (dominatorTop: best first by retained size).
import type {
  AccumulationPoint,
  CollectionsReport,
  DominatorTop,
  HistogramRow,
  LeakSuspects,
  ObjectDetails,
  ObjectRow,
  PathWindow,
  PathWindowOptions,
  Summary,
  ThreadOverview,
  TreemapNode,
  TreemapOptions,
} from '../../../core/api.ts';
import type { ObjectIndex } from '../../../core/units.ts';
import {
  SNAPSHOT_LIMITS,
  type SharedDominatorNode,
  type SharedField,
  type SharedObject,
  type SharedThread,
  type SharedView,
  type ShareSnapshot,
} from './snapshot.ts';

/** The part of the app's Engine a snapshot is gathered from (async versions of AnalysisQueries). */
export interface SnapshotSource {
  summary(): Promise<Summary>;
  histogram(): Promise<HistogramRow[]>;
  dominatorTop(depth: number, maxNodes: number): Promise<DominatorTop>;
  dominatorPath(index: ObjectIndex, window?: PathWindowOptions): Promise<PathWindow<ObjectRow>>;
  objectDetails(index: ObjectIndex): Promise<ObjectDetails>;
  treemap(root: ObjectIndex, options?: TreemapOptions): Promise<TreemapNode>;
  leakSuspects(): Promise<LeakSuspects>;
  /** Needed only when the threads are chosen. */
  threads?(): Promise<ThreadOverview>;
  /** The collections report; a source without it leaves the collections out. */
  collections?(): Promise<CollectionsReport>;
}

export interface ShareChoices {
  title: string;
  summary: boolean;
  /** Top classes by shallow size; 0 leaves the histogram out, Infinity takes every row. */
  histogramTop: number;
  /** null leaves the dominator tree out. */
  dominators: { depth: number; maxNodes: number } | null;
  treemap: { depth: number; maxNodes: number } | null;
  /** The object being viewed, or null. */
  objectIndex: ObjectIndex | null;
  /** The view being shown, so the link opens there (`object` only when the object is shared). */
  view?: SharedView;
  /** MAT's leak suspects. */
  suspects: boolean;
  /** The threads with their stacks and what each frame's locals hold (default false). */
  threads?: boolean;
  /** The collections by class with their possible memory waste (a long pass, as the suspects). */
  collections?: boolean;
}

export const DEFAULT_CHOICES: Omit<ShareChoices, 'title' | 'objectIndex'> = {
  summary: true,
  histogramTop: 1000,
  dominators: { depth: 4, maxNodes: 300 },
  treemap: { depth: 4, maxNodes: 1000 },
  suspects: true,
  threads: false,
  collections: true,
};

/** The shared part of the tree, and how many top-level dominators the whole analysis has (`topLevel`). */
export async function collectDominators(
  source: SnapshotSource,
  depth: number,
  maxNodes: number,
): Promise<{ nodes: SharedDominatorNode[]; topLevel: number }> {
  // One call: the engine walks its own tree (a round trip per node would queue behind long passes' slices).
  const { nodes, topLevel } = await source.dominatorTop(depth, Math.min(maxNodes, SNAPSHOT_LIMITS.maxDominatorNodes));
  return { nodes, topLevel };
}

function sharedField(f: ObjectDetails['fields'][number]): SharedField {
  const out: SharedField = { name: f.name, type: f.type, value: f.value };
  if (f.ref) {
    out.refClassName = f.ref.className;
    out.refAddress = f.ref.address;
  }
  if (f.isStatic) out.isStatic = true;
  return out;
}

export async function collectObject(source: SnapshotSource, index: ObjectIndex): Promise<SharedObject> {
  const details = await source.objectDetails(index);
  const fields = [...details.fields, ...(details.elements ?? [])].slice(0, SNAPSHOT_LIMITS.maxFields).map(sharedField);
  const row: ObjectRow = { ...details.row };
  if (details.stringValue !== undefined) row.label = details.stringValue.slice(0, SNAPSHOT_LIMITS.maxStringChars);
  const out: SharedObject = { row, kind: details.kind, fields };
  if (details.arrayLength !== undefined) out.arrayLength = details.arrayLength;
  // The last steps of the path, down to the object.
  const path = await source.dominatorPath(index, { head: 0, tail: SNAPSHOT_LIMITS.maxDominatorNodes });
  if (path.tail.length > 0) out.dominatorPath = path.tail;
  return out;
}

/** Clips strings the validator would reject (class names and labels from a dump can be arbitrarily long). */
function clip(s: string): string {
  return s.length > SNAPSHOT_LIMITS.maxStringChars ? s.slice(0, SNAPSHOT_LIMITS.maxStringChars - 1) + '…' : s;
}

/** A treemap node as a snapshot keeps it: what a box draws. What only a live engine can follow (a class box's
 *  parent and class, a folded chain's end, whose class name masking would not see) stays out. */
function clipTreemap(n: TreemapNode, level: number, budget: { left: number }): TreemapNode {
  budget.left--;
  const { parent: _parent, classIndex: _classIndex, chain: _chain, ...drawn } = n;
  const out: TreemapNode = { ...drawn, className: clip(n.className) };
  if (n.label !== undefined) out.label = clip(n.label);
  if (n.children) {
    out.children = [];
    if (level < SNAPSHOT_LIMITS.maxTreemapDepth) {
      for (const c of n.children) {
        if (budget.left <= 0) break;
        out.children.push(clipTreemap(c, level + 1, budget));
      }
    }
  }
  return out;
}

function clipRow(r: ObjectRow): ObjectRow {
  return { ...r, className: clip(r.className), ...(r.label !== undefined ? { label: clip(r.label) } : {}) };
}

/** An accumulation point within the limits: a path too long to share is left out with its line (the point stays). */
function clipPoint(p: AccumulationPoint): AccumulationPoint {
  const shareable = p.pathFromRoot !== null && p.pathFromRoot.length <= SNAPSHOT_LIMITS.maxPointPath;
  return {
    object: clipRow(p.object),
    loader: clipRow(p.loader),
    pathFromRoot: shareable
      ? p.pathFromRoot!.map((step) => ({ object: clipRow(step.object), field: step.field === null ? null : clip(step.field) }))
      : null,
    chain: shareable ? clip(p.chain) : '',
    childrenByClass: p.childrenByClass.slice(0, SNAPSHOT_LIMITS.maxPointClasses).map((c) => ({ ...c, className: clip(c.className) })),
    retainedByClass: p.retainedByClass.slice(0, SNAPSHOT_LIMITS.maxPointClasses).map((c) => ({ ...c, className: clip(c.className) })),
  };
}

/** The suspects within the snapshot's limits; an accumulation chain is cut to its two ends. */
function clipSuspects(l: LeakSuspects): LeakSuspects {
  return {
    usedHeapBytes: l.usedHeapBytes,
    thresholdBytes: l.thresholdBytes,
    suspects: l.suspects.slice(0, SNAPSHOT_LIMITS.maxSuspects).map((s) => {
      const chain = s.accumulation;
      return {
        ...s,
        ...(s.object ? { object: clipRow(s.object) } : {}),
        ...(s.group ? { group: { ...s.group, className: clip(s.group.className) } } : {}),
        topConsumers: s.topConsumers.slice(0, SNAPSHOT_LIMITS.maxSuspectConsumers).map((c) => ({ ...c, className: clip(c.className) })),
        ...(chain ? { accumulation: (chain.length > 1 ? [chain[0], chain[chain.length - 1]] : [chain[0]]).map(clipRow) } : {}),
        ...(s.thread
          ? {
              thread: {
                name: s.thread.name === null ? null : clip(s.thread.name),
                frames:
                  s.thread.frames?.slice(0, SNAPSHOT_LIMITS.maxSuspectFrames).map((f) => ({
                    frame: {
                      ...f.frame,
                      className: clip(f.frame.className),
                      method: clip(f.frame.method),
                      signature: clip(f.frame.signature),
                      sourceFile: clip(f.frame.sourceFile),
                      text: clip(f.frame.text),
                    },
                    matText: clip(f.matText),
                    locals: f.locals.slice(0, SNAPSHOT_LIMITS.maxFrameLocals).map(clipRow),
                  })) ?? null,
              },
            }
          : {}),
        ...(s.loader ? { loader: clipRow(s.loader) } : {}),
        ...(s.point ? { point: clipPoint(s.point) } : {}),
      };
    }),
  };
}

/** The collections report within the snapshot's limits. */
export function clipCollections(r: CollectionsReport): CollectionsReport {
  return {
    collections: r.collections,
    unreadable: r.unreadable,
    wastedBytes: r.wastedBytes,
    classes: r.classes.slice(0, SNAPSHOT_LIMITS.maxCollectionClasses).map((c) => ({
      ...c,
      className: clip(c.className),
      layout: clip(c.layout),
      bySize: { ...c.bySize },
      largestWaste: c.largestWaste.slice(0, SNAPSHOT_LIMITS.maxCollectionWaste).map((w) => ({ ...w, object: clipRow(w.object) })),
    })),
  };
}

/** The threads within the snapshot's limits. */
function clipThreads(overview: ThreadOverview): SharedThread[] {
  return overview.threads.slice(0, SNAPSHOT_LIMITS.maxThreads).map((t) => ({
    object: clipRow(t.object),
    ...(t.name !== null ? { name: clip(t.name) } : {}),
    daemon: t.daemon,
    priority: t.priority,
    state: t.state,
    frames:
      t.frames?.slice(0, SNAPSHOT_LIMITS.maxFrames).map((f) => ({
        className: clip(f.className),
        method: clip(f.method),
        sourceFile: clip(f.sourceFile),
        line: f.line,
        text: clip(f.text),
        locals: f.locals.slice(0, SNAPSHOT_LIMITS.maxFrameLocals).map(clipRow),
      })) ?? null,
  }));
}

/** What a gather is waiting for, to say in the dialog ("the dominator tree", "the treemap"). */
export type GatherSteps = (pending: string[]) => void;

/**
 * Gathers the chosen parts at once (each is an interactive query, answered ahead of the engine's long passes).
 * `onSteps` hears which parts are still pending. The leak suspects come from a long pass: the dialog includes them
 * only once that pass is done (choices.suspects), so a gather never waits for one.
 */
export async function collectSnapshot(
  source: SnapshotSource,
  choices: ShareChoices,
  now: number = Date.now(),
  onSteps: GatherSteps = () => undefined,
): Promise<ShareSnapshot> {
  const snapshot: ShareSnapshot = { v: 1, createdAt: now, title: choices.title.slice(0, SNAPSHOT_LIMITS.maxTitleChars) };
  const pending = new Set<string>();
  const part = async <T>(name: string, work: () => Promise<T>): Promise<T> => {
    pending.add(name);
    onSteps([...pending]);
    try {
      return await work();
    } finally {
      pending.delete(name);
      onSteps([...pending]);
    }
  };
  const parts: Promise<void>[] = [];
  if (choices.summary) {
    parts.push(
      part('the summary', async () => {
        // The reader's details of a damaged, several-dump or Android file stay in the tab; its notes travel.
        const { damage: _damage, dumps: _dumps, layout: _layout, heaps: _heaps, ...s } = await source.summary();
        snapshot.summary = {
          ...s,
          warnings: s.warnings.slice(0, SNAPSHOT_LIMITS.maxWarnings).map(clip),
          ...(s.notes !== undefined ? { notes: s.notes.slice(0, SNAPSHOT_LIMITS.maxWarnings).map(clip) } : {}),
        };
      }),
    );
  }
  if (choices.histogramTop > 0) {
    parts.push(
      part('the class histogram', async () => {
        const rows = await source.histogram();
        const top = Math.min(choices.histogramTop, SNAPSHOT_LIMITS.maxHistogramRows);
        snapshot.histogram = [...rows]
          .sort((a, b) => b.shallowBytes - a.shallowBytes)
          .slice(0, top)
          // loaderClassName stays out: the snapshot format has no such field, and redaction does not look at it.
          .map(({ loaderClassName: _, ...r }) => ({ ...r, className: clip(r.className) }));
      }),
    );
  }
  if (choices.dominators) {
    const depth = Math.max(1, Math.min(choices.dominators.depth, SNAPSHOT_LIMITS.maxDominatorDepth));
    const maxNodes = choices.dominators.maxNodes;
    parts.push(
      part('the dominator tree', async () => {
        const { nodes, topLevel } = await collectDominators(source, depth, maxNodes);
        snapshot.dominators = {
          depth,
          topLevel,
          nodes: nodes.map((n) => ({ ...n, className: clip(n.className), ...(n.label !== undefined ? { label: clip(n.label) } : {}) })),
        };
      }),
    );
  }
  if (choices.treemap) {
    const { depth, maxNodes } = choices.treemap;
    parts.push(
      part('the treemap', async () => {
        const tree = await source.treemap(-1, { depth, maxNodes });
        snapshot.treemap = clipTreemap(tree, 0, { left: SNAPSHOT_LIMITS.maxTreemapNodes });
      }),
    );
  }
  if (choices.suspects) {
    parts.push(
      part('the leak suspects', async () => {
        snapshot.suspects = clipSuspects(await source.leakSuspects());
      }),
    );
  }
  if (choices.threads) {
    const threadsOf = source.threads;
    if (!threadsOf) throw new Error('this analysis cannot list its threads');
    parts.push(
      part('the thread stacks', async () => {
        snapshot.threads = clipThreads(await threadsOf.call(source));
      }),
    );
  }
  const collectionsOf = source.collections;
  if (choices.collections && collectionsOf) {
    parts.push(
      part('the collections', async () => {
        snapshot.collections = clipCollections(await collectionsOf.call(source));
      }),
    );
  }
  if (choices.objectIndex !== null) {
    const index = choices.objectIndex;
    parts.push(
      part('the object', async () => {
        const o = await collectObject(source, index);
        o.row = { ...o.row, className: clip(o.row.className), ...(o.row.label !== undefined ? { label: clip(o.row.label) } : {}) };
        o.fields = o.fields.map((f) => ({ ...f, name: clip(f.name), ...(typeof f.value === 'string' ? { value: clip(f.value) } : {}) }));
        snapshot.object = o;
      }),
    );
  }
  await Promise.all(parts);
  // The parts in the snapshot's usual order, whatever order they arrived in.
  const ordered: ShareSnapshot = { v: snapshot.v, createdAt: snapshot.createdAt, title: snapshot.title };
  for (const key of ['summary', 'histogram', 'dominators', 'treemap', 'suspects', 'threads', 'collections', 'object'] as const) {
    if (snapshot[key] !== undefined) (ordered as unknown as Record<string, unknown>)[key] = snapshot[key];
  }
  if (choices.view !== undefined && (choices.view !== 'object' || ordered.object !== undefined)) ordered.view = choices.view;
  return ordered;
}
