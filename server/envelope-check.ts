// The server cannot decrypt a share, but it can refuse what the app never uploads. The app's envelope
// (src/app/features/share/envelope.ts) is "HDSH" | version | key check (16) | IV (12) | AES-GCM output, and
// AES-GCM output is the plaintext's length plus a 16-byte tag; the plaintext is a gzip stream, at least 20 bytes
// (10-byte header, an empty final deflate block of 2 bytes, 8-byte trailer; RFC 1952). Anything shorter, with
// another magic or a version this server does not know, is not a share.
import { ENVELOPE_MAGIC, ENVELOPE_OVERHEAD_BYTES, ENVELOPE_VERSION } from '../src/app/features/share/envelope.ts';

export const MIN_GZIP_BYTES = 20;
export const MIN_ENVELOPE_BYTES = ENVELOPE_OVERHEAD_BYTES + MIN_GZIP_BYTES;

/** Why `bytes` is not a share envelope, or null when its shape is one. */
export function envelopeProblem(bytes: Uint8Array): string | null {
  if (bytes.length < ENVELOPE_MAGIC.length || !ENVELOPE_MAGIC.every((b, i) => bytes[i] === b)) {
    return 'it does not start with the share magic "HDSH"';
  }
  const version = bytes[ENVELOPE_MAGIC.length];
  if (version < 1 || version > ENVELOPE_VERSION) return `share format v${version} is not one this server accepts`;
  if (bytes.length < MIN_ENVELOPE_BYTES) {
    return `${bytes.length} bytes is shorter than the smallest sealed share (${MIN_ENVELOPE_BYTES} bytes)`;
  }
  return null;
}
