// Where a big object's memory accumulates: follow the biggest dominator-tree child while it still holds most of
// its parent's retained size; the object where that stops (a map's table, a list's array) is where the many
// small objects hang. MAT's "accumulation point" rule in its leak suspects report (the "big drop" at 70 %, as
// src/core/queries/suspects.ts).
import type { ObjectRow, Page } from '../../../core/api.ts';

/** A child keeps the descent going while it retains at least this share of its parent. */
export const ACCUMULATION_SHARE = 0.7;
const MAX_DEPTH = 64;

export type ChildrenQuery = (parent: number, offset: number, limit: number) => Promise<Page<ObjectRow>>;

/** The chain from `start` down to the accumulation point (start first); just [start] when nothing below dominates. */
export async function accumulationPath(start: ObjectRow, children: ChildrenQuery): Promise<ObjectRow[]> {
  const path = [start];
  let node = start;
  for (let depth = 0; depth < MAX_DEPTH && node.dominatedCount > 0; depth++) {
    const page = await children(node.index, 0, 1);
    const biggest = page.items[0];
    if (!biggest || biggest.retainedBytes < ACCUMULATION_SHARE * node.retainedBytes) break;
    path.push(biggest);
    node = biggest;
  }
  return path;
}
