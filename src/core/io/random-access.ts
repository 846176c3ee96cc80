// Random access to the decompressed dump by offset. Plain: file ranges. JVM `-gz`: inflate only the member(s)
// covering the range (index recorded during the streaming pass), keeping the most recently used members up to a
// byte budget; reads that arrive while a member is being inflated share that one inflate (a page of labels
// starts hundreds of reads at once, and each would otherwise inflate the same member again). Any other gzip: its
// inflated bytes are read back from the spool written during the pass (spool.ts); only where no spool could be
// had, re-inflate from the start up to the range, which is slow (O(offset) per read).

import type { DumpSource, Inflaters, MemberInflater, RandomAccess } from './dump-source.ts';
import { concat, type MemberIndex } from './gzip-members.ts';
import { sliced } from './inflate.ts';

/** Inflated members kept for later reads (HotSpot writes members of 1 MiB inflated: about 32 of them). */
const CACHED_MEMBER_BYTES = 32 * 1024 * 1024;

export function plainRandomAccess(source: DumpSource): RandomAccess {
  return {
    read: (offset, length) => source.readRange(offset, Math.min(source.size, offset + length)),
  };
}

export function memberRandomAccess(source: DumpSource, index: MemberIndex, inflate: MemberInflater): RandomAccess {
  // member number -> its inflated bytes (settled or in flight), least recently used first
  const cache = new Map<number, Promise<Uint8Array>>();
  let cachedBytes = 0;
  const inflatedSize = (i: number): number =>
    (i + 1 < index.decompressedStarts.length ? index.decompressedStarts[i + 1] : index.decompressedTotal) - index.decompressedStarts[i];
  const forget = (i: number): void => {
    if (cache.delete(i)) cachedBytes -= inflatedSize(i);
  };
  const member = (i: number): Promise<Uint8Array> => {
    const hit = cache.get(i);
    if (hit !== undefined) {
      cache.delete(i);
      cache.set(i, hit);
      return hit;
    }
    const start = index.compressedStarts[i];
    const end = i + 1 < index.compressedStarts.length ? index.compressedStarts[i + 1] : index.compressedTotal;
    const bytes = source.readRange(start, end).then(inflate);
    cache.set(i, bytes);
    cachedBytes += inflatedSize(i);
    // A failed inflate is not kept: the next read tries again (and reports its own error).
    bytes.catch(() => {
      if (cache.get(i) === bytes) forget(i);
    });
    // Evicting a member still in flight only drops the cache's hold; the reads waiting on it still get it.
    while (cachedBytes > CACHED_MEMBER_BYTES && cache.size > 1) forget(cache.keys().next().value as number);
    return bytes;
  };
  return {
    async read(offset, length) {
      const starts = index.decompressedStarts;
      const endOffset = Math.min(offset + length, index.decompressedTotal);
      if (offset >= endOffset) return new Uint8Array(0);
      // last member starting at or before offset
      let lo = 0;
      let hi = starts.length - 1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (starts[mid] <= offset) lo = mid;
        else hi = mid - 1;
      }
      const parts: Uint8Array[] = [];
      for (let i = lo; i < starts.length && starts[i] < endOffset; i++) {
        const bytes = await member(i);
        const from = Math.max(0, offset - starts[i]);
        const to = Math.min(bytes.length, endOffset - starts[i]);
        parts.push(bytes.subarray(from, to));
      }
      return concat(parts);
    },
  };
}

/** Fallback for a single-member gzip without a spool: every read inflates the file from its start up to the range. */
export function streamRandomAccess(source: DumpSource, inflaters: Inflaters): RandomAccess {
  return {
    async read(offset, length) {
      const parts: Uint8Array[] = [];
      let pos = 0;
      const end = offset + length;
      for await (const chunk of inflaters.stream(sliced(source.stream(), 32 * 1024))) {
        const cEnd = pos + chunk.length;
        if (cEnd > offset) parts.push(chunk.subarray(Math.max(0, offset - pos), Math.min(chunk.length, end - pos)));
        pos = cEnd;
        if (pos >= end) break;
      }
      return concat(parts);
    },
  };
}
