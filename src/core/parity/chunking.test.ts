// The whole analysis does not depend on how the input is chunked: every object's line (shallow, retained, idom,
// root types), the histogram and the summary are the same for 1-byte, 7-byte, 64 KiB and 1 MiB chunks.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeDump, type HeapAnalysis } from '../analysis.ts';
import type { DumpSource } from '../io/dump-source.ts';
import { nodeInflaters } from '../io/inflate.node.ts';
import { objectsTsvChunks } from '../graph/objects-tsv.ts';
import { CORPUS } from '../testing/corpus.node.ts';

function chunkedSource(bytes: Uint8Array, chunkBytes: number): DumpSource {
  return {
    name: 'chunked',
    size: bytes.length,
    async *stream() {
      for (let i = 0; i < bytes.length; i += chunkBytes) yield bytes.subarray(i, i + chunkBytes);
    },
    readRange: async (start, end) => bytes.slice(start, end),
  };
}

function digest(a: HeapAnalysis): string {
  let text = '';
  for (const chunk of objectsTsvChunks(a.graph)) text += chunk;
  const s = a.summary();
  return JSON.stringify({ s: { ...s, warnings: s.warnings.length }, h: a.histogram() }) + '\n' + text;
}

describe.skipIf(!existsSync(CORPUS))('chunk-size independence', () => {
  it('gives the same analysis of hprof-32.bin for 1, 7, 65536 and 1 MiB chunks', async () => {
    const bytes = new Uint8Array(readFileSync(join(CORPUS, 'external/hprof-32.bin')));
    const reference = digest(await analyzeDump(chunkedSource(bytes, 1 << 20), {}, undefined, { inflaters: nodeInflaters }));
    expect(reference.split('\n').length).toBeGreaterThan(2000);
    for (const size of [1, 7, 65536]) {
      const other = digest(await analyzeDump(chunkedSource(bytes, size), {}, undefined, { inflaters: nodeInflaters }));
      expect(other === reference, `chunk size ${size}`).toBe(true);
    }
  });

  it('gives the same analysis of a multi-member gzip dump for 4093-byte and 1 MiB chunks, in keep mode too', async () => {
    const bytes = new Uint8Array(readFileSync(join(CORPUS, 'basics-all.hprof.gz')));
    for (const keepUnreachable of [false, true]) {
      const a = digest(await analyzeDump(chunkedSource(bytes, 1 << 20), { keepUnreachable }, undefined, { inflaters: nodeInflaters }));
      const b = digest(await analyzeDump(chunkedSource(bytes, 4093), { keepUnreachable }, undefined, { inflaters: nodeInflaters }));
      expect(b === a, `keepUnreachable=${keepUnreachable}`).toBe(true);
    }
  });
});
