// The tab's spool (src/core/io/spool.ts): the inflated bytes of a single-member gzip in a file of the Origin
// Private File System, written and read through a synchronous access handle (dedicated workers only; OPFS
// writes go to disk, not to the worker's memory). The file is removed when the spool is closed. A tab that
// closes or crashes first leaves its file behind: each new spool removes the files of the folder that no live
// handle holds (an open synchronous access handle locks its file, so removing it fails and it stays).
import type { Spool } from '../core/io/dump-source.ts';

const FOLDER = 'heapdrop-spool';

/** What the spool needs of FileSystemSyncAccessHandle (not in TypeScript's DOM library). */
interface SyncAccessHandle {
  read(buffer: Uint8Array, options: { at: number }): number;
  write(buffer: Uint8Array, options: { at: number }): number;
  close(): void;
}

interface OpfsFolder {
  getDirectoryHandle(name: string, options: { create: boolean }): Promise<OpfsFolder>;
  getFileHandle(name: string, options: { create: boolean }): Promise<{ createSyncAccessHandle?(): Promise<SyncAccessHandle> }>;
  removeEntry(name: string): Promise<void>;
  keys(): AsyncIterable<string>;
}

export async function opfsSpool(name: string): Promise<Spool> {
  const storage = (globalThis.navigator as { storage?: { getDirectory?(): Promise<unknown> } } | undefined)?.storage;
  if (storage?.getDirectory === undefined) throw new Error('this browser has no Origin Private File System');
  const root = (await storage.getDirectory()) as OpfsFolder;
  const folder = await root.getDirectoryHandle(FOLDER, { create: true });
  const stale: string[] = [];
  for await (const entry of folder.keys()) stale.push(entry);
  for (const entry of stale) await folder.removeEntry(entry).catch(() => undefined); // held by a live tab: kept
  const fileName = `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}-${name.replace(/[^A-Za-z0-9._-]/g, '_').slice(0, 48)}`;
  const file = await folder.getFileHandle(fileName, { create: true });
  if (file.createSyncAccessHandle === undefined) {
    await folder.removeEntry(fileName).catch(() => undefined);
    throw new Error('this browser has no synchronous OPFS access in workers');
  }
  const handle = await file.createSyncAccessHandle();
  let closed = false;
  return {
    async write(bytes, offset) {
      let done = 0;
      while (done < bytes.length) {
        const n = handle.write(bytes.subarray(done), { at: offset + done });
        if (n <= 0) throw new Error(`the OPFS file accepted no bytes at offset ${offset + done}`);
        done += n;
      }
    },
    async read(offset, length) {
      if (closed) throw new Error('the spool of inflated bytes is closed');
      const out = new Uint8Array(length);
      const n = handle.read(out, { at: offset });
      return n === length ? out : out.subarray(0, n);
    },
    async close() {
      if (closed) return;
      closed = true;
      handle.close();
      await folder.removeEntry(fileName).catch(() => undefined);
    },
  };
}
