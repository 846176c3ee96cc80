// The GC roots by type (MAT's "GC Roots" query): for each root type (System Class, Thread, JNI Global, Busy
// Monitor, ...), the objects that are roots of that type, their shallow size and what they keep alive together
// (their minimum retained size), and the objects themselves, largest retained first. An object that is a root of
// two types is counted under both, as in MAT. Thread-local records of an announced thread are edges from the
// thread, not roots (graph/roots.ts), so "Java Local" holds only those whose thread the dump does not name.

import type { GcRootTypeRow, ObjectRow, Page } from '../api.ts';
import { ROOT_TYPE_NAMES } from '../graph/roots.ts';
import { pageBounds, type QueryContext } from './context.ts';
import { minRetained } from './min-retained.ts';

/** Root objects by type name, largest retained first; computed once. */
export class GcRootIndex {
  private byType: Map<string, Uint32Array> | null = null;
  private rows: GcRootTypeRow[] | null = null;

  constructor(private readonly ctx: QueryContext) {}

  private objectsByType(): Map<string, Uint32Array> {
    if (this.byType) return this.byType;
    const g = this.ctx.graph;
    const lists = ROOT_TYPE_NAMES.map((): number[] => []);
    for (let v = 0; v < g.nodeCount; v++) {
      const mask = g.rootMaskByIndex[v];
      if (mask === 0) continue;
      for (let b = 0; b < lists.length; b++) if (mask & (1 << b)) lists[b].push(v);
    }
    const retained = g.retainedByIndex;
    this.byType = new Map();
    lists.forEach((list, b) => {
      if (list.length > 0)
        this.byType!.set(
          ROOT_TYPE_NAMES[b],
          Uint32Array.from(list).sort((x, y) => retained[y] - retained[x] || x - y),
        );
    });
    return this.byType;
  }

  /** Every root type with objects, the most objects first. */
  types(): GcRootTypeRow[] {
    if (this.rows) return this.rows;
    const g = this.ctx.graph;
    this.rows = [...this.objectsByType()].map(([type, objects]) => {
      let shallow = 0;
      for (const v of objects) shallow += g.shallowByIndex[v];
      return { type, objects: objects.length, shallowBytes: shallow, retainedBytes: minRetained(this.ctx, objects) };
    });
    this.rows.sort((a, b) => b.objects - a.objects || a.type.localeCompare(b.type));
    return this.rows;
  }

  /** A page of the roots of one type, largest retained first. Throws a RangeError for a type with no roots. */
  objects(type: string, offset: number, limit: number): Page<ObjectRow> {
    const list = this.objectsByType().get(type);
    if (!list) throw new RangeError(`no GC roots of type ${JSON.stringify(type)} in this dump`);
    const { start, end } = pageBounds(offset, limit, list.length);
    const items: ObjectRow[] = [];
    for (let i = start; i < end; i++) items.push(this.ctx.row(list[i]));
    return { offset: start, total: list.length, items };
  }
}
