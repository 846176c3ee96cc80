// SQLite storage (better-sqlite3) for a single server process: one file under the data folder.
// WAL mode with synchronous=FULL: a commit is fsynced before put() returns, so an acknowledged share survives
// kill -9 and power loss (https://www.sqlite.org/pragma.html#pragma_synchronous).
import Database from 'better-sqlite3';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { ShareMeta, ShareRecord, ShareStorage } from './types.ts';

interface Row {
  state: 'live' | 'deleted' | 'expired';
  bytes: Buffer | null;
  created_at: number;
  expires_at: number;
  delete_token_hash: string;
}

export const SQLITE_FILE_NAME = 'shares.sqlite';

export function openSqliteStorage(dataDir: string): ShareStorage {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, SQLITE_FILE_NAME));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('busy_timeout = 5000');
  // Overwrite freed pages, so a deleted or purged share's ciphertext does not linger in the file.
  db.pragma('secure_delete = ON');
  db.exec(`CREATE TABLE IF NOT EXISTS shares (
    id TEXT PRIMARY KEY,
    state TEXT NOT NULL CHECK (state IN ('live', 'deleted', 'expired')),
    bytes BLOB,
    created_at INTEGER NOT NULL,
    expires_at INTEGER NOT NULL,
    delete_token_hash TEXT NOT NULL
  ) WITHOUT ROWID`);
  db.exec(`CREATE INDEX IF NOT EXISTS shares_live_expiry ON shares (expires_at) WHERE state = 'live'`);

  const insert = db.prepare(
    `INSERT INTO shares (id, state, bytes, created_at, expires_at, delete_token_hash) VALUES (?, 'live', ?, ?, ?, ?)`,
  );
  const select = db.prepare<[string], Row>(`SELECT state, bytes, created_at, expires_at, delete_token_hash FROM shares WHERE id = ?`);
  const selectMeta = db.prepare<[string], Omit<Row, 'bytes'>>(
    `SELECT state, created_at, expires_at, delete_token_hash FROM shares WHERE id = ?`,
  );
  const tombstone = db.prepare(`UPDATE shares SET state = 'deleted', bytes = NULL WHERE id = ? AND state = 'live'`);
  const purge = db.prepare(`UPDATE shares SET state = 'expired', bytes = NULL WHERE state = 'live' AND expires_at <= ?`);

  const metaOf = (r: Omit<Row, 'bytes'>): ShareMeta => ({
    createdAt: r.created_at,
    expiresAt: r.expires_at,
    deleteTokenHash: r.delete_token_hash,
  });

  return {
    async put(id, bytes, meta) {
      insert.run(id, Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), meta.createdAt, meta.expiresAt, meta.deleteTokenHash);
    },
    async get(id, now): Promise<ShareRecord> {
      const r = select.get(id);
      if (!r) return { state: 'missing' };
      if (r.state !== 'live') return { state: r.state };
      if (r.expires_at <= now) return { state: 'expired' };
      return { state: 'live', bytes: new Uint8Array(r.bytes!), meta: metaOf(r) };
    },
    async meta(id, now) {
      const r = selectMeta.get(id);
      if (!r) return 'missing';
      if (r.state !== 'live') return r.state;
      if (r.expires_at <= now) return 'expired';
      return metaOf(r);
    },
    async delete(id) {
      return tombstone.run(id).changes > 0;
    },
    async purgeExpired(now) {
      return purge.run(now).changes;
    },
    async close() {
      db.close();
    },
  };
}
