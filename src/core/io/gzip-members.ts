// Splits the JVM's multi-member gzip (`jcmd GC.heap_dump -gz=N`: one independent member per ~1 MiB of dump) into
// members and inflates them one by one, the next one inflating while the caller consumes the previous output.
// A boundary candidate is a `1f 8b 08` with a sane flags byte; it is confirmed by inflating the bytes before it
// (the inflater checks CRC32 and ISIZE) and comparing the output length with the ISIZE stored just before it.
// Reference: OpenJDK heapDumperCompression.cpp; RFC 1952.

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
}

/** Smallest possible gzip member: 10-byte header, 2 bytes of deflate data, 8-byte trailer. */
const MIN_MEMBER_BYTES = 20;
/** A member inflating to more than this is not what the JVM writes; refuse it rather than allocate. */
const MAX_MEMBER_OUTPUT = 256 * 1024 * 1024;

interface Member {
  out: Uint8Array;
  truncated: boolean;
}

export interface MemberSplitOptions {
  inflateMember: MemberInflater;
  /** Used only for a last member cut short (truncated file): yields what can be inflated. */
  inflateStream: StreamInflater;
  onInputBytes?: (compressedBytesRead: number) => void;
  onTruncated?: (message: string) => void;
}

export async function* inflateMembers(
  chunks: AsyncIterable<Uint8Array>,
  index: MemberIndex,
  options: MemberSplitOptions,
): AsyncIterable<Uint8Array> {
  const it = chunks[Symbol.asyncIterator]();
  let buf = new Uint8Array(4 * 1024 * 1024);
  let head = 0; // start of the current member in buf
  let tail = 0; // end of valid data in buf
  let bufStart = 0; // compressed offset of buf[0]
  let inputRead = 0;

  const readMore = async (): Promise<boolean> => {
    const r = await it.next();
    if (r.done) {
      return false;
    }
    const chunk = r.value;
    inputRead += chunk.length;
    options.onInputBytes?.(inputRead);
    if (tail + chunk.length > buf.length) {
      const live = tail - head;
      if (live + chunk.length <= buf.length) buf.copyWithin(0, head, tail);
      else {
        const next = new Uint8Array(Math.max(buf.length * 2, live + chunk.length));
        next.set(buf.subarray(head, tail));
        buf = next;
      }
      bufStart += head;
      tail = live;
      head = 0;
    }
    buf.set(chunk, tail);
    tail += chunk.length;
    return true;
  };

  const nextMember = async (): Promise<Member | null> => {
    let searchFrom = head + MIN_MEMBER_BYTES;
    for (;;) {
      let c = -1;
      for (let p = searchFrom; p + 3 < tail; p++) {
        if (buf[p] === 0x1f && buf[p + 1] === 0x8b && buf[p + 2] === 8 && (buf[p + 3] & 0xe0) === 0) {
          c = p;
          break;
        }
      }
      if (c < 0) {
        searchFrom = Math.max(searchFrom, tail - 3);
        const h0 = head;
        if (await readMore()) {
          searchFrom -= h0 - head; // buf may have been compacted
          continue;
        }
        if (tail === head) return null;
        const rest = buf.subarray(head, tail);
        const restStart = bufStart + head;
        head = tail;
        return lastMember(rest, restStart);
      }
      const isize = (buf[c - 4] | (buf[c - 3] << 8) | (buf[c - 2] << 16) | (buf[c - 1] << 24)) >>> 0;
      if (isize <= MAX_MEMBER_OUTPUT) {
        try {
          const out = await options.inflateMember(buf.subarray(head, c));
          if (out.length === isize) {
            record(bufStart + head, out.length);
            head = c;
            return { out, truncated: false };
          }
        } catch {
          // not a boundary: the bytes before it are not a complete member
        }
      }
      searchFrom = c + 1;
    }
  };

  const record = (compressedStart: number, outLength: number): void => {
    index.compressedStarts.push(compressedStart);
    index.decompressedStarts.push(index.decompressedTotal);
    index.decompressedTotal += outLength;
  };

  const lastMember = async (bytes: Uint8Array, compressedStart: number): Promise<Member> => {
    try {
      const out = await options.inflateMember(bytes);
      record(compressedStart, out.length);
      return { out, truncated: false };
    } catch {
      // A file cut short: keep what inflates.
      const parts: Uint8Array[] = [];
      try {
        for await (const part of options.inflateStream(once(bytes))) parts.push(part);
      } catch {
        // expected: the member has no end
      }
      const out = concat(parts);
      if (out.length === 0 && index.compressedStarts.length === 0) {
        throw new FormatError('the gzip data cannot be inflated', compressedStart);
      }
      record(compressedStart, out.length);
      options.onTruncated?.(`the compressed file ends inside a gzip member starting at compressed byte offset ${compressedStart}`);
      return { out, truncated: true };
    }
  };

  let inflight = nextMember();
  for (;;) {
    const m = await inflight;
    if (m === null) return;
    if (m.truncated) {
      yield m.out;
      return;
    }
    inflight = nextMember(); // inflates while the caller consumes m.out
    inflight.catch(() => undefined);
    yield m.out;
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
