// The storage contract of the share service: opaque ciphertext by id, with expiry and a delete-token hash.
// Deleted and purged shares leave a tombstone so a link can say "deleted" or "expired" rather than "not found".
// A live share is read as a stream of chunks, so serving it never needs the whole blob in memory.

export interface ShareMeta {
  /** ms since the epoch. */
  createdAt: number;
  /** ms since the epoch. */
  expiresAt: number;
  /** SHA-256 of the delete token, hex. The token itself is never stored. */
  deleteTokenHash: string;
}

export type ShareRecord =
  | {
      state: 'live';
      meta: ShareMeta;
      /** Bytes of the ciphertext. */
      size: number;
      /** The ciphertext in order, one chunk at a time; stopping the iteration early releases what it holds. */
      chunks(): AsyncIterable<Uint8Array>;
    }
  | { state: 'deleted' }
  | { state: 'expired' }
  | { state: 'missing' };

export interface ShareStorage {
  /** Durable when the promise resolves: an acknowledged share survives a crash. Fails if the id exists. */
  put(id: string, bytes: Uint8Array, meta: ShareMeta): Promise<void>;
  /** A live record past its expiresAt (not yet purged) is reported as 'expired'. */
  get(id: string, now: number): Promise<ShareRecord>;
  /** Metadata only (for delete authorisation), without reading the bytes. */
  meta(id: string, now: number): Promise<ShareMeta | 'deleted' | 'expired' | 'missing'>;
  /** Removes the bytes and leaves a 'deleted' tombstone. Returns false when there was no live share. Works on a
   *  full disk: a delete frees space. */
  delete(id: string): Promise<boolean>;
  /** Removes the bytes of shares expired at `now`, leaving 'expired' tombstones. Returns how many. */
  purgeExpired(now: number): Promise<number>;
  /** Bytes of ciphertext held by live shares (for the total storage quota). */
  liveBytes(): Promise<number>;
  /** Writes and reads back a small record: resolves when storage can write, rejects when it cannot. */
  probe(): Promise<void>;
  close(): Promise<void>;
}

/** Storage did not answer in time (a stalled disk, an object store that accepts and never replies). */
export class StorageTimeoutError extends Error {
  readonly kind = 'timeout';
  constructor(what: string, ms: number) {
    super(`storage did not answer ${what} within ${ms} ms`);
    this.name = 'StorageTimeoutError';
  }
}

/** Too many storage calls are already waiting; refused at once rather than queued without bound. */
export class StorageBusyError extends Error {
  readonly kind = 'busy';
  constructor(pending: number) {
    super(`storage is busy (${pending} calls waiting)`);
    this.name = 'StorageBusyError';
  }
}

/** The disk (or the bucket's quota) is full: answered 507. */
export class StorageFullError extends Error {
  readonly kind = 'full';
  constructor(message: string) {
    super(message);
    this.name = 'StorageFullError';
  }
}

/** The store cannot be opened at start (corrupt, read-only, not a database); names the file. */
export class StorageOpenError extends Error {
  readonly kind = 'open';
  constructor(
    readonly file: string,
    reason: string,
  ) {
    super(`cannot open the share database ${file}: ${reason}`);
    this.name = 'StorageOpenError';
  }
}

/** Reads every chunk of a live record into one array (tests and small tools; the server streams instead). */
export async function readAll(record: Extract<ShareRecord, { state: 'live' }>): Promise<Uint8Array> {
  const out = new Uint8Array(record.size);
  let at = 0;
  for await (const c of record.chunks()) {
    out.set(c, at);
    at += c.length;
  }
  if (at !== record.size) throw new Error(`share read ${at} of ${record.size} bytes`);
  return out;
}

/** Rejects with StorageTimeoutError when `promise` does not settle within `ms`. */
export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(() => reject(new StorageTimeoutError(what, ms)), ms);
    promise.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}
