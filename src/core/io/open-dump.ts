// Opens a dump whatever its compression, decided by magic bytes (1f 8b), never by file name: plain HPROF, the
// JVM's multi-member `-gz` output (split into members), or any other gzip (inflated as one stream).

import { FormatError } from '../errors.ts';
import type { DumpSource, Inflaters, RandomAccess } from './dump-source.ts';
import { isGzip, isJvmBlockGzip } from './gzip-header.ts';
import { inflateMembers, type MemberIndex } from './gzip-members.ts';
import { portableInflaters } from './inflate.ts';
import { memberRandomAccess, plainRandomAccess, streamRandomAccess } from './random-access.ts';

export type Compression = 'none' | 'gzip-members' | 'gzip-stream';

export interface OpenedDump {
  compression: Compression;
  /** The decompressed dump, in order. Iterate once. A chunk is valid only until the next one is requested. */
  chunks: AsyncIterable<Uint8Array>;
  /** Raw (compressed) bytes read so far, for progress. */
  inputBytesRead(): number;
  /** Random access to the decompressed dump; complete once `chunks` has been fully read. */
  randomAccess: RandomAccess;
  /** Rough decompressed size, to size the reader's columns; better once the first chunk has been read. */
  sizeHint(): number;
  warnings: string[];
  /** How to reach the decompressed bytes again without a pass (what a persisted analysis keeps). */
  access: DumpAccess;
}

/** Random access to a dump, as a persisted analysis records it: the compression and, for a JVM `-gz` dump, the
 *  member index the pass recorded (complete once the chunks are read). */
export interface DumpAccess {
  compression: Compression;
  memberIndex?: MemberIndex;
}

/** A `-gz` dump inflates to about this many times its size (measured on JDK 17 dumps: 3-10x). */
const GZIP_RATIO_HINT = 4;

export async function openDump(source: DumpSource, inflaters: Inflaters = portableInflaters): Promise<OpenedDump> {
  const head = await source.readRange(0, Math.min(source.size, 4096));
  let inputRead = 0;
  const warnings: string[] = [];
  const counted = async function* (chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    for await (const c of chunks) {
      inputRead += c.length;
      yield c;
    }
  };
  if (!isGzip(head)) {
    return {
      compression: 'none',
      chunks: counted(source.transientStream?.() ?? source.stream()),
      inputBytesRead: () => inputRead,
      randomAccess: plainRandomAccess(source),
      sizeHint: () => source.size,
      warnings,
      access: { compression: 'none' },
    };
  }
  if (isJvmBlockGzip(head)) {
    const index: MemberIndex = { compressedStarts: [], decompressedStarts: [], decompressedTotal: 0, compressedTotal: source.size, compressedEnd: 0 };
    return {
      compression: 'gzip-members',
      // inflateMembers copies each chunk before asking for the next.
      chunks: inflateMembers(source.transientStream?.() ?? source.stream(), index, {
        inflateMember: inflaters.member,
        inflateStream: inflaters.stream,
        parallel: inflaters.readAhead,
        onInputBytes: (n) => (inputRead = n),
        onTruncated: (m) => warnings.push(m),
      }),
      inputBytesRead: () => inputRead,
      randomAccess: memberRandomAccess(source, index, inflaters.member),
      // The ratio of the members inflated so far predicts the whole file's.
      sizeHint: () =>
        index.compressedEnd > 0 ? (source.size * index.decompressedTotal) / index.compressedEnd : source.size * GZIP_RATIO_HINT,
      warnings,
      access: { compression: 'gzip-members', memberIndex: index },
    };
  }
  const chunks = async function* (): AsyncIterable<Uint8Array> {
    let produced = 0;
    try {
      for await (const c of inflaters.stream(counted(source.stream()))) {
        produced += c.length;
        yield c;
      }
    } catch (e) {
      if (produced === 0) throw new FormatError(`the gzip data cannot be inflated: ${(e as Error).message}`, 0);
      warnings.push(`the gzip data ends early or is corrupt after ${produced} inflated bytes: ${(e as Error).message}`);
    }
  };
  return {
    compression: 'gzip-stream',
    chunks: chunks(),
    inputBytesRead: () => inputRead,
    randomAccess: streamRandomAccess(source, inflaters),
    sizeHint: () => source.size * GZIP_RATIO_HINT,
    warnings,
    access: { compression: 'gzip-stream' },
  };
}
