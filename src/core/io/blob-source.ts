// DumpSource over a Blob/File (browser worker, or Node 20's Blob): Blob.stream() for the pass, slice() for ranges.

import type { DumpSource } from './dump-source.ts';

export function blobSource(blob: Blob, name?: string): DumpSource {
  return {
    name: name ?? ((blob as { name?: string }).name || 'dump'),
    size: blob.size,
    stream: () => streamChunks(blob.stream()),
    readRange: async (start, end) => new Uint8Array(await blob.slice(start, end).arrayBuffer()),
  };
}

/** Iterates a ReadableStream of bytes (not every runtime makes ReadableStream async-iterable). */
export async function* streamChunks(stream: ReadableStream<Uint8Array>): AsyncIterable<Uint8Array> {
  const reader = stream.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return;
      if (value !== undefined && value.length > 0) yield value;
    }
  } finally {
    reader.releaseLock();
  }
}
