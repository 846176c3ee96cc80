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
  const hasher = new SectionHasher(bytes.length);
  hasher.update(bytes);
  return hasher.digest();
}

/**
 * sectionChecksum over a section given in consecutive parts (a section read or checked a piece at a time, so that
 * the reader can let other work run between the pieces): the same result as sectionChecksum over the whole.
 * Every part but the last must be a multiple of 16 bytes long (whole steps of the four lanes).
 */
export class SectionHasher {
  private a: number;
  private b = 0x27d4eb2f;
  private c = 0x165667b1;
  private d = 0x61c88647;
  private seen = 0;
  private ended = false;

  /** `length`: the section's whole length in bytes. */
  constructor(private readonly length: number) {
    this.a = (0x811c9dc5 ^ length) | 0;
  }

  update(bytes: Uint8Array): void {
    if (this.ended) throw new Error('a part after the last part of a section');
    if (this.seen + bytes.length > this.length) throw new Error('more bytes than the section holds');
    if (bytes.length % 16 !== 0 || this.seen + bytes.length === this.length) this.ended = true;
    this.seen += bytes.length;
    const whole = bytes.length >>> 2;
    const words =
      bytes.byteOffset % 4 === 0
        ? new Uint32Array(bytes.buffer, bytes.byteOffset, whole)
        : new Uint32Array(bytes.slice(0, whole * 4).buffer);
    let a = this.a;
    let b = this.b;
    let c = this.c;
    let d = this.d;
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
    this.a = a;
    this.b = b;
    this.c = c;
    this.d = d;
  }

  digest(): number {
    if (this.seen !== this.length) throw new Error(`${this.seen} of the section's ${this.length} bytes were hashed`);
    let h = this.a;
    for (const lane of [this.b, this.c, this.d]) {
      h = Math.imul(h ^ lane, 0x85ebca6b);
      h ^= h >>> 13;
    }
    return h >>> 0;
  }
}
