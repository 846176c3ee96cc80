// A Selection (api.ts) resolved to its objects: a class's instances (optionally filtered), one row of "Held by",
// the objects under one node of the merged paths, or objects named one by one. A selection travels as this small
// description and is resolved where the analysis is (the worker, a saved analysis, the CLI), so it needs nothing
// new in a persisted analysis and reads the same on a fresh one and a reloaded one.

import type { Selection } from '../api.ts';
import type { ClassIndex, ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { heldByMembers, ROOT_ROW } from './immediate-dominators.ts';
import type { MergedTree } from './merged-paths.ts';

export interface SelectionSources {
  /** The objects of a class, largest retained first. */
  instances(classIndex: ClassIndex): Uint32Array;
  /** The merged-paths tree of a class. */
  mergedTree(classIndex: ClassIndex, excludeWeak: boolean): Promise<MergedTree>;
}

export interface ResolvedSelection {
  /** The objects, ascending, each once. */
  members: Uint32Array;
  description: string;
}

const count = (n: number): string => n.toLocaleString('en-US');
const plural = (n: number, one: string, many = one + 's'): string => `${count(n)} ${n === 1 ? one : many}`;

/** A stable text key for caching a selection's answer. */
export function selectionKey(s: Selection): string {
  switch (s.kind) {
    case 'objects':
      return `objects:${[...new Set(s.indices)].sort((a, b) => a - b).join(',')}`;
    case 'class':
      return `class:${s.classIndex}:${s.minRetainedBytes ?? ''}:${s.largest ?? ''}`;
    case 'held-by':
      return `held-by:${s.classIndex}:${s.holderClassIndex}:${s.side}:${s.skip === undefined ? '*' : JSON.stringify(s.skip)}`;
    case 'merged-path':
      return `merged-path:${s.classIndex}:${s.node}:${s.excludeWeak !== false}`;
  }
}

export async function resolveSelection(ctx: QueryContext, s: Selection, sources: SelectionSources): Promise<ResolvedSelection> {
  const classes = ctx.parsed.classes;
  const className = (c: ClassIndex): string => {
    if (!Number.isInteger(c) || c < 0 || c >= classes.length) throw new RangeError(`class index ${c} is outside 0..${classes.length - 1}`);
    return classes[c].name;
  };
  switch (s.kind) {
    case 'objects': {
      for (const v of s.indices) ctx.assertIndex(v);
      const members = ascendingUnique(Uint32Array.from(s.indices));
      const description =
        members.length === 1 ? `${ctx.className(members[0])} @ ${ctx.row(members[0]).address}` : plural(members.length, 'object');
      return { members, description };
    }
    case 'class': {
      const name = className(s.classIndex);
      // Largest retained first: the filters keep a prefix of the list.
      const all = sources.instances(s.classIndex);
      let end = all.length;
      if (s.minRetainedBytes !== undefined) {
        const retained = ctx.graph.retainedByIndex;
        end = 0;
        while (end < all.length && retained[all[end]] >= s.minRetainedBytes) end++;
      }
      if (s.largest !== undefined) end = Math.min(end, Math.max(0, Math.floor(s.largest)));
      const members = ascendingUnique(all.slice(0, end));
      const filters: string[] = [];
      if (s.minRetainedBytes !== undefined) filters.push(`retaining at least ${count(s.minRetainedBytes)} bytes`);
      if (s.largest !== undefined) filters.push(`the ${count(s.largest)} largest`);
      const what =
        end === all.length && filters.length === 0
          ? `all ${plural(members.length, 'object')} of ${name}`
          : `${plural(members.length, 'object')} of ${name}`;
      return { members, description: filters.length > 0 ? `${what} (${filters.join(', ')})` : what };
    }
    case 'held-by': {
      const name = className(s.classIndex);
      if (s.holderClassIndex !== -1) className(s.holderClassIndex);
      if (s.side === 'holders' && s.holderClassIndex === -1) throw new RangeError('the <ROOT> row of Held by has no holders to select');
      const members = heldByMembers(ctx, sources.instances(s.classIndex), s.skip, s.holderClassIndex, s.side);
      const holder = s.holderClassIndex === -1 ? ROOT_ROW : classes[s.holderClassIndex].name;
      const description =
        s.side === 'held'
          ? `${plural(members.length, 'object')} of ${name} held by ${holder}`
          : `${plural(members.length, 'holder')} of class ${holder} (of ${name})`;
      return { members, description };
    }
    case 'merged-path': {
      const name = className(s.classIndex);
      const tree = await sources.mergedTree(s.classIndex, s.excludeWeak !== false);
      const size = tree.objectOf.length;
      if (!Number.isInteger(s.node) || s.node < 0 || s.node >= size) throw new RangeError(`tree node ${s.node} is outside 0..${size - 1}`);
      // The node's subtree in the merged tree (children are consecutive), keeping the class's objects.
      const out: ObjectIndex[] = [];
      const stack = [s.node];
      const { classByIndex } = ctx.graph;
      while (stack.length > 0) {
        const t = stack.pop()!;
        const v = tree.objectOf[t];
        if (classByIndex[v] === s.classIndex) out.push(v);
        for (let k = 0; k < tree.childCount[t]; k++) stack.push(tree.childFirst[t] + k);
      }
      const members = ascendingUnique(Uint32Array.from(out));
      const through = ctx.row(tree.objectOf[s.node]);
      return {
        members,
        description: `${plural(members.length, 'object')} of ${name} whose path runs through ${through.className} @ ${through.address}`,
      };
    }
  }
}

function ascendingUnique(values: Uint32Array): Uint32Array {
  const sorted = values.slice().sort();
  let k = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[k++] = sorted[i];
  return sorted.slice(0, k);
}
