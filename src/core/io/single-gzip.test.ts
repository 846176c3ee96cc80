// A single-member gzip (what gzip(1) writes, with or without FNAME): the same analysis as the plain dump, and
// random reads served from the spool written during the pass, with no inflate work per read.

import { existsSync, readFileSync } from 'node:fs';
import { gunzipSync, gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { analyzeDump, type HeapAnalysis } from '../analysis.ts';
import { objectsTsvChunks } from '../graph/objects-tsv.ts';
import { readHprof } from '../hprof/read-hprof.ts';
import { corpusFile } from '../testing/corpus.node.ts';
import { memorySource } from '../testing/chunking.ts';
import type { Inflaters, Spool } from './dump-source.ts';
import { nodeInflaters } from './inflate.node.ts';
import { openDump } from './open-dump.ts';

const CORPUS = corpusFile('references.hprof.gz');

function objectsTsv(a: HeapAnalysis): string {
  let text = '';
  for (const chunk of objectsTsvChunks(a.graph)) text += chunk;
  return text;
}

/** gzip(1) with FNAME: the flag, then the zero-terminated name after the 10-byte header. */
function withFileName(gz: Uint8Array, name: string): Uint8Array {
  const nameBytes = new TextEncoder().encode(name + '\0');
  const out = new Uint8Array(gz.length + nameBytes.length);
  out.set(gz.subarray(0, 10), 0);
  out[3] |= 8;
  out.set(nameBytes, 10);
  out.set(gz.subarray(10), 10 + nameBytes.length);
  return out;
}

/** The Node inflaters, counting every inflated byte and every byte read back from the spool. */
function counting(): { inflaters: Inflaters; inflated: () => number; spoolRead: () => number } {
  let inflated = 0;
  let spoolRead = 0;
  const inflaters: Inflaters = {
    member: async (m) => {
      const out = await nodeInflaters.member(m);
      inflated += out.length;
      return out;
    },
    stream: async function* (chunks) {
      for await (const c of nodeInflaters.stream(chunks)) {
        inflated += c.length;
        yield c;
      }
    },
    spool: async (name) => {
      const s = await nodeInflaters.spool!(name);
      return {
        ...s,
        read: async (o, l) => {
          const out = await s.read(o, l);
          spoolRead += out.length;
          return out;
        },
      };
    },
  };
  return { inflaters, inflated: () => inflated, spoolRead: () => spoolRead };
}

describe.skipIf(!existsSync(CORPUS))('a single-member gzip of a corpus dump', () => {
  const plain = new Uint8Array(gunzipSync(readFileSync(CORPUS)));

  it('gives the same objects TSV and summary as the plain dump, at gzip levels 1 and 9, with and without FNAME', async () => {
    const reference = await analyzeDump(memorySource(plain, 1 << 20), {}, undefined, { inflaters: nodeInflaters });
    const expected = objectsTsv(reference);
    expect(expected.split('\n').length).toBeGreaterThan(40_000);
    for (const [level, name] of [
      [1, null],
      [9, 'references.hprof'],
    ] as const) {
      let gz: Uint8Array = new Uint8Array(gzipSync(plain, { level }));
      if (name !== null) gz = withFileName(gz, name);
      const opened = await openDump(memorySource(gz), nodeInflaters);
      expect(opened.compression).toBe('gzip-stream');
      expect(opened.sizeHint()).toBe(plain.length); // from the trailer's ISIZE
      const a = await analyzeDump(memorySource(gz, 65536), {}, undefined, { inflaters: nodeInflaters });
      expect(objectsTsv(a) === expected, `level ${level}`).toBe(true);
      expect({ ...a.summary(), compressed: false }).toEqual({ ...reference.summary(), compressed: false });
      // The inspector reads fields through random access: the same rows from both.
      const top = reference.dominatorChildren(-1, 0, 5).items;
      for (const row of top) expect(await a.objectDetails(row.index)).toEqual(await reference.objectDetails(row.index));
    }
  });

  it('serves 1,000 random reads from the spool: no inflate work per read, whatever the offset', async () => {
    const gz = new Uint8Array(gzipSync(plain, { level: 1 }));
    const c = counting();
    const { parsed, randomAccess } = await readHprof(memorySource(gz, 1 << 20), { inflaters: c.inflaters });
    expect(parsed.warnings.join('\n')).not.toMatch(/slow|cut short/);
    const inflatedByPass = c.inflated();
    expect(inflatedByPass).toBe(plain.length);
    let seed = 7;
    let requested = 0;
    for (let i = 0; i < 1000; i++) {
      seed = (seed * 1103515245 + 12345) >>> 0;
      const offset = seed % plain.length;
      const length = 1 + (seed >>> 20);
      const got = await randomAccess.read(offset, length);
      expect(Buffer.compare(got, plain.subarray(offset, offset + length)), `read at ${offset}`).toBe(0);
      requested += got.length;
    }
    expect(c.inflated() - inflatedByPass).toBe(0); // nothing re-inflated
    expect(c.spoolRead()).toBe(requested); // each read costs its own bytes, not its offset
  });

  it('without a spool, random reads still work, re-inflating up to the offset (what the spool avoids)', async () => {
    const gz = new Uint8Array(gzipSync(plain, { level: 1 }));
    const c = counting();
    const failing: Inflaters = { ...c.inflaters, spool: () => Promise.reject(new Error('no space left on device')) };
    const { parsed, randomAccess } = await readHprof(memorySource(gz, 1 << 20), { inflaters: failing });
    expect(parsed.truncated).toBe(false);
    expect(parsed.warnings.join('\n')).toMatch(/cannot be kept in temporary storage \(no space left on device\).*slow/);
    const before = c.inflated();
    const offset = plain.length - 1000;
    expect(Buffer.compare(await randomAccess.read(offset, 100), plain.subarray(offset, offset + 100))).toBe(0);
    expect(c.inflated() - before).toBeGreaterThanOrEqual(offset);
  });

  it('a spool write that fails during the pass falls back to re-inflating, with a note, and loses nothing', async () => {
    const gz = new Uint8Array(gzipSync(plain, { level: 1 }));
    let writes = 0;
    const flaky: Inflaters = {
      ...nodeInflaters,
      spool: async (name) => {
        const s = await nodeInflaters.spool!(name);
        return { ...s, write: (b, o) => (++writes > 1 ? Promise.reject(new Error('ENOSPC')) : s.write(b, o)) };
      },
    };
    const { parsed, randomAccess } = await readHprof(memorySource(gz, 1 << 20), { inflaters: flaky });
    expect(parsed.truncated).toBe(false);
    expect(parsed.warnings.join('\n')).toMatch(/cannot be kept in temporary storage \(ENOSPC\) after \d+ bytes/);
    const offset = parsed.objectOffset(parsed.objectCount - 1);
    expect(Buffer.compare(await randomAccess.read(offset, 64), plain.subarray(offset, offset + 64))).toBe(0);
  });

  it('closes the spool when the pass is left early', async () => {
    const gz = new Uint8Array(gzipSync(plain, { level: 1 }));
    const closed: Spool[] = [];
    const watched: Inflaters = {
      ...nodeInflaters,
      spool: async (name) => {
        const s = await nodeInflaters.spool!(name);
        const w: Spool = {
          ...s,
          close: async () => {
            closed.push(w);
            await s.close();
          },
        };
        return w;
      },
    };
    const opened = await openDump(memorySource(gz, 65536), watched);
    const it = opened.chunks[Symbol.asyncIterator]();
    await it.next();
    await it.return?.();
    expect(closed.length).toBe(1);
  });
});
