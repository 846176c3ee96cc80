// GC roots as Eclipse MAT counts them (docs/mat-semantics.md, "GC roots"): root records become root types on objects, except thread-context records (Java frame, JNI
// local, native stack, thread block) whose thread was announced earlier by a thread-object record: those become
// edges from the Thread object (`<Java Local>` ...), and are dropped when that Thread object is not in the dump.

import type { RootColumns } from '../model/parsed-heap.ts';
import type { ObjectIndex } from '../units.ts';
import type { PseudoEdge } from './heap-graph.ts';

/** MAT's root type names, one bit each in a root mask (bit i = ROOT_TYPE_NAMES[i]). */
export const ROOT_TYPE_NAMES = [
  'Unknown',
  'System Class',
  'JNI Local',
  'JNI Global',
  'Thread Block',
  'Busy Monitor',
  'Java Local',
  'Native Stack',
  'Thread',
  'Finalizable',
  'Unfinalized',
  'Unreachable',
  'Java Stack Frame',
  // Android (ART runtime/hprof/hprof.cc); MAT's HPROF parser reads them as "Unknown".
  'Interned String',
  'Debugger',
  'Reference Cleanup',
  'VM Internal',
  'JNI Monitor',
] as const;

export const ROOT_BIT_UNREACHABLE = 1 << ROOT_TYPE_NAMES.indexOf('Unreachable');

function bit(name: (typeof ROOT_TYPE_NAMES)[number]): number {
  return 1 << ROOT_TYPE_NAMES.indexOf(name);
}

/** Root type bit of a heap sub-record tag; 0 for tags that are not roots. Android's extra root records
 *  (interned string, finalizing, debugger, reference cleanup, VM internal, JNI monitor) are named, where MAT's
 *  HPROF parser calls them "Unknown" (the same objects are roots either way); Android's "unreachable" stays
 *  "Unknown", apart from the "Unreachable" that keep mode gives. Masks are 32 bits (18 kinds). */
export function rootBitOfTag(tag: number): number {
  switch (tag) {
    case 0xff:
      return bit('Unknown');
    case 0x01:
      return bit('JNI Global');
    case 0x02:
      return bit('JNI Local');
    case 0x03:
      return bit('Java Local');
    case 0x04:
      return bit('Native Stack');
    case 0x05:
      return bit('System Class');
    case 0x06:
      return bit('Thread Block');
    case 0x07:
      return bit('Busy Monitor');
    case 0x08:
      return bit('Thread');
    case 0x89:
      return bit('Interned String');
    case 0x8a:
      return bit('Finalizable');
    case 0x8b:
      return bit('Debugger');
    case 0x8c:
      return bit('Reference Cleanup');
    case 0x8d:
      return bit('VM Internal');
    case 0x8e:
      return bit('JNI Monitor');
    case 0x90:
      return bit('Unknown');
    default:
      return 0;
  }
}

/** Pseudo field name of a thread-context record turned into an edge from its Thread. */
function pseudoEdgeName(tag: number): string | null {
  switch (tag) {
    case 0x02:
      return '<JNI Local>';
    case 0x03:
      return '<Java Local>';
    case 0x04:
      return '<Native Stack>';
    case 0x06:
      return '<Thread Block>';
    default:
      return null;
  }
}

/** Root type names of a mask, in alphabetical order (as MAT's objects files list them). */
export function rootTypeNames(mask: number): string[] {
  const names: string[] = [];
  for (let i = 0; i < ROOT_TYPE_NAMES.length; i++) if (mask & (1 << i)) names.push(ROOT_TYPE_NAMES[i]);
  return names.sort();
}

export interface ResolvedRoots {
  /** Root type bits by ObjectIndex (0 = not a root). */
  rootMaskByIndex: Uint32Array;
  /** Thread -> object edges from thread-context records, in file order. */
  pseudoEdges: PseudoEdge[];
  /** Root records whose object is not in the dump, or whose thread object is missing: dropped. */
  droppedRecords: number;
}

/**
 * Applies the root records in file order. `find` maps an id to its ObjectIndex (-1 when absent). A record for
 * id 0 lands on the pseudo boot loader at 0x0, as in MAT (old JVMs write thread-object roots with id 0), but a
 * thread-object record with id 0 announces no thread.
 */
export function resolveRoots(roots: RootColumns, nodeCount: number, find: (id: number) => ObjectIndex): ResolvedRoots {
  const rootMaskByIndex = new Uint32Array(nodeCount);
  const pseudoEdges: PseudoEdge[] = [];
  // Thread serial -> thread object id, as announced so far in the file (MAT's parser reads records in order).
  const threadIdBySerial = new Map<number, number>();
  let droppedRecords = 0;
  for (let r = 0; r < roots.count; r++) {
    const id = roots.ids[r];
    const tag = roots.tags[r];
    const serial = roots.threadSerials[r];
    if (tag === 0x08 && id !== 0) threadIdBySerial.set(serial, id);
    const edgeName = pseudoEdgeName(tag);
    if (edgeName !== null && threadIdBySerial.has(serial)) {
      const threadIndex = find(threadIdBySerial.get(serial)!);
      const target = find(id);
      if (threadIndex < 0 || target < 0) droppedRecords++;
      else pseudoEdges.push({ from: threadIndex, to: target, name: edgeName });
      continue;
    }
    const rootBit = rootBitOfTag(tag);
    if (rootBit === 0) continue;
    const index = find(id);
    if (index < 0) {
      droppedRecords++;
      continue;
    }
    rootMaskByIndex[index] |= rootBit;
  }
  return { rootMaskByIndex, pseudoEdges, droppedRecords };
}
