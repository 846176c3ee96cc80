// Splits the JVM's multi-member gzip (`jcmd GC.heap_dump -gz=N`: one independent member per ~1 MiB of dump) into
// members and inflates them one by one, the next one inflating while the caller consumes the previous output.
// A boundary candidate is a `1f 8b 08` with a sane flags byte; it is confirmed by inflating the bytes before it
// (the inflater checks CRC32 and ISIZE) and comparing the output length with the ISIZE stored just before it.
// Reference: OpenJDK heapDumperCompression.cpp; RFC 1952.

import { releaseArrays } from '../release.ts';
import { FormatError } from '../errors.ts';
import type { MemberInflater, StreamInflater } from './dump-source.ts';

/** Where each member starts, in the compressed file and in the decompressed dump. */
export interface MemberIndex {
  compressedStarts: number[];
  decompressedStarts: number[];
  /** Decompressed bytes produced so far (the dump's size once the pass is done). */
  decompressedTotal: number;
  /** Compressed size of the file. */
  compressedTotal: number;
  /** Compressed offset where the last recorded member ends. */
  compressedEnd: number;
}

/** Smallest possible gzip member: 10-byte header, 2 bytes of deflate data, 8-byte trailer. */
const MIN_MEMBER_BYTES = 20;
/** Outputs at least this big are in buffers of their own (Node pools only allocations of under 4 KiB). */
const OWN_BUFFER_BYTES = 64 * 1024;
/** A member inflating to more than this is not what the JVM writes; refuse it rather than allocate. */
const MAX_MEMBER_OUTPUT = 256 * 1024 * 1024;

export interface MemberSplitOptions {
  inflateMember: MemberInflater;
  /** Used only for a last member cut short (truncated file): yields what can be inflated. */
  inflateStream: StreamInflater;
  onInputBytes?: (compressedBytesRead: number) => void;
  onTruncated?: (message: string) => void;
  /** A member between two sure boundaries does not inflate: its bytes are skipped. `at` is the dump offset where
   *  they were, `length` their count by the member's ISIZE. */
  onDamaged?: (gap: { at: number; length: number; message: string }) => void;
  /** Members inflating at once, speculatively, ahead of the caller. Default 3. */
  parallel?: number;
}

interface Span {
  /** Compressed offsets [start, end) of the candidate member. */
  start: number;
  end: number;
  /** ISIZE stored before `end` (what a true member inflates to), or -1 for the last piece of the file. */
  isize: number;
  /** `end` is a sure member boundary (a header as the JVM writes them), not a candidate found in deflate data. */
  sure: boolean;
  result: Promise<Uint8Array | Error>;
}

/**
 * A header as OpenJDK's heapDumperCompression writes every member's: method 8, no flags or only FCOMMENT (its
 * `HPROF BLOCKSIZE=` comment), mtime 0. Eight fixed bytes: deflate data holds them by chance about once in 2^64
 * positions, so a member that fails to inflate before such a header is damaged, not a false boundary.
 */
function isJvmMemberHeader(buf: Uint8Array, p: number): boolean {
  return (buf[p + 3] === 0 || buf[p + 3] === 0x10) && buf[p + 4] === 0 && buf[p + 5] === 0 && buf[p + 6] === 0 && buf[p + 7] === 0;
}

export async function* inflateMembers(
  chunks: AsyncIterable<Uint8Array>,
  index: MemberIndex,
  options: MemberSplitOptions,
): AsyncIterable<Uint8Array> {
  const parallel = Math.max(1, options.parallel ?? 3);
  const it = chunks[Symbol.asyncIterator]();
  let buf = new Uint8Array(4 * 1024 * 1024);
  let bufStart = 0; // compressed offset of buf[0]
  let tail = 0; // valid bytes in buf
  let eof = false;
  let inputRead = 0;
  let memberStart = 0; // compressed offset where the next span to launch starts
  let scanFrom = MIN_MEMBER_BYTES; // next compressed offset to test as a boundary candidate
  let queue: Span[] = [];

  const readMore = async (): Promise<void> => {
    const r = await it.next();
    if (r.done) {
      eof = true;
      return;
    }
    const chunk = r.value;
    inputRead += chunk.length;
    options.onInputBytes?.(inputRead);
    // Keep bytes from the oldest unconfirmed span: a false boundary means re-reading from there.
    const keepFrom = (queue.length > 0 ? queue[0].start : memberStart) - bufStart;
    if (tail + chunk.length > buf.length) {
      const live = tail - keepFrom;
      if (live + chunk.length <= buf.length) buf.copyWithin(0, keepFrom, tail);
      else {
        const next = new Uint8Array(Math.max(buf.length * 2, live + chunk.length));
        next.set(buf.subarray(keepFrom, tail));
        buf = next;
      }
      bufStart += keepFrom;
      tail = live;
    }
    buf.set(chunk, tail);
    tail += chunk.length;
  };

  const u32le = (abs: number): number => {
    const p = abs - bufStart;
    return (buf[p] | (buf[p + 1] << 8) | (buf[p + 2] << 16) | (buf[p + 3] << 24)) >>> 0;
  };

  const launch = (start: number, end: number, isize: number, sure: boolean): void => {
    // A copy: the buffer may be compacted while the member inflates on another thread.
    const bytes = buf.slice(start - bufStart, end - bufStart);
    const result = options.inflateMember(bytes).then(
      (out) => {
        releaseArrays([bytes]);
        return out;
      },
      (e: unknown) => (e instanceof Error ? e : new Error(String(e))),
    );
    queue.push({ start, end, isize, sure, result });
  };

  /** Launches spans up to the parallel limit from the bytes at hand. */
  const fill = (): void => {
    while (queue.length < parallel) {
      let c = -1;
      let waitAt = -1; // a candidate whose header is not all in the buffer yet
      const view = buf.subarray(0, tail); // indexOf must not search the stale bytes past `tail`
      for (let p = scanFrom - bufStart; p + 3 < tail; p++) {
        p = view.indexOf(0x1f, p);
        if (p < 0 || p + 3 >= tail) break;
        if (buf[p + 1] === 0x8b && buf[p + 2] === 8 && (buf[p + 3] & 0xe0) === 0) {
          if (p + 8 > tail && !eof) {
            waitAt = p + bufStart;
            break;
          }
          if (u32le(p + bufStart - 4) <= MAX_MEMBER_OUTPUT) {
            c = p + bufStart;
            break;
          }
        }
      }
      if (c >= 0) {
        launch(memberStart, c, u32le(c - 4), c - bufStart + 8 <= tail && isJvmMemberHeader(buf, c - bufStart));
        memberStart = c;
        scanFrom = c + MIN_MEMBER_BYTES;
        continue;
      }
      const end = bufStart + tail;
      scanFrom = waitAt >= 0 ? waitAt : Math.max(scanFrom, end - 3);
      if (eof && memberStart < end) {
        launch(memberStart, end, -1, false);
        memberStart = end;
      }
      return;
    }
  };

  const record = (compressedStart: number, compressedEnd: number, outLength: number): void => {
    index.compressedEnd = compressedEnd;
    index.compressedStarts.push(compressedStart);
    index.decompressedStarts.push(index.decompressedTotal);
    index.decompressedTotal += outLength;
  };

  for (;;) {
    fill();
    if (queue.length === 0) {
      if (eof) return;
      await readMore();
      continue;
    }
    const span = queue[0];
    const out = await span.result;
    if (!(out instanceof Error) && (span.isize < 0 || out.length === span.isize)) {
      queue.shift();
      record(span.start, span.end, out.length);
      fill(); // keep the pipeline full while the caller consumes this output
      yield out;
      // The caller asked for the next chunk, so it is done with this one (OpenedDump.chunks): hand the ~1 MiB back
      // now rather than at some later collection (unreleased, they left the -gz bench run 150-220 MiB above the
      // plain one at its peak, by chance of GC timing). Only a buffer that is this output's alone.
      if (out.byteLength >= OWN_BUFFER_BYTES && out.buffer.byteLength <= 2 * out.byteLength) releaseArrays([out]);
      continue;
    }
    if (span.sure) {
      // A damaged member: its bytes are lost, the members after it are intact (each one inflates on its own).
      queue.shift();
      const member = index.compressedStarts.length + 1;
      const what = `gzip member ${member} (compressed bytes ${span.start}-${span.end})`;
      const why = out instanceof Error ? out.message : `it inflates to ${out.length} bytes, not the ${span.isize} its trailer says`;
      if (member === 1) throw new FormatError(`${what} is damaged (${why}); it holds the dump's header, so nothing can be read`, 0);
      const at = index.decompressedTotal;
      const length = span.isize <= MAX_MEMBER_OUTPUT ? span.isize : 0;
      options.onDamaged?.({
        at,
        length,
        message: `${what} is damaged (${why}): its ${length} inflated bytes (dump bytes ${at}-${at + length}) are lost, with the objects in them; the members after it are read`,
      });
      record(span.start, span.end, length);
      continue;
    }
    if (span.isize < 0) {
      // The file's last piece does not inflate: a file cut short, or a damaged last member. Keep what inflates.
      const parts: Uint8Array[] = [];
      try {
        const bytes = buf.slice(span.start - bufStart, span.end - bufStart);
        for await (const part of options.inflateStream(once(bytes))) parts.push(part);
      } catch {
        // expected: the member has no end
      }
      const partial = concat(parts);
      if (partial.length === 0 && index.compressedStarts.length === 0) {
        throw new FormatError('the gzip data cannot be inflated', span.start);
      }
      record(span.start, span.end, partial.length);
      options.onTruncated?.(
        `the last gzip member (compressed bytes ${span.start}-${span.end}) is cut short or damaged after ${partial.length} inflated bytes (dump byte offset ${index.decompressedStarts[index.decompressedStarts.length - 1] + partial.length}); the rest of the file is lost`,
      );
      yield partial;
      return;
    }
    // A false boundary (1f 8b 08 inside deflate data): drop the speculation and extend the member past it.
    queue = [];
    memberStart = span.start;
    scanFrom = span.end + 1;
  }
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

export function concat(parts: Uint8Array[]): Uint8Array {
  if (parts.length === 1) return parts[0];
  let total = 0;
  for (const p of parts) total += p.length;
  const out = new Uint8Array(total);
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}
