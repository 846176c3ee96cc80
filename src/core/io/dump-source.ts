// Byte sources: the raw dump file, streamed in chunks and readable by range; and random access to the
// decompressed dump (what the inspector uses to re-read an object's fields by offset).

export interface DumpSource {
  name: string;
  /** File size in bytes (compressed size for a .gz). */
  size: number;
  /** The raw file bytes, in order, in chunks of any size. */
  stream(): AsyncIterable<Uint8Array>;
  /** Optional, faster where a source has it: the same bytes as stream(), but a chunk is valid only until the next
   *  one is requested (the source reads ahead into buffers it reuses). For consumers done with each chunk by then. */
  transientStream?(): AsyncIterable<Uint8Array>;
  /** Raw file bytes [start, end). */
  readRange(start: number, end: number): Promise<Uint8Array>;
}

/** Reads the decompressed dump by offset. */
export interface RandomAccess {
  /** Bytes [offset, offset + length) of the decompressed dump (shorter only at its end). */
  read(offset: number, length: number): Promise<Uint8Array>;
}

/** Inflates one complete gzip member (header to ISIZE), checking CRC32 and ISIZE; rejects on any error. */
export type MemberInflater = (member: Uint8Array) => Promise<Uint8Array>;

/** Inflates a gzip stream (any number of members) chunk by chunk. */
export type StreamInflater = (chunks: AsyncIterable<Uint8Array>) => AsyncIterable<Uint8Array>;

/**
 * Storage for the inflated bytes of a gzip that is not the JVM's multi-member `-gz` (one member, no index to seek
 * by): written once during the streaming pass, then read by range at plain-file cost. A temporary file in Node
 * (`spool.node.ts`), the Origin Private File System in the tab (`src/worker/opfs-spool.ts`).
 */
export interface Spool {
  /** Writes `bytes` at `offset` (the spool's end); `bytes` may be reused once the promise settles. */
  write(bytes: Uint8Array, offset: number): Promise<void>;
  /** Bytes [offset, offset + length), shorter only at the end of what was written. */
  read(offset: number, length: number): Promise<Uint8Array>;
  /** Frees the storage; later reads reject. */
  close(): Promise<void>;
}

/** Creates a spool for the dump named `name`; rejects when no storage is available (random reads then re-inflate). */
export type SpoolFactory = (name: string) => Promise<Spool>;

export interface Inflaters {
  member: MemberInflater;
  stream: StreamInflater;
  /** Where a single-member gzip keeps its inflated bytes for random access; without one, each read re-inflates. */
  spool?: SpoolFactory;
  /** Members of a `-gz` dump inflating ahead of the parser (default 3): a pool of N threads wants about 2N. */
  readAhead?: number;
}
