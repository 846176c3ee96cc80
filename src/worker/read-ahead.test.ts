// The read-ahead reader with its worker simulated by a MessageChannel running the real worker code (serveReads):
// the bytes come in order and whole, buffers cross by transfer both ways, a dump reads the same as through
// Blob.stream(); a reader that does not start, or fails part-way, leaves the rest of the file to this thread.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readHprof } from '../core/hprof/read-hprof.ts';
import { blobSource } from '../core/io/blob-source.ts';
import { parsedDigest } from '../core/testing/chunking.ts';
import { readAhead, readAheadSource, type ReadReply, type ReadRequest, type ReadWorkerLike } from './read-ahead.ts';
import { serveReads } from './read.worker.ts';

const PLAIN = fileURLToPath(new URL('../../test-fixtures/graph/graph.hprof', import.meta.url));

interface FakeReader extends ReadWorkerLike {
  buffersBack: number;
  terminated: boolean;
}

/** A reader whose other side is a MessageChannel port served by the real worker code; `failAfter` chunks sent, it
 *  reports an error (as a crashed worker would); `silent`: it never answers. */
function channelReader(options: { failAfter?: number; silent?: boolean } = {}): FakeReader {
  const { port1, port2 } = new MessageChannel();
  const errorListeners: ((e: unknown) => void)[] = [];
  let chunks = 0;
  if (options.silent) port2.start();
  else {
    serveReads({
      postMessage(message: ReadReply, transfer: Transferable[]) {
        if (message.type === 'chunk' && options.failAfter !== undefined && chunks++ >= options.failAfter) {
          for (const l of errorListeners) l({ message: 'the reader crashed' });
          return;
        }
        port2.postMessage(message, transfer);
      },
      addEventListener(_type: 'message', listener: (e: { data: ReadRequest }) => void) {
        port2.addEventListener('message', listener as (e: MessageEvent) => void);
        port2.start();
      },
    });
  }
  port1.start();
  const reader: FakeReader = {
    buffersBack: 0,
    terminated: false,
    postMessage(message: ReadRequest, transfer: Transferable[]) {
      if (message.type === 'buffer') reader.buffersBack++;
      port1.postMessage(message, transfer);
    },
    addEventListener(type: string, listener: (e: never) => void) {
      if (type === 'message') port1.addEventListener('message', listener as (e: MessageEvent) => void);
      else errorListeners.push(listener as (e: unknown) => void);
    },
    terminate() {
      reader.terminated = true;
      port1.close();
      port2.close();
    },
  };
  return reader;
}

function randomBytes(n: number, seed: number): Uint8Array<ArrayBuffer> {
  let s = seed;
  return new Uint8Array(n).map(() => (s = (s * 1103515245 + 12345) >>> 0) >>> 24);
}

/** A Blob of several parts, so that its stream's chunks do not line up with the reader's buffers. */
function partedBlob(bytes: Uint8Array): Blob {
  const parts: Uint8Array<ArrayBuffer>[] = [];
  for (let p = 0, k = 1; p < bytes.length; k++) {
    const end = Math.min(bytes.length, p + 777 * k);
    parts.push(bytes.slice(p, end));
    p = end;
  }
  return new Blob(parts);
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<{ bytes: Uint8Array; lengths: number[]; views: Uint8Array[] }> {
  const lengths: number[] = [];
  const views: Uint8Array[] = [];
  const copies: Uint8Array[] = [];
  for await (const c of chunks) {
    lengths.push(c.length);
    views.push(c);
    copies.push(c.slice());
  }
  const bytes = new Uint8Array(lengths.reduce((a, b) => a + b, 0));
  let o = 0;
  for (const c of copies) {
    bytes.set(c, o);
    o += c.length;
  }
  return { bytes, lengths, views };
}

describe('read-ahead reader', () => {
  it('yields the file in order, in full buffers handed back by transfer', async () => {
    const bytes = randomBytes(100_000, 7);
    const reader = channelReader();
    const {
      bytes: got,
      lengths,
      views,
    } = await collect(readAhead(partedBlob(bytes), { createWorker: () => reader, chunkBytes: 4096, buffers: 3 }));
    expect(got).toEqual(bytes);
    // Every chunk but the last fills its buffer; each went back to the reader when the next was asked for.
    expect(lengths.slice(0, -1).every((n) => n === 4096)).toBe(true);
    expect(lengths.at(-1)).toBe(100_000 % 4096);
    expect(reader.buffersBack).toBe(lengths.length);
    expect(views.every((v) => v.byteLength === 0)).toBe(true); // detached: transferred back
    expect(reader.terminated).toBe(true);
  });

  it('reads a dump exactly as Blob.stream() does', async () => {
    const file = new Blob([new Uint8Array(readFileSync(PLAIN))]);
    const ahead = await readHprof(readAheadSource(file, { createWorker: () => channelReader(), chunkBytes: 1000, buffers: 2 }));
    const plain = await readHprof(blobSource(file));
    expect(parsedDigest(ahead.parsed)).toEqual(parsedDigest(plain.parsed));
  });

  it('reads on this thread when no reader can be made or it does not start', async () => {
    const bytes = randomBytes(30_000, 3);
    expect((await collect(readAhead(partedBlob(bytes), { createWorker: null }))).bytes).toEqual(bytes);
    const throwing = () => {
      throw new Error('no nested workers');
    };
    expect((await collect(readAhead(partedBlob(bytes), { createWorker: throwing }))).bytes).toEqual(bytes);
    const silent = channelReader({ silent: true });
    const got = await collect(readAhead(partedBlob(bytes), { createWorker: () => silent, startTimeoutMs: 50 }));
    expect(got.bytes).toEqual(bytes);
    expect(silent.terminated).toBe(true);
  });

  it('reads the rest on this thread, from where the reader stopped, when it fails part-way', async () => {
    const bytes = randomBytes(50_000, 5);
    const reader = channelReader({ failAfter: 4 });
    const got = await collect(readAhead(partedBlob(bytes), { createWorker: () => reader, chunkBytes: 3000, buffers: 2 }));
    expect(got.bytes).toEqual(bytes);
    expect(got.lengths.slice(0, 4)).toEqual([3000, 3000, 3000, 3000]);
    expect(reader.terminated).toBe(true);
  });

  it('stops the reader when the caller leaves early', async () => {
    const bytes = randomBytes(40_000, 9);
    const reader = channelReader();
    for await (const chunk of readAhead(partedBlob(bytes), { createWorker: () => reader, chunkBytes: 2048, buffers: 2 })) {
      expect(chunk).toEqual(bytes.subarray(0, 2048));
      break;
    }
    expect(reader.terminated).toBe(true);
  });
});
