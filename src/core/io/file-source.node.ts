// DumpSource over a file on disk (Node): a read stream with large chunks for the pass, fs.read for ranges.

import { createReadStream } from 'node:fs';
import { statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { basename } from 'node:path';
import { HeapdropError } from '../errors.ts';
import type { DumpSource } from './dump-source.ts';

const CHUNK_BYTES = 8 * 1024 * 1024;

export function nodeFileSource(path: string): DumpSource {
  let info;
  try {
    info = statSync(path);
  } catch (e) {
    throw new HeapdropError('IO', `cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (!info.isFile()) throw new HeapdropError('IO', `${path} is not a file`);
  return {
    name: basename(path),
    size: info.size,
    stream: () => fileChunks(path),
    readRange: async (start, end) => {
      const handle = await open(path, 'r');
      try {
        const out = new Uint8Array(Math.max(0, end - start));
        let done = 0;
        while (done < out.length) {
          const { bytesRead } = await handle.read(out, done, out.length - done, start + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return done === out.length ? out : out.subarray(0, done);
      } finally {
        await handle.close();
      }
    },
  };
}

async function* fileChunks(path: string): AsyncIterable<Uint8Array> {
  const stream = createReadStream(path, { highWaterMark: CHUNK_BYTES });
  for await (const chunk of stream) {
    const b = chunk as Buffer;
    yield new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  }
}
