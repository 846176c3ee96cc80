// heapdrop benchmark: `npm run bench [-- --size small] [-- --no-hugepages] [-- --only reader|analysis|strings|paths|cache|dominators]`;
// `npm run bench:browser` adds a pass in headless Chromium (needs `npm run build` first) beside the CLI's;
// `npm run bench -- --side-by-side` runs the plain and the gzip -1 dump at the same time, pass by pass.
// Makes (once) a random-graph dump with bench/make-dump.sh, then measures, each pass in a fresh child process:
// the reader alone, the full analysis and the `strings` and `paths` commands, on the plain dump, the -gz=1 dump and
// the plain dump compressed with `gzip -1` (one member; made once next to it); and the dominator step alone on a
// synthetic graph of the same scale (20 M nodes / 75 M edges for the large size). Prints a table and the JSON.

import { spawn, spawnSync } from 'node:child_process';
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

// Each pass in a session of its own (setsid), as Chromium's processes are: with the kernel's autogroup
// scheduling a session shares the CPU as one unit, so on a busy machine a pass run inside this session got about a
// third of the CPU share the browser pass got beside it, which made the tab look faster than the CLI.
const setsid = existsSync('/usr/bin/setsid') ? '/usr/bin/setsid' : null;
const command = (args: string[]): [string, string[]] =>
  setsid === null ? [process.execPath, args] : [setsid, [process.execPath, ...args]];

function runChild(script: string, scriptArgs: string[]): Record<string, unknown> {
  const r = spawnSync(...command(['--import', 'tsx', join(benchDir, script), ...scriptArgs]), {
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
const plainDump = join(benchDir, '.cache', `random-graph-${size}.hprof`);
// The same dump compressed with gzip(1) as people do before copying a dump: one member, no index to seek by.
const singleDump = join(benchDir, '.cache', `random-graph-${size}.single.hprof.gz`);
if (!existsSync(singleDump)) {
  const zipped = spawnSync('bash', ['-c', 'gzip -1 -c "$0" > "$1.tmp" && mv "$1.tmp" "$1"', plainDump, singleDump], { stdio: 'inherit' });
  if (zipped.status !== 0) throw new Error(`gzip -1 of ${plainDump} failed`);
}
const dumps = [plainDump, join(benchDir, '.cache', `random-graph-${size}.hprof.gz`), singleDump];
const analysisExists = existsSync(join(benchDir, '..', 'src', 'core', 'analysis.ts'));

const results: Record<string, unknown> = { size, hugepages, node: process.version };

/** runChild without waiting: passes started together share the machine's load, so their ratios hold on a busy one. */
function startChild(script: string, scriptArgs: string[]): Promise<Record<string, unknown>> {
  return new Promise((resolve) => {
    const child = spawn(...command(['--import', 'tsx', join(benchDir, script), ...scriptArgs]), { env: childEnv });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('close', (code, signal) => {
      if (code !== 0) return resolve({ error: `exit ${code ?? signal}: ${(err || out).trim().split('\n').slice(-5).join(' | ')}` });
      const line = out.trim().split('\n').pop() ?? '';
      try {
        resolve(JSON.parse(line) as Record<string, unknown>);
      } catch {
        resolve({ error: `unexpected output: ${line.slice(0, 300)}` });
      }
    });
  });
}

// --side-by-side: the plain and the gzip -1 dump at once, pass by pass (analysis, strings, paths).
if (args.includes('--side-by-side')) {
  for (const kind of ['analysis', 'strings', 'paths']) {
    if (only && only !== kind) continue;
    const [plain, gzip1] = await Promise.all([startChild('pass.ts', [kind, plainDump]), startChild('pass.ts', [kind, singleDump])]);
    results[`${kind}-plain`] = plain;
    results[`${kind}-gzip1`] = gzip1;
    console.log(`${kind.padEnd(8)} plain ${JSON.stringify(plain)}`);
    console.log(`${kind.padEnd(8)} gzip1 ${JSON.stringify(gzip1)}`);
  }
  console.log(JSON.stringify(results));
  process.exit(0);
}

for (const dump of dumps) {
  const label = dump === singleDump ? 'gzip1' : dump.endsWith('.gz') ? 'gz' : 'plain';
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
  // Two CLI commands whose queries read object fields at random (String values; the paths' field names).
  for (const command of ['strings', 'paths'] as const) {
    if (only && only !== command) continue;
    const r = runChild('pass.ts', [command, dump]);
    results[`${command}-${label}`] = r;
    console.log(`${command.padEnd(8)} ${label.padEnd(5)} ${JSON.stringify(r)}`);
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
    // The tab against the CLI's analysis of the same dump in this run (wall and CPU seconds): on a shared machine
    // only a ratio taken in one run means something.
    const cli = results[`analysis-${label}`] as { seconds?: number; cpuSeconds?: number } | undefined;
    if (typeof r.seconds === 'number' && typeof cli?.seconds === 'number') {
      const ratio = {
        tabSeconds: r.seconds,
        cliSeconds: cli.seconds,
        wallRatio: Math.round((r.seconds / cli.seconds) * 100) / 100,
        tabCpuSeconds: r.cpuSeconds ?? null,
        cliCpuSeconds: cli.cpuSeconds ?? null,
        cpuRatio:
          typeof r.cpuSeconds === 'number' && typeof cli.cpuSeconds === 'number'
            ? Math.round((r.cpuSeconds / cli.cpuSeconds) * 100) / 100
            : null,
        cliHugepages: hugepages,
      };
      results[`tab-vs-cli-${label}`] = ratio;
      console.log(`tab/cli  ${label.padEnd(5)} ${JSON.stringify(ratio)}`);
    }
  }
}
if (!only || only === 'dominators') {
  const [nodes, edges] = size === 'large' ? ['20000000', '75000000'] : ['2000000', '7500000'];
  const r = runChild('dominators.ts', [nodes, edges]);
  results.dominators = r;
  console.log(`dominators synthetic ${JSON.stringify(r)}`);
}
console.log(JSON.stringify(results));
