// MAT's minimum retained size of a set of objects (ISnapshot.getMinRetainedSize): what the set keeps alive
// together, read off the dominator tree as the retained sizes of its members that no other member dominates.

import type { ObjectIndex } from '../units.ts';
import { NO_NODE, type QueryContext } from './context.ts';

/** Each member walks up the dominator tree until it meets another member (then it is counted in that one) or the
 *  virtual root; what a walk learns about the nodes it passes is kept, so no node is walked twice. */
export function minRetained(ctx: QueryContext, members: Iterable<ObjectIndex>): number {
  const g = ctx.graph;
  const set = new Set(members);
  // Node -> whether it or a node above it is a member.
  const covered = new Map<ObjectIndex, boolean>();
  const path: ObjectIndex[] = [];
  let total = 0;
  for (const v of set) {
    path.length = 0;
    let up = g.idomByIndex[v];
    let found = false;
    while (up !== NO_NODE) {
      if (set.has(up)) {
        found = true;
        break;
      }
      const known = covered.get(up);
      if (known !== undefined) {
        found = known;
        break;
      }
      path.push(up);
      up = g.idomByIndex[up];
    }
    for (const p of path) covered.set(p, found);
    if (!found) total += g.retainedByIndex[v];
  }
  return total;
}
