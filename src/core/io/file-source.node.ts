// DumpSource over a file on disk (Node): a read stream with large chunks, or reads into two reused buffers with
// one read ahead (transientStream) for the pass; fs.read for ranges.

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
    transientStream: () => transientChunks(path),
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

/** Reads the file into two buffers in turn, the next read in flight while the caller uses the current chunk. */
async function* transientChunks(path: string): AsyncIterable<Uint8Array> {
  const handle = await open(path, 'r');
  const buffers = [new Uint8Array(CHUNK_BYTES), new Uint8Array(CHUNK_BYTES)];
  let k = 0;
  let position = 0;
  let pending: Promise<{ bytesRead: number }> | null = handle.read(buffers[k], 0, CHUNK_BYTES, position);
  try {
    for (;;) {
      const { bytesRead } = await pending;
      pending = null;
      if (bytesRead === 0) return;
      const chunk = buffers[k].subarray(0, bytesRead);
      position += bytesRead;
      k ^= 1;
      pending = handle.read(buffers[k], 0, CHUNK_BYTES, position);
      yield chunk;
    }
  } finally {
    // The caller may stop early: let the read in flight end before closing.
    if (pending !== null) await pending.catch(() => undefined);
    await handle.close();
  }
}
