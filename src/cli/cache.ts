// The CLI's analysis cache: a finished analysis is saved (src/core/persist) in `$XDG_CACHE_HOME/heapdrop`, or
// `~/.cache/heapdrop`, or the directory given with `--cache DIR`; `--no-cache` turns it off. A second command on
// the same dump reads it back instead of analysing again. An entry is named by the dump's key (size, modification
// time, hash of its first and last MiB, options); a partial, damaged or stale entry is reported in one line on
// stderr, removed and recomputed. The save happens after the command has printed its answer (see settleCache).

import { mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { AnalyzeOptions, ProgressCallback } from '../core/api.ts';
import { analyzeDump, type HeapAnalysis, type StepTimings } from '../core/analysis.ts';
import { isHeapdropError } from '../core/errors.ts';
import { nodeFileSource } from '../core/io/file-source.node.ts';
import { nodeInflaters } from '../core/io/inflate.node.ts';
import { dumpKey, engineVersion, loadAnalysis, saveAnalysis, type AnalysisIdentity } from '../core/persist/analysis-file.ts';
import { checksumBytes } from '../core/persist/checksum.ts';

/** A hash of the engine's sources (src/core, tests aside): the CLI runs from them, so an entry saved by other
 *  engine code (another checkout, an edit) is never taken for this one's, even at the same package version. */
function coreSourceHash(): string {
  const dir = fileURLToPath(new URL('../core/', import.meta.url));
  const files = (readdirSync(dir, { recursive: true }) as string[]).filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts')).sort();
  let h = 0;
  files.forEach((f, i) => (h = (Math.imul(h, 31) + checksumBytes(new Uint8Array(readFileSync(join(dir, f))), i)) | 0));
  return (h >>> 0).toString(16);
}

/** The engine's version: the package's and the analysis format's, with the hash of the engine's sources. */
export const ENGINE_VERSION = `${engineVersion((JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version)}+${coreSourceHash()}`;

/** The cache directory by default: $XDG_CACHE_HOME/heapdrop, else ~/.cache/heapdrop. */
export function defaultCacheDir(env: NodeJS.ProcessEnv = process.env): string {
  const xdg = env.XDG_CACHE_HOME;
  return join(xdg !== undefined && xdg !== '' ? xdg : join(homedir(), '.cache'), 'heapdrop');
}

let cacheDir: string | null = defaultCacheDir();
let notices: (line: string) => void = (line) => process.stderr.write(`heapdrop: ${line}\n`);
const pendingSaves: Promise<void>[] = [];

/** Takes `--cache DIR` (or `--cache=DIR`) and `--no-cache`, which every command accepts, out of a command line
 *  and applies them; returns the rest for the command's own parser. `null`: a `--cache` without a directory. */
export function takeCacheOptions(args: string[]): string[] | null {
  // Not strict: the command's own options are left for its parser, which knows them.
  const { tokens } = parseArgs({
    args,
    options: { cache: { type: 'string' }, 'no-cache': { type: 'boolean' } },
    allowPositionals: true,
    strict: false,
    tokens: true,
  });
  const taken = new Set<number>();
  for (const t of tokens) {
    if (t.kind !== 'option' || (t.name !== 'cache' && t.name !== 'no-cache') || !t.rawName.startsWith('--')) continue;
    taken.add(t.index);
    if (t.name === 'no-cache') {
      cacheDir = null;
      continue;
    }
    if (t.value === undefined || t.value === '') return null;
    if (!t.inlineValue) taken.add(t.index + 1);
    cacheDir = t.value;
  }
  return args.filter((_, i) => !taken.has(i));
}

/** For tests: the directory (null: off) and where notices go. */
export function configureCache(dir: string | null, onNotice?: (line: string) => void): void {
  cacheDir = dir;
  if (onNotice !== undefined) notices = onNotice;
}

/** Waits for the saves started by analyzeFile (the CLI calls it once the command has printed its answer). */
export async function settleCache(): Promise<void> {
  while (pendingSaves.length > 0) await pendingSaves.shift();
}

/** Where the analysis of a dump with this key is kept. */
export function cacheEntryPath(dir: string, key: string): string {
  return join(dir, `${key}.analysis`);
}

/**
 * The core's analyzeFile through the cache: the saved analysis of this dump when there is a sound one, else a fresh
 * analysis (saved once the command is done). `timings.cache` (ms) is set when the saved one was used.
 */
export async function analyzeFile(
  path: string,
  options: AnalyzeOptions = {},
  onProgress?: ProgressCallback,
  timings?: StepTimings & { cache?: number },
): Promise<HeapAnalysis> {
  const source = nodeFileSource(path);
  const dir = cacheDir;
  if (dir === null) return analyzeDump(source, options, onProgress, { inflaters: nodeInflaters, timings });
  const t0 = performance.now();
  const identity: AnalysisIdentity = {
    engine: ENGINE_VERSION,
    key: await dumpKey(source, statSync(path).mtimeMs, { keepUnreachable: options.keepUnreachable }),
  };
  const entry = cacheEntryPath(dir, identity.key);
  let entrySize = -1;
  try {
    entrySize = statSync(entry).size;
  } catch {
    // no saved analysis
  }
  if (entrySize >= 0) {
    try {
      const analysis = await loadAnalysis(nodeFileSource(entry), identity, source, nodeInflaters);
      if (timings !== undefined) timings.cache = performance.now() - t0;
      return analysis;
    } catch (e) {
      if (!isHeapdropError(e) || e.code === 'IO') throw e;
      notices(`ignoring the saved analysis ${entry} (${e.message}); analysing the dump again`);
      rmSync(entry, { force: true });
    }
  }
  const analysis = await analyzeDump(source, options, onProgress, { inflaters: nodeInflaters, timings });
  pendingSaves.push(
    writeEntry(dir, entry, analysis, identity).catch((e: unknown) => {
      notices(`the analysis could not be saved in ${dir}: ${(e as Error)?.message ?? String(e)}`);
    }),
  );
  return analysis;
}

/** Writes to a temporary file beside the entry, then renames it: a reader never sees a half-written entry. */
async function writeEntry(dir: string, entry: string, analysis: HeapAnalysis, identity: AnalysisIdentity): Promise<void> {
  mkdirSync(dir, { recursive: true });
  const temporary = `${entry}.${process.pid}.partial`;
  const handle = await open(temporary, 'w');
  try {
    const write = async (bytes: Uint8Array): Promise<void> => {
      for (let done = 0; done < bytes.length;) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
    };
    await saveAnalysis(analysis, { write }, identity);
  } catch (e) {
    await handle.close();
    rmSync(temporary, { force: true });
    throw e;
  }
  await handle.close();
  renameSync(temporary, entry);
}
