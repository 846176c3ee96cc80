// Shortest path from a GC root to an object: breadth-first search backwards over referrers, level by level, that
// stops at the first GC root reached. Typed-array queue with parent positions and a visited bitmap: memory is
// proportional to the nodes visited (plus n/8 bytes), never a JS object per node.
// excludeWeak skips java.lang.ref.Reference.referent, as MAT's "exclude weak/soft references" paths; `exclude`
// leaves out the references of given classes, or of given fields of them (MAT's "Path to GC roots with excludes");
// `nth` asks for a later path (MAT's "next path").

import type { PathExclude, PathStep } from '../api.ts';
import type { ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { edgeNames, edgeNamesSync, joinNames } from './edge-names.ts';
import { readInstance, refAt } from './instance-fields.ts';
import { fillLabels } from './labels.ts';
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
 * The path from a GC root to `index` (root first): the shortest, or with `nth` > 0 the (nth+1)-th GC root the
 * backward breadth-first search meets, by the route it met it through (Eclipse MAT's "next path": each is a
 * different root reached by a distinct route, in order of length; a root ends a path, it is not searched past).
 * References named in `exclude` are not followed. null when there is no such path.
 */
export async function pathToRoots(
  ctx: QueryContext,
  reverse: ReverseIndex,
  weakEdges: WeakEdges,
  index: ObjectIndex,
  excludeWeak: boolean,
  nth = 0,
  exclude: readonly PathExclude[] = [],
): Promise<PathStep[] | null> {
  ctx.assertIndex(index);
  if (!Number.isInteger(nth) || nth < 0) throw new RangeError(`path number ${nth} is not a whole number from 0`);
  const g = ctx.graph;
  const roots = g.rootTypesByIndex;
  const excludes = new Excludes(ctx, exclude);
  const visited = new Uint32Array((g.nodeCount + 31) >>> 5);
  const queue = new SearchQueue();
  queue.push(index, -1);
  visited[index >>> 5] |= 1 << (index & 31);
  // Positions of the GC roots met, in order; the search ends once the asked one is met.
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
    const deferredFrom: number[] = [];
    const deferredParent: number[] = [];
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
          deferredFrom.push(r);
          deferredParent.push(head);
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
    if (found >= 0 || deferredFrom.length === 0) continue;
    const usable = await Promise.all(
      deferredFrom.map(async (r, k) => {
        const t = queue.nodes[deferredParent[k]];
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
      const pos = queue.push(r, deferredParent[k]);
      if (roots.has(r)) {
        reached(pos);
        if (found >= 0) break;
      }
    }
  }
  if (found < 0) return null;

  // queue position chain: root -> ... -> the object (position 0).
  const chain: ObjectIndex[] = [];
  for (let p = found; p >= 0; p = queue.parents[p]) chain.push(queue.nodes[p]);
  const steps: PathStep[] = chain.map((v) => ({ object: ctx.row(v), field: null }));
  for (let i = 0; i + 1 < chain.length; i++) {
    const sync = edgeNamesSync(ctx, chain[i], chain[i + 1]);
    const names = sync ?? (await edgeNames(ctx, chain[i], chain[i + 1]));
    const ex = excludes.of(g.classByIndex[chain[i]]);
    const usable = names.filter((n) => !(excludeWeak && n.referent) && !ex?.fields.has(n.name));
    steps[i].field = joinNames(usable.length > 0 ? usable : names);
  }
  await fillLabels(
    ctx,
    steps.map((s) => s.object),
  );
  return steps;
}
