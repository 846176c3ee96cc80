// DumpSource over a file on disk (Node): a read stream with large chunks, or reads into two reused buffers with
// one read ahead (transientStream) for the pass; fs.read for ranges, on one descriptor opened at the first range
// read and closed when the source is garbage-collected (a page of labels makes hundreds of reads at once; a
// descriptor per read tripled their cost).

import { close, createReadStream, open as openFd, read, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { basename } from 'node:path';
import { HeapdropError } from '../errors.ts';
import type { DumpSource } from './dump-source.ts';

const CHUNK_BYTES = 8 * 1024 * 1024;

const openAsync = promisify(openFd);
const readAsync = promisify(read);
const forgotten = new FinalizationRegistry<Promise<number>>((fd) => {
  fd.then((n) => close(n, () => undefined)).catch(() => undefined);
});

export function nodeFileSource(path: string): DumpSource {
  let info;
  try {
    info = statSync(path);
  } catch (e) {
    throw new HeapdropError('IO', `cannot open ${path}: ${(e as NodeJS.ErrnoException).code ?? String(e)}`);
  }
  if (!info.isFile()) throw new HeapdropError('IO', `${path} is not a file`);
  let fd: Promise<number> | null = null;
  const descriptor = (): Promise<number> => {
    if (fd === null) {
      const opening = openAsync(path, 'r');
      fd = opening;
      // A failed open is not kept: the next read tries again.
      opening.catch(() => {
        if (fd === opening) fd = null;
      });
      forgotten.register(source, opening);
    }
    return fd;
  };
  const source: DumpSource = {
    name: basename(path),
    size: info.size,
    stream: () => fileChunks(path),
    transientStream: () => transientChunks(path),
    readRange: async (start, end) => {
      const handle = await descriptor();
      const out = new Uint8Array(Math.max(0, end - start));
      let done = 0;
      while (done < out.length) {
        const { bytesRead } = await readAsync(handle, out, done, out.length - done, start + done);
        if (bytesRead === 0) break;
        done += bytesRead;
      }
      return done === out.length ? out : out.subarray(0, done);
    },
  };
  return source;
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
