// Strict validator for share snapshots. A shared link is untrusted input: every value is checked for type,
// range, length and count, and the result is a fresh object holding only known fields (unknown keys are dropped,
// so nothing such as `__proto__` travels into the app).
import type {
  AccumulationPoint,
  CollectionClassRow,
  CollectionKind,
  CollectionsReport,
  HistogramRow,
  LeakSuspect,
  LeakSuspects,
  ObjectRow,
  SignificantFrame,
  Summary,
  TreemapNode,
} from '../../../core/api.ts';
import { ShareError } from './share-error.ts';
import {
  SNAPSHOT_LIMITS as L,
  SNAPSHOT_VERSION,
  SHARED_VIEWS,
  type SharedDominatorNode,
  type SharedField,
  type SharedObject,
  type SharedFrame,
  type SharedThread,
  type ShareSnapshot,
} from './snapshot.ts';

type Obj = Record<string, unknown>;

function fail(path: string, what: string): never {
  throw new ShareError('INVALID', `invalid shared snapshot: ${path} ${what}`);
}

function obj(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(path, 'is not an object');
  return v as Obj;
}

function arr(v: unknown, path: string, max: number): unknown[] {
  if (!Array.isArray(v)) fail(path, 'is not an array');
  if (v.length > max) fail(path, `has ${v.length} items (at most ${max})`);
  return v;
}

function str(v: unknown, path: string, max: number = L.maxStringChars): string {
  if (typeof v !== 'string') fail(path, 'is not a string');
  if (v.length > max) fail(path, `is longer than ${max} characters`);
  return v;
}

function bool(v: unknown, path: string): boolean {
  if (typeof v !== 'boolean') fail(path, 'is not a boolean');
  return v;
}

/** A finite number in [min, 2^53]; integers only unless `real`. */
function num(v: unknown, path: string, min = 0, real = false): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) fail(path, 'is not a finite number');
  if (!real && !Number.isSafeInteger(v)) fail(path, 'is not an integer');
  if (v < min || v > Number.MAX_SAFE_INTEGER) fail(path, `is out of range (${v})`);
  return v;
}

function opt<T>(o: Obj, key: string, read: (v: unknown, path: string) => T, path: string): T | undefined {
  return o[key] === undefined ? undefined : read(o[key], `${path}.${key}`);
}

function countMap(v: unknown, path: string): Record<string, number> {
  const o = obj(v, path);
  const keys = Object.keys(o);
  if (keys.length > L.maxMapEntries) fail(path, `has more than ${L.maxMapEntries} entries`);
  const out: Record<string, number> = Object.create(null);
  for (const k of keys) out[str(k, `${path} key`, 200)] = num(o[k], `${path}.${k}`);
  return { ...out };
}

const ADDRESS = /^0x[0-9a-f]{1,16}$/;
function address(v: unknown, path: string): string {
  const s = str(v, path, 18);
  if (!ADDRESS.test(s)) fail(path, 'is not a hex address');
  return s;
}

function summary(v: unknown, p: string): Summary {
  const o = obj(v, p);
  const idSize = num(o.idSize, `${p}.idSize`);
  if (idSize !== 4 && idSize !== 8) fail(`${p}.idSize`, 'is neither 4 nor 8');
  const unreachable = obj(o.unreachable, `${p}.unreachable`);
  return {
    format: str(o.format, `${p}.format`, 100),
    idSize,
    timestamp: num(o.timestamp, `${p}.timestamp`),
    bytesRead: num(o.bytesRead, `${p}.bytesRead`),
    compressed: bool(o.compressed, `${p}.compressed`),
    objects: num(o.objects, `${p}.objects`),
    instances: num(o.instances, `${p}.instances`),
    arrays: num(o.arrays, `${p}.arrays`),
    classes: num(o.classes, `${p}.classes`),
    gcRoots: num(o.gcRoots, `${p}.gcRoots`),
    gcRootsByType: countMap(o.gcRootsByType, `${p}.gcRootsByType`),
    usedHeapBytes: num(o.usedHeapBytes, `${p}.usedHeapBytes`),
    unreachable: {
      objects: num(unreachable.objects, `${p}.unreachable.objects`),
      shallowBytes: num(unreachable.shallowBytes, `${p}.unreachable.shallowBytes`),
    },
    keepUnreachable: bool(o.keepUnreachable, `${p}.keepUnreachable`),
    compressedRefs: bool(o.compressedRefs, `${p}.compressedRefs`),
    alignment: num(o.alignment, `${p}.alignment`),
    recordCounts: countMap(o.recordCounts, `${p}.recordCounts`),
    truncated: bool(o.truncated, `${p}.truncated`),
    warnings: arr(o.warnings, `${p}.warnings`, L.maxWarnings).map((w, i) => str(w, `${p}.warnings[${i}]`)),
    ...(o.notes !== undefined ? { notes: arr(o.notes, `${p}.notes`, L.maxWarnings).map((w, i) => str(w, `${p}.notes[${i}]`)) } : {}),
  };
}

function histogramRow(v: unknown, p: string): HistogramRow {
  const o = obj(v, p);
  const row: HistogramRow = {
    classIndex: num(o.classIndex, `${p}.classIndex`),
    className: str(o.className, `${p}.className`),
    classAddress: address(o.classAddress, `${p}.classAddress`),
    loaderAddress: address(o.loaderAddress, `${p}.loaderAddress`),
    instances: num(o.instances, `${p}.instances`),
    shallowBytes: num(o.shallowBytes, `${p}.shallowBytes`),
  };
  const retained = opt(o, 'retainedBytes', num, p);
  if (retained !== undefined) row.retainedBytes = retained;
  return row;
}

function objectRow(v: unknown, p: string): ObjectRow {
  const o = obj(v, p);
  const row: ObjectRow = {
    index: num(o.index, `${p}.index`),
    address: address(o.address, `${p}.address`),
    className: str(o.className, `${p}.className`),
    shallowBytes: num(o.shallowBytes, `${p}.shallowBytes`),
    retainedBytes: num(o.retainedBytes, `${p}.retainedBytes`),
    dominatedCount: num(o.dominatedCount, `${p}.dominatedCount`),
  };
  const label = opt(o, 'label', str, p);
  if (label !== undefined) row.label = label;
  if (o.rootTypes !== undefined) {
    row.rootTypes = arr(o.rootTypes, `${p}.rootTypes`, L.maxRootTypes).map((t, i) => str(t, `${p}.rootTypes[${i}]`, 100));
  }
  return row;
}

function dominators(v: unknown, p: string): { nodes: SharedDominatorNode[]; depth: number; topLevel?: number } {
  const o = obj(v, p);
  const depth = num(o.depth, `${p}.depth`, 1);
  if (depth > L.maxDominatorDepth) fail(`${p}.depth`, `is deeper than ${L.maxDominatorDepth}`);
  const levelByIndex = new Map<number, number>([[-1, 0]]);
  const nodes = arr(o.nodes, `${p}.nodes`, L.maxDominatorNodes).map((n, i) => {
    const at = `${p}.nodes[${i}]`;
    const row = objectRow(n, at);
    const parentRaw = obj(n, at).parent;
    if (parentRaw !== -1) num(parentRaw, `${at}.parent`);
    const parent = parentRaw as number;
    // Parents come before their children, so the nodes form a tree under the virtual root (no cycles).
    const parentLevel = levelByIndex.get(parent);
    if (parentLevel === undefined) fail(`${at}.parent`, 'does not name an earlier node');
    if (levelByIndex.has(row.index)) fail(`${at}.index`, 'is a duplicate');
    if (parentLevel + 1 > depth) fail(at, 'is deeper than the declared depth');
    levelByIndex.set(row.index, parentLevel + 1);
    return { ...row, parent };
  });
  const topLevel = opt(o, 'topLevel', num, p);
  return topLevel === undefined ? { nodes, depth } : { nodes, depth, topLevel };
}

function treemap(v: unknown, p: string): TreemapNode {
  let count = 0;
  const visit = (x: unknown, at: string, level: number): TreemapNode => {
    if (++count > L.maxTreemapNodes) fail(p, `has more than ${L.maxTreemapNodes} nodes`);
    if (level > L.maxTreemapDepth) fail(at, `is deeper than ${L.maxTreemapDepth} levels`);
    const o = obj(x, at);
    const node: TreemapNode = {
      // -1 the virtual root, -2 an "N others" box, -3 a class box (TreemapNode).
      index: num(o.index, `${at}.index`, -3),
      className: str(o.className, `${at}.className`),
      retainedBytes: num(o.retainedBytes, `${at}.retainedBytes`),
      shallowBytes: num(o.shallowBytes, `${at}.shallowBytes`),
    };
    const addr = opt(o, 'address', address, at);
    if (addr !== undefined) node.address = addr;
    const label = opt(o, 'label', str, at);
    if (label !== undefined) node.label = label;
    const folded = opt(o, 'foldedCount', num, at);
    if (folded !== undefined) node.foldedCount = folded;
    if (o.children !== undefined) {
      node.children = arr(o.children, `${at}.children`, L.maxTreemapNodes).map((c, i) => visit(c, `${at}.children[${i}]`, level + 1));
    }
    return node;
  };
  return visit(v, p, 0);
}

const KINDS = ['instance', 'object-array', 'primitive-array', 'class'] as const;

function sharedField(v: unknown, p: string): SharedField {
  const o = obj(v, p);
  const f: SharedField = { name: str(o.name, `${p}.name`), type: str(o.type, `${p}.type`, 20) };
  if (o.value === null) f.value = null;
  else if (o.value !== undefined) f.value = str(o.value, `${p}.value`);
  const refClass = opt(o, 'refClassName', str, p);
  if (refClass !== undefined) f.refClassName = refClass;
  const refAddress = opt(o, 'refAddress', address, p);
  if (refAddress !== undefined) f.refAddress = refAddress;
  const isStatic = opt(o, 'isStatic', bool, p);
  if (isStatic !== undefined) f.isStatic = isStatic;
  return f;
}

function sharedObject(v: unknown, p: string): SharedObject {
  const o = obj(v, p);
  const kind = str(o.kind, `${p}.kind`, 20);
  if (!(KINDS as readonly string[]).includes(kind)) fail(`${p}.kind`, 'is not a known object kind');
  const out: SharedObject = {
    row: objectRow(o.row, `${p}.row`),
    kind: kind as SharedObject['kind'],
    fields: arr(o.fields, `${p}.fields`, L.maxFields).map((f, i) => sharedField(f, `${p}.fields[${i}]`)),
  };
  const len = opt(o, 'arrayLength', num, p);
  if (len !== undefined) out.arrayLength = len;
  if (o.dominatorPath !== undefined) {
    out.dominatorPath = arr(o.dominatorPath, `${p}.dominatorPath`, L.maxDominatorNodes).map((r, i) =>
      objectRow(r, `${p}.dominatorPath[${i}]`),
    );
  }
  return out;
}

/** An integer that may be negative (a frame's line: -1 unknown, -2 compiled, -3 native). */
function int(v: unknown, path: string): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || Math.abs(v) > 2 ** 31) fail(path, 'is not a 32-bit integer');
  return v;
}

function nullable<T>(v: unknown, path: string, read: (v: unknown, path: string) => T): T | null {
  return v === null ? null : read(v, path);
}

/** A stack frame's names and line: the part a shared thread and a suspect's significant frame have in common. */
function frameNames(o: Obj, p: string): Pick<SharedFrame, 'className' | 'method' | 'sourceFile' | 'line' | 'text'> {
  return {
    className: str(o.className, `${p}.className`),
    method: str(o.method, `${p}.method`),
    sourceFile: str(o.sourceFile, `${p}.sourceFile`),
    line: int(o.line, `${p}.line`),
    text: str(o.text, `${p}.text`),
  };
}

function locals(v: unknown, p: string): ObjectRow[] {
  return arr(v, p, L.maxFrameLocals).map((r, i) => objectRow(r, `${p}[${i}]`));
}

function sharedThread(v: unknown, p: string): SharedThread {
  const o = obj(v, p);
  const t: SharedThread = {
    object: objectRow(o.object, `${p}.object`),
    daemon: nullable(o.daemon, `${p}.daemon`, bool),
    priority: nullable(o.priority, `${p}.priority`, num),
    state: nullable(o.state, `${p}.state`, (x, q) => str(x, q, 40)),
    frames: nullable(o.frames, `${p}.frames`, (x, q) =>
      arr(x, q, L.maxFrames).map((f, i): SharedFrame => {
        const fo = obj(f, `${q}[${i}]`);
        return { ...frameNames(fo, `${q}[${i}]`), locals: locals(fo.locals, `${q}[${i}].locals`) };
      }),
    ),
  };
  const name = opt(o, 'name', str, p);
  if (name !== undefined) t.name = name;
  return t;
}

function suspectThread(v: unknown, p: string): NonNullable<LeakSuspect['thread']> {
  const o = obj(v, p);
  return {
    name: nullable(o.name, `${p}.name`, str),
    frames: nullable(o.frames, `${p}.frames`, (x, q) =>
      arr(x, q, L.maxSuspectFrames).map((f, i): SignificantFrame => {
        const fo = obj(f, `${q}[${i}]`);
        const fr = obj(fo.frame, `${q}[${i}].frame`);
        return {
          frame: {
            ...frameNames(fr, `${q}[${i}].frame`),
            depth: num(fr.depth, `${q}[${i}].frame.depth`),
            signature: str(fr.signature, `${q}[${i}].frame.signature`),
          },
          matText: str(fo.matText, `${q}[${i}].matText`),
          locals: locals(fo.locals, `${q}[${i}].locals`),
        };
      }),
    ),
  };
}

const SUSPECT_KINDS = ['class', 'thread', 'classloader', 'instance', 'group'] as const;

function accumulationPoint(v: unknown, p: string): AccumulationPoint {
  const o = obj(v, p);
  const pathFromRoot =
    o.pathFromRoot === null
      ? null
      : arr(o.pathFromRoot, `${p}.pathFromRoot`, L.maxPointPath).map((x, i) => {
          const at = `${p}.pathFromRoot[${i}]`;
          const so = obj(x, at);
          return { object: objectRow(so.object, `${at}.object`), field: so.field === null ? null : str(so.field, `${at}.field`) };
        });
  const classRow = (x: unknown, at: string) => {
    const co = obj(x, at);
    return {
      classIndex: num(co.classIndex, `${at}.classIndex`),
      className: str(co.className, `${at}.className`),
      shallowBytes: num(co.shallowBytes, `${at}.shallowBytes`),
    };
  };
  return {
    object: objectRow(o.object, `${p}.object`),
    loader: objectRow(o.loader, `${p}.loader`),
    pathFromRoot,
    chain: str(o.chain, `${p}.chain`),
    childrenByClass: arr(o.childrenByClass, `${p}.childrenByClass`, L.maxPointClasses).map((x, i) => {
      const at = `${p}.childrenByClass[${i}]`;
      const co = obj(x, at);
      return { ...classRow(x, at), count: num(co.count, `${at}.count`), retainedBytes: num(co.retainedBytes, `${at}.retainedBytes`) };
    }),
    retainedByClass: arr(o.retainedByClass, `${p}.retainedByClass`, L.maxPointClasses).map((x, i) => {
      const at = `${p}.retainedByClass[${i}]`;
      return { ...classRow(x, at), objects: num(obj(x, at).objects, `${at}.objects`) };
    }),
  };
}

function suspects(v: unknown, p: string): LeakSuspects {
  const o = obj(v, p);
  return {
    usedHeapBytes: num(o.usedHeapBytes, `${p}.usedHeapBytes`),
    thresholdBytes: num(o.thresholdBytes, `${p}.thresholdBytes`),
    suspects: arr(o.suspects, `${p}.suspects`, L.maxSuspects).map((x, i): LeakSuspect => {
      const at = `${p}.suspects[${i}]`;
      const so = obj(x, at);
      const kind = so.kind;
      if (!(SUSPECT_KINDS as readonly unknown[]).includes(kind)) fail(`${at}.kind`, 'is not a known suspect kind');
      const out: LeakSuspect = {
        kind: kind as LeakSuspect['kind'],
        retainedBytes: num(so.retainedBytes, `${at}.retainedBytes`),
        topConsumers: arr(so.topConsumers, `${at}.topConsumers`, L.maxSuspectConsumers).map((c, j) => {
          const co = obj(c, `${at}.topConsumers[${j}]`);
          return {
            className: str(co.className, `${at}.topConsumers[${j}].className`),
            instances: num(co.instances, `${at}.topConsumers[${j}].instances`),
            shallowBytes: num(co.shallowBytes, `${at}.topConsumers[${j}].shallowBytes`),
          };
        }),
      };
      if (so.object !== undefined) out.object = objectRow(so.object, `${at}.object`);
      if (so.group !== undefined) {
        const g = obj(so.group, `${at}.group`);
        out.group = {
          className: str(g.className, `${at}.group.className`),
          classIndex: num(g.classIndex, `${at}.group.classIndex`),
          instances: num(g.instances, `${at}.group.instances`),
        };
      }
      if ((out.kind === 'group') !== (out.group !== undefined) || (out.kind === 'group') === (out.object !== undefined)) {
        fail(at, 'does not match its kind (a group has a class, any other suspect an object)');
      }
      if (so.accumulation !== undefined) {
        out.accumulation = arr(so.accumulation, `${at}.accumulation`, 2).map((r, j) => objectRow(r, `${at}.accumulation[${j}]`));
      }
      if (so.thread !== undefined) out.thread = suspectThread(so.thread, `${at}.thread`);
      if (so.loader !== undefined) out.loader = objectRow(so.loader, `${at}.loader`);
      if (so.point !== undefined) out.point = accumulationPoint(so.point, `${at}.point`);
      return out;
    }),
  };
}

/** Checks the version first, so a newer format gets its own message rather than a schema error. */
export function validateSnapshot(value: unknown): ShareSnapshot {
  const o = obj(value, 'snapshot');
  const v = o.v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v > SNAPSHOT_VERSION) {
    throw new ShareError('NEWER_VERSION', `this link was made by a newer heapdrop (format v${v})`, v);
  }
  if (v !== SNAPSHOT_VERSION) fail('snapshot.v', 'is not a known format version');
  const snap: ShareSnapshot = {
    v: 1,
    createdAt: num(o.createdAt, 'snapshot.createdAt'),
    title: str(o.title, 'snapshot.title', L.maxTitleChars),
  };
  if (o.redaction !== undefined) {
    const r = obj(o.redaction, 'snapshot.redaction');
    snap.redaction = {
      values: bool(r.values, 'snapshot.redaction.values'),
      classNames: bool(r.classNames, 'snapshot.redaction.classNames'),
    };
  }
  if (o.summary !== undefined) snap.summary = summary(o.summary, 'snapshot.summary');
  if (o.histogram !== undefined) {
    snap.histogram = arr(o.histogram, 'snapshot.histogram', L.maxHistogramRows).map((r, i) => histogramRow(r, `snapshot.histogram[${i}]`));
  }
  if (o.dominators !== undefined) snap.dominators = dominators(o.dominators, 'snapshot.dominators');
  if (o.treemap !== undefined) snap.treemap = treemap(o.treemap, 'snapshot.treemap');
  if (o.object !== undefined) snap.object = sharedObject(o.object, 'snapshot.object');
  if (o.suspects !== undefined) snap.suspects = suspects(o.suspects, 'snapshot.suspects');
  if (o.threads !== undefined)
    snap.threads = arr(o.threads, 'snapshot.threads', L.maxThreads).map((t, i) => sharedThread(t, `snapshot.threads[${i}]`));
  if (o.collections !== undefined) snap.collections = collections(o.collections, 'snapshot.collections');
  // The view to open on is a route taken from an untrusted link: only a known view, and the object's page only
  // when the object is in the snapshot; anything else opens the overview.
  const view = SHARED_VIEWS.find((known) => known === o.view);
  if (view !== undefined && (view !== 'object' || snap.object !== undefined)) snap.view = view;
  return snap;
}

const COLLECTION_KINDS: readonly CollectionKind[] = ['map', 'set', 'list', 'queue'];

function collections(v: unknown, p: string): CollectionsReport {
  const o = obj(v, p);
  return {
    collections: num(o.collections, `${p}.collections`),
    unreadable: num(o.unreadable, `${p}.unreadable`),
    wastedBytes: num(o.wastedBytes, `${p}.wastedBytes`),
    classes: arr(o.classes, `${p}.classes`, L.maxCollectionClasses).map((x, i): CollectionClassRow => {
      const at = `${p}.classes[${i}]`;
      const c = obj(x, at);
      const kind = COLLECTION_KINDS.find((k) => k === c.kind);
      if (kind === undefined) fail(`${at}.kind`, 'is not a collection kind');
      const s = obj(c.bySize, `${at}.bySize`);
      const fill = c.averageFillRatio === null ? null : num(c.averageFillRatio, `${at}.averageFillRatio`, 0, true);
      return {
        classIndex: num(c.classIndex, `${at}.classIndex`),
        className: str(c.className, `${at}.className`),
        layout: str(c.layout, `${at}.layout`, 100),
        kind,
        objects: num(c.objects, `${at}.objects`),
        shallowBytes: num(c.shallowBytes, `${at}.shallowBytes`),
        retainedBytes: num(c.retainedBytes, `${at}.retainedBytes`),
        bySize: {
          empty: num(s.empty, `${at}.bySize.empty`),
          one: num(s.one, `${at}.bySize.one`),
          upTo10: num(s.upTo10, `${at}.bySize.upTo10`),
          upTo100: num(s.upTo100, `${at}.bySize.upTo100`),
          over100: num(s.over100, `${at}.bySize.over100`),
        },
        entries: num(c.entries, `${at}.entries`),
        averageFillRatio: fill,
        emptyWithArray: num(c.emptyWithArray, `${at}.emptyWithArray`),
        wastedBytes: num(c.wastedBytes, `${at}.wastedBytes`),
        largestWaste: arr(c.largestWaste, `${at}.largestWaste`, L.maxCollectionWaste).map((y, j) => {
          const wat = `${at}.largestWaste[${j}]`;
          const w = obj(y, wat);
          return {
            object: objectRow(w.object, `${wat}.object`),
            size: num(w.size, `${wat}.size`),
            capacity: w.capacity === null ? null : num(w.capacity, `${wat}.capacity`),
            wastedBytes: num(w.wastedBytes, `${wat}.wastedBytes`),
          };
        }),
      };
    }),
  };
}

/** Parses JSON text then validates it. */
export function parseSnapshot(json: string): ShareSnapshot {
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    throw new ShareError('INVALID', 'invalid shared snapshot: not JSON');
  }
  return validateSnapshot(value);
}
