// The HPROF file header: "JAVA PROFILE 1.0.x" NUL, u4 identifier size, u8 dump time in ms (heapDumper.cpp).

import { FormatError, UnsupportedVersionError } from '../errors.ts';

const HEADER_PREFIX = 'JAVA PROFILE ';
const VERSIONS = ['1.0.1', '1.0.2', '1.0.3'];
const MAX_HEADER_BYTES = 64;

export interface HprofHeader {
  format: string;
  idSize: 4 | 8;
  timestamp: number;
  /** Header length in bytes. */
  length: number;
}

/**
 * Parses the header at buf[pos, end), whose first byte is at absolute offset `abs`. Returns the header, or the
 * number of bytes needed when buf ends first. Throws as soon as the bytes cannot be an HPROF header.
 */
export function parseHeader(buf: Uint8Array, pos: number, end: number, abs: number): HprofHeader | number {
  const avail = end - pos;
  const prefixLen = Math.min(avail, HEADER_PREFIX.length);
  for (let i = 0; i < prefixLen; i++) {
    if (buf[pos + i] !== HEADER_PREFIX.charCodeAt(i)) {
      throw new FormatError('not an HPROF heap dump: the file does not start with "JAVA PROFILE"', abs);
    }
  }
  let nul = -1;
  for (let i = 0; i < Math.min(avail, MAX_HEADER_BYTES); i++) {
    if (buf[pos + i] === 0) {
      nul = i;
      break;
    }
  }
  if (nul < 0) {
    if (avail >= MAX_HEADER_BYTES) throw new FormatError('HPROF header is not terminated', abs);
    return avail + 1;
  }
  if (avail < nul + 13) return nul + 13;
  let text = '';
  for (let i = 0; i < nul; i++) text += String.fromCharCode(buf[pos + i]);
  if (!VERSIONS.includes(text.slice(HEADER_PREFIX.length))) throw new UnsupportedVersionError(text);
  const idSize = u4(buf, pos + nul + 1);
  if (idSize !== 4 && idSize !== 8) {
    throw new FormatError(`identifier size ${idSize} is not supported (4 or 8)`, abs + nul + 1);
  }
  const timestamp = u4(buf, pos + nul + 5) * 4294967296 + u4(buf, pos + nul + 9);
  return { format: text, idSize, timestamp, length: nul + 13 };
}

function u4(buf: Uint8Array, p: number): number {
  return ((buf[p] << 24) | (buf[p + 1] << 16) | (buf[p + 2] << 8) | buf[p + 3]) >>> 0;
}
