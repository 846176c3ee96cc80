// Entries of a collection counted on the graph alone, without reading a field: the objects of the layout's node
// classes reachable from the collection (a whole hash bin, or the whole collection).

import type { ClassIndex, ObjectId, ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { type CollectionShape, type LayoutName } from './collection-classes.ts';
import { instanceOf } from './collection-fields.ts';

/** The classes whose objects make up each hashed, linked or tree layout (a subclass counts: TreeNode is a Node). */
const NODE_CLASSES: Partial<Record<LayoutName, string[]>> = {
  HashMap: ['java.util.HashMap$Node', 'java.util.HashMap$Entry'],
  Hashtable: ['java.util.Hashtable$Entry'],
  WeakHashMap: ['java.util.WeakHashMap$Entry'],
  ConcurrentHashMap: [
    'java.util.concurrent.ConcurrentHashMap$Node',
    'java.util.concurrent.ConcurrentHashMap$HashEntry',
    'java.util.concurrent.ConcurrentHashMap$Segment',
  ],
  TreeMap: ['java.util.TreeMap$Entry'],
  LinkedList: ['java.util.LinkedList$Node', 'java.util.LinkedList$Entry'],
};

/** Node classes that hold no entry: ConcurrentHashMap's bin markers and JDK 6/7 segments. */
const NOT_ENTRIES = /\$(TreeBin|ForwardingNode|ReservationNode|Segment)$/;

/**
 * The entries of a hashed, linked or tree layout counted on the graph, with no read of the dump: the entry objects
 * reachable from the collection (its table, or its root/first node) through objects of the layout's node classes
 * and their arrays (ConcurrentHashMap's `nextTable`, a segment's table). Null for other layouts. A key or value
 * that is itself such a node (a map of another map's entries) would be counted too: callers check the count
 * against the size field and walk the entries when they differ.
 */
export function countOnGraph(ctx: QueryContext, index: ObjectIndex, shape: CollectionShape): number | null {
  const layout = shape.layout === 'Properties' && shape.inner < 0 ? 'Hashtable' : shape.layout;
  const start = shape.backing >= 0 && layout !== 'TreeMap' && layout !== 'LinkedList' ? shape.backing : index;
  return entriesOnGraph(ctx, layout, start, shape.header, true);
}

/** The entry objects reachable from `start` through the layout's node classes (and, with `arrays`, their
 *  arrays), `header` and `start` not counted; null for a layout without node classes. */
function entriesOnGraph(ctx: QueryContext, layout: LayoutName, start: ObjectIndex, header: ObjectIndex, arrays: boolean): number | null {
  const names = NODE_CLASSES[layout];
  if (names === undefined) return null;
  const g = ctx.graph;
  const classes = ctx.parsed.classes;
  const isNodeClass = (c: ClassIndex): boolean => ctx.classes.chain(c).some((k) => names.includes(classes[k].name));
  const isNodeArray = (v: ObjectIndex): boolean =>
    arrays && ctx.isObjectArray(v) && names.some((n) => classes[g.classByIndex[v]].name === n + '[]');
  const seen = new Set<ObjectIndex>([start]);
  const stack: ObjectIndex[] = [start];
  let entries = 0;
  while (stack.length > 0) {
    const v = stack.pop()!;
    for (let e = g.succStart[v]; e < g.succStart[v + 1]; e++) {
      const w = g.succ[e];
      if (seen.has(w)) continue;
      if (ctx.isInstance(w) && isNodeClass(g.classByIndex[w])) {
        if (w !== header && !NOT_ENTRIES.test(classes[g.classByIndex[w]].name)) entries++;
      } else if (!isNodeArray(w)) continue;
      seen.add(w);
      stack.push(w);
    }
  }
  return entries;
}

/**
 * The entries of one bin of a hash table counted on the graph, so that a page far into a big map skips whole bins
 * without reading them; null when the bin cannot be counted so (a ConcurrentHashMap ForwardingNode: its entries
 * are in the next table).
 */
export function binEntries(ctx: QueryContext, layout: LayoutName, head: ObjectId): number | null {
  const index = instanceOf(ctx, head);
  if (index < 0) return 0;
  const name = ctx.className(index);
  if (name.endsWith('$ForwardingNode') || name.endsWith('$ReservationNode')) return null;
  const below = entriesOnGraph(ctx, layout, index, -1, false);
  return below === null ? null : below + (NOT_ENTRIES.test(name) ? 0 : 1);
}
