// Compression detected by magic bytes; the JVM's multi-member gzip split into members (portable and zlib
// inflaters); single-member gzip; random access to decompressed offsets; a truncated .gz.

import { readFileSync, existsSync } from 'node:fs';
import { deflateRawSync, gzipSync, gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { FormatError } from '../errors.ts';
import { readHprof } from '../hprof/read-hprof.ts';
import { memorySource, parseBytes, parsedDigest } from '../testing/chunking.ts';
import { corpusFile } from '../testing/corpus.node.ts';
import { jvmBlockGzip } from '../testing/gzip-builder.ts';
import { sampleDump } from '../testing/sample-dumps.ts';
import { nodeInflaters } from './inflate.node.ts';
import { portableInflaters } from './inflate.ts';
import { openDump } from './open-dump.ts';

const deflate = (d: Uint8Array) => new Uint8Array(deflateRawSync(d));

/** A dump big enough for many members: the sample dump padded with a large primitive array segment. */
function paddedDump(): Uint8Array {
  return sampleDump({ idSize: 8 }).bytes;
}

async function drain(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const c of chunks) parts.push(c.slice()); // a chunk is valid only until the next is requested (OpenedDump.chunks)
  return new Uint8Array(Buffer.concat(parts));
}

describe('gzip input', () => {
  const plain = paddedDump();
  for (const [name, inflaters] of [
    ['portable', portableInflaters],
    ['zlib', nodeInflaters],
  ] as const) {
    it(`${name}: a multi-member -gz file inflates to the dump at any input chunking`, async () => {
      const gz = jvmBlockGzip(plain, 64, deflate);
      for (const chunk of [1, 7, 100, 1 << 20]) {
        const opened = await openDump(memorySource(gz, chunk), inflaters);
        expect(opened.compression).toBe('gzip-members');
        expect(await drain(opened.chunks)).toEqual(plain);
      }
    });

    it(`${name}: readHprof gives the plain result, and random access reads decompressed offsets across members`, async () => {
      const gz = jvmBlockGzip(plain, 100, deflate);
      const { parsed, randomAccess } = await readHprof(memorySource(gz, 333), { inflaters });
      const expected = parseBytes(plain);
      expect(parsed.compressed).toBe(true);
      expect(parsedDigest({ ...parsed, compressed: false })).toEqual(parsedDigest(expected));
      for (let o = 0; o < parsed.objectCount; o++) {
        const off = parsed.objectOffset(o);
        expect(await randomAccess.read(off, 250)).toEqual(plain.subarray(off, off + 250));
      }
      expect(await randomAccess.read(plain.length - 3, 10)).toEqual(plain.subarray(plain.length - 3));
    });

    it(`${name}: concurrent random reads share each member's inflate`, async () => {
      const gz = jvmBlockGzip(plain, 100, deflate);
      let inflates = 0;
      const counting = { ...inflaters, member: (m: Uint8Array) => (inflates++, inflaters.member(m)) };
      const { parsed, randomAccess } = await readHprof(memorySource(gz, 1 << 20), { inflaters: counting });
      inflates = 0;
      // Every object read at once, as a page of labels does: all reads start before any member is inflated.
      const offsets = Array.from({ length: parsed.objectCount }, (_, o) => parsed.objectOffset(o));
      const reads = await Promise.all(offsets.map((off) => randomAccess.read(off, 250)));
      reads.forEach((bytes, k) => expect(bytes).toEqual(plain.subarray(offsets[k], offsets[k] + 250)));
      const members = Math.ceil(plain.length / 100);
      expect(offsets.length).toBeGreaterThan(members / 4);
      // Each member the reads touch is inflated once (the whole dump is far below the cache's byte budget).
      expect(inflates).toBeLessThanOrEqual(members);
      const again = inflates;
      await Promise.all(offsets.map((off) => randomAccess.read(off, 250)));
      expect(inflates).toBe(again);
    });

    it(`${name}: a single-member gzip (gzip(1)) streams, with random access`, async () => {
      const gz = new Uint8Array(gzipSync(plain));
      const opened = await openDump(memorySource(gz, 17), inflaters);
      expect(opened.compression).toBe('gzip-stream');
      const { parsed, randomAccess } = await readHprof(memorySource(gz, 17), { inflaters });
      expect(parsed.objectCount).toBe(parseBytes(plain).objectCount);
      const off = parsed.objectOffset(3);
      expect(await randomAccess.read(off, 40)).toEqual(plain.subarray(off, off + 40));
    });

    it(`${name}: gzip magic followed by garbage is a FormatError; a gzip(1) file cut short is a truncated dump`, async () => {
      const junk = new Uint8Array(4000).map((_, i) => (i * 7919) & 0xff);
      junk.set([0x1f, 0x8b, 8, 0], 0);
      await expect(readHprof(memorySource(junk, 512), { inflaters })).rejects.toBeInstanceOf(FormatError);
      const gz = new Uint8Array(gzipSync(plain));
      const { parsed } = await readHprof(memorySource(gz.subarray(0, Math.floor(gz.length / 2)), 100), { inflaters });
      expect(parsed.truncated).toBe(true);
      expect(parsed.warnings.join('\n')).toMatch(
        /gzip data is cut short or damaged near compressed byte offset \d+ \(after \d+ inflated bytes\)/,
      );
    });

    it(`${name}: a -gz file cut inside a member yields a truncated dump with a warning`, async () => {
      const gz = jvmBlockGzip(plain, 200, deflate);
      const { parsed } = await readHprof(memorySource(gz.subarray(0, Math.floor(gz.length * 0.7)), 64), { inflaters });
      expect(parsed.truncated).toBe(true);
      expect(parsed.warnings.join('\n')).toMatch(/truncated|ends inside a gzip member/);
      expect(parsed.objectCount).toBeLessThan(parseBytes(plain).objectCount);
    });
  }

  it('a member boundary candidate inside deflate data is rejected (members of incompressible data holding 1f 8b 08)', async () => {
    // Stored (incompressible) blocks copy bytes verbatim, so the magic appears inside member data.
    const data = new Uint8Array(5000);
    let s = 1;
    for (let i = 0; i < data.length; i++) data[i] = (s = (s * 1103515245 + 12345) >>> 0) >>> 24;
    // A plausible ISIZE before each fake magic, so the candidates reach the inflate check.
    for (let i = 0; i < data.length - 8; i += 97) data.set([0x10, 0, 0, 0, 0x1f, 0x8b, 0x08, 0x00], i);
    // Level 0 stores the bytes verbatim, so the fake magic survives into the member data.
    const gz = jvmBlockGzip(data, 1000, (d) => new Uint8Array(deflateRawSync(d, { level: 0 })));
    let failures = 0;
    const counting = {
      ...portableInflaters,
      member: (m: Uint8Array) =>
        portableInflaters.member(m).catch((e: unknown) => {
          failures++;
          throw e;
        }),
    };
    const opened = await openDump(memorySource(gz, 4096), counting);
    expect(await drain(opened.chunks)).toEqual(data);
    expect(failures).toBeGreaterThan(0);
  });
});

const CORPUS = corpusFile('references.hprof.gz');
describe.skipIf(!existsSync(CORPUS))('a JVM -gz dump', () => {
  it('portable inflater: same bytes as zlib, and member random access matches the plain bytes', async () => {
    const gz = new Uint8Array(readFileSync(CORPUS));
    const plainBytes = new Uint8Array(gunzipSync(gz));
    const opened = await openDump(memorySource(gz, 1 << 20), portableInflaters);
    expect(opened.compression).toBe('gzip-members');
    const out = await drain(opened.chunks);
    expect(out.length).toBe(plainBytes.length);
    expect(Buffer.compare(out, plainBytes)).toBe(0);
    for (const off of [0, 1048570, 3 * 1048576 - 5, plainBytes.length - 100]) {
      expect(await opened.randomAccess.read(off, 200)).toEqual(plainBytes.subarray(off, off + 200));
    }
  });
});
