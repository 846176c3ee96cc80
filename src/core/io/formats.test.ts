// Compression formats heapdrop does not read are named by their magic bytes, with the command that decompresses
// them: files made by the real tools where the machine has them, and the bzip2 dump of the external corpus.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { UnsupportedCompressionError } from '../errors.ts';
import { readHprof } from '../hprof/read-hprof.ts';
import { readHprofFile } from '../hprof/read-file.node.ts';
import { corpusFile } from '../testing/corpus.node.ts';
import { memorySource } from '../testing/chunking.ts';
import { compressionFormat } from './formats.ts';
import { nodeInflaters } from './inflate.node.ts';

const PLAIN = fileURLToPath(new URL('../../../test-fixtures/graph/graph.hprof', import.meta.url));
const BZ2 = corpusFile('external', 'more', 'example-java.hprof.bz2');

const tools: { tool: string; args: (input: string, output: string) => string[]; format: string; command: string }[] = [
  { tool: 'bzip2', args: (i) => ['-k', '-f', i], format: 'bzip2', command: 'bunzip2' },
  { tool: 'xz', args: (i) => ['-k', '-f', i], format: 'xz', command: 'unxz' },
  { tool: 'zstd', args: (i, o) => ['-q', '-f', i, '-o', o], format: 'Zstandard (zstd)', command: 'unzstd' },
  { tool: 'lz4', args: (i, o) => ['-q', '-f', i, o], format: 'LZ4', command: 'unlz4' },
  { tool: 'zip', args: (i, o) => ['-q', '-j', o, i], format: 'a zip archive', command: 'unzip' },
  { tool: 'tar', args: (i, o) => ['-cf', o, '-C', join(i, '..'), 'graph.hprof'], format: 'a tar archive', command: 'tar -xf' },
];
const has = (tool: string): boolean => spawnSync('sh', ['-c', `command -v ${tool}`]).status === 0;

describe('compressed formats heapdrop does not read', () => {
  for (const t of tools) {
    it.skipIf(!has(t.tool))(`${t.tool}: refused by name, with the command to decompress it`, async () => {
      const dir = mkdtempSync(join(tmpdir(), 'heapdrop-formats-'));
      try {
        const input = join(dir, 'graph.hprof');
        spawnSync('cp', [PLAIN, input]);
        const ext = { bzip2: '.bz2', xz: '.xz', zstd: '.zst', lz4: '.lz4', zip: '.zip', tar: '.tar' }[t.tool]!;
        const output = input + ext;
        const r = spawnSync(t.tool, t.args(input, output));
        expect(r.status, r.stderr?.toString()).toBe(0);
        const bytes = new Uint8Array(readFileSync(output));
        const e = await readHprof(memorySource(bytes, 4096, `graph.hprof${ext}`), { inflaters: nodeInflaters }).catch((x: unknown) => x);
        expect(e).toBeInstanceOf(UnsupportedCompressionError);
        expect(e).toMatchObject({ code: 'UNSUPPORTED_COMPRESSION', format: t.format });
        expect((e as Error).message).toContain(`${t.command} graph.hprof${ext}`);
      } finally {
        rmSync(dir, { recursive: true });
      }
    });
  }

  it('7-Zip and Unix compress by their magic bytes; HPROF and gzip are not taken for them', () => {
    expect(compressionFormat(new Uint8Array([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4]))?.name).toBe('a 7-Zip archive');
    expect(compressionFormat(new Uint8Array([0x1f, 0x9d, 0x90, 0x4a]))?.name).toBe('Unix compress (.Z)');
    expect(compressionFormat(new Uint8Array(readFileSync(PLAIN)).subarray(0, 4096))).toBeNull();
    expect(compressionFormat(new Uint8Array([0x1f, 0x8b, 8, 0]))).toBeNull();
    expect(compressionFormat(new TextEncoder().encode('BZh is not bzip2 without a block size digit'))).toBeNull();
  });

  it.skipIf(!existsSync(BZ2))('the external corpus bzip2 dump (py-hprof) is refused as bzip2, naming the file', async () => {
    const e = await readHprofFile(BZ2).catch((x: unknown) => x);
    expect(e).toMatchObject({ code: 'UNSUPPORTED_COMPRESSION', format: 'bzip2' });
    expect((e as Error).message).toContain('bunzip2 example-java.hprof.bz2');
  });
});
