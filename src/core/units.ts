// Type aliases that name units and index spaces (see src/core/README.md).

/** A size in bytes. Sums can exceed 2^32: always a JS number (exact to 2^53), never an Int32. */
export type Bytes = number;
/** An object id as written in the dump (its address). Held as a number: exact below 2^53. */
export type ObjectId = number;
/** Our dense index of a kept object in the graph, 0..nodeCount-1, in ascending address order (see graph/README.md). */
export type ObjectIndex = number;
/** Index into the class table, 0..classCount-1. */
export type ClassIndex = number;
/** An address printed as MAT does: lower-case hex with a 0x prefix. */
export type HexAddress = string;

export function toHex(id: ObjectId): HexAddress {
  return '0x' + id.toString(16);
}

export function parseHex(text: string): ObjectId | null {
  const t = text.trim().toLowerCase();
  const m = /^(0x)?([0-9a-f]{1,13})$/.exec(t);
  if (!m) return null;
  return parseInt(m[2], 16);
}

/** Greatest common divisor of two non-negative integers (exact below 2^53). */
export function gcd(a: number, b: number): number {
  while (b !== 0) {
    const t = a % b;
    a = b;
    b = t;
  }
  return a;
}
