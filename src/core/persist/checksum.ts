// The checksum of a persisted analysis's sections: 32 bits, ~1 ns per 4 bytes, and every step a bijection of the
// state for a given word (xor, multiply by an odd constant, xorshift), so any change confined to one 32-bit word
// always changes the result; wider damage goes unseen with probability about 2^-32.

/** Checksum of `bytes`, from `seed` (different seeds give independent hashes of the same bytes). */
export function checksumBytes(bytes: Uint8Array, seed = 0): number {
  const whole = bytes.length >>> 2;
  const words = bytes.byteOffset % 4 === 0 ? new Uint32Array(bytes.buffer, bytes.byteOffset, whole) : new Uint32Array(bytes.slice(0, whole * 4).buffer);
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
