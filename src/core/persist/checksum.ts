// The checksum of a persisted analysis's sections: 32 bits, ~1 ns per 4 bytes, and every step a bijection of the
// state for a given word (xor, multiply by an odd constant, xorshift), so any change confined to one 32-bit word
// always changes the result; wider damage goes unseen with probability about 2^-32.

/** Checksum of `bytes`, from `seed` (different seeds give independent hashes of the same bytes). */
export function checksumBytes(bytes: Uint8Array, seed = 0): number {
  const whole = bytes.length >>> 2;
  const words =
    bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, whole) : new Uint32Array(bytes.slice(0, whole * 4).buffer);
  let h = (0x811c9dc5 ^ Math.imul(seed, 0x27d4eb2f) ^ bytes.length) | 0;
  for (let i = 0; i < words.length; i++) {
    h = Math.imul(h ^ words[i], 0x9e3779b1);
    h ^= h >>> 15;
  }
  for (let i = whole * 4; i < bytes.length; i++) {
    h = Math.imul(h ^ bytes[i], 0x85ebca6b);
    h ^= h >>> 13;
  }
  return h >>> 0;
}

/**
 * The checksum of a section of a persisted analysis (format 2 on): four independent lanes over consecutive 32-bit
 * words, each step a bijection of its lane for a given word as in checksumBytes, so the CPU runs the four chains
 * side by side (about 3x checksumBytes's speed over a 1 GB analysis). The lanes are folded one after the other
 * through bijections, so a change confined to one 32-bit word still always changes the result.
 */
export function sectionChecksum(bytes: Uint8Array): number {
  const whole = bytes.length >>> 2;
  const words =
    bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, whole) : new Uint32Array(bytes.slice(0, whole * 4).buffer);
  let a = (0x811c9dc5 ^ bytes.length) | 0;
  let b = 0x27d4eb2f;
  let c = 0x165667b1;
  let d = 0x61c88647;
  const blocks = whole & ~3;
  for (let i = 0; i < blocks; i += 4) {
    a = Math.imul(a ^ words[i], 0x9e3779b1);
    b = Math.imul(b ^ words[i + 1], 0x9e3779b1);
    c = Math.imul(c ^ words[i + 2], 0x9e3779b1);
    d = Math.imul(d ^ words[i + 3], 0x9e3779b1);
    a ^= a >>> 15;
    b ^= b >>> 15;
    c ^= c >>> 15;
    d ^= d >>> 15;
  }
  for (let i = blocks; i < whole; i++) {
    a = Math.imul(a ^ words[i], 0x9e3779b1);
    a ^= a >>> 15;
  }
  for (let i = whole * 4; i < bytes.length; i++) {
    a = Math.imul(a ^ bytes[i], 0x85ebca6b);
    a ^= a >>> 13;
  }
  let h = a;
  for (const lane of [b, c, d]) {
    h = Math.imul(h ^ lane, 0x85ebca6b);
    h ^= h >>> 13;
  }
  return h >>> 0;
}
