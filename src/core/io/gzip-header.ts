// gzip member header (RFC 1952 section 2.3): magic 1f 8b, method 8, flags, mtime, xfl, os, then optional
// extra / name / comment / header CRC. The JVM's `GC.heap_dump -gz` puts `HPROF BLOCKSIZE=<n>` in the comment.

export const FTEXT = 1;
const FHCRC = 2;
const FEXTRA = 4;
const FNAME = 8;
const FCOMMENT = 16;

export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

export interface GzipHeader {
  /** Header length in bytes. */
  length: number;
  comment: string | null;
}

/** Parses a member header at buf[pos]; null if it is not a valid header or buf ends first. */
export function parseGzipHeader(buf: Uint8Array, pos: number): GzipHeader | null {
  if (buf.length - pos < 10 || buf[pos] !== 0x1f || buf[pos + 1] !== 0x8b || buf[pos + 2] !== 8) return null;
  const flags = buf[pos + 3];
  if ((flags & 0xe0) !== 0) return null;
  let p = pos + 10;
  if (flags & FEXTRA) {
    if (p + 2 > buf.length) return null;
    p += 2 + (buf[p] | (buf[p + 1] << 8));
  }
  if (flags & FNAME) {
    while (p < buf.length && buf[p] !== 0) p++;
    p++;
  }
  let comment: string | null = null;
  if (flags & FCOMMENT) {
    const start = p;
    while (p < buf.length && buf[p] !== 0) p++;
    comment = String.fromCharCode(...buf.subarray(start, Math.min(p, start + 256)));
    p++;
  }
  if (flags & FHCRC) p += 2;
  if (p > buf.length) return null;
  return { length: p - pos, comment };
}

/** Whether a first member's header marks a JVM `-gz` dump (independent members of BLOCKSIZE inflated bytes). */
export function isJvmBlockGzip(buf: Uint8Array): boolean {
  const h = parseGzipHeader(buf, 0);
  return h !== null && h.comment !== null && h.comment.startsWith('HPROF BLOCKSIZE=');
}
