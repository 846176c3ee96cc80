// Test helpers: re-chunk bytes at a fixed size, parse a byte array through the push parser, and a readable
// digest of a ParsedHeap that must not depend on how the input was chunked.

import { HprofParser } from '../hprof/parser.ts';
import type { DumpSource } from '../io/dump-source.ts';
import { decodeRefIds, type ParsedHeap } from '../model/parsed-heap.ts';

export function* rechunk(bytes: Uint8Array, chunkBytes: number): Iterable<Uint8Array> {
  for (let p = 0; p < bytes.length; p += chunkBytes) yield bytes.subarray(p, Math.min(bytes.length, p + chunkBytes));
}

export function parseBytes(bytes: Uint8Array, chunkBytes = bytes.length || 1): ParsedHeap {
  const parser = new HprofParser({ sizeHint: bytes.length });
  for (const c of rechunk(bytes, chunkBytes)) parser.push(c);
  return parser.finish();
}

/** A DumpSource over bytes in memory that streams them at a fixed chunk size. */
export function memorySource(bytes: Uint8Array, chunkBytes = 65536, name = 'memory'): DumpSource {
  return {
    name,
    size: bytes.length,
    stream: async function* () {
      yield* rechunk(bytes, chunkBytes);
    },
    readRange: async (start, end) => bytes.slice(start, end),
  };
}

/** FNV-1a over the values of a numeric column, as hex: equal columns give equal digests. */
export function columnHash(values: ArrayLike<number>): string {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    const lo = v % 4294967296;
    const hi = Math.floor(v / 4294967296);
    h1 = Math.imul(h1 ^ lo, 0x01000193) >>> 0;
    h2 = Math.imul(h2 ^ hi ^ (lo >>> 7), 0x5bd1e995) >>> 0;
  }
  return h1.toString(16).padStart(8, '0') + h2.toString(16).padStart(8, '0');
}

/** Everything the reader produces, as comparable text. */
export function parsedDigest(p: ParsedHeap): Record<string, unknown> {
  const offsets: number[] = [];
  for (let o = 0; o < p.objectCount; o++) offsets.push(p.objectOffset(o));
  return {
    format: p.format,
    idSize: p.idSize,
    truncated: p.truncated,
    warnings: p.warnings,
    bytesRead: p.bytesRead,
    recordCounts: p.recordCounts,
    classes: p.classes.map((c) => `${c.name}@${c.id}<${c.superId} f${c.instanceFields.length} s${c.staticFields.length}`).join('|'),
    objectCount: p.objectCount,
    ids: columnHash(p.idByOrdinal),
    classesByOrdinal: columnHash(p.classByOrdinal),
    kinds: columnHash(p.kindByOrdinal),
    lengths: columnHash(p.arrayLengthByOrdinal),
    offsets: columnHash(offsets),
    refStart: columnHash(p.refStart),
    refIds: columnHash(decodeRefIds(p)),
    roots: [
      p.roots.count,
      columnHash(p.roots.ids),
      columnHash(p.roots.tags),
      columnHash(p.roots.threadSerials),
      columnHash(p.roots.frames ?? new Int32Array(0)),
    ],
    stacks: p.stacks ? JSON.stringify([[...p.stacks.frames], [...p.stacks.traces], [...p.stacks.classIdBySerial]]) : '',
    compressedRefs: p.compressedRefs,
    alignment: p.alignment,
    strings: p.strings.size,
  };
}
