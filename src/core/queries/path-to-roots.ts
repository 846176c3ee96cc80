// Shortest path from a GC root to an object: breadth-first search backwards over referrers, level by level, that
// stops at the first GC root reached. Typed-array queue with parent positions and a visited bitmap: memory is
// proportional to the nodes visited (plus n/8 bytes), never a JS object per node.
// excludeWeak skips java.lang.ref.Reference.referent, as MAT's "exclude weak/soft references" paths; `exclude`
// leaves out the references of given classes, or of given fields of them (MAT's "Path to GC roots with excludes");
// `nth` asks for a later path (MAT's "next path").

import type { PathExclude, PathStep, PathWindow, PathWindowOptions } from '../api.ts';
import type { ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { edgeNames, edgeNamesSync, joinNames } from './edge-names.ts';
import { readInstance, refAt } from './instance-fields.ts';
import { fillLabels } from './labels.ts';
import { windowRanges } from './long-paths.ts';
import { referrerRange, type ReverseIndex } from './reverse-index.ts';

/** A growable queue of (node, position of the node that discovered it). */
class SearchQueue {
  nodes = new Uint32Array(1024);
  parents = new Int32Array(1024);
  length = 0;

  push(node: number, parent: number): number {
    if (this.length === this.nodes.length) {
      const nodes = new Uint32Array(this.length * 2);
      nodes.set(this.nodes);
      const parents = new Int32Array(this.length * 2);
      parents.set(this.parents);
      this.nodes = nodes;
      this.parents = parents;
    }
    this.nodes[this.length] = node;
    this.parents[this.length] = parent;
    return this.length++;
  }
}

/**
 * For Reference instances: the object each one holds only through `referent` (no other field, no <class> edge),
 * or -1. One read per Reference instance, cached across queries: a search meets the same WeakHashMap entries again.
 */
export class WeakEdges {
  private readonly targetByReference = new Map<ObjectIndex, ObjectIndex>();

  async weakOnlyTarget(ctx: QueryContext, ref: ObjectIndex): Promise<ObjectIndex> {
    const cached = this.targetByReference.get(ref);
    if (cached !== undefined) return cached;
    let target = -1;
    try {
      const inst = await readInstance(ctx, ref);
      const idSize = ctx.parsed.idSize;
      const referentPos = ctx.classes.referentPosition(ctx.graph.classByIndex[ref]);
      const referentId = refAt(inst, referentPos, idSize);
      const t = ctx.indexOfId(referentId);
      const heldElsewhere =
        t < 0 ||
        ctx.classObjectOf(ref) === t ||
        inst.layout.refFieldPositions.some((pos) => pos !== referentPos && refAt(inst, pos, idSize) === referentId) ||
        ctx.pseudoEdgesFrom(ref).some((e) => e.to === t);
      if (!heldElsewhere) target = t;
    } catch {
      // Unreadable referrer (truncated dump): keep its edges rather than hide a path.
      target = -1;
    }
    this.targetByReference.set(ref, target);
    return target;
  }
}

/** The last search's path (the GC root first), kept so that paging through a long path does not search again. */
export class LastPath {
  private key = '';
  private nodes: Uint32Array | null = null;

  get(key: string): Uint32Array | null | undefined {
    return this.key === key ? this.nodes : undefined;
  }

  set(key: string, nodes: Uint32Array | null): void {
    this.key = key;
    this.nodes = nodes;
  }
}

/** Which path to search for: the shortest (nth 0) or a later one, and the references left out. */
export interface PathSearch {
  nth?: number;
  exclude?: readonly PathExclude[];
}

/** A path's excludes resolved against the dump's classes: per ClassIndex, whether all of its objects' references
 *  are excluded, or which field names are. A class inherits the excludes of its superclasses. */
class Excludes {
  private readonly byClass = new Map<number, { all: boolean; fields: Set<string> } | null>();
  constructor(
    private readonly ctx: QueryContext,
    private readonly list: readonly PathExclude[],
  ) {}

  of(classIndex: number): { all: boolean; fields: Set<string> } | null {
    if (this.list.length === 0) return null;
    let found = this.byClass.get(classIndex);
    if (found !== undefined) return found;
    found = null;
    const names = new Set(this.ctx.classes.chain(classIndex).map((c) => this.ctx.parsed.classes[c].name));
    for (const e of this.list) {
      if (!names.has(e.className)) continue;
      found ??= { all: false, fields: new Set() };
      if (e.field === undefined) found.all = true;
      else found.fields.add(e.field);
    }
    this.byClass.set(classIndex, found);
    return found;
  }
}

/**
 * A path from a GC root to `index` (root first), a window of it: rows, field names and labels only for the
 * window's steps. The shortest, or with `wanted.nth` > 0 the (nth+1)-th GC root the backward breadth-first search
 * meets, by the route it met it through (Eclipse MAT's "next path": each a different root reached by a distinct
 * route, in order of length; a root ends a path, it is not searched past); references named in `wanted.exclude`
 * are not followed. The search visits what it must (O(nodes visited) in typed arrays); the path is kept as one
 * Uint32Array in `last` for the next page of the same path.
 */
export async function pathToRoots(
  ctx: QueryContext,
  reverse: ReverseIndex,
  weakEdges: WeakEdges,
  index: ObjectIndex,
  excludeWeak: boolean,
  wanted?: PathWindowOptions & PathSearch,
  last?: LastPath,
): Promise<PathWindow<PathStep> | null> {
  ctx.assertIndex(index);
  const nth = wanted?.nth ?? 0;
  if (!Number.isInteger(nth) || nth < 0) throw new RangeError(`path number ${nth} is not a whole number from 0`);
  const excludes = new Excludes(ctx, wanted?.exclude ?? []);
  const key = `${index}:${excludeWeak}:${nth}:${JSON.stringify(wanted?.exclude ?? [])}`;
  let chain = last?.get(key);
  if (chain === undefined) {
    chain = await searchPath(ctx, reverse, weakEdges, index, excludeWeak, nth, excludes);
    last?.set(key, chain);
  }
  if (chain === null) return null;
  const r = windowRanges(chain.length, wanted);
  const stepsOf = async (from: number, to: number): Promise<PathStep[]> => {
    const steps: PathStep[] = [];
    for (let p = from; p < to; p++) {
      let field: string | null = null;
      if (p + 1 < chain.length) {
        const names = edgeNamesSync(ctx, chain[p], chain[p + 1]) ?? (await edgeNames(ctx, chain[p], chain[p + 1]));
        const ex = excludes.of(ctx.graph.classByIndex[chain[p]]);
        const usable = names.filter((n) => !(excludeWeak && n.referent) && !ex?.fields.has(n.name));
        field = joinNames(usable.length > 0 ? usable : names);
      }
      steps.push({ object: ctx.row(chain[p]), field });
    }
    return steps;
  };
  const head = await stepsOf(r.offset, r.headEnd);
  const tail = await stepsOf(r.tailStart, r.length);
  await fillLabels(
    ctx,
    [...head, ...tail].map((s) => s.object),
  );
  return { length: r.length, offset: r.offset, head, tail };
}

/** The whole path as indices, the GC root first (the object last), or null when none exists. */
async function searchPath(
  ctx: QueryContext,
  reverse: ReverseIndex,
  weakEdges: WeakEdges,
  index: ObjectIndex,
  excludeWeak: boolean,
  nth: number,
  excludes: Excludes,
): Promise<Uint32Array | null> {
  const g = ctx.graph;
  const roots = g.rootTypesByIndex;
  const visited = new Uint32Array((g.nodeCount + 31) >>> 5);
  const queue = new SearchQueue();
  queue.push(index, -1);
  visited[index >>> 5] |= 1 << (index & 31);
  // GC roots met so far; the search ends once the asked one is met.
  let met = roots.has(index) ? 1 : 0;
  let found = met > nth ? 0 : -1;
  const reached = (pos: number): void => {
    if (met++ === nth) found = pos;
  };
  let head = 0;

  while (found < 0 && head < queue.length) {
    const levelEnd = queue.length;
    // Referrers that are Reference instances, or whose class has excluded fields: decided after the level, since
    // deciding may need a read.
    let deferredFrom: number[] | null = null;
    let deferredParent: number[] | null = null;
    for (; head < levelEnd && found < 0; head++) {
      const t = queue.nodes[head];
      // A GC root ends its path: the search does not go past it (the object itself excepted).
      if (head > 0 && roots.has(t)) continue;
      // The referrers in increasing order (for a class object, its class's nodes merged in).
      const referrers = referrerRange(g, reverse, t, 0, Number.MAX_SAFE_INTEGER);
      for (let i = 0; i < referrers.length; i++) {
        const r = referrers[i];
        if (visited[r >>> 5] & (1 << (r & 31))) continue;
        const ex = excludes.of(g.classByIndex[r]);
        if (ex?.all) continue;
        if (ex !== null || (excludeWeak && ctx.isInstance(r) && ctx.classes.isReference(g.classByIndex[r]))) {
          (deferredFrom ??= []).push(r);
          (deferredParent ??= []).push(head);
          continue;
        }
        visited[r >>> 5] |= 1 << (r & 31);
        const pos = queue.push(r, head);
        if (roots.has(r)) {
          reached(pos);
          if (found >= 0) break;
        }
      }
    }
    if (found >= 0 || deferredFrom === null || deferredParent === null) continue;
    const parents = deferredParent;
    const usable = await Promise.all(
      deferredFrom.map(async (r, k) => {
        const t = queue.nodes[parents[k]];
        const ex = excludes.of(g.classByIndex[r]);
        if (ex === null) return (await weakEdges.weakOnlyTarget(ctx, r)) !== t;
        const names = await edgeNames(ctx, r, t).catch(() => []);
        return names.length === 0 || names.some((n) => !ex.fields.has(n.name) && !(excludeWeak && n.referent));
      }),
    );
    for (let k = 0; k < deferredFrom.length; k++) {
      const r = deferredFrom[k];
      if (!usable[k] || visited[r >>> 5] & (1 << (r & 31))) continue;
      visited[r >>> 5] |= 1 << (r & 31);
      const pos = queue.push(r, parents[k]);
      if (roots.has(r)) {
        reached(pos);
        if (found >= 0) break;
      }
    }
  }
  if (found < 0) return null;
  // Queue positions from the root (found) through each node's discoverer to the object (position 0).
  let length = 0;
  for (let p = found; p >= 0; p = queue.parents[p]) length++;
  const chain = new Uint32Array(length);
  length = 0;
  for (let p = found; p >= 0; p = queue.parents[p]) chain[length++] = queue.nodes[p];
  return chain;
}
