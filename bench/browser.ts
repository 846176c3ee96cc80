// Browser pass of the bench: serves the built app (server/main.ts on a free port), opens it in headless Chromium
// (playwright-core, the Chromium of scripts/chromium-path.mjs), drops a dump on the file input and waits for the
// app's [data-testid=analysis-ready] hook. `node --import tsx bench/browser.ts <dump>` prints one JSON line:
// load seconds (and when the first look showed), the save to the browser's storage that follows the first view and
// the reload-to-view time (the saved analysis read back, no step run), and the peak of the summed RSS of all Chromium processes (sampled every 250 ms; pages shared
// between Chromium processes count once per process, so this overstates the true footprint somewhat).

import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
// @ts-expect-error plain ESM helper without types
import { launchOptions } from '../scripts/chromium-path.mjs';

const dump = process.argv[2];
// --analysis-only: stop at analysis-ready (no save, no reload), for side-by-side runs against the CLI.
const analysisOnly = process.argv.includes('--analysis-only');
if (!dump || !existsSync(dump)) {
  console.error('usage: browser.ts <dump> [--analysis-only]');
  process.exit(2);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
if (!existsSync(join(root, 'dist', 'index.html'))) {
  console.error('dist/ is missing: run `npm run build` first');
  process.exit(2);
}

const freePort = (): Promise<number> =>
  new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const address = s.address();
      s.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });

/** PIDs of the descendants of `pid`, from /proc (Linux). */
function descendants(pid: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      const list = children.get(ppid) ?? [];
      list.push(Number(entry));
      children.set(ppid, list);
    } catch {
      /* the process ended */
    }
  }
  const out: number[] = [];
  const queue = [pid];
  while (queue.length > 0) {
    for (const c of children.get(queue.pop()!) ?? []) {
      out.push(c);
      queue.push(c);
    }
  }
  return out;
}

/** CPU seconds (user + system) a process has used so far, from /proc/<pid>/stat (Linux); 0 once it has ended. */
const clockTicks = 100; // USER_HZ on Linux
function cpuSecondsOf(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / clockTicks;
  } catch {
    return 0;
  }
}

/** CPU seconds of each thread of `pid` so far, by thread id, with the thread's name (Linux). */
function threadCpu(pid: number): Array<{ tid: string; name: string; seconds: number }> {
  const out: Array<{ tid: string; name: string; seconds: number }> = [];
  let tids: string[];
  try {
    tids = readdirSync(`/proc/${pid}/task`);
  } catch {
    return out;
  }
  for (const tid of tids) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const name = stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'));
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.push({ tid: `${pid}/${tid}`, name, seconds: (Number(fields[11]) + Number(fields[12])) / clockTicks });
    } catch {
      /* the thread ended */
    }
  }
  return out;
}

function rssBytes(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

const port = await freePort();
const dataDir = join(root, 'bench', '.cache', 'server-data');
mkdirSync(dataDir, { recursive: true });
const server = spawn(process.execPath, ['--import', 'tsx', join(root, 'server', 'main.ts')], {
  env: { ...process.env, PORT: String(port), HEAPDROP_DATA_DIR: dataDir },
  stdio: 'ignore',
});
try {
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; ; i++) {
    try {
      if ((await fetch(`${base}/api/health`)).ok) break;
    } catch {
      /* not listening yet */
    }
    if (i > 300) throw new Error('the server did not start');
    await new Promise((r) => setTimeout(r, 200));
  }
  // A profile on disk, as a user's browser has: a fresh context of chromium.launch() is incognito, whose OPFS lives
  // in memory behind the browser process (each read of a synchronous handle is then a round trip to it: 40-100
  // MB/s here, against page-cache speed on disk).
  const profile = join(root, 'bench', '.cache', `chromium-profile-${port}`);
  rmSync(profile, { recursive: true, force: true });
  const browser = await chromium.launchPersistentContext(profile, { ...launchOptions(), headless: true });
  try {
    const page = browser.pages()[0] ?? (await browser.newPage());
    // The analysis worker logs its per-step timings at the debug level when it is done.
    let stepMs: unknown = null;
    let restoreMs: unknown = null;
    let restoredMs: number | null = null;
    /** Resolved when the worker says the deferred part of the saved analysis is in (checked and read). */
    let restIn: (() => void) | null = null;
    page.on('console', (message) => {
      if (/^heapdrop read the rest of the saved analysis/.test(message.text())) restIn?.();
      const m = /^heapdrop step timings \(ms\): (.*)$/.exec(message.text());
      if (m) stepMs = JSON.parse(m[1]);
      if (process.env.HEAPDROP_BENCH_LOG) console.error(message.text());
      const r = /^heapdrop restore timings \(ms\): (.*)$/.exec(message.text());
      if (r) restoreMs = JSON.parse(r[1]);
      const d = /^heapdrop restored the saved analysis in (\d+) ms/.exec(message.text());
      if (d) restoredMs = Number(d[1]);
    });
    await page.goto(base);
    let peakBytes = 0;
    // CPU seconds of each Chromium process, at the last sample (a process that ends keeps its last figure).
    const cpuByPid = new Map<number, number>();
    const sample = (): void => {
      const serverSide = new Set([server.pid ?? -1, ...descendants(server.pid ?? -1)]);
      const pids = descendants(process.pid).filter((p) => !serverSide.has(p));
      peakBytes = Math.max(
        peakBytes,
        pids.reduce((sum, p) => sum + rssBytes(p), 0),
      );
      for (const p of pids) {
        cpuByPid.set(p, Math.max(cpuByPid.get(p) ?? 0, cpuSecondsOf(p)));
        for (const t of threadCpu(p)) {
          const known = cpuByThread.get(t.tid);
          cpuByThread.set(t.tid, { name: t.name, seconds: Math.max(known?.seconds ?? 0, t.seconds), first: known?.first ?? t.seconds });
        }
      }
    };
    // The same by thread, to tell the analysis worker's CPU time (comparable to the CLI's) from the rest.
    const cpuByThread = new Map<string, { name: string; seconds: number; first: number }>();
    const threadCpuSeconds = (): Record<string, number> => {
      const byName: Record<string, number> = {};
      for (const t of cpuByThread.values()) byName[t.name] = (byName[t.name] ?? 0) + t.seconds - t.first;
      const top = Object.entries(byName)
        .filter(([, v]) => v >= 0.05)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 8);
      return Object.fromEntries(top.map(([k, v]) => [k, Math.round(v * 100) / 100]));
    };
    const chromiumCpu = (): number => [...cpuByPid.values()].reduce((a, b) => a + b, 0);
    sample();
    const cpu0 = chromiumCpu();
    const sampler = setInterval(sample, 250);
    const t0 = performance.now();
    await page.locator('input[type=file][data-testid=dump-input]').setInputFiles(dump);
    // The first look (largest classes of everything read) shows while the rest of the analysis runs.
    let firstLookSeconds: number | null = null;
    void page
      .locator('[data-testid=first-look]')
      .waitFor({ state: 'attached', timeout: 30 * 60_000 })
      .then(
        () => (firstLookSeconds = (performance.now() - t0) / 1000),
        () => undefined,
      );
    await page.locator('[data-testid=analysis-ready]').waitFor({ state: 'attached', timeout: 30 * 60_000 });
    const seconds = (performance.now() - t0) / 1000;
    sample();
    clearInterval(sampler);
    const cpuSeconds = chromiumCpu() - cpu0;
    const analysisThreads = threadCpuSeconds();
    const round2 = (x: number): number => Math.round(x * 100) / 100;
    if (analysisOnly) {
      console.log(
        JSON.stringify({
          kind: 'browser',
          seconds: round2(seconds),
          cpuSeconds: round2(cpuSeconds),
          threadCpuSeconds: analysisThreads,
          firstLookSeconds: firstLookSeconds === null ? null : round2(firstLookSeconds),
          chromiumPeakRssMiB: Math.round(peakBytes / 2 ** 20),
          stepMs,
          chromium: browser.browser()?.version() ?? null,
        }),
      );
      process.exitCode = 0;
    } else {
      // The save to the browser's storage (after the first view), then a reload: the time until the view is back.
      const s0 = performance.now();
      await page.waitForFunction(
        () => typeof (window as unknown as { __heapdrop?: { saved?: string | null } }).__heapdrop?.saved === 'string',
        null,
        {
          timeout: 30 * 60_000,
          polling: 250,
        },
      );
      const saveSeconds = (performance.now() - s0) / 1000;
      // Each reload: wall seconds to `analysis-ready` and to the overview's top findings (the largest dominators,
      // read from the analysis), with the CPU seconds the Chromium processes used meanwhile (the machine is shared:
      // wall time inflates under load, CPU time much less). `--reloads N` (default 1) repeats it.
      const reloadsArg = process.argv.indexOf('--reloads');
      const reloadCount = reloadsArg > 0 ? Math.max(1, Number(process.argv[reloadsArg + 1]) || 1) : 1;
      const liveCpu = (): number => {
        const serverSide = new Set([server.pid ?? -1, ...descendants(server.pid ?? -1)]);
        return descendants(process.pid)
          .filter((p) => !serverSide.has(p))
          .reduce((sum, p) => sum + cpuSecondsOf(p), 0);
      };
      const reloads: { readySeconds: number; viewSeconds: number; restSeconds: number; cpuSeconds: number; restoreMs: unknown }[] = [];
      for (let i = 0; i < reloadCount; i++) {
        restoreMs = null;
        restoredMs = null;
        const rest = new Promise<void>((resolve) => (restIn = resolve));
        const c0 = liveCpu();
        const r0 = performance.now();
        await page.reload();
        await page.locator('[data-testid=analysis-ready]').waitFor({ state: 'attached', timeout: 30 * 60_000 });
        const readySeconds = (performance.now() - r0) / 1000;
        await page
          .locator('[data-testid=findings] li a')
          .first()
          .waitFor({ state: 'attached', timeout: 30 * 60_000 });
        const viewSeconds = (performance.now() - r0) / 1000;
        // Then the rest of the saved analysis (checked and read after the first view), before the next reload.
        await Promise.race([rest, new Promise((resolve) => setTimeout(resolve, 10 * 60_000))]);
        const restSeconds = (performance.now() - r0) / 1000;
        // The renderer's CPU is counted while it lives (a reload may replace the process: then the count restarts).
        const cpu = Math.max(0, liveCpu() - c0);
        reloads.push({
          readySeconds,
          viewSeconds,
          restSeconds,
          cpuSeconds: cpu,
          restoreMs: { total: restoredMs, ...(restoreMs as object | null) },
        });
      }
      const reloadToReadySeconds = reloads[0].readySeconds;
      const reloadToViewSeconds = reloads[0].viewSeconds;
      console.log(
        JSON.stringify({
          kind: 'browser',
          seconds: round2(seconds),
          cpuSeconds: round2(cpuSeconds),
          threadCpuSeconds: analysisThreads,
          saveSeconds: round2(saveSeconds),
          reloadToViewSeconds: round2(reloadToViewSeconds),
          reloadToReadySeconds: round2(reloadToReadySeconds),
          restoreMs: reloads[0].restoreMs,
          reloads: reloads.map((r) => ({
            viewSeconds: round2(r.viewSeconds),
            readySeconds: round2(r.readySeconds),
            restSeconds: round2(r.restSeconds),
            cpuSeconds: round2(r.cpuSeconds),
            restoreMs: r.restoreMs,
          })),
          loadAverageAtEnd: loadavg().map((x) => round2(x)),
          firstLookSeconds: firstLookSeconds === null ? null : Math.round(firstLookSeconds * 100) / 100,
          chromiumPeakRssMiB: Math.round(peakBytes / 2 ** 20),
          stepMs,
          chromium: browser.browser()?.version() ?? null,
        }),
      );
    }
  } finally {
    await browser.close();
    rmSync(profile, { recursive: true, force: true });
  }
} finally {
  server.kill('SIGTERM');
}
