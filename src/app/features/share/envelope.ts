// Encrypted envelope of a share snapshot: JSON -> gzip (CompressionStream) -> AES-GCM-256 (WebCrypto).
// Layout: header = "HDSH" | version (1 byte) | key check (16 bytes); then IV (12 bytes) | ciphertext+tag.
// The header is the AES-GCM additional data, so neither the version nor the key check can be swapped.
// The key check (a truncated SHA-256 of a label and the key) lets the viewer tell "wrong key" from "tampered";
// it reveals nothing usable about a random 256-bit key. Reference: NIST SP 800-38D (GCM).
import { base64urlToBytes, bytesToBase64url } from './base64url.ts';
import { ShareError } from './share-error.ts';

export const ENVELOPE_MAGIC = new Uint8Array([0x48, 0x44, 0x53, 0x48]); // "HDSH"
export const ENVELOPE_VERSION = 1;
const KEY_CHECK_BYTES = 16;
const IV_BYTES = 12;
const TAG_BYTES = 16;
export const HEADER_BYTES = ENVELOPE_MAGIC.length + 1 + KEY_CHECK_BYTES;
/** Bytes the envelope adds to the gzip stream: header, IV and GCM tag. */
export const ENVELOPE_OVERHEAD_BYTES = HEADER_BYTES + IV_BYTES + TAG_BYTES;
export const KEY_BYTES = 32;
/** base64url length of a 32-byte key. */
export const KEY_TEXT_CHARS = 43;
const KEY_CHECK_LABEL = new TextEncoder().encode('heapdrop share key check v1');

export interface SealedEnvelope {
  /** What is uploaded: header | IV | ciphertext. */
  bytes: Uint8Array;
  /** The key for the link's fragment. */
  keyText: string;
  jsonBytes: number;
  gzipBytes: number;
}

function subtle(): SubtleCrypto {
  const s = globalThis.crypto?.subtle;
  if (!s) throw new ShareError('SERVER', 'WebCrypto is not available (a secure context, https or localhost, is required)');
  return s;
}

function concat(parts: Uint8Array[]): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

async function keyCheck(rawKey: Uint8Array): Promise<Uint8Array> {
  const digest = await subtle().digest('SHA-256', concat([KEY_CHECK_LABEL, rawKey]));
  return new Uint8Array(digest, 0, KEY_CHECK_BYTES);
}

export async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Decompresses, refusing output beyond maxBytes (a small link must not expand into gigabytes). */
export async function gunzip(bytes: Uint8Array, maxBytes: number): Promise<Uint8Array> {
  const stream = new Blob([bytes as Uint8Array<ArrayBuffer>]).stream().pipeThrough(new DecompressionStream('gzip'));
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel();
        throw new ShareError('TOO_LARGE', `the shared snapshot expands to more than ${maxBytes} bytes`);
      }
      chunks.push(value);
    }
  } catch (e) {
    if (e instanceof ShareError) throw e;
    throw new ShareError('INVALID', 'the shared snapshot is not valid gzip data');
  }
  return concat(chunks);
}

export async function sealJson(json: string): Promise<SealedEnvelope> {
  const plain = new TextEncoder().encode(json);
  const compressed = await gzip(plain);
  const rawKey = globalThis.crypto.getRandomValues(new Uint8Array(KEY_BYTES));
  const iv = globalThis.crypto.getRandomValues(new Uint8Array(IV_BYTES));
  const header = concat([ENVELOPE_MAGIC, new Uint8Array([ENVELOPE_VERSION]), await keyCheck(rawKey)]);
  const key = await subtle().importKey('raw', rawKey, 'AES-GCM', false, ['encrypt']);
  const sealed = await subtle().encrypt(
    { name: 'AES-GCM', iv, additionalData: header, tagLength: TAG_BYTES * 8 },
    key,
    compressed as Uint8Array<ArrayBuffer>,
  );
  return {
    bytes: concat([header, iv, new Uint8Array(sealed)]),
    keyText: bytesToBase64url(rawKey),
    jsonBytes: plain.length,
    gzipBytes: compressed.length,
  };
}

export function parseKeyText(keyText: string): Uint8Array<ArrayBuffer> {
  const raw = keyText.length === KEY_TEXT_CHARS ? base64urlToBytes(keyText) : null;
  if (!raw || raw.length !== KEY_BYTES) {
    throw new ShareError('BAD_LINK', 'the key in this link is incomplete or malformed (was the link cut off when copied?)');
  }
  return raw as Uint8Array<ArrayBuffer>;
}

/** Decrypts and decompresses an envelope to its JSON text. */
export async function openJson(envelope: Uint8Array, keyText: string, maxJsonBytes: number): Promise<string> {
  const rawKey = parseKeyText(keyText);
  const magicOk = envelope.length >= ENVELOPE_MAGIC.length && ENVELOPE_MAGIC.every((b, i) => envelope[i] === b);
  if (!magicOk) throw new ShareError('INVALID', 'the stored data is not a heapdrop share');
  const version = envelope[ENVELOPE_MAGIC.length];
  if (version > ENVELOPE_VERSION) {
    throw new ShareError('NEWER_VERSION', `this link was made by a newer heapdrop (format v${version})`, version);
  }
  if (version !== ENVELOPE_VERSION) throw new ShareError('INVALID', `unknown share format v${version}`);
  if (envelope.length < HEADER_BYTES + IV_BYTES + TAG_BYTES) {
    throw new ShareError('TAMPERED', 'the stored share is truncated');
  }
  const header = envelope.subarray(0, HEADER_BYTES);
  const storedCheck = header.subarray(ENVELOPE_MAGIC.length + 1);
  const expectedCheck = await keyCheck(rawKey);
  if (!storedCheck.every((b, i) => b === expectedCheck[i])) {
    throw new ShareError('WRONG_KEY', 'the key in this link does not open this share (the link was altered)');
  }
  const iv = envelope.slice(HEADER_BYTES, HEADER_BYTES + IV_BYTES);
  const key = await subtle().importKey('raw', rawKey, 'AES-GCM', false, ['decrypt']);
  let compressed: ArrayBuffer;
  try {
    compressed = await subtle().decrypt(
      { name: 'AES-GCM', iv, additionalData: header.slice(), tagLength: TAG_BYTES * 8 },
      key,
      envelope.slice(HEADER_BYTES + IV_BYTES),
    );
  } catch {
    throw new ShareError('TAMPERED', 'the shared data failed its integrity check: it was altered or corrupted');
  }
  const json = await gunzip(new Uint8Array(compressed), maxJsonBytes);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(json);
  } catch {
    throw new ShareError('INVALID', 'the shared snapshot is not UTF-8 text');
  }
}
