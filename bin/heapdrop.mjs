#!/usr/bin/env node
// Entry point of the `heapdrop` CLI: runs the TypeScript sources through tsx, so `npm ci` is the only build step.
import { spawnSync } from 'node:child_process';

// The graph steps are bound by random memory accesses that miss the TLB: on Linux, ask glibc for transparent huge
// pages on large allocations (measured on the 1.1 GB bench dump: 86 s -> 61 s for the full analysis), and for one
// malloc arena: the inflate threads of a -gz dump otherwise each keep an arena of huge pages (peak RSS 1,442 ->
// 1,385 MiB on the -gz bench dump, same read time). The variable must be set before the process starts, hence one
// re-exec; HEAPDROP_NO_HUGEPAGES=1 turns it off. bench/run.ts uses the same setting.
if (process.platform === 'linux' && !process.env.GLIBC_TUNABLES && !process.env.HEAPDROP_NO_HUGEPAGES) {
  const r = spawnSync(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1' },
  });
  if (r.error) {
    console.error(`heapdrop: ${r.error.message}`);
    process.exit(2);
  }
  process.exit(r.status ?? (r.signal ? 128 + 2 : 2));
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/main.ts');
