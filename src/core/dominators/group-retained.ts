// MAT's "minimum retained size" of a group of classes (a package, a class loader's classes): the sum of the
// retained sizes of the group's objects that have no dominator-tree ancestor in the group, each object counted
// once. For a group of one class it is the class's own minimum retained size (its instances and its class object,
// as graph/class-retained.ts counts them), and, like it, a lower bound of the group's retained set: the objects
// that only the group keeps alive together, but none of them alone, are not in it.
//
// Works in node space from the idom column, so a reopened analysis answers it too: one bottom-up pass (leaves
// first, as heap-retained.ts does) gives subtree sizes, the same order reversed places each node in a preorder of
// the dominator tree (its subtree occupies [position, end)), and one sweep in that order per layer of disjoint
// groups keeps, per group, the end of the last counted object's subtree: in preorder an object lies under an
// earlier member of its group iff it lies under the last counted one (subtrees nest or are disjoint).
// Memory: up to 20 bytes per node while the order is built, 8 while the groups are swept. A caller in a worker passes
// `checkpoint`, called every 64 Ki nodes of each loop, to let other queries run (a long pass's PassControl).

import { childrenFirstOrder } from './children.ts';
import { NO_NODE } from './types.ts';

/** The node columns the pass reads (a HeapGraph's). */
export interface GroupRetainedColumns {
  nodeCount: number;
  idomByIndex: Uint32Array;
  retainedByIndex: Float64Array | Uint32Array;
  /** The class of each node (class objects: java.lang.Class). */
  classByIndex: Uint16Array | Uint32Array;
  /** A class object's own class (it counts with that class too), or -1 for any other node. */
  ownClassOf(node: number): number;
}

/** Each node's position in a preorder of the dominator forest, and the end of its subtree's positions. */
interface DominatorOrder {
  /** order[position] = node. */
  order: Uint32Array;
  /** endByNode[v]: the first position after v's subtree. */
  endByNode: Uint32Array;
}

/** Called every CHECK_EVERY nodes; a returned promise is awaited (the scheduler's turn for other work). */
export type Checkpoint = (done: number) => Promise<void> | undefined;

const CHECK_EVERY = 1 << 16;

async function dominatorOrder(idom: Uint32Array, n: number, checkpoint: Checkpoint): Promise<DominatorOrder> {
  const size = new Uint32Array(n).fill(1);
  // Children before parents: subtree sizes add up.
  const { order: queue, count: tail } = childrenFirstOrder(idom, n);
  for (let head = 0; head < tail; head++) {
    if ((head & (CHECK_EVERY - 1)) === 0) await checkpoint(head);
    const v = queue[head];
    const d = idom[v];
    if (d !== NO_NODE && d < n) size[d] += size[v];
  }
  // Parents before children (the queue reversed): a node takes the next free position under its parent, and its
  // own children start just after it. `nextFree` holds each placed node's next free position, and `size` becomes
  // the end of each node's subtree.
  const nextFree = new Uint32Array(n);
  const position = new Uint32Array(n).fill(NO_NODE);
  let nextTop = 0;
  for (let i = tail - 1; i >= 0; i--) {
    if ((i & (CHECK_EVERY - 1)) === 0) await checkpoint(tail - i);
    const v = queue[i];
    const d = idom[v];
    let at: number;
    if (d === NO_NODE || d >= n) {
      at = nextTop;
      nextTop += size[v];
    } else {
      at = nextFree[d];
      nextFree[d] += size[v];
    }
    position[v] = at;
    nextFree[v] = at + 1;
    size[v] += at;
  }
  // A cycle in the column (a damaged analysis) leaves nodes out of the queue: they are left out of the order.
  const order = queue.fill(NO_NODE);
  for (let v = 0; v < n; v++) if (position[v] !== NO_NODE) order[position[v]] = v;
  return { order, endByNode: size };
}

/**
 * Minimum retained bytes of each group (a list of class indices; groups may overlap, as nested packages do).
 * Classes outside 0..classCount-1 are ignored.
 */
export async function minRetainedByGroup(
  g: GroupRetainedColumns,
  groups: readonly (readonly number[])[],
  classCount: number,
  checkpoint: Checkpoint = () => undefined,
): Promise<number[]> {
  const result = new Array<number>(groups.length).fill(0);
  if (groups.length === 0) return result;
  // Layers of disjoint groups: one sweep each.
  const layers: { groupOfClass: Int32Array; members: number[] }[] = [];
  for (let gi = 0; gi < groups.length; gi++) {
    const classes = groups[gi].filter((c) => Number.isInteger(c) && c >= 0 && c < classCount);
    let layer = layers.find((l) => classes.every((c) => l.groupOfClass[c] < 0));
    if (layer === undefined) {
      layer = { groupOfClass: new Int32Array(classCount).fill(-1), members: [] };
      layers.push(layer);
    }
    for (const c of classes) layer.groupOfClass[c] = gi;
    layer.members.push(gi);
  }
  const n = g.nodeCount;
  const { order, endByNode } = await dominatorOrder(g.idomByIndex, n, checkpoint);
  const countedEnd = new Uint32Array(groups.length);
  for (const { groupOfClass } of layers) {
    for (let p = 0; p < n; p++) {
      if ((p & (CHECK_EVERY - 1)) === 0) await checkpoint(p);
      const v = order[p];
      if (v === NO_NODE) continue;
      const c = g.classByIndex[v];
      const first = c < classCount ? groupOfClass[c] : -1;
      const own = g.ownClassOf(v);
      const second = own >= 0 && own < classCount ? groupOfClass[own] : -1;
      if (first >= 0 && p >= countedEnd[first]) {
        result[first] += g.retainedByIndex[v];
        countedEnd[first] = endByNode[v];
      }
      if (second >= 0 && second !== first && p >= countedEnd[second]) {
        result[second] += g.retainedByIndex[v];
        countedEnd[second] = endByNode[v];
      }
    }
  }
  return result;
}
