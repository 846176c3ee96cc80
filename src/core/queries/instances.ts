// Instances of one class, largest retained first. A per-class index (counting sort of objects by class) is built
// once on first use; each class's slice is sorted by retained size the first time that class is asked for.

import type { ObjectRow, Page } from '../api.ts';
import type { ClassIndex } from '../units.ts';
import { pageBounds, type QueryContext } from './context.ts';
import { sortByRetainedDesc } from './sort-by-retained.ts';

export class InstanceIndex {
  private readonly ctx: QueryContext;
  /** Objects of class c are objectsByClass[classStart[c] .. classStart[c+1]). */
  private classStart: Uint32Array | null = null;
  private objectsByClass: Uint32Array | null = null;
  private sortedByClass: Uint8Array | null = null;

  constructor(ctx: QueryContext) {
    this.ctx = ctx;
  }

  private build(): void {
    const g = this.ctx.graph;
    const classCount = this.ctx.parsed.classes.length;
    const start = new Uint32Array(classCount + 1);
    for (let v = 0; v < g.nodeCount; v++) start[g.classByIndex[v] + 1]++;
    for (let c = 0; c < classCount; c++) start[c + 1] += start[c];
    const fill = start.slice(0, classCount);
    const objects = new Uint32Array(g.nodeCount);
    for (let v = 0; v < g.nodeCount; v++) objects[fill[g.classByIndex[v]]++] = v;
    this.classStart = start;
    this.objectsByClass = objects;
    this.sortedByClass = new Uint8Array(classCount);
  }

  /** The objects of class c (class objects are instances of java.lang.Class), sorted by retained size desc. */
  instances(classIndex: ClassIndex): Uint32Array {
    if (!this.classStart) this.build();
    const start = this.classStart!;
    if (!Number.isInteger(classIndex) || classIndex < 0 || classIndex >= start.length - 1) {
      throw new RangeError(`class index ${classIndex} is outside 0..${start.length - 2}`);
    }
    const slice = this.objectsByClass!.subarray(start[classIndex], start[classIndex + 1]);
    if (!this.sortedByClass![classIndex]) {
      sortByRetainedDesc(slice, this.ctx.graph.retainedByIndex);
      this.sortedByClass![classIndex] = 1;
    }
    return slice;
  }

  page(classIndex: ClassIndex, offset: number, limit: number): Page<ObjectRow> {
    const list = this.instances(classIndex);
    const { start, end } = pageBounds(offset, limit, list.length);
    const items: ObjectRow[] = [];
    for (let i = start; i < end; i++) items.push(this.ctx.row(list[i]));
    return { offset: start, total: list.length, items };
  }
}
