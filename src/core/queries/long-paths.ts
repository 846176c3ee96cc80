// Bounded windows of long paths: a dominator chain or a path from the GC roots can be millions of steps long (a
// linked list), so the queries return the steps [offset, offset + head) and the last `tail` steps, with the path's
// length, and build rows only for those. The walks over the path run on the typed-array columns and allocate
// nothing per step.

import { PATH_HEAD, PATH_TAIL, windowRanges, type PathWindowOptions, type WindowRanges } from '../api.ts';

export { windowRanges, type WindowRanges };

const count = (value: number | undefined, fallback: number): number =>
  value === undefined || !Number.isFinite(value) ? fallback : Math.max(0, Math.floor(value));

/** Whether position p is in the window (head or tail). */
export function inWindow(r: WindowRanges, p: number): boolean {
  return (p >= r.offset && p < r.headEnd) || (p >= r.tailStart && p < r.length);
}

/**
 * The window of a path walked from its first step: `next(v)` gives the step after v, or -1 after the last. One walk
 * (the path's length is not known before its end): the head is kept as it passes, the tail in a ring of `tail`
 * steps, so memory is bounded by the steps asked for.
 */
export function windowOfWalk(
  first: number,
  next: (v: number) => number,
  wanted: PathWindowOptions = {},
): { ranges: WindowRanges; head: number[]; tail: number[] } {
  const offset = count(wanted.offset, 0);
  const headEnd = offset + count(wanted.head, PATH_HEAD);
  const tailSize = count(wanted.tail, PATH_TAIL);
  const head: number[] = [];
  const ring = new Float64Array(Math.max(1, tailSize));
  let length = 0;
  for (let v = first; v >= 0; v = next(v)) {
    if (length >= offset && length < headEnd) head.push(v);
    if (tailSize > 0) ring[length % tailSize] = v;
    length++;
  }
  const ranges = windowRanges(length, wanted);
  const tail: number[] = [];
  for (let p = ranges.tailStart; p < length; p++) tail.push(ring[p % tailSize]);
  return { ranges, head, tail };
}
