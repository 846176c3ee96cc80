// The SQLite share store itself, synchronous (better-sqlite3). It runs in a child process (sqlite-worker.ts): a
// stalled or frozen disk then blocks that process, never the one that serves the app and the health check.
//
// Layout: `shares` holds one row per share (state, size, expiry, token hash); `share_chunks` holds the ciphertext
// in CHUNK_BYTES pieces, so a download reads one chunk at a time. WAL mode with synchronous=FULL: a commit is
// fsynced before put() returns, so an acknowledged share survives kill -9 and power loss
// (https://www.sqlite.org/pragma.html#pragma_synchronous).
//
// Deleted ciphertext must not linger anywhere in the data folder: secure_delete zeroes freed pages, every delete
// or purge ends with wal_checkpoint(TRUNCATE) (the WAL still holds the pages as they were written until then),
// and auto_vacuum=INCREMENTAL gives freed pages back to the file system.
//
// A full disk: uploads fail (507), deletes must not. A reserve file of RESERVE_BYTES is kept beside the database;
// when a delete or purge hits SQLITE_FULL it is removed and the step retried, and chunks are removed in small
// transactions with a checkpoint between, so a delete needs only a little free space whatever the share's size.
import Database from 'better-sqlite3';
import { existsSync, mkdirSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { ShareMeta } from './types.ts';

export const SQLITE_FILE_NAME = 'shares.sqlite';
export const RESERVE_FILE_NAME = 'shares.reserve';
export const CHUNK_BYTES = 256 * 1024;
const RESERVE_BYTES = 2 * 1024 * 1024;
/** Chunks removed per transaction when a share is deleted (bounded WAL growth on a full disk). */
const CHUNKS_PER_STEP = 4;

interface Row {
  state: 'live' | 'deleted' | 'expired';
  size: number;
  created_at: number;
  expires_at: number;
  delete_token_hash: string;
}

export type DbRecord = { state: 'live'; meta: ShareMeta; size: number; chunkCount: number } | { state: 'deleted' | 'expired' | 'missing' };

/** SQLite result codes that mean "no space left" (SQLITE_FULL; ENOSPC may also surface as a write I/O error). */
export function isDiskFull(e: unknown): boolean {
  const code = (e as { code?: unknown })?.code;
  return code === 'SQLITE_FULL' || code === 'SQLITE_IOERR_WRITE' || code === 'SQLITE_IOERR_FSYNC' || code === 'SQLITE_IOERR_TRUNCATE';
}

export class SqliteShares {
  private readonly db: Database.Database;
  private readonly reservePath: string;
  private readonly statements;

  /** Opens (creating when absent) the store in `dataDir`; throws as SQLite does on a corrupt or read-only file. */
  constructor(readonly dataDir: string) {
    mkdirSync(dataDir, { recursive: true });
    this.reservePath = join(dataDir, RESERVE_FILE_NAME);
    const db = new Database(join(dataDir, SQLITE_FILE_NAME));
    this.db = db;
    try {
      // auto_vacuum must be chosen before the first table exists; an older file is converted once by VACUUM.
      const fresh = (db.prepare(`SELECT count(*) AS n FROM sqlite_master`).get() as { n: number }).n === 0;
      if (fresh) db.pragma('auto_vacuum = INCREMENTAL');
      db.pragma('journal_mode = WAL');
      db.pragma('synchronous = FULL');
      db.pragma('busy_timeout = 5000');
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
      db.exec(`CREATE TABLE IF NOT EXISTS share_chunks (
        id TEXT NOT NULL,
        seq INTEGER NOT NULL,
        bytes BLOB NOT NULL,
        PRIMARY KEY (id, seq)
      )`);
      db.exec(`CREATE TABLE IF NOT EXISTS health_probe (k INTEGER PRIMARY KEY, at INTEGER NOT NULL)`);
      const columns = db.prepare(`PRAGMA table_info(shares)`).all() as { name: string }[];
      if (!columns.some((c) => c.name === 'size')) db.exec(`ALTER TABLE shares ADD COLUMN size INTEGER NOT NULL DEFAULT 0`);
      this.migrateWholeBlobs();
      if (!fresh && (db.pragma('auto_vacuum', { simple: true }) as number) !== 2) {
        db.pragma('auto_vacuum = INCREMENTAL');
        db.exec('VACUUM');
      }
    } catch (e) {
      db.close();
      throw e;
    }
    this.statements = {
      insert: db.prepare(
        `INSERT INTO shares (id, state, bytes, size, created_at, expires_at, delete_token_hash) VALUES (?, 'live', NULL, ?, ?, ?, ?)`,
      ),
      insertChunk: db.prepare(`INSERT INTO share_chunks (id, seq, bytes) VALUES (?, ?, ?)`),
      select: db.prepare<[string], Row>(`SELECT state, size, created_at, expires_at, delete_token_hash FROM shares WHERE id = ?`),
      chunk: db.prepare<[string, number], { bytes: Buffer }>(`SELECT bytes FROM share_chunks WHERE id = ? AND seq = ?`),
      tombstone: db.prepare(`UPDATE shares SET state = 'deleted', bytes = NULL WHERE id = ? AND state = 'live'`),
      due: db.prepare<[number], { id: string }>(`SELECT id FROM shares WHERE state = 'live' AND expires_at <= ?`),
      expire: db.prepare(`UPDATE shares SET state = 'expired', bytes = NULL WHERE id = ? AND state = 'live'`),
      dropChunks: db.prepare(
        `DELETE FROM share_chunks WHERE rowid IN (SELECT rowid FROM share_chunks WHERE id = ? LIMIT ${CHUNKS_PER_STEP})`,
      ),
      orphans: db.prepare<[], { id: string }>(
        `SELECT DISTINCT c.id FROM share_chunks c LEFT JOIN shares s ON s.id = c.id WHERE s.state IS NOT 'live'`,
      ),
      liveBytes: db.prepare<[], { n: number }>(`SELECT COALESCE(SUM(size), 0) AS n FROM shares WHERE state = 'live'`),
      probeWrite: db.prepare(`INSERT INTO health_probe (k, at) VALUES (1, ?) ON CONFLICT (k) DO UPDATE SET at = excluded.at`),
      probeRead: db.prepare<[], { at: number }>(`SELECT at FROM health_probe WHERE k = 1`),
    };
    // Chunks left behind by a delete that a crash interrupted.
    this.removeOrphans();
    this.ensureReserve();
  }

  /** Files written by an earlier layout kept the whole ciphertext in shares.bytes: move it into chunks. */
  private migrateWholeBlobs(): void {
    const legacy = this.db.prepare<[], { id: string; bytes: Buffer }>(`SELECT id, bytes FROM shares WHERE bytes IS NOT NULL`);
    const move = this.db.transaction((id: string, bytes: Buffer) => {
      this.writeChunks(this.db.prepare(`INSERT INTO share_chunks (id, seq, bytes) VALUES (?, ?, ?)`), id, bytes);
      this.db.prepare(`UPDATE shares SET bytes = NULL, size = ? WHERE id = ?`).run(bytes.length, id);
    });
    let moved = 0;
    for (const r of legacy.all()) {
      move(r.id, r.bytes);
      moved++;
    }
    if (moved > 0) this.checkpoint();
  }

  private writeChunks(insertChunk: Database.Statement, id: string, bytes: Uint8Array): void {
    for (let seq = 0, at = 0; at < bytes.length || seq === 0; seq++, at += CHUNK_BYTES) {
      const piece = bytes.subarray(at, Math.min(bytes.length, at + CHUNK_BYTES));
      insertChunk.run(id, seq, Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength));
    }
  }

  put(id: string, bytes: Uint8Array, meta: ShareMeta): void {
    this.db.transaction(() => {
      this.statements.insert.run(id, bytes.length, meta.createdAt, meta.expiresAt, meta.deleteTokenHash);
      this.writeChunks(this.statements.insertChunk, id, bytes);
    })();
  }

  get(id: string, now: number): DbRecord {
    const r = this.statements.select.get(id);
    if (!r) return { state: 'missing' };
    if (r.state !== 'live') return { state: r.state };
    if (r.expires_at <= now) return { state: 'expired' };
    return { state: 'live', meta: metaOf(r), size: r.size, chunkCount: Math.max(1, Math.ceil(r.size / CHUNK_BYTES)) };
  }

  /** One chunk of a live share, or null when it is gone (deleted meanwhile). */
  chunk(id: string, seq: number): Uint8Array | null {
    const r = this.statements.chunk.get(id, seq);
    return r ? new Uint8Array(r.bytes.buffer, r.bytes.byteOffset, r.bytes.byteLength) : null;
  }

  meta(id: string, now: number): ShareMeta | 'deleted' | 'expired' | 'missing' {
    const r = this.statements.select.get(id);
    if (!r) return 'missing';
    if (r.state !== 'live') return r.state;
    if (r.expires_at <= now) return 'expired';
    return metaOf(r);
  }

  delete(id: string): boolean {
    const changed = this.freeing(() => this.statements.tombstone.run(id).changes > 0);
    if (changed) this.removeChunks([id]);
    return changed;
  }

  purgeExpired(now: number): number {
    let purged = 0;
    const ids = this.statements.due.all(now).map((r) => r.id);
    for (const id of ids) if (this.freeing(() => this.statements.expire.run(id).changes > 0)) purged++;
    this.removeChunks(ids);
    this.removeOrphans();
    return purged;
  }

  liveBytes(): number {
    return this.statements.liveBytes.get()!.n;
  }

  probe(now: number): void {
    this.statements.probeWrite.run(now);
    if (this.statements.probeRead.get()?.at !== now) throw new Error('the health probe did not read back what it wrote');
  }

  close(): void {
    try {
      this.checkpoint();
    } catch {
      /* a full or failing disk: SQLite recovers the WAL at the next open */
    } finally {
      this.db.close();
    }
  }

  private removeOrphans(): void {
    const ids = this.statements.orphans.all().map((r) => r.id);
    if (ids.length > 0) this.removeChunks(ids);
  }

  /** Removes the chunks of `ids` a few at a time, then hands the freed pages back and empties the WAL. */
  private removeChunks(ids: string[]): void {
    for (const id of ids) {
      while (this.freeing(() => this.statements.dropChunks.run(id).changes) > 0) this.freeing(() => this.checkpoint());
    }
    this.freeing(() => {
      const step = CHUNKS_PER_STEP * 64;
      const rounds = Math.ceil((this.db.pragma('freelist_count', { simple: true }) as number) / step);
      for (let i = 0; i < rounds; i++) {
        this.db.pragma(`incremental_vacuum(${step})`);
        this.checkpoint();
      }
    });
    this.freeing(() => this.checkpoint());
    this.ensureReserve();
  }

  private checkpoint(): void {
    this.db.pragma('wal_checkpoint(TRUNCATE)');
  }

  /** Runs a step that frees space; on a full disk, gives up the reserve file once and retries. */
  private freeing<T>(step: () => T): T {
    try {
      return step();
    } catch (e) {
      if (!isDiskFull(e) || !existsSync(this.reservePath)) throw e;
      unlinkSync(this.reservePath);
      return step();
    }
  }

  /** (Re)creates the reserve file when there is room for it; no room is not an error. */
  private ensureReserve(): void {
    if (existsSync(this.reservePath)) return;
    try {
      writeFileSync(this.reservePath, new Uint8Array(RESERVE_BYTES));
    } catch {
      try {
        unlinkSync(this.reservePath);
      } catch {
        /* never created */
      }
    }
  }
}

function metaOf(r: Row): ShareMeta {
  return { createdAt: r.created_at, expiresAt: r.expires_at, deleteTokenHash: r.delete_token_hash };
}
