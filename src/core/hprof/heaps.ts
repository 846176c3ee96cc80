// Android's heaps. ART and Dalvik write a HEAP DUMP INFO sub-record (u4 heap type, id of the heap's name) before
// the objects of each heap: "app" (the application's objects), "image" (the boot image, ART), "zygote" (shared
// with every app, from the zygote process), "default". Objects are written heap by heap, so the heap of each
// object is kept as runs of ordinals (a few entries, not a column).

import type { HeapRunsColumns } from '../model/parsed-heap.ts';

export class HeapRuns {
  private readonly names: string[] = [];
  private readonly starts: number[] = [];
  private readonly heapOfRun: number[] = [];
  /** Index in names of the heap being read, -1 before the first HEAP DUMP INFO. */
  current = -1;

  /** A HEAP DUMP INFO: the objects from ordinal `firstOrdinal` on are in heap `name`. */
  enter(name: string, firstOrdinal: number): void {
    let h = this.names.indexOf(name);
    if (h < 0) {
      h = this.names.length;
      this.names.push(name);
    }
    this.current = h;
    if (this.starts.length > 0 && this.starts[this.starts.length - 1] === firstOrdinal) this.heapOfRun[this.heapOfRun.length - 1] = h;
    else {
      this.starts.push(firstOrdinal);
      this.heapOfRun.push(h);
    }
  }

  result(): HeapRunsColumns | undefined {
    if (this.names.length === 0) return undefined;
    return { names: this.names, starts: Uint32Array.from(this.starts), heapOfRun: Uint8Array.from(this.heapOfRun) };
  }
}

/** Heap index of the object at an ordinal (-1 before the first HEAP DUMP INFO). */
export function heapOfOrdinal(heaps: HeapRunsColumns, ordinal: number): number {
  const { starts, heapOfRun } = heaps;
  let lo = 0;
  let hi = starts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (starts[mid] <= ordinal) lo = mid + 1;
    else hi = mid;
  }
  return lo === 0 ? -1 : heapOfRun[lo - 1];
}
