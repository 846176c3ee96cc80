// Shortest path from a GC root to an object: breadth-first search backwards over referrers, level by level, that
// stops at the first GC root reached. Typed-array queue with parent positions and a visited bitmap: memory is
// proportional to the nodes visited (plus n/8 bytes), never a JS object per node.
// excludeWeak skips java.lang.ref.Reference.referent, as MAT's "exclude weak/soft references" paths.

import type { PathStep } from '../api.ts';
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

export async function pathToRoots(
  ctx: QueryContext,
  reverse: ReverseIndex,
  weakEdges: WeakEdges,
  index: ObjectIndex,
  excludeWeak: boolean,
): Promise<PathStep[] | null> {
  ctx.assertIndex(index);
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
    const deferredFrom: number[] = [];
    const deferredParent: number[] = [];
    for (; head < levelEnd && found < 0; head++) {
      const t = queue.nodes[head];
      // The referrers in increasing order (for a class object, its class's nodes merged in).
      const referrers = referrerRange(g, reverse, t, 0, Number.MAX_SAFE_INTEGER);
      for (let i = 0; i < referrers.length; i++) {
        const r = referrers[i];
        if (visited[r >>> 5] & (1 << (r & 31))) continue;
        if (excludeWeak && ctx.isInstance(r) && ctx.classes.isReference(g.classByIndex[r])) {
          deferredFrom.push(r);
          deferredParent.push(head);
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
    if (found >= 0 || deferredFrom.length === 0) continue;
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

  // queue position chain: root -> ... -> the object (position 0).
  const chain: ObjectIndex[] = [];
  for (let p = found; p >= 0; p = queue.parents[p]) chain.push(queue.nodes[p]);
  const steps: PathStep[] = chain.map((v) => ({ object: ctx.row(v), field: null }));
  for (let i = 0; i + 1 < chain.length; i++) {
    const sync = edgeNamesSync(ctx, chain[i], chain[i + 1]);
    const names = sync ?? (await edgeNames(ctx, chain[i], chain[i + 1]));
    const usable = excludeWeak ? names.filter((n) => !n.referent) : names;
    steps[i].field = joinNames(usable.length > 0 ? usable : names);
  }
  await fillLabels(
    ctx,
    steps.map((s) => s.object),
  );
  return steps;
}
