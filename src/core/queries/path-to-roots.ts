// Shortest path from a GC root to an object: breadth-first search backwards over referrers, level by level, that
// stops at the first GC root reached. Typed-array queue with parent positions and a visited bitmap: memory is
// proportional to the nodes visited (plus n/8 bytes), never a JS object per node.
// excludeWeak skips java.lang.ref.Reference.referent, as MAT's "exclude weak/soft references" paths.

import type { PathStep, PathWindow, PathWindowOptions } from '../api.ts';
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

  get(index: ObjectIndex, excludeWeak: boolean): Uint32Array | null | undefined {
    return this.key === `${index}:${excludeWeak}` ? this.nodes : undefined;
  }

  set(index: ObjectIndex, excludeWeak: boolean, nodes: Uint32Array | null): void {
    this.key = `${index}:${excludeWeak}`;
    this.nodes = nodes;
  }
}

/**
 * The shortest path from a GC root to `index` (root first), a window of it: rows, field names and labels only for
 * the window's steps. The search visits what it must (O(nodes visited) in typed arrays); the path is kept as one
 * Uint32Array in `last` for the next page of the same path.
 */
export async function pathToRoots(
  ctx: QueryContext,
  reverse: ReverseIndex,
  weakEdges: WeakEdges,
  index: ObjectIndex,
  excludeWeak: boolean,
  wanted?: PathWindowOptions,
  last?: LastPath,
): Promise<PathWindow<PathStep> | null> {
  ctx.assertIndex(index);
  let chain = last?.get(index, excludeWeak);
  if (chain === undefined) {
    chain = await searchPath(ctx, reverse, weakEdges, index, excludeWeak);
    last?.set(index, excludeWeak, chain);
  }
  if (chain === null) return null;
  const r = windowRanges(chain.length, wanted);
  const stepsOf = async (from: number, to: number): Promise<PathStep[]> => {
    const steps: PathStep[] = [];
    for (let p = from; p < to; p++) {
      let field: string | null = null;
      if (p + 1 < chain.length) {
        const names = edgeNamesSync(ctx, chain[p], chain[p + 1]) ?? (await edgeNames(ctx, chain[p], chain[p + 1]));
        const usable = excludeWeak ? names.filter((n) => !n.referent) : names;
        field = joinNames(usable.length > 0 ? usable : names);
      }
      steps.push({ object: ctx.row(chain[p]), field });
    }
    return steps;
  };
  const head = await stepsOf(r.offset, r.headEnd);
  const tail = await stepsOf(r.tailStart, r.length);
  await fillLabels(ctx, [...head, ...tail].map((s) => s.object));
  return { length: r.length, offset: r.offset, head, tail };
}

/** The whole shortest path as indices, the GC root first (the object last), or null when none exists. */
async function searchPath(ctx: QueryContext, reverse: ReverseIndex, weakEdges: WeakEdges, index: ObjectIndex, excludeWeak: boolean): Promise<Uint32Array | null> {
  const g = ctx.graph;
  const roots = g.rootTypesByIndex;
  const visited = new Uint32Array((g.nodeCount + 31) >>> 5);
  const queue = new SearchQueue();
  queue.push(index, -1);
  visited[index >>> 5] |= 1 << (index & 31);
  let found = roots.has(index) ? 0 : -1;
  let head = 0;

  while (found < 0 && head < queue.length) {
    const levelEnd = queue.length;
    // Referrers that are Reference instances: decided after the level, since deciding may need a read.
    let deferredFrom: number[] | null = null;
    let deferredParent: number[] | null = null;
    for (; head < levelEnd && found < 0; head++) {
      const t = queue.nodes[head];
      // The referrers in increasing order (for a class object, its class's nodes merged in).
      const referrers = referrerRange(g, reverse, t, 0, Number.MAX_SAFE_INTEGER);
      for (let i = 0; i < referrers.length; i++) {
        const r = referrers[i];
        if (visited[r >>> 5] & (1 << (r & 31))) continue;
        if (excludeWeak && ctx.isInstance(r) && ctx.classes.isReference(g.classByIndex[r])) {
          (deferredFrom ??= []).push(r);
          (deferredParent ??= []).push(head);
          continue;
        }
        visited[r >>> 5] |= 1 << (r & 31);
        const pos = queue.push(r, head);
        if (roots.has(r)) {
          found = pos;
          break;
        }
      }
    }
    if (found >= 0 || deferredFrom === null || deferredParent === null) continue;
    const weakTargets = await Promise.all(deferredFrom.map((r) => weakEdges.weakOnlyTarget(ctx, r)));
    for (let k = 0; k < deferredFrom.length; k++) {
      const r = deferredFrom[k];
      if (weakTargets[k] === queue.nodes[deferredParent[k]] || visited[r >>> 5] & (1 << (r & 31))) continue;
      visited[r >>> 5] |= 1 << (r & 31);
      const pos = queue.push(r, deferredParent[k]);
      if (roots.has(r)) {
        found = pos;
        break;
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
