// Android: the dominator tree limited to one heap (app, image, zygote, ...), as ahat and Android Studio show it.
// A node's children are those that retain bytes in that heap, largest part first, each with its part (the
// semantics: docs/mat-semantics.md, "Android heaps"). A heap's column is made on the first question about it.
import type { ObjectRow, Page } from '../api.ts';
import { heapByIndex, retainedInHeap } from '../dominators/heap-retained.ts';
import type { Bytes, ObjectIndex } from '../units.ts';
import { pageBounds, type QueryContext } from './context.ts';

export type HeapRow = ObjectRow & { heapRetainedBytes: Bytes; inHeap: boolean };

export class HeapDominators {
  private heapOf: Int8Array | null = null;
  private readonly columns = new Map<number, Float64Array>();
  /** The last list asked for: paging through one node's children sorts them once. */
  private last: { heap: number; parent: ObjectIndex; list: ObjectIndex[] } | null = null;

  constructor(private readonly ctx: QueryContext) {}

  /** Retained bytes in `heap` by node; a RangeError for a dump without heaps or a heap it does not have. */
  column(heap: number): Float64Array {
    const heaps = this.ctx.graph.parsed.heaps;
    if (heaps === undefined) throw new RangeError('this dump has no Android heaps');
    if (!Number.isInteger(heap) || heap < 0 || heap >= heaps.names.length) throw new RangeError(`no heap ${heap} in this dump`);
    let column = this.columns.get(heap);
    if (!column) {
      column = retainedInHeap(this.ctx.graph, this.heapByNode(), heap);
      this.columns.set(heap, column);
    }
    return column;
  }

  /** The heap of each node (an index into the dump's heap names, -1 for none). */
  heapByNode(): Int8Array {
    const g = this.ctx.graph;
    if (g.parsed.heaps === undefined) throw new RangeError('this dump has no Android heaps');
    return (this.heapOf ??= heapByIndex(g, g.parsed.heaps));
  }

  /** A node's children that retain bytes in `heap`, largest part first (ties by index). */
  sortedChildren(heap: number, parent: ObjectIndex): ObjectIndex[] {
    const part = this.column(heap);
    if (parent !== -1) this.ctx.assertIndex(parent);
    let last = this.last;
    if (!last || last.heap !== heap || last.parent !== parent) {
      const list = Array.from(this.ctx.graph.sortedChildren(parent)).filter((v) => part[v] > 0);
      list.sort((a, b) => part[b] - part[a] || a - b);
      last = this.last = { heap, parent, list };
    }
    return last.list;
  }

  children(heap: number, parent: ObjectIndex, offset: number, limit: number): Page<HeapRow> {
    const part = this.column(heap);
    const list = this.sortedChildren(heap, parent);
    const { start, end } = pageBounds(offset, limit, list.length);
    const items: HeapRow[] = [];
    const heapOf = this.heapByNode();
    for (let i = start; i < end; i++) {
      const v = list[i];
      items.push({ ...this.ctx.row(v), heapRetainedBytes: part[v], inHeap: heapOf[v] === heap });
    }
    return { offset: start, total: list.length, items };
  }
}
