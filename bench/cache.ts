// The CLI's analysis cache on one dump: `node --import tsx bench/cache.ts <dump>` runs the same command twice, as a
// user would (bin/heapdrop.mjs, each in a fresh process, with an empty cache directory of its own), and prints one
// JSON line: the first command's seconds (analysis, then the save), the second's (the saved analysis read back),
// their ratio, and the saved analysis's size on disk in total and per object.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const [path, className = 'java.lang.String'] = process.argv.slice(2);
if (!path) {
  console.error('usage: cache.ts <dump> [class]');
  process.exit(2);
}

const dir = mkdtempSync(join(tmpdir(), 'heapdrop-bench-cache-'));
const round2 = (x: number): number => Math.round(x * 100) / 100;
try {
  const run = (): { seconds: number; stdout: string } => {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, [join(root, 'bin/heapdrop.mjs'), 'held-by', path, className, '--json', '--cache', dir], {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    });
    if (r.status !== 0) throw new Error(`heapdrop exited ${r.status}: ${r.stderr.trim().split('\n').pop()}`);
    return { seconds: (performance.now() - t0) / 1000, stdout: r.stdout };
  };
  const first = run();
  const second = run();
  const entries = readdirSync(dir).filter((f) => f.endsWith('.analysis'));
  if (entries.length !== 1) throw new Error(`expected one saved analysis, found ${entries.length}`);
  const bytes = statSync(join(dir, entries[0])).size;
  const objects = (JSON.parse(first.stdout) as { objects: number }).objects;
  const summary = spawnSync(process.execPath, [join(root, 'bin/heapdrop.mjs'), 'analyze', path, '--json', '--top', '0', '--cache', dir], {
    encoding: 'utf8',
    maxBuffer: 256 << 20,
  });
  const allObjects = (JSON.parse(summary.stdout) as { summary: { objects: number } }).summary.objects;
  console.log(
    JSON.stringify({
      command: `held-by ${className} --json`,
      firstSeconds: round2(first.seconds),
      secondSeconds: round2(second.seconds),
      secondOverFirst: round2(second.seconds / first.seconds),
      sameAnswer: first.stdout === second.stdout,
      cacheMB: round2(bytes / 1e6),
      objects: allObjects,
      cacheBytesPerObject: round2(bytes / allObjects),
      classObjects: objects,
    }),
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
