// Object id -> ObjectIndex lookup without a JS object per heap object: node indices are the ranks of the ids in
// ascending address order, so the lookup is a bucket table over the address range plus a short search inside
// one bucket (about 2 bytes per object for the table, O(1) expected per lookup).

import type { ObjectId, ObjectIndex } from '../units.ts';

/** Sorted, duplicate-free ids plus a bucket table: `bucketStart[b]` is the first index whose id falls in bucket b. */
export class IdIndex {
  readonly ids: Float64Array;
  private readonly minId: number;
  private readonly bucketWidth: number;
  private readonly inverseWidth: number;
  private readonly bucketStart: Uint32Array;
  private readonly bucketCount: number;

  /** `sortedIds` must be strictly ascending (see sortUniqueIds). It is kept, not copied. */
  constructor(sortedIds: Float64Array) {
    this.ids = sortedIds;
    const n = sortedIds.length;
    this.minId = n > 0 ? sortedIds[0] : 0;
    const range = n > 0 ? sortedIds[n - 1] - this.minId + 1 : 1;
    // About two ids per bucket on average; a power of two keeps (id - min) * inverseWidth exact.
    const wanted = Math.max(1, Math.floor(n / 2));
    let width = 1;
    while (range / width > wanted) width *= 2;
    this.bucketWidth = width;
    this.inverseWidth = 1 / width;
    this.bucketCount = Math.max(1, Math.ceil(range / width));
    const start = new Uint32Array(this.bucketCount + 1);
    // Counting pass, then prefix sums: start[b] = number of ids in buckets < b.
    for (let i = 0; i < n; i++) start[Math.floor((sortedIds[i] - this.minId) * this.inverseWidth) + 1]++;
    for (let b = 0; b < this.bucketCount; b++) start[b + 1] += start[b];
    this.bucketStart = start;
  }

  get size(): number {
    return this.ids.length;
  }

  /** ObjectIndex of `id`, or -1 when no object has that id. */
  find(id: ObjectId): ObjectIndex {
    const rel = id - this.minId;
    if (!(rel >= 0)) return -1;
    const b = Math.floor(rel * this.inverseWidth);
    if (b >= this.bucketCount) return -1;
    let lo = this.bucketStart[b];
    let hi = this.bucketStart[b + 1];
    const ids = this.ids;
    // Buckets are short on ordinary heaps; binary search keeps skewed address spaces fast too.
    while (hi - lo > 4) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] <= id) lo = mid;
      else hi = mid;
    }
    for (; lo < hi; lo++) if (ids[lo] === id) return lo;
    return -1;
  }

  /** Bytes held by the lookup table (not counting `ids`). */
  get tableBytes(): number {
    return this.bucketStart.byteLength;
  }
}

/**
 * Sorts ids ascending and drops duplicates, in place on `ids` (returned as a shorter view when there were
 * duplicates). `headCount` ids at the front (the pseudo loader and the class ids, a few thousand) are sorted on
 * their own; when the rest (the objects, in file order) is already ascending, as in most dumps, the two sorted
 * parts are merged in place in one pass instead of sorting everything.
 */
export function sortUniqueIds(ids: Float64Array, headCount = 0): { sorted: Float64Array; duplicates: number } {
  const n = ids.length;
  let tailAscending = true;
  for (let i = headCount + 1; i < n; i++) {
    if (ids[i] <= ids[i - 1]) {
      tailAscending = false;
      break;
    }
  }
  if (tailAscending && headCount > 0) {
    // Merge from the front: the head is copied out, and the output position (head taken + tail taken) never
    // passes the tail's read position (headCount + tail taken).
    const head = ids.slice(0, headCount).sort();
    let h = 0;
    let t = headCount;
    let k = 0;
    while (h < headCount && t < n) ids[k++] = head[h] <= ids[t] ? head[h++] : ids[t++];
    while (h < headCount) ids[k++] = head[h++];
  } else if (!tailAscending) {
    ids.sort();
  }
  let w = 0;
  for (let i = 0; i < n; i++) {
    if (w > 0 && ids[i] === ids[w - 1]) continue;
    ids[w++] = ids[i];
  }
  return { sorted: w === n ? ids : ids.subarray(0, w), duplicates: n - w };
}
