// Columns that the dominator step does not read, packed while it runs and unpacked after it: the step's scratch
// arrays (20 bytes per node and 4 per non-tree edge) are the analysis's memory peak, and these columns sat under
// it at full width. The packing is exact and cheap (one sequential pass each way): a column becomes a byte
// stream of LEB128 tokens, each either a run of zeros (even token: 2 x the run's length) or one value (odd
// token: 2 x the zigzagged value + 1), where the values are the entries themselves or, for a column that mostly
// climbs in small steps (ordinals in address order, offsets), each entry's step from the one before minus 1 (so
// that a run of ordinals counting up by one is a run of zeros).

import { releaseArrays } from '../release.ts';

export type IntColumn = Uint32Array | Int32Array;

/** One packed column: enough to rebuild it entry for entry. */
export interface PackedColumn {
  type: 'u32' | 'i32';
  length: number;
  delta: boolean;
  bytes: Uint8Array;
}

/** Bytes of the token for `t` (t >= 0, below 2^53). */
function tokenBytes(t: number): number {
  let n = 1;
  while (t >= 128) {
    t = Math.floor(t / 128);
    n++;
  }
  return n;
}

function zigzag(x: number): number {
  return x >= 0 ? 2 * x : -2 * x - 1;
}

/** Walks `column`'s tokens in order: `emit(token)` for each. */
function tokens(column: IntColumn, delta: boolean, emit: (t: number) => void): void {
  let previous = -1;
  let zeros = 0;
  for (let i = 0; i < column.length; i++) {
    const v = column[i];
    const x = delta ? v - previous - 1 : v;
    previous = v;
    if (x === 0) {
      zeros++;
      continue;
    }
    if (zeros > 0) {
      emit(2 * zeros);
      zeros = 0;
    }
    emit(2 * zigzag(x) + 1);
  }
  if (zeros > 0) emit(2 * zeros);
}

/** Packs `column` (left as it is: the caller releases it). */
export function packColumn(column: IntColumn, delta: boolean): PackedColumn {
  let size = 0;
  tokens(column, delta, (t) => {
    size += tokenBytes(t);
  });
  const bytes = new Uint8Array(size);
  let p = 0;
  tokens(column, delta, (t) => {
    while (t >= 128) {
      bytes[p++] = (t % 128) | 128;
      t = Math.floor(t / 128);
    }
    bytes[p++] = t;
  });
  return { type: column instanceof Int32Array ? 'i32' : 'u32', length: column.length, delta, bytes };
}

/** The column `packed` was made from. */
export function unpackColumn(packed: PackedColumn): IntColumn {
  const { bytes, delta, length } = packed;
  const column = packed.type === 'i32' ? new Int32Array(length) : new Uint32Array(length);
  let i = 0;
  let previous = -1;
  for (let p = 0; p < bytes.length;) {
    let t = 0;
    let scale = 1;
    for (;;) {
      const b = bytes[p++];
      t += (b & 127) * scale;
      if (b < 128) break;
      scale *= 128;
    }
    if (t % 2 === 0) {
      // A run of zeros: entries one more than the one before (delta) or 0 (a fresh column is zero already).
      const end = i + t / 2;
      if (delta) while (i < end) column[i++] = ++previous;
      else i = end;
    } else {
      const z = (t - 1) / 2;
      const x = z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      const v = delta ? previous + x + 1 : x;
      column[i++] = v;
      previous = v;
    }
  }
  return column;
}

/** What parkColumns took away, to give back with unparkColumns. */
export interface ParkedColumns<K extends string> {
  packed: Map<K, PackedColumn>;
  /** Bytes of the packed streams, and of the columns they replaced. */
  packedBytes: number;
  columnBytes: number;
}

/**
 * Packs the named columns of `holder` (which then holds empty columns in their place, the originals released):
 * `delta` names those better coded as differences. Nothing may read them until unparkColumns.
 */
export function parkColumns<K extends string>(
  holder: Record<K, IntColumn>,
  names: readonly K[],
  delta: ReadonlySet<K> = new Set(),
): ParkedColumns<K> {
  const packed = new Map<K, PackedColumn>();
  let packedBytes = 0;
  let columnBytes = 0;
  for (const name of names) {
    const column = holder[name];
    const p = packColumn(column, delta.has(name));
    packed.set(name, p);
    packedBytes += p.bytes.length;
    columnBytes += column.byteLength;
    holder[name] = (column instanceof Int32Array ? new Int32Array(0) : new Uint32Array(0)) as IntColumn;
    releaseArrays([column]);
  }
  return { packed, packedBytes, columnBytes };
}

/** Puts the parked columns back into `holder`, entry for entry. */
export function unparkColumns<K extends string>(holder: Record<K, IntColumn>, parked: ParkedColumns<K>): void {
  for (const [name, p] of parked.packed) {
    holder[name] = unpackColumn(p);
    releaseArrays([p.bytes]);
  }
  parked.packed.clear();
}
