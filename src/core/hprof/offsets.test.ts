// Object offsets past 4 GiB: the reader keeps the low 32 bits per object and the ordinals where the high word
// changes; objectOffset() must give the exact offset through the fast path and the general one.

import { describe, expect, it } from 'vitest';
import { rechunk, parsedDigest } from '../testing/chunking.ts';
import { sampleDump } from '../testing/sample-dumps.ts';
import type { ParsedHeap } from '../model/parsed-heap.ts';
import { HprofParser } from './parser.ts';

const HEADER = 'JAVA PROFILE 1.0.2\0'.length + 4 + 8;
const SKIPPED = 0xffffffff; // the largest record length

/** The sample dump with two CPU SAMPLES records of 4 GiB each (skipped by their length) pushed between its header
 *  and its records. */
function parseShifted(bytes: Uint8Array, chunkBytes: number): ParsedHeap {
  const p = new HprofParser({ sizeHint: bytes.length });
  p.push(bytes.subarray(0, HEADER));
  const zeros = new Uint8Array(64 * 1024 * 1024);
  for (let r = 0; r < 2; r++) {
    p.push(new Uint8Array([0x0d, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0xff]));
    for (let left = SKIPPED; left > 0; left -= zeros.length) p.push(zeros.subarray(0, Math.min(left, zeros.length)));
  }
  for (const c of rechunk(bytes.subarray(HEADER), chunkBytes)) p.push(c);
  return p.finish();
}

describe('object offsets past 4 GiB', () => {
  it('are exact in a dump longer than 8 GiB, at any chunk size', () => {
    const { bytes } = sampleDump({ idSize: 8 });
    const p = new HprofParser({ sizeHint: bytes.length });
    p.push(bytes);
    const plain = p.finish();
    const shift = 2 * (9 + SKIPPED);
    for (const chunk of [bytes.length, 7]) {
      const shifted = parseShifted(bytes, chunk);
      expect(shifted.objectCount).toBe(plain.objectCount);
      for (let o = 0; o < plain.objectCount; o++) expect(shifted.objectOffset(o)).toBe(plain.objectOffset(o) + shift);
      expect(shifted.bytesRead).toBe(plain.bytesRead + shift);
      expect(shifted.recordCounts['CPU SAMPLES']).toBe((plain.recordCounts['CPU SAMPLES'] ?? 0) + 2);
      const same = (d: Record<string, unknown>) => Object.entries(d).filter(([k]) => !['offsets', 'bytesRead', 'recordCounts'].includes(k));
      expect(same(parsedDigest(shifted))).toEqual(same(parsedDigest(plain)));
    }
  });
});
