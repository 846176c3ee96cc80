// Object id -> ObjectIndex lookup without a JS object per heap object: node indices are the ranks of the ids in
// ascending address order. Two structures, chosen per dump:
// - a rank bitmap (RankBitmap): one bit per possible object slot (the GCD of the address gaps, 8 bytes in real
//   dumps) in each 1 MiB address region that holds objects, with the rank of every 32-slot word beside it. A
//   lookup is one random memory access and no data-dependent branch, so the 55 M lookups of the index step
//   overlap in the CPU instead of chaining two cache misses each. Used when it costs at most ~8 bytes per object;
// - otherwise a two-level bucket table over the address range plus a short search inside one bucket (2 to 4 bytes
//   per object, two dependent accesses per lookup).
// With a rank bitmap the ids by node need no column once the graph is built (dropColumn): the bitmap holds them
// all, and idOf finds the index-th set bit (a sample every 64 nodes, a binary search among the few pairs between
// two samples, then a scan of one word): 80 MB less at 20 M objects. allIds gives them all in one sweep.

import { gcd, type ObjectId, type ObjectIndex } from '../units.ts';
import { maxArrayLength } from '../limits.ts';

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
  /** Per node: its id (read ids with idOf; the column itself is for moving nodes around, see assembleKeptGraph),
   *  or null once dropColumn has left the ids to the rank bitmap. */
  private columnData: Float64Array | null;
  private readonly count: number;
  /** Once the column is dropped: the pair holding node `first + k * SELECT_STEP`, for each k (see idOf). */
  private selectPairs: Uint32Array | null = null;
  /** Once the column is dropped: the region of each block of the rank bitmap (the inverse of blockByRegion). */
  private regionOfBlock: Uint32Array | null = null;
  /** The rank bitmap when the dump's addresses suit one (then the bucket table below is left empty). */
  private readonly bitmap: RankBitmap | null;
  private readonly minId: number;
  // The bucket table (empty when there is a bitmap).
  private readonly regionCount: number = 0;
  /** First bucket of each region (regionCount + 1 entries). */
  private readonly regionBucket: Uint32Array = new Uint32Array(1);
  /** 1 / bucket width of each region (a power of two, so the product is exact). */
  private readonly regionInverseWidth: Float64Array = new Float64Array(0);
  /** First index of each bucket (total buckets + 1 entries). */
  private readonly bucketStart: Uint32Array = new Uint32Array(1);
  /** Index of id 0 (MAT's pseudo boot loader), kept outside the table so that it does not stretch the range. */
  private readonly zeroIndex: number;

  /** `sortedIds` must be strictly ascending (see sortUniqueIds). It is kept, not copied. A DroppedColumn (from
   *  `without`) gives an index with no column over an existing bitmap. */
  constructor(sortedIds: Float64Array | DroppedColumn, prebuilt?: RankBitmap) {
    if (!(sortedIds instanceof Float64Array)) {
      this.columnData = null;
      this.count = sortedIds.size;
      this.zeroIndex = sortedIds.zeroIndex;
      this.minId = sortedIds.minId;
      this.bitmap = sortedIds.bitmap;
      this.buildSelect();
      return;
    }
    this.columnData = sortedIds;
    const n = sortedIds.length;
    this.count = n;
    this.zeroIndex = n > 0 && sortedIds[0] === 0 ? 0 : -1;
    const first = this.zeroIndex === 0 ? 1 : 0;
    this.minId = first < n ? sortedIds[first] : 0;
    const range = first < n ? sortedIds[n - 1] - this.minId + 1 : 1;
    this.bitmap = prebuilt ?? RankBitmap.build(sortedIds, first, this.minId);
    // With a bitmap the bucket table keeps its empty initial values.
    if (this.bitmap !== null) return;
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

  private readonly regionBytes: number = 1;
  private readonly inverseRegion: number = 1;

  private bucketOf(rel: number, inverseRegion: number, regionBytes: number): number {
    const r = Math.floor(rel * inverseRegion);
    return this.regionBucket[r] + Math.floor((rel - r * regionBytes) * this.regionInverseWidth[r]);
  }

  get size(): number {
    return this.count;
  }

  /** The ids by node, or null once dropped (dropColumn). */
  get column(): Float64Array | null {
    return this.columnData;
  }

  /** The id of node `index`. */
  idOf(index: ObjectIndex): ObjectId {
    const column = this.columnData;
    if (column !== null) return column[index];
    if (index === this.zeroIndex) return 0;
    // The last pair whose rank is at most `index`, between the samples around it; then the bit in its word.
    const pairs = this.bitmap!.pairs;
    const select = this.selectPairs!;
    const k = (index - (this.zeroIndex === 0 ? 1 : 0)) >>> SELECT_STEP_BITS;
    let lo = select[k];
    let hi = k + 1 < select.length ? select[k + 1] : pairs.length / 2 - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (pairs[2 * mid] <= index) lo = mid;
      else hi = mid - 1;
    }
    let word = pairs[2 * lo + 1];
    for (let skip = index - pairs[2 * lo]; skip > 0; skip--) word &= word - 1;
    return this.minId + (this.firstSlotOf(lo) + 31 - Math.clz32(word & -word)) * this.bitmap!.unit;
  }

  /** The grid slot of bit 0 of the rank bitmap's pair `pair` (once the column is dropped). */
  private firstSlotOf(pair: number): number {
    const block = Math.floor(pair / PAIRS_PER_REGION);
    return this.regionOfBlock![block] * BITMAP_REGION_SLOTS + (pair - block * PAIRS_PER_REGION) * 32;
  }

  /** Every id in node order: the column itself while there is one (do not modify it), else a new one decoded from
   *  the bitmap in one sweep (for a caller that reads many ids at random, such as the objects TSV's idom column). */
  allIds(): Float64Array {
    if (this.columnData !== null) return this.columnData;
    const ids = new Float64Array(this.count);
    const pairs = this.bitmap!.pairs;
    let v = 0;
    if (this.zeroIndex === 0) ids[v++] = 0;
    const unit = this.bitmap!.unit;
    for (let p = 0; p < pairs.length; p += 2) {
      let word = pairs[p + 1];
      if (word === 0) continue;
      const base = this.firstSlotOf(p / 2);
      for (; word !== 0; word &= word - 1) ids[v++] = this.minId + (base + 31 - Math.clz32(word & -word)) * unit;
    }
    return ids;
  }

  /**
   * With a rank bitmap, drops the ids by node (idOf then reads them from the bitmap) and returns the column,
   * which nothing else may hold, for the caller to release; without one (the bucket table searches the column),
   * changes nothing and returns null.
   */
  dropColumn(): Float64Array | null {
    const ids = this.columnData;
    if (ids === null || this.bitmap === null) return null;
    this.columnData = null;
    this.buildSelect();
    return ids;
  }

  private buildSelect(): void {
    const b = this.bitmap!;
    const pairs = b.pairs;
    const first = this.zeroIndex === 0 ? 1 : 0;
    const select = new Uint32Array(Math.max(0, Math.ceil((this.count - first) / SELECT_STEP)));
    let next = first;
    let k = 0;
    for (let p = 0; p < pairs.length && k < select.length; p += 2) {
      const end = pairs[p] + popcount32(pairs[p + 1]);
      while (next < end && k < select.length) {
        select[k++] = p / 2;
        next += SELECT_STEP;
      }
    }
    const regionOfBlock = new Uint32Array(pairs.length / (2 * PAIRS_PER_REGION));
    for (let r = 0; r < b.blockByRegion.length; r++) if (b.blockByRegion[r] >= 0) regionOfBlock[b.blockByRegion[r]] = r;
    this.selectPairs = select;
    this.regionOfBlock = regionOfBlock;
  }

  /** ObjectIndex of `id`, or -1 when no object has that id. */
  find(id: ObjectId): ObjectIndex {
    if (id === 0) return this.zeroIndex;
    const rel = id - this.minId;
    if (this.bitmap !== null) return this.bitmap.rank(rel);
    if (!(rel >= 0)) return -1;
    const r = Math.floor(rel * this.inverseRegion);
    if (r >= this.regionCount) return -1;
    const b = this.regionBucket[r] + Math.floor((rel - r * this.regionBytes) * this.regionInverseWidth[r]);
    let lo = this.bucketStart[b];
    let hi = this.bucketStart[b + 1];
    const ids = this.columnData!;
    while (hi - lo > 4) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid] <= id) lo = mid;
      else hi = mid;
    }
    for (; lo < hi; lo++) if (ids[lo] === id) return lo;
    return -1;
  }

  /** Bytes held by the lookup table (not counting `ids`). */
  /**
   * The rank bitmap seen from ids encoded as `base + k * unit` (the reader's 32-bit references), for a caller's
   * own inlined loop: k - offset is the bitmap slot. Null when there is no bitmap or its grid differs.
   */
  gridFor(base: number, unit: number): BitmapGrid | null {
    const b = this.bitmap;
    if (b === null || b.unit !== unit || b.slotCount > 2 ** 32) return null;
    const offset = (this.minId - base) / unit;
    // An encoded id below minId wraps (k - offset >>> 0) to at least 2^32 - offset: past every id only if
    // offset + slotCount <= 2^32.
    if (offset !== Math.floor(offset) || offset < 0 || offset + b.slotCount > 2 ** 32) return null;
    // Every 32-bit slot gets a block: regions without ids (and slots past the last id, or below the first
    // after the unsigned wrap) share one block of zero bits, so the lookup needs no range check.
    const zeroBlock = b.pairs.length / (2 * PAIRS_PER_REGION);
    const blockOfRegion = new Uint32Array(2 ** (32 - BITMAP_REGION_BITS)).fill(zeroBlock);
    for (let r = 0; r < b.blockByRegion.length; r++) if (b.blockByRegion[r] >= 0) blockOfRegion[r] = b.blockByRegion[r];
    const pairs = new Uint32Array(b.pairs.length + 2 * PAIRS_PER_REGION);
    pairs.set(b.pairs);
    return { offset, blockOfRegion, pairs };
  }

  /**
   * The index of `remaining` (this index's column with the nodes of `removedIds` removed, both ascending; null
   * when the column was dropped): when few ids go (the
   * unreachable objects of a dump), the bitmap loses their bits and recounts its ranks instead of being built
   * again. This index must not be used afterwards.
   */
  without(remaining: Float64Array | null, removedIds: ArrayLike<number>): IdIndex {
    const b = this.bitmap;
    const first = this.zeroIndex === 0 ? 1 : 0;
    if (remaining === null || this.columnData === null) {
      // No column: the bitmap loses the removed ids' bits and keeps its grid (its origin may lose its object).
      let zeroKept = first === 1;
      for (let i = 0; i < removedIds.length; i++) {
        if (removedIds[i] === 0) zeroKept = false;
        else b!.clear(removedIds[i] - this.minId);
      }
      b!.recountRanks(zeroKept ? 1 : 0);
      return new IdIndex({ bitmap: b!, minId: this.minId, zeroIndex: zeroKept ? 0 : -1, size: this.count - removedIds.length });
    }
    const ids = remaining;
    // The grid starts at the lowest id: when that one goes, or id 0 does, build from scratch.
    if (b === null || ids.length <= first || ids[first] !== this.minId || (first === 1 && ids[0] !== 0)) {
      return new IdIndex(ids);
    }
    for (let i = 0; i < removedIds.length; i++) if (removedIds[i] !== 0) b.clear(removedIds[i] - this.minId);
    b.recountRanks(first);
    return new IdIndex(ids, b);
  }

  /** The lookup's rank bitmap and what places it, for a persisted analysis (which then needs no ids column), or
   *  null when this index searches its ids column instead. */
  persistedBitmap(): PersistedIdBitmap | null {
    const b = this.bitmap;
    if (b === null) return null;
    return {
      unit: b.unit,
      slotCount: b.slotCount,
      minId: this.minId,
      zeroIndex: this.zeroIndex,
      size: this.count,
      blockByRegion: b.blockByRegion,
      pairs: b.pairs,
    };
  }

  /** The index a persisted bitmap stands for (no ids column: idOf reads the bitmap); null when the parts do not
   *  fit together (a damaged or foreign file). */
  static fromBitmap(p: PersistedIdBitmap): IdIndex | null {
    const bitmap = RankBitmap.restore(p.unit, p.slotCount, p.blockByRegion, p.pairs);
    if (bitmap === null || !Number.isSafeInteger(p.size) || p.size < 0 || !(p.zeroIndex === 0 || p.zeroIndex === -1)) return null;
    const pairs = p.pairs;
    // The ranks must count the ids the index claims: the last pair's rank plus its bits.
    const last = pairs.length - 2;
    const counted = last >= 0 ? pairs[last] + popcount32(pairs[last + 1]) : p.zeroIndex === 0 ? 1 : 0;
    if (counted !== p.size) return null;
    return new IdIndex({ bitmap, minId: p.minId, zeroIndex: p.zeroIndex, size: p.size });
  }

  /** Which lookup structure this dump got (for tests and the bench). */
  get kind(): 'bitmap' | 'buckets' {
    return this.bitmap !== null ? 'bitmap' : 'buckets';
  }

  get tableBytes(): number {
    if (this.bitmap !== null) return this.bitmap.bytes;
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

/** The rank bitmap over all 2^32 slots from `offset` on (see IdIndex.gridFor); `rankInGrid` is the lookup. */
export interface BitmapGrid {
  offset: number;
  blockOfRegion: Uint32Array;
  pairs: Uint32Array;
}

/** Node index of an encoded id k (`slot` = (k - offset) >>> 0), or NO_NODE (0xFFFFFFFF) when no object has
 *  it. No range check and one data-dependent branch (the presence bit, nearly always set): for loops that run
 *  tens of millions of lookups and want them to overlap. */
export function rankInGrid(slot: number, blockOfRegion: Uint32Array, pairs: Uint32Array): number {
  const pair = 2 * ((blockOfRegion[slot >>> BITMAP_REGION_BITS] << (BITMAP_REGION_BITS - 5)) + ((slot & (BITMAP_REGION_SLOTS - 1)) >>> 5));
  const word = pairs[pair + 1];
  const bit = slot & 31;
  let x = word & ((1 << bit) - 1);
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  const rank = pairs[pair] + (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
  return ((word >>> bit) & 1) === 0 ? 0xffffffff : rank;
}

/** An IdIndex's rank bitmap as a persisted analysis stores it (IdIndex.persistedBitmap / fromBitmap). */
export interface PersistedIdBitmap {
  unit: number;
  slotCount: number;
  minId: number;
  zeroIndex: number;
  size: number;
  blockByRegion: Int32Array;
  pairs: Uint32Array;
}

/** What an index without a column is made from (IdIndex.without). */
interface DroppedColumn {
  bitmap: RankBitmap;
  minId: number;
  zeroIndex: number;
  size: number;
}

/** idOf without a column keeps the pair of every 64th node (1/16 byte per node): a random idOf then reads about
 *  two pairs and no more than a cache line of them (~0.2-0.3 us when they miss the cache). */
const SELECT_STEP_BITS = 6;
const SELECT_STEP = 2 ** SELECT_STEP_BITS;

/** Slots per region of the rank bitmap: 2^17 slots of 8 bytes = 1 MiB of addresses. */
const BITMAP_REGION_BITS = 17;
const BITMAP_REGION_SLOTS = 2 ** BITMAP_REGION_BITS;
const PAIRS_PER_REGION = BITMAP_REGION_SLOTS / 32;
/** Region tables larger than this (addresses spread over more than 2^24 regions) fall back to buckets. */
const MAX_BITMAP_REGIONS = 2 ** 24;

/**
 * ids (ascending) -> rank, for ids of the form minId + k * unit. The address range is cut into regions of 2^17
 * slots; each region that holds an id gets a block of 4096 (rank, bits) pairs of Uint32: bit i of a pair's word
 * marks slot 32 * pair + i, and the rank is the number of ids before the pair's first slot (plus `first`).
 */
export class RankBitmap {
  private readonly powerOfTwo: boolean;

  private constructor(
    private readonly inverseUnit: number,
    readonly unit: number,
    readonly slotCount: number,
    /** Block of each region (its first pair / 4096), or -1 when the region holds no id. */
    readonly blockByRegion: Int32Array,
    /** (rank, bits) pairs, 4096 per block. */
    readonly pairs: Uint32Array,
  ) {
    this.powerOfTwo = (unit & (unit - 1)) === 0 && unit <= 2 ** 30;
  }

  get bytes(): number {
    return this.blockByRegion.byteLength + this.pairs.byteLength;
  }

  /** Builds the bitmap for ids[first..] (strictly ascending, all >= minId), or returns null when the ids do
   *  not sit on a common grid or the bitmap would cost more than ~8 bytes per id. */
  static build(ids: Float64Array, first: number, minId: number): RankBitmap | null {
    const n = ids.length;
    if (n - first < 1) return null;
    // The grid: GCD of the gaps between neighbours (= of the gaps to the lowest id; 8 or more in real dumps).
    // While it is a power of two the test is a mask; the general % only runs when a gap breaks it.
    let unit = 0;
    for (let i = first + 1; i < n; i++) {
      const gap = ids[i] - ids[i - 1];
      if (unit === 0) unit = gap;
      else if (gap < 2 ** 31 && unit < 2 ** 31 && (unit & (unit - 1)) === 0 ? (gap & (unit - 1)) !== 0 : gap % unit !== 0) {
        unit = gcd(unit, gap);
      }
      if (unit === 1) break;
    }
    if (unit === 0) unit = 8;
    const slotCount = (ids[n - 1] - minId) / unit + 1;
    const regionCount = Math.ceil(slotCount / BITMAP_REGION_SLOTS);
    if (!(regionCount <= MAX_BITMAP_REGIONS)) return null;
    const inverseUnit = 1 / unit;
    const blockByRegion = new Int32Array(regionCount).fill(-1);
    let blocks = 0;
    // ids ascend: find each populated region once, then skip its ids with a compare each.
    for (let i = first; i < n;) {
      const r = Math.floor(slotOf(ids[i] - minId, unit, inverseUnit) / BITMAP_REGION_SLOTS);
      blockByRegion[r] = blocks++;
      const regionEnd = minId + (r + 1) * BITMAP_REGION_SLOTS * unit;
      while (i < n && ids[i] < regionEnd) i++;
    }
    const pairsPerBlock = BITMAP_REGION_SLOTS / 32;
    const pairBytes = blocks * pairsPerBlock * 8;
    if (pairBytes > 8 * (n - first) + (1 << 20) || blocks * pairsPerBlock * 2 > maxArrayLength(4)) return null;
    const pairs = new Uint32Array(blocks * pairsPerBlock * 2);
    // A power-of-two unit divides exactly by multiplying with its inverse (every real dump).
    const exact = (unit & (unit - 1)) === 0 && unit <= 2 ** 30;
    for (let i = first; i < n; i++) {
      const slot = exact ? (ids[i] - minId) * inverseUnit : slotOf(ids[i] - minId, unit, inverseUnit);
      const r = Math.floor(slot / BITMAP_REGION_SLOTS);
      const within = slot - r * BITMAP_REGION_SLOTS;
      const pair = blockByRegion[r] * pairsPerBlock + (within >>> 5);
      pairs[2 * pair + 1] |= 1 << (within & 31);
    }
    // Blocks were numbered in region (address) order, so one sweep over the pairs gives the ranks.
    let rank = first;
    for (let p = 0; p < pairs.length; p += 2) {
      pairs[p] = rank;
      rank += popcount32(pairs[p + 1]);
    }
    return new RankBitmap(inverseUnit, unit, slotCount, blockByRegion, pairs);
  }

  /** A bitmap from its persisted parts, or null when they do not fit together. */
  static restore(unit: number, slotCount: number, blockByRegion: Int32Array, pairs: Uint32Array): RankBitmap | null {
    if (!(unit >= 1) || !Number.isSafeInteger(unit) || !Number.isSafeInteger(slotCount) || slotCount < 1) return null;
    if (blockByRegion.length !== Math.ceil(slotCount / BITMAP_REGION_SLOTS)) return null;
    let blocks = 0;
    for (let r = 0; r < blockByRegion.length; r++) {
      const block = blockByRegion[r];
      if (block === -1) continue;
      if (block !== blocks) return null; // numbered in region order, as build() does
      blocks++;
    }
    if (pairs.length !== blocks * PAIRS_PER_REGION * 2) return null;
    return new RankBitmap(1 / unit, unit, slotCount, blockByRegion, pairs);
  }

  /** Removes the id at `rel` past minId (ranks are stale until recountRanks). */
  clear(rel: number): void {
    const slot = slotOf(rel, this.unit, this.inverseUnit);
    const r = Math.floor(slot / BITMAP_REGION_SLOTS);
    const block = this.blockByRegion[r];
    if (block < 0) return;
    const within = slot - r * BITMAP_REGION_SLOTS;
    const pair = block * PAIRS_PER_REGION + (within >>> 5);
    this.pairs[2 * pair + 1] &= ~(1 << (within & 31));
  }

  recountRanks(first: number): void {
    const pairs = this.pairs;
    let rank = first;
    for (let p = 0; p < pairs.length; p += 2) {
      pairs[p] = rank;
      rank += popcount32(pairs[p + 1]);
    }
  }

  /** Rank of the id at `rel` past minId, or -1 when no id is there. */
  rank(rel: number): number {
    // Multiplying by the inverse is exact for a power-of-two unit (every real dump); otherwise divide.
    const slot = this.powerOfTwo ? rel * this.inverseUnit : rel / this.unit;
    // Off the grid (not a multiple of the unit), below the lowest id or past the highest: no such object.
    if (!(slot >= 0 && slot < this.slotCount) || slot !== Math.floor(slot) || slot * this.unit !== rel) return -1;
    const r = Math.floor(slot / BITMAP_REGION_SLOTS);
    const block = this.blockByRegion[r];
    if (block < 0) return -1;
    const within = slot - r * BITMAP_REGION_SLOTS;
    const pair = 2 * (block * (BITMAP_REGION_SLOTS / 32) + (within >>> 5));
    const bit = within & 31;
    const word = this.pairs[pair + 1];
    if (((word >>> bit) & 1) === 0) return -1;
    return this.pairs[pair] + popcount32(word & ((1 << bit) - 1));
  }
}

function slotOf(rel: number, unit: number, inverseUnit: number): number {
  const slot = Math.round(rel * inverseUnit);
  return slot * unit === rel ? slot : Math.round(rel / unit);
}

function popcount32(x: number): number {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
