// Analyses saved in the Origin Private File System, one pair of files per dump key in one directory:
// `<key>.analysis` (src/core/persist's format) and `<key>.json` (its SavedAnalysisInfo, for the landing page's
// list). The worker saves and loads them; the page lists and deletes them (src/app/saved-analyses.ts) through the
// same helpers. OPFS is per origin and private to it; the browser may evict it under storage pressure.

import type { SavedAnalysisInfo } from '../core/api.ts';

export const ANALYSES_DIRECTORY = 'heapdrop-analyses';

async function directory(): Promise<FileSystemDirectoryHandle> {
  const root = await navigator.storage.getDirectory();
  return root.getDirectoryHandle(ANALYSES_DIRECTORY, { create: true });
}

/** Whether this browser offers the Origin Private File System (not in every private window). */
export function storageAvailable(): boolean {
  return typeof navigator !== 'undefined' && typeof navigator.storage?.getDirectory === 'function';
}

/** What the store needs of FileSystemSyncAccessHandle (not in TypeScript's DOM library before 5.x's lib). */
interface SyncHandle {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  getSize(): number;
  flush(): void;
  close(): void;
}

type SyncCapable = FileSystemFileHandle & { createSyncAccessHandle?(options?: { mode: 'read-only' | 'readwrite' }): Promise<SyncHandle> };

/** A saved analysis opened for reading, closed by the caller once read. */
export interface OpenedAnalysis {
  size: number;
  readRange(start: number, end: number): Promise<Uint8Array>;
  readInto?(target: Uint8Array, offset: number): number;
  close(): void;
}

/**
 * The saved analysis of a key, or null. Read through a synchronous access handle where the worker has one: the
 * bytes go from the file straight into the columns (Blob.slice reads of OPFS went through the browser process at
 * about 100 MB/s here; see bench/README.md). "read-only" handles share the file (two tabs may open the same
 * analysis); a browser without that mode, or a file another tab holds, falls back to the File.
 */
export async function openSavedAnalysis(key: string): Promise<OpenedAnalysis | null> {
  let handle: SyncCapable;
  try {
    handle = (await (await directory()).getFileHandle(`${key}.analysis`)) as SyncCapable;
  } catch {
    return null;
  }
  if (handle.createSyncAccessHandle !== undefined) {
    try {
      const sync = await handle.createSyncAccessHandle({ mode: 'read-only' });
      let open = true;
      const readInto = (target: Uint8Array, offset: number): number => {
        let done = 0;
        while (done < target.length) {
          const n = sync.read(target.subarray(done), { at: offset + done });
          if (n <= 0) break;
          done += n;
        }
        return done;
      };
      return {
        size: sync.getSize(),
        readInto,
        readRange: async (start, end) => {
          const out = new Uint8Array(Math.max(0, end - start));
          const n = readInto(out, start);
          return n === out.length ? out : out.subarray(0, n);
        },
        close: () => {
          if (open) sync.close();
          open = false;
        },
      };
    } catch (e) {
      // no read-only mode, or the file is held elsewhere: read it as a File
      console.debug(`heapdrop reads the saved analysis as a File (${e instanceof Error ? e.message : String(e)})`);
    }
  }
  const file = await handle.getFile();
  return {
    size: file.size,
    readRange: async (start, end) => new Uint8Array(await file.slice(start, end).arrayBuffer()),
    close: () => undefined,
  };
}

/** Writes an analysis through `write` (which receives a sink), then its info; a failed write leaves nothing. */
export async function writeSavedAnalysis(
  info: Omit<SavedAnalysisInfo, 'storedBytes' | 'savedAt'>,
  write: (sink: { write(bytes: Uint8Array): Promise<void> }) => Promise<number>,
): Promise<SavedAnalysisInfo> {
  const dir = await directory();
  // Written under a temporary name, then moved: a reload during the save never finds half a file.
  const partial = `${info.key}.partial`;
  const handle = (await dir.getFileHandle(partial, { create: true })) as SyncCapable;
  let storedBytes: number;
  const sync = await handle.createSyncAccessHandle?.().catch(() => undefined);
  if (sync !== undefined) {
    // Written in place through a synchronous handle (a writable stream writes a swap file, copied on close).
    try {
      let at = 0;
      storedBytes = await write({
        write: async (bytes) => {
          for (let done = 0; done < bytes.length;) {
            const n = sync.write(bytes.subarray(done), { at });
            if (n <= 0) throw new Error(`the browser's storage accepted no bytes at offset ${at}`);
            done += n;
            at += n;
          }
        },
      });
      sync.flush();
      sync.close();
    } catch (e) {
      sync.close();
      await dir.removeEntry(partial).catch(() => undefined);
      throw e;
    }
  } else {
    const stream = await handle.createWritable();
    try {
      storedBytes = await write({ write: (bytes) => stream.write(bytes as Uint8Array<ArrayBuffer>) });
      await stream.close();
    } catch (e) {
      await stream.abort().catch(() => undefined);
      await dir.removeEntry(partial).catch(() => undefined);
      throw e;
    }
  }
  await (handle as FileSystemFileHandle & { move(name: string): Promise<void> }).move(`${info.key}.analysis`);
  const saved: SavedAnalysisInfo = { ...info, storedBytes, savedAt: Date.now() };
  const infoStream = await (await dir.getFileHandle(`${info.key}.json`, { create: true })).createWritable();
  await infoStream.write(JSON.stringify(saved));
  await infoStream.close();
  return saved;
}

/** Every saved analysis whose info is readable, most recently saved first. */
export async function listSavedAnalyses(): Promise<SavedAnalysisInfo[]> {
  const dir = await directory();
  const out: SavedAnalysisInfo[] = [];
  for await (const [name, handle] of (
    dir as FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> }
  ).entries()) {
    if (!name.endsWith('.json') || handle.kind !== 'file') continue;
    try {
      const info = JSON.parse(await (await (handle as FileSystemFileHandle).getFile()).text()) as SavedAnalysisInfo;
      if (typeof info.key === 'string' && typeof info.name === 'string') out.push(info);
    } catch {
      // an unreadable info file: the entry is left out of the list
    }
  }
  return out.sort((a, b) => b.savedAt - a.savedAt);
}

/** Removes one saved analysis (its file, its info and any partial write). */
export async function deleteSavedAnalysis(key: string): Promise<void> {
  const dir = await directory();
  for (const suffix of ['.analysis', '.json', '.partial']) await dir.removeEntry(key + suffix).catch(() => undefined);
}

/** Removes every saved analysis. */
export async function deleteAllSavedAnalyses(): Promise<void> {
  const root = await navigator.storage.getDirectory();
  await root.removeEntry(ANALYSES_DIRECTORY, { recursive: true }).catch(() => undefined);
}
