// Byte sources and readHprof's contract: Blob and file sources agree, progress in input bytes, cancellation.

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Progress } from '../api.ts';
import { CancelledError } from '../errors.ts';
import { readHprof } from '../hprof/read-hprof.ts';
import { parsedDigest } from '../testing/chunking.ts';
import { blobSource } from './blob-source.ts';
import { nodeFileSource } from './file-source.node.ts';
import { nodeInflaters } from './inflate.node.ts';

const GZ = fileURLToPath(new URL('../../../test-fixtures/graph/graph.hprof.gz', import.meta.url));
const PLAIN = fileURLToPath(new URL('../../../test-fixtures/graph/graph.hprof', import.meta.url));

describe('dump sources', () => {
  it('a Blob and a file give the same dump, with progress in compressed input bytes', async () => {
    const bytes = new Uint8Array(readFileSync(GZ));
    const progress: Progress[] = [];
    const fromBlob = await readHprof(blobSource(new Blob([bytes]), 'graph.hprof.gz'), { onProgress: (p) => progress.push(p) });
    const fromFile = await readHprof(nodeFileSource(GZ), { inflaters: nodeInflaters });
    expect(parsedDigest(fromBlob.parsed)).toEqual(parsedDigest(fromFile.parsed));
    expect(progress.every((p) => p.phase === 'read' && p.total === bytes.length)).toBe(true);
    for (let i = 1; i < progress.length; i++) expect(progress[i].done).toBeGreaterThanOrEqual(progress[i - 1].done);
    expect(progress.at(-1)!.done).toBe(bytes.length);
    expect(progress.length).toBeGreaterThan(2);
  });

  it('a plain dump read through the file source reused buffers equals the Blob read', async () => {
    const fromBlob = await readHprof(blobSource(new Blob([new Uint8Array(readFileSync(PLAIN))])));
    const fromFile = await readHprof(nodeFileSource(PLAIN));
    expect(parsedDigest(fromFile.parsed)).toEqual(parsedDigest(fromBlob.parsed));
  });

  it('transientStream yields the file bytes in order and can be left early', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapdrop-'));
    try {
      const path = join(dir, 'bytes.bin');
      let seed = 11;
      const bytes = new Uint8Array(20 * 1024 * 1024 + 12345).map(() => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24);
      writeFileSync(path, bytes);
      const source = nodeFileSource(path);
      const copies: Uint8Array[] = [];
      for await (const chunk of source.transientStream!()) copies.push(chunk.slice());
      expect(copies.length).toBeGreaterThanOrEqual(3);
      const same = (x: Uint8Array, y: Uint8Array): boolean => Buffer.from(x.buffer, x.byteOffset, x.length).equals(y);
      let offset = 0;
      for (const c of copies) {
        expect(same(c, bytes.subarray(offset, offset + c.length))).toBe(true);
        offset += c.length;
      }
      expect(offset).toBe(bytes.length);
      for await (const chunk of source.transientStream!()) {
        expect(same(chunk, bytes.subarray(0, chunk.length))).toBe(true);
        break; // the read in flight is awaited and the file closed
      }
    } finally {
      rmSync(dir, { recursive: true });
    }
  });

  it('readRange reads raw bytes from both sources', async () => {
    const bytes = new Uint8Array(readFileSync(GZ));
    expect(await nodeFileSource(GZ).readRange(100, 164)).toEqual(bytes.subarray(100, 164));
    expect(await blobSource(new Blob([bytes])).readRange(100, 164)).toEqual(bytes.subarray(100, 164));
  });

  it('cancellation stops the read with CancelledError', async () => {
    let polls = 0;
    await expect(readHprof(nodeFileSource(GZ), { inflaters: nodeInflaters, isCancelled: () => ++polls > 1 })).rejects.toBeInstanceOf(
      CancelledError,
    );
  });

  it('a source that fails mid-stream gives an IO HeapdropError', async () => {
    const bytes = new Uint8Array(readFileSync(GZ));
    const failing = {
      name: 'flaky.hprof.gz',
      size: bytes.length,
      stream: async function* () {
        yield bytes.subarray(0, 100_000);
        throw new Error('device went away');
      },
      readRange: async (a: number, b: number) => bytes.slice(a, b),
    };
    await expect(readHprof(failing, { inflaters: nodeInflaters })).rejects.toMatchObject({
      code: 'IO',
      message: expect.stringMatching(/device went away/),
    });
  });

  it('a missing file is an IO HeapdropError', () => {
    expect(() => nodeFileSource('/nonexistent/dump.hprof')).toThrow(/cannot open/);
  });
});
