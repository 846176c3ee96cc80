// The storage contract of the share service: opaque ciphertext by id, with expiry and a delete-token hash.
// Deleted and purged shares leave a tombstone so a link can say "deleted" or "expired" rather than "not found".

export interface ShareMeta {
  /** ms since the epoch. */
  createdAt: number;
  /** ms since the epoch. */
  expiresAt: number;
  /** SHA-256 of the delete token, hex. The token itself is never stored. */
  deleteTokenHash: string;
}

export type ShareRecord =
  | { state: 'live'; bytes: Uint8Array; meta: ShareMeta }
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
  /** Removes the bytes and leaves a 'deleted' tombstone. Returns false when there was no live share. */
  delete(id: string): Promise<boolean>;
  /** Removes the bytes of shares expired at `now`, leaving 'expired' tombstones. Returns how many. */
  purgeExpired(now: number): Promise<number>;
  close(): Promise<void>;
}
