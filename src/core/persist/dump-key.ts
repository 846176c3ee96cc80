// The key a persisted analysis is found by: the dump's size and modification time, and a hash of its first and
// last MiB.

import type { DumpSource } from '../io/dump-source.ts';
import { checksumBytes } from './checksum.ts';

/** Bytes of the dump hashed at each end for its key. */
const KEY_SPAN = 1 << 20;

/**
 * A dump's key: its size, modification time (ms) and a hash of its first and last MiB, plus the options that
 * change the analysis. Cheap to compute (2 MiB read) on any size of dump.
 */
export async function dumpKey(
  source: Pick<DumpSource, 'size' | 'readRange'>,
  modified: number,
  options: { keepUnreachable?: boolean } = {},
): Promise<string> {
  const first = await source.readRange(0, Math.min(source.size, KEY_SPAN));
  const last = await source.readRange(Math.max(0, source.size - KEY_SPAN), source.size);
  const hex = (x: number): string => (x >>> 0).toString(16).padStart(8, '0');
  const hash = hex(checksumBytes(first, 1)) + hex(checksumBytes(last, 2)) + hex(checksumBytes(first, 3) ^ checksumBytes(last, 4));
  return `${source.size}-${Math.floor(modified)}-${hash}${options.keepUnreachable ? '-keep' : ''}`;
}
