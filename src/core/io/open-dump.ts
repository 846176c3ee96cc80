// Opens a dump whatever its compression, decided by magic bytes (1f 8b), never by file name: plain HPROF, the
// JVM's multi-member `-gz` output (split into members), or any other gzip (inflated as one stream).

import { FormatError, UnsupportedCompressionError } from '../errors.ts';
import { compressionFormat } from './formats.ts';
import type { DumpSource, Inflaters, RandomAccess } from './dump-source.ts';
import { isGzip, isJvmBlockGzip } from './gzip-header.ts';
import { inflateMembers, type MemberIndex } from './gzip-members.ts';
import { portableInflaters, sliced } from './inflate.ts';
import { memberRandomAccess, plainRandomAccess, streamRandomAccess } from './random-access.ts';
import { SpoolWriter, spooledRandomAccess } from './spool.ts';
import { releaseArrays } from '../release.ts';

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
  /** Data lost (a damaged or cut file): the dump is incomplete. */
  warnings: string[];
  /** Nothing lost, but worth knowing (e.g. random reads will be slow). */
  notes: string[];
  /** Bytes missing from `chunks` (damaged gzip members), in order, each queued before the chunk that follows it:
   *  the reader skips `length` bytes at dump offset `at` before that chunk. */
  gaps: { at: number; length: number }[];
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
/** Outputs at least this big are in buffers of their own (Node pools only allocations of under 4 KiB). */
const OWN_BUFFER_BYTES = 64 * 1024;
/** Compressed bytes handed to a single-stream inflater at once (its output for them is queued whole). */
const INPUT_SLICE_BYTES = 32 * 1024;

export async function openDump(source: DumpSource, inflaters: Inflaters = portableInflaters): Promise<OpenedDump> {
  const head = await source.readRange(0, Math.min(source.size, 4096));
  let inputRead = 0;
  const warnings: string[] = [];
  const notes: string[] = [];
  const gaps: { at: number; length: number }[] = [];
  const counted = async function* (chunks: AsyncIterable<Uint8Array>): AsyncIterable<Uint8Array> {
    for await (const c of chunks) {
      inputRead += c.length;
      yield c;
    }
  };
  if (!isGzip(head)) {
    const other = compressionFormat(head);
    if (other !== null) throw new UnsupportedCompressionError(other.name, other.decompress.replace('FILE', source.name));
    return {
      compression: 'none',
      chunks: counted(source.transientStream?.() ?? source.stream()),
      inputBytesRead: () => inputRead,
      randomAccess: plainRandomAccess(source),
      sizeHint: () => source.size,
      warnings,
      notes,
      gaps,
      access: { compression: 'none' },
    };
  }
  if (isJvmBlockGzip(head)) {
    const index: MemberIndex = {
      compressedStarts: [],
      decompressedStarts: [],
      decompressedTotal: 0,
      compressedTotal: source.size,
      compressedEnd: 0,
    };
    return {
      compression: 'gzip-members',
      // inflateMembers copies each chunk before asking for the next.
      chunks: inflateMembers(source.transientStream?.() ?? source.stream(), index, {
        inflateMember: inflaters.member,
        inflateStream: inflaters.stream,
        parallel: inflaters.readAhead,
        onInputBytes: (n) => (inputRead = n),
        onTruncated: (m) => warnings.push(m),
        onDamaged: ({ at, length, message }) => {
          warnings.push(message);
          gaps.push({ at, length });
        },
      }),
      inputBytesRead: () => inputRead,
      randomAccess: memberRandomAccess(source, index, inflaters.member),
      // The ratio of the members inflated so far predicts the whole file's.
      sizeHint: () =>
        index.compressedEnd > 0 ? (source.size * index.decompressedTotal) / index.compressedEnd : source.size * GZIP_RATIO_HINT,
      warnings,
      notes,
      gaps,
      access: { compression: 'gzip-members', memberIndex: index },
    };
  }
  const trailer = source.size >= 18 ? await source.readRange(source.size - 4, source.size) : new Uint8Array(0);
  const isizeHint =
    trailer.length === 4
      ? sizeFromIsize(source.size, (trailer[0] | (trailer[1] << 8) | (trailer[2] << 16) | (trailer[3] << 24)) >>> 0)
      : source.size * GZIP_RATIO_HINT;
  // Any other gzip (one member, as gzip(1) writes): one inflating stream, fed in slices so that a gzip bomb's
  // output waits for the parser (memory bounded by INPUT_SLICE_BYTES times deflate's ~1032:1 ratio at most). Its
  // inflated bytes go to a spool as they pass, so random reads later cost what they cost on a plain file.
  const spool =
    inflaters.spool === undefined
      ? null
      : await inflaters.spool(source.name).catch((e: unknown) => {
          notes.push(`${noSpool(e)}: reading an object's fields re-inflates the file from its start, which is slow`);
          return null;
        });
  let reads: RandomAccess = streamRandomAccess(source, inflaters);
  const chunks = async function* (): AsyncIterable<Uint8Array> {
    let produced = 0;
    let writer = spool === null ? null : new SpoolWriter(spool);
    let complete = false;
    const dropSpool = (e: unknown): void => {
      writer = null;
      notes.push(`${noSpool(e)} after ${produced} bytes: reading an object's fields re-inflates the file from its start, which is slow`);
      spool?.close().catch(() => undefined);
    };
    try {
      try {
        for await (const c of inflaters.stream(counted(sliced(source.stream(), INPUT_SLICE_BYTES)))) {
          if (writer !== null) await writer.append(c).catch(dropSpool);
          produced += c.length;
          yield c;
          // The caller asked for the next chunk, so it is done with this one: hand its memory back now (as
          // gzip-members.ts does), when the buffer is this output's alone.
          if (c.byteLength >= OWN_BUFFER_BYTES && c.buffer.byteLength <= 2 * c.byteLength) releaseArrays([c]);
        }
      } catch (e) {
        const where = `near compressed byte offset ${inputRead} (after ${produced} inflated bytes)`;
        if (produced === 0) throw new FormatError(`the gzip data cannot be inflated ${where}: ${(e as Error).message}`, 0);
        warnings.push(`the gzip data is cut short or damaged ${where}: ${(e as Error).message}; the rest of the file is lost`);
      }
      if (writer !== null) {
        await writer.finish().catch(dropSpool);
        if (writer !== null && spool !== null) reads = spooledRandomAccess(spool, () => produced);
      }
      complete = true;
    } finally {
      // Left early (the parser failed, or the caller stopped): the spool will not be read.
      if (!complete && writer !== null) await spool?.close().catch(() => undefined);
    }
  };
  return {
    compression: 'gzip-stream',
    chunks: chunks(),
    inputBytesRead: () => inputRead,
    randomAccess: { read: (offset, length) => reads.read(offset, length) },
    sizeHint: () => isizeHint,
    warnings,
    notes,
    gaps,
    access: { compression: 'gzip-stream' },
  };
}

/** gzip(1) output is rarely smaller than a third of a heap dump: the stored ISIZE is taken modulo 2^32 up to that. */
function sizeFromIsize(compressedSize: number, isize: number): number {
  let n = isize;
  while (n < compressedSize) n += 2 ** 32;
  return n;
}

function noSpool(e: unknown): string {
  return `the inflated dump cannot be kept in temporary storage (${e instanceof Error ? e.message : String(e)})`;
}
