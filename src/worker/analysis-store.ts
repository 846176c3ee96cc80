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

/** The saved analysis file of a key, or null. */
export async function savedAnalysisFile(key: string): Promise<File | null> {
  try {
    return await (await (await directory()).getFileHandle(`${key}.analysis`)).getFile();
  } catch {
    return null;
  }
}

/** Writes an analysis through `write` (which receives a sink), then its info; a failed write leaves nothing. */
export async function writeSavedAnalysis(
  info: Omit<SavedAnalysisInfo, 'storedBytes' | 'savedAt'>,
  write: (sink: { write(bytes: Uint8Array): Promise<void> }) => Promise<number>,
): Promise<SavedAnalysisInfo> {
  const dir = await directory();
  // Written under a temporary name, then moved: a reload during the save never finds half a file.
  const partial = `${info.key}.partial`;
  const handle = await dir.getFileHandle(partial, { create: true });
  const stream = await handle.createWritable();
  let storedBytes: number;
  try {
    storedBytes = await write({ write: (bytes) => stream.write(bytes as Uint8Array<ArrayBuffer>) });
    await stream.close();
  } catch (e) {
    await stream.abort().catch(() => undefined);
    await dir.removeEntry(partial).catch(() => undefined);
    throw e;
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
  for await (const [name, handle] of (dir as FileSystemDirectoryHandle & { entries(): AsyncIterable<[string, FileSystemHandle]> }).entries()) {
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
