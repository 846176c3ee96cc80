// readHprof: one streaming pass over a dump source (plain or gzip) through the push parser, reporting progress in
// input bytes and polling for cancellation; returns the ParsedHeap and random access to the decompressed bytes.

import { CancelledError, HeapdropError, isHeapdropError } from '../errors.ts';
import type { Progress } from '../api.ts';
import type { DumpSource, Inflaters, RandomAccess } from '../io/dump-source.ts';
import { openDump, type DumpAccess } from '../io/open-dump.ts';
import type { ParsedHeap } from '../model/parsed-heap.ts';
import { HprofParser } from './parser.ts';

export interface ReadOptions {
  isCancelled?: () => boolean;
  onProgress?: (p: Progress) => void;
  /** gzip inflaters; default: the portable DecompressionStream ones (Node callers may pass nodeInflaters). */
  inflaters?: Inflaters;
  maxPendingBytes?: number;
  /** Which heap dump to read when the file holds several (1-based); default: the last. */
  dump?: number;
}

export interface ReadResult {
  parsed: ParsedHeap;
  randomAccess: RandomAccess;
  access: DumpAccess;
}

/** Largest slice handed to the parser at once, so cancellation and progress stay responsive. */
const SLICE_BYTES = 4 * 1024 * 1024;

export async function readHprof(source: DumpSource, options: ReadOptions = {}): Promise<ReadResult> {
  const dump = await openDump(source, options.inflaters);
  // Created on the first chunk: by then a -gz dump has shown its compression ratio, which sizes the columns.
  let parser: HprofParser | null = null;
  const newParser = () =>
    new HprofParser({
      sizeHint: dump.sizeHint(),
      compressed: dump.compression !== 'none',
      maxPendingBytes: options.maxPendingBytes,
      dump: options.dump,
    });
  const total = source.size;
  options.onProgress?.({ phase: 'read', done: 0, total });
  const chunks = dump.chunks[Symbol.asyncIterator]();
  for (;;) {
    let next: IteratorResult<Uint8Array>;
    try {
      next = await chunks.next();
    } catch (e) {
      // The source failed (file removed, permission, browser read error): an IO error, not a format problem.
      if (isHeapdropError(e)) throw e;
      throw new HeapdropError('IO', `reading ${source.name} failed: ${(e as Error)?.message ?? String(e)}`);
    }
    if (next.done) break;
    const chunk = next.value;
    parser ??= newParser();
    for (let p = 0; p < chunk.length; p += SLICE_BYTES) {
      if (options.isCancelled?.()) throw new CancelledError();
      parser.push(p === 0 && chunk.length <= SLICE_BYTES ? chunk : chunk.subarray(p, p + SLICE_BYTES));
    }
    options.onProgress?.({ phase: 'read', done: Math.min(total, dump.inputBytesRead()), total });
  }
  parser ??= newParser();
  const parsed = parser.finish();
  if (dump.warnings.length > 0) {
    parsed.warnings.unshift(...dump.warnings);
    parsed.truncated = true;
  }
  options.onProgress?.({ phase: 'read', done: total, total });
  return { parsed, randomAccess: dump.randomAccess, access: dump.access };
}
