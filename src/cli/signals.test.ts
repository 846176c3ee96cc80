// `heapdrop` re-executes Node (bin/heapdrop.mjs) to set glibc tunables: a signal sent to the process the user
// started must reach the analysis in the child, and the command must end as killed by that signal. The child is
// stopped (SIGSTOP) before the signal is sent, so it cannot finish on its own meanwhile: the test sees the
// forwarded signal pending in it (/proc/<pid>/status ShdPnd), then lets it go on and die of it.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { constants, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { HOSTILE_NAMES } from '../core/testing/hostile-names.ts';
import { namedDump } from '../core/testing/named-dumps.ts';

const bin = resolve(dirname(fileURLToPath(import.meta.url)), '../../bin/heapdrop.mjs');

function childrenOf(pid: number): number[] {
  try {
    return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
  } catch {
    return [];
  }
}

const alive = (pid: number) => existsSync(`/proc/${pid}`) && !/State:\s+Z/.test(readFileSync(`/proc/${pid}/status`, 'utf8'));

// SIGINT and SIGQUIT are not tried: a test runner may start its processes with them ignored (as a shell does for
// background jobs), and an ignored signal is never pending.
for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
  // A retry: on a fast machine the analysis of this small dump may end before the test has stopped it.
  it(`forwards ${signal} to the re-executed analysis and ends by it`, { retry: 3, timeout: 60_000 }, async () => {
    if (process.platform !== 'linux') return; // the re-exec happens on Linux only
    const dump = join(mkdtempSync(join(tmpdir(), 'heapdrop-signal-')), 'any.hprof');
    writeFileSync(dump, namedDump(HOSTILE_NAMES));
    const env = { ...process.env };
    delete env.GLIBC_TUNABLES;
    delete env.HEAPDROP_NO_HUGEPAGES;
    const top = spawn(process.execPath, [bin, 'analyze', dump], { env, stdio: 'ignore' });
    const exited = new Promise<[number | null, NodeJS.Signals | null]>((r) => top.once('exit', (c, s) => r([c, s])));
    let child: number | undefined;
    for (let i = 0; i < 300 && child === undefined; i++) {
      child = childrenOf(top.pid!)[0];
      if (child === undefined) await new Promise((r) => setTimeout(r, 20));
    }
    expect(child).toBeDefined();
    // Past exec (its environment then holds the tunables the parent set), so the parent is running again: libuv
    // may hold the parent while a child is between fork and exec.
    for (let i = 0; i < 300 && !environ(child!).includes('GLIBC_TUNABLES='); i++) await new Promise((r) => setTimeout(r, 20));
    process.kill(child!, 'SIGSTOP');
    try {
      top.kill(signal);
      let forwarded = false;
      for (let i = 0; i < 100 && !forwarded; i++) {
        forwarded = pending(child!).has(signal);
        if (!forwarded) await new Promise((r) => setTimeout(r, 100));
      }
      expect([...pending(child!)]).toContain(signal);
    } finally {
      process.kill(child!, 'SIGCONT');
    }
    const [code, got] = await exited;
    expect(code).toBe(null);
    expect(got).toBe(signal); // what a shell reports as 128 + n (143 for SIGTERM, 129 for SIGHUP)
    for (let i = 0; i < 100 && alive(child!); i++) await new Promise((r) => setTimeout(r, 100));
    const orphan = alive(child!);
    if (orphan) process.kill(child!, 'SIGKILL');
    expect(orphan).toBe(false);
  });
}

function environ(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/environ`, 'utf8');
  } catch {
    return '';
  }
}

/** Signals pending for the whole process (kill(2) targets), from /proc/<pid>/status. */
function pending(pid: number): Set<string> {
  const status = existsSync(`/proc/${pid}/status`) ? readFileSync(`/proc/${pid}/status`, 'utf8') : '';
  const mask = BigInt('0x' + (/ShdPnd:\s+([0-9a-f]+)/.exec(status)?.[1] ?? '0'));
  const names = new Set<string>();
  for (const [name, n] of Object.entries(constants.signals)) if ((mask >> BigInt(n - 1)) & 1n) names.add(name);
  return names;
}
