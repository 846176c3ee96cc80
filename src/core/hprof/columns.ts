// Growable typed-array columns for the reader. Capacity grows by 1.5x; no single array may exceed the runtime's
// array limit (../limits.ts: 1 GiB in a tab, 2^32 - 1 elements in Node), past which LimitExceededError names it.

import { LimitExceededError } from '../errors.ts';
import { arrayLimit, maxArrayLength } from '../limits.ts';
import { releaseArrays } from '../release.ts';

type TypedArray = Float64Array | Uint32Array | Uint8Array | Int32Array;
type Ctor<T extends TypedArray> = { new (length: number): T; BYTES_PER_ELEMENT: number };

/** Next capacity for a column that must hold at least `needed` elements. */
export function grownCapacity(current: number, needed: number, bytesPerElement: number, what: string): number {
  const maxElements = maxArrayLength(bytesPerElement);
  if (needed > maxElements) {
    throw new LimitExceededError(`${what}: more than ${maxElements} entries (${arrayLimit().name}) are not supported`, undefined, 'column');
  }
  return Math.min(maxElements, Math.max(needed, Math.ceil(current * 1.5), 1024));
}

/** A larger copy of `arr`; only its first `used` elements are copied (the rest of a new array is never touched,
 *  so it costs address space, not memory, until written). `arr` is released (releaseArrays): the caller must
 *  hold no other view of it. Outgrown columns of a -gz dump (sized from a guessed ratio) otherwise stayed
 *  resident until some later collection: hundreds of MB at the analysis's peak, or not, by chance. */
export function growArray<T extends TypedArray>(arr: T, needed: number, ctor: Ctor<T>, what: string, used = arr.length): T {
  const next = new ctor(grownCapacity(arr.length, needed, ctor.BYTES_PER_ELEMENT, what));
  (next as unknown as { set(a: T): void }).set(used === arr.length ? arr : (arr.subarray(0, used) as T));
  releaseArrays([arr]);
  return next;
}

/** Trim a column to its used length: a view when at least half is used, else a copy (frees the slack). The reader's
 *  columns are only appended to and growth copies only their used part, so the slack past `length` was never
 *  written: a view costs address space, not memory. */
export function trimArray<T extends TypedArray>(arr: T, length: number): T {
  if (length >= arr.length * 0.5) return arr.subarray(0, length) as T;
  return arr.slice(0, length) as T;
}

/** Initial element capacity from an estimate, clamped to [1024, the array limit]. */
export function initialCapacity(estimate: number, bytesPerElement: number): number {
  const maxElements = maxArrayLength(bytesPerElement);
  return Math.max(1024, Math.min(maxElements, Math.ceil(estimate)));
}
