// heapdrop benchmark: `npm run bench [-- --size small] [-- --no-hugepages] [-- --only reader|analysis|cache|dominators]`;
// `npm run bench:browser` adds a pass in headless Chromium (needs `npm run build` first) beside the CLI's.
// Makes (once) a random-graph dump with bench/make-dump.sh, then measures, each pass in a fresh child process:
// the reader alone and the full analysis, on the plain and the -gz=1 dump; and the dominator step alone on a
// synthetic graph of the same scale (20 M nodes / 75 M edges for the large size). Prints a table and the JSON.

import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const benchDir = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const option = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const size = option('--size') ?? 'large';
const only = option('--only');
const hugepages = !args.includes('--no-hugepages');
const browser = args.includes('--browser');
if (size !== 'large' && size !== 'small') throw new Error(`--size must be large or small, not ${size}`);

// As the CLI runs (bin/heapdrop.mjs): glibc's hugetlb tunable makes malloc ask for transparent huge pages (THP is
// "madvise" here), so that the random accesses of the graph steps miss the TLB far less, and one malloc arena.
// --no-hugepages measures without (as the browser runs: it has no such switch).
const childEnv = hugepages ? { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1' } : process.env;

function runChild(script: string, scriptArgs: string[]): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(benchDir, script), ...scriptArgs], {
    env: childEnv,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.status !== 0) {
    return { error: `exit ${r.status ?? r.signal}: ${(r.stderr || r.stdout).trim().split('\n').slice(-5).join(' | ')}` };
  }
  const line = r.stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line) as Record<string, unknown>;
  } catch {
    return { error: `unexpected output: ${line.slice(0, 300)}` };
  }
}

const made = spawnSync('bash', [join(benchDir, 'make-dump.sh'), size], { stdio: 'inherit' });
if (made.status !== 0) throw new Error('bench/make-dump.sh failed');
const dumps = [join(benchDir, '.cache', `random-graph-${size}.hprof`), join(benchDir, '.cache', `random-graph-${size}.hprof.gz`)];
const analysisExists = existsSync(join(benchDir, '..', 'src', 'core', 'analysis.ts'));

const results: Record<string, unknown> = { size, hugepages, node: process.version };
for (const dump of dumps) {
  const label = dump.endsWith('.gz') ? 'gz' : 'plain';
  if (!only || only === 'reader') {
    const r = runChild('pass.ts', ['reader', dump]);
    results[`reader-${label}`] = r;
    console.log(`reader   ${label.padEnd(5)} ${JSON.stringify(r)}`);
  }
  if ((!only || only === 'analysis') && analysisExists) {
    const r = runChild('pass.ts', ['analysis', dump]);
    results[`analysis-${label}`] = r;
    console.log(`analysis ${label.padEnd(5)} ${JSON.stringify(r)}`);
  }
  if ((!only || only === 'cache') && label === 'plain') {
    const r = runChild('cache.ts', [dump]);
    results.cache = r;
    console.log(`cache    ${label.padEnd(5)} ${JSON.stringify(r)}`);
  }
  if (browser) {
    const r = runChild('browser.ts', [dump]);
    results[`browser-${label}`] = r;
    console.log(`browser  ${label.padEnd(5)} ${JSON.stringify(r)}`);
  }
}
if (!only || only === 'dominators') {
  const [nodes, edges] = size === 'large' ? ['20000000', '75000000'] : ['2000000', '7500000'];
  const r = runChild('dominators.ts', [nodes, edges]);
  results.dominators = r;
  console.log(`dominators synthetic ${JSON.stringify(r)}`);
}
console.log(JSON.stringify(results));
