#!/usr/bin/env node
// Entry point of the `heapdrop` CLI: runs the TypeScript sources through tsx, so `npm ci` is the only build step.

// The graph steps are bound by random memory accesses that miss the TLB: on Linux, ask glibc for transparent huge
// pages on large allocations (measured on the 1.1 GB bench dump: 86 s -> 61 s for the full analysis), and for one
// malloc arena: the inflate threads of a -gz dump otherwise each keep an arena of huge pages (peak RSS 1,442 ->
// 1,385 MiB on the -gz bench dump, same read time). The variable must be set before the process starts, hence one
// re-exec; HEAPDROP_NO_HUGEPAGES=1 turns it off. bench/run.ts uses the same setting.
if (process.platform === 'linux' && !process.env.GLIBC_TUNABLES && !process.env.HEAPDROP_NO_HUGEPAGES) {
  // The analysis runs in the child; this process only relays. Signals sent to it (kill -TERM, Ctrl-C, a closed
  // terminal) are forwarded so the child never outlives it, and it then dies of the same signal, so the shell
  // sees the conventional status (128 + the signal's number, e.g. 143 for SIGTERM).
  const { spawn } = await import('node:child_process');
  const { constants } = await import('node:os');
  // Handlers first, so no signal can end this process alone once the child exists.
  const forwarded = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGQUIT'];
  let child = null;
  const relay = (signal) => {
    if (child !== null && child.exitCode === null && child.signalCode === null) child.kill(signal);
  };
  for (const signal of forwarded) process.on(signal, relay);
  child = spawn(process.execPath, [...process.execArgv, ...process.argv.slice(1)], {
    stdio: 'inherit',
    env: { ...process.env, GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1:glibc.malloc.arena_max=1' },
  });
  const [code, signal] = await new Promise((resolve) => {
    child.once('error', (e) => {
      console.error(`heapdrop: ${e.message}`);
      resolve([2, null]);
    });
    child.once('exit', (c, s) => resolve([c, s]));
  });
  if (signal) {
    for (const s of forwarded) process.off(s, relay);
    process.kill(process.pid, signal);
    // Still here (a signal whose default action is not to end the process): exit as a shell would report it.
    process.exit(128 + (constants.signals[signal] ?? 0));
  }
  process.exit(code ?? 2);
}

const { register } = await import('tsx/esm/api');
register();
await import('../src/cli/run.ts');
