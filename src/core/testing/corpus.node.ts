// The one place tests, e2e specs and benches find the parity corpus: `HEAPDROP_CORPUS` when set, otherwise
// `shared/corpus` beside the repository (docs/mat-semantics.md says what the corpus holds and how MAT answers).

import { existsSync } from 'node:fs';
import { join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = fileURLToPath(new URL('../../../', import.meta.url));

/** The corpus folder, ending in a path separator (so `CORPUS + 'basics.hprof.gz'` is a path). */
export const CORPUS =
  (process.env.HEAPDROP_CORPUS ? resolve(process.env.HEAPDROP_CORPUS) : resolve(REPO_ROOT, '..', 'shared', 'corpus')) + sep;

/** A file of the corpus, e.g. `corpusFile('external', 'hprof-32.bin')`. */
export function corpusFile(...parts: string[]): string {
  return join(CORPUS, ...parts);
}

/** Whether the corpus (or the given file of it) is present; tests that need it are skipped otherwise. */
export function haveCorpus(...parts: string[]): boolean {
  return existsSync(parts.length > 0 ? corpusFile(...parts) : CORPUS);
}
