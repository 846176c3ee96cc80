// Where a heap grew between two dumps of one program: the dominator trees compared by path rather than by address
// (addresses move between dumps). A node's path is the chain of classes and fields from the top of the dominator
// tree down to it (each dominator's class and the field through which it holds the next, array elements as "[]"),
// so that two maps of one class held by two fields stay apart; nodes of the same path are summed on each side
// (objects and retained bytes), and the paths are compared. Naming fields reads each walked parent from its dump:
// when either analysis cannot read its dump (a baseline reopened without it), paths are classes only. The rows are the paths whose retained size grew, each taken down while a
// single child path accounts for most of its growth (as MAT's leak hunter goes down to an accumulation point), so
// that "InvoiceService.CACHE grew by 18 MB, 4,000 more Sessions" is one row, not a chain of near-equal ancestors.
// The fields along a row's path are named from the current dump (one read of each parent on the path).

import type { HeapAnalysis } from './analysis.ts';
import type { HistogramRow, NodeGrowth } from './api.ts';
import { compareHistograms, type Comparison } from './histogram-diff.ts';
import { classRecordOf, KIND_CLASS } from './graph/heap-graph.ts';
import { isHeapdropError } from './errors.ts';

/** Nodes retaining less than this share of the heap are counted under their parent's path but not walked into. */
const WALK_FRACTION = 1 / 20_000;
/** A row goes down to its child path while that child holds at least this share of the row's growth. */
const DESCEND_SHARE = 0.8;
/** Outgoing references read per parent when naming the fields of a row's path. */
const FIELD_SCAN = 20_000;

/** Package prefixes of the platform: classes outside them are the program's own. */
const PLATFORM = /^(java|javax|jdk|sun|com\.sun|org\.w3c|org\.xml|org\.ietf)\./;
const PRIMITIVES = new Set(['boolean', 'byte', 'char', 'short', 'int', 'long', 'float', 'double']);

export interface TreeDiffStep {
  /** The field (or array element, "[i]") through which the previous step references this one, when it does. */
  field: string | null;
  className: string;
}

export interface TreeDiffRow {
  /** From the top of the dominator tree down to the row. */
  path: TreeDiffStep[];
  /** Objects on this path in each dump, and the change. */
  objects: { baseline: number; current: number; delta: number };
  retained: { baseline: number; current: number; delta: number };
  /** The class directly below the row whose object count grew most, with that growth ("4,000 more Session"). */
  grewMost: { className: string; objects: number; retainedBytes: number } | null;
}

export interface TreeDiff {
  rows: TreeDiffRow[];
  /** Set when the two dumps do not look like one program (few of their own classes in common). */
  warning: string | null;
  /** The program's own class names: in both, and in either. */
  sharedApplicationClasses: number;
  applicationClasses: number;
  /** Paths were matched by classes and fields (false: by classes only, a dump could not be read). */
  fieldsMatched: boolean;
  /** The growth of the nodes asked for (diffTrees's `nodes`). */
  growth: NodeGrowth[];
}

interface PathStats {
  parent: number;
  /** The field through which the parent path's object holds this one ("" when it does not itself), or null when
   *  paths are classes only. */
  field: string | null;
  className: string;
  objects: [number, number];
  retained: [number, number];
  /** A node of this path in the current dump (for naming fields), or -1. */
  sample: number;
}

/** Paths by id; `byKey` interns (parent id, class name). */
class PathTable {
  readonly paths: PathStats[] = [];
  private readonly byKey = new Map<string, number>();

  intern(parent: number, field: string | null, className: string): number {
    const key = `${parent}\u0000${field ?? ''}\u0000${className}`;
    let id = this.byKey.get(key);
    if (id === undefined) {
      id = this.paths.length;
      this.paths.push({ parent, field, className, objects: [0, 0], retained: [0, 0], sample: -1 });
      this.byKey.set(key, id);
    }
    return id;
  }
}

/** Array elements by any index are one step ("[3]" and "[70]" of a table are the same place). */
function fieldKey(names: string): string {
  return names.replace(/\[\d+\]/g, '[]');
}

/** Walks one dominator tree from its top, adding each node to its path's sums (side 0: baseline, 1: current);
 *  `fields`: the path steps name the field from the dominator (one read of each walked parent). */
async function walk(a: HeapAnalysis, side: 0 | 1, table: PathTable, fields: boolean, pathOf?: Map<number, number>): Promise<void> {
  const g = a.graph;
  const classes = g.parsed.classes;
  const threshold = a.summary().usedHeapBytes * WALK_FRACTION;
  const stack: Array<[parentNode: number, parentPath: number]> = [[-1, -1]];
  while (stack.length > 0) {
    const [node, pathId] = stack.pop()!;
    const children = g.sortedChildren(node);
    const names = fields && node >= 0 ? await a.referenceNames(node, Array.from(children)) : null;
    for (let i = 0; i < children.length; i++) {
      const v = children[i];
      // A class object stands for its class ("class Foo"): its static fields hold what is below it.
      const record = g.kindByIndex[v] === KIND_CLASS ? classRecordOf(g.ordinalByIndex, v) : -1;
      const className = record >= 0 ? `class ${classes[record].name}` : classes[g.classByIndex[v]].name;
      const field = !fields ? null : names === null ? '' : fieldKey(names[i]);
      const id = table.intern(pathId, field, className);
      const p = table.paths[id];
      p.objects[side]++;
      p.retained[side] += g.retainedByIndex[v];
      if (side === 1 && p.sample < 0) p.sample = v;
      if (pathOf?.has(v)) pathOf.set(v, id);
      // Children are sorted by retained size: the small ones are counted, not walked into.
      if (g.retainedByIndex[v] >= threshold) stack.push([v, id]);
    }
  }
}

function applicationClasses(a: HeapAnalysis): Set<string> {
  const out = new Set<string>();
  for (const r of a.histogram()) {
    // An array counts as its element class; primitive arrays are the platform's.
    const name = r.className.replace(/(\[\])+$/, '');
    if (r.instances > 0 && !PLATFORM.test(name) && !PRIMITIVES.has(name) && !name.includes('$$Lambda')) out.add(name);
  }
  return out;
}

/** The field through which `parent` references `child` in `a`, or null. */
async function fieldBetween(a: HeapAnalysis, parent: number, child: number): Promise<string | null> {
  if (parent < 0) return null;
  for (let offset = 0; offset < FIELD_SCAN; offset += 1000) {
    const page = await a.outgoing(parent, offset, 1000);
    const hit = page.items.find((r) => r.object.index === child);
    if (hit !== undefined) return hit.field;
    if (offset + page.items.length >= page.total) break;
  }
  return null;
}

export type { NodeGrowth } from './api.ts';

/** Compares `current` with `baseline` (two analyses of dumps of one program); at most `top` rows. `nodes`: nodes of
 *  the current dump (a treemap's boxes) to give their growth (`growth`; nodes the walk does not reach are left out). */
export async function diffTrees(baseline: HeapAnalysis, current: HeapAnalysis, top = 20, nodes: number[] = []): Promise<TreeDiff> {
  let table = new PathTable();
  let fields = true;
  const pathOf = new Map<number, number>(nodes.map((v) => [v, -1]));
  try {
    await walk(baseline, 0, table, true);
    await walk(current, 1, table, true, pathOf);
  } catch (e) {
    // A dump that cannot be read (a baseline reopened without its file): classes only, on both sides.
    if (!isHeapdropError(e) || e.code !== 'IO') throw e;
    fields = false;
    table = new PathTable();
    for (const v of nodes) pathOf.set(v, -1);
    await walk(baseline, 0, table, false);
    await walk(current, 1, table, false, pathOf);
  }
  const growth: NodeGrowth[] = [];
  for (const [v, id] of pathOf) {
    if (id < 0) continue;
    const p = table.paths[id];
    const share = p.retained[1] > 0 ? current.graph.retainedByIndex[v] / p.retained[1] : 0;
    growth.push({ index: v, baseline: p.retained[0] * share, current: p.retained[1] * share });
  }
  const paths = table.paths;
  const delta = (p: PathStats) => p.retained[1] - p.retained[0];
  const childrenOf = new Map<number, number[]>();
  for (let id = 0; id < paths.length; id++) {
    const list = childrenOf.get(paths[id].parent);
    if (list) list.push(id);
    else childrenOf.set(paths[id].parent, [id]);
  }
  // Each path that grew, taken down to where its growth accumulates; a path reached from several is listed once.
  const rows = new Set<number>();
  const candidates = paths.map((_, id) => id).filter((id) => delta(paths[id]) > 0);
  candidates.sort((x, y) => delta(paths[y]) - delta(paths[x]));
  for (const start of candidates) {
    if (rows.size >= top) break;
    // The child path holding most of a path's growth, if it holds DESCEND_SHARE of it and is one object (a path of
    // many objects is what grew inside a collection: the row stops above it).
    const heir = (id: number): number => {
      let best = -1;
      for (const k of childrenOf.get(id) ?? []) if (best < 0 || delta(paths[k]) > delta(paths[best])) best = k;
      return best >= 0 && delta(paths[best]) >= DESCEND_SHARE * delta(paths[id]) && paths[best].objects[1] === 1 ? best : -1;
    };
    let id = start;
    for (let next = heir(id); next >= 0; next = heir(id)) {
      // An object's array (a list's elementData, a map's table) is its storage: go through it only when the growth
      // goes on into one of its elements; otherwise the row is the collection that owns the array.
      if (paths[next].className.endsWith('[]') && !paths[id].className.startsWith('class ') && heir(next) < 0) break;
      id = next;
    }
    // Inside a row already listed (its storage array, its elements): part of that row's growth.
    let inside = false;
    for (let up = id; up >= 0 && !inside; up = paths[up].parent) inside = rows.has(up);
    if (!inside) rows.add(id);
  }
  const ordered = [...rows].sort((x, y) => delta(paths[y]) - delta(paths[x]));

  const out: TreeDiffRow[] = [];
  for (const id of ordered) {
    const chain: number[] = [];
    for (let up = id; up >= 0; up = paths[up].parent) chain.unshift(up);
    const path: TreeDiffStep[] = [];
    // Fields from the current dump: a sample node of each step and its dominator (the previous step's sample
    // is not necessarily that node's dominator, so the dominator itself is asked).
    for (const step of chain) {
      const p = paths[step];
      let field: string | null = p.field === '' ? null : p.field;
      if (!fields && p.sample >= 0 && p.parent >= 0) {
        const dominator = current.graph.idomByIndex[p.sample];
        field = await fieldBetween(current, dominator === 0xffffffff ? -1 : dominator, p.sample);
      }
      path.push({ field, className: p.className });
    }
    let grewMost: TreeDiffRow['grewMost'] = null;
    // Below the row, or below its storage array: what it holds more of.
    const below = (childrenOf.get(id) ?? []).flatMap((k) => [k, ...(childrenOf.get(k) ?? [])]);
    for (const k of below) {
      const grown = paths[k].objects[1] - paths[k].objects[0];
      if (grown > 0 && (grewMost === null || grown > grewMost.objects)) {
        grewMost = { className: paths[k].className, objects: grown, retainedBytes: paths[k].retained[1] - paths[k].retained[0] };
      }
    }
    const p = paths[id];
    out.push({
      path,
      objects: { baseline: p.objects[0], current: p.objects[1], delta: p.objects[1] - p.objects[0] },
      retained: { baseline: p.retained[0], current: p.retained[1], delta: delta(p) },
      grewMost,
    });
  }

  const before = applicationClasses(baseline);
  const now = applicationClasses(current);
  let shared = 0;
  for (const c of now) if (before.has(c)) shared++;
  const union = before.size + now.size - shared;
  const warning =
    union > 0 && shared / union < 0.5
      ? `These dumps do not look like one program: of ${union} application classes, ${shared} are in both. A diff compares two dumps of the same service.`
      : null;
  return { rows: out, warning, sharedApplicationClasses: shared, applicationClasses: union, fieldsMatched: fields, growth };
}

export interface ClassDiffRow {
  className: string;
  instances: number;
  shallowBytes: number;
  /** Change of MAT's minimum retained size of the class's objects. */
  retainedBytes: number;
}

/** The change of each class by name (objects, shallow and retained bytes), largest shallow growth first. */
export function diffClasses(
  baseline: HistogramRow[],
  current: HistogramRow[],
): { rows: ClassDiffRow[]; total: Comparison['total']; gone: Comparison['gone'] } {
  const c = compareHistograms(current, baseline);
  const retainedByName = (rows: HistogramRow[]): Map<string, number> => {
    const m = new Map<string, number>();
    for (const r of rows) m.set(r.className, (m.get(r.className) ?? 0) + (r.retainedBytes ?? 0));
    return m;
  };
  const before = retainedByName(baseline);
  const after = retainedByName(current);
  const rows = [...c.byName].map(([className, d]) => ({
    className,
    instances: d.instances,
    shallowBytes: d.shallowBytes,
    retainedBytes: (after.get(className) ?? 0) - (before.get(className) ?? 0),
  }));
  rows.sort((a, b) => b.shallowBytes - a.shallowBytes || b.instances - a.instances || (a.className < b.className ? -1 : 1));
  return { rows, total: c.total, gone: c.gone };
}
