// A selection in a link: `#/retained?sel=<JSON of a core Selection>`, checked field by field when read back (a
// link is typed or pasted by anyone).
import type { Selection } from '../../../core/api.ts';
import { viewHash } from '../../routes.ts';

export function retainedHash(selection: Selection): string {
  return viewHash('retained', { sel: JSON.stringify(selection) });
}

const isIndex = (x: unknown): x is number => typeof x === 'number' && Number.isInteger(x) && x >= 0;
const isClassOrRoot = (x: unknown): x is number => isIndex(x) || x === -1;

/** The selection a link names, or null when it is not one. */
export function parseSelection(text: string | undefined): Selection | null {
  if (text === undefined) return null;
  let o: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return null;
    o = parsed as Record<string, unknown>;
  } catch {
    return null;
  }
  switch (o.kind) {
    case 'objects':
      return Array.isArray(o.indices) && o.indices.length > 0 && o.indices.length <= 10_000 && o.indices.every(isIndex)
        ? { kind: 'objects', indices: o.indices }
        : null;
    case 'class': {
      if (!isIndex(o.classIndex)) return null;
      const s: Selection = { kind: 'class', classIndex: o.classIndex };
      if (o.minRetainedBytes !== undefined) {
        if (typeof o.minRetainedBytes !== 'number' || !(o.minRetainedBytes >= 0)) return null;
        s.minRetainedBytes = o.minRetainedBytes;
      }
      if (o.largest !== undefined) {
        if (!isIndex(o.largest)) return null;
        s.largest = o.largest;
      }
      return s;
    }
    case 'held-by':
      if (!isIndex(o.classIndex) || !isClassOrRoot(o.holderClassIndex) || (o.side !== 'held' && o.side !== 'holders')) return null;
      if (o.skip !== undefined && typeof o.skip !== 'string') return null;
      return {
        kind: 'held-by',
        classIndex: o.classIndex,
        holderClassIndex: o.holderClassIndex,
        side: o.side,
        ...(o.skip !== undefined ? { skip: o.skip as string } : {}),
      };
    case 'merged-path':
      if (!isIndex(o.classIndex) || !isIndex(o.node)) return null;
      if (o.excludeWeak !== undefined && typeof o.excludeWeak !== 'boolean') return null;
      return {
        kind: 'merged-path',
        classIndex: o.classIndex,
        node: o.node,
        ...(o.excludeWeak !== undefined ? { excludeWeak: o.excludeWeak as boolean } : {}),
      };
    default:
      return null;
  }
}
