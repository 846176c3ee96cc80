// Object id -> ObjectIndex lookup without a JS object per heap object: node indices are the ranks of the ids in
// ascending address order, so the lookup is a two-level bucket table over the address range plus a short search
// inside one bucket (2 to 4 bytes per object for the table, O(1) expected per lookup).

import type { ObjectId, ObjectIndex } from '../units.ts';

/** Address range of one region of the lookup table: 1 MiB, the order of a G1 region or a TLAB. */
const REGION_BITS = 20;
const REGION_BYTES = 2 ** REGION_BITS;

/**
 * Sorted, duplicate-free ids plus a two-level bucket table. The address range is cut into 1 MiB regions; each
 * region gets about half as many buckets as it holds ids (a power-of-two bucket width per region), so dense regions
 * and the gaps between heap areas (class mirrors sit far from the objects) both cost little: 2 to 4 bytes per
 * object, and two to four ids to look at per lookup.
 */
export class IdIndex {
  readonly ids: Float64Array;
  private readonly minId: number;
  private readonly regionCount: number;
  /** First bucket of each region (regionCount + 1 entries). */
  private readonly regionBucket: Uint32Array;
  /** 1 / bucket width of each region (a power of two, so the product is exact). */
  private readonly regionInverseWidth: Float64Array;
  /** First index of each bucket (total buckets + 1 entries). */
  private readonly bucketStart: Uint32Array;
  /** Index of id 0 (MAT's pseudo boot loader), kept outside the table so that it does not stretch the range. */
  private readonly zeroIndex: number;

  /** `sortedIds` must be strictly ascending (see sortUniqueIds). It is kept, not copied. */
  constructor(sortedIds: Float64Array) {
    this.ids = sortedIds;
    const n = sortedIds.length;
    this.zeroIndex = n > 0 && sortedIds[0] === 0 ? 0 : -1;
    const first = this.zeroIndex === 0 ? 1 : 0;
    this.minId = first < n ? sortedIds[first] : 0;
    const range = first < n ? sortedIds[n - 1] - this.minId + 1 : 1;
    // A sparse address space (more regions than 4 per object) falls back to one region with ~n/2 buckets.
    const regionBytes = range / REGION_BYTES > 4 * n + 1024 ? 2 ** Math.ceil(Math.log2(range)) : REGION_BYTES;
    this.regionCount = Math.max(1, Math.ceil(range / regionBytes));
    const inverseRegion = 1 / regionBytes;
    const countByRegion = new Uint32Array(this.regionCount);
    for (let i = first; i < n; i++) countByRegion[Math.floor((sortedIds[i] - this.minId) * inverseRegion)]++;
    this.regionBucket = new Uint32Array(this.regionCount + 1);
    this.regionInverseWidth = new Float64Array(this.regionCount);
    let buckets = 0;
    for (let r = 0; r < this.regionCount; r++) {
      let width = regionBytes;
      const wanted = Math.max(1, countByRegion[r]);
      while (width > 8 && (2 * regionBytes) / width < wanted) width /= 2;
      this.regionBucket[r] = buckets;
      this.regionInverseWidth[r] = 1 / width;
      buckets += regionBytes / width;
    }
    this.regionBucket[this.regionCount] = buckets;
    const start = new Uint32Array(buckets + 1);
    for (let i = first; i < n; i++) start[this.bucketOf(sortedIds[i] - this.minId, inverseRegion, regionBytes) + 1]++;
    start[0] = first;
    for (let b = 0; b < buckets; b++) start[b + 1] += start[b];
    this.bucketStart = start;
    this.regionBytes = regionBytes;
    this.inverseRegion = inverseRegion;
  }

  private readonly regionBytes: number;
  private readonly inverseRegion: number;

  private bucketOf(rel: number, inverseRegion: number, regionBytes: number): number {
    const r = Math.floor(rel * inverseRegion);
    return this.regionBucket[r] + Math.floor((rel - r * regionBytes) * this.regionInverseWidth[r]);
  }

  get size(): number {
    return this.ids.length;
  }

  /** ObjectIndex of `id`, or -1 when no object has that id. */
  find(id: ObjectId): ObjectIndex {
    if (id === 0) return this.zeroIndex;
    const rel = id - this.minId;
    if (!(rel >= 0)) return -1;
    const r = Math.floor(rel * this.inverseRegion);
    if (r >= this.regionCount) return -1;
    const b = this.regionBucket[r] + Math.floor((rel - r * this.regionBytes) * this.regionInverseWidth[r]);
    let lo = this.bucketStart[b];
    let hi = this.bucketStart[b + 1];
    const ids = this.ids;
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
    return this.bucketStart.byteLength + this.regionBucket.byteLength + this.regionInverseWidth.byteLength;
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
