// The share server while its data folder's file system is frozen (fsfreeze on a loop-mounted ext4 image): static
// files and the health check must still be answered, storage calls must end in 503 instead of hanging, and the
// store must work again once the file system thaws. The server runs as a child process (server/main.ts), so a
// server that stalled could not stall this test, which always thaws. Needs root, mkfs.ext4, loop devices and
// fsfreeze; skipped, saying why, where any of them is missing.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { envelopeShaped, freePort, killServerProcesses, mountExt4, startServerProcess, tempDir } from './testing.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  killServerProcesses();
  while (cleanups.length) cleanups.pop()!();
});

const octets = { 'Content-Type': 'application/octet-stream' };

/** Files under `dir` that process `pid` has mapped into memory. */
function mappedUnder(pid: number, dir: string): string[] {
  const lines = readFileSync(`/proc/${pid}/maps`, 'utf8').split('\n');
  return [...new Set(lines.map((l) => l.split(/\s+/).slice(5).join(' ')).filter((f) => f.startsWith(dir)))];
}

/** Threads of process `pid` in uninterruptible sleep. */
function blockedThreads(pid: number): number {
  return readdirSync(`/proc/${pid}/task`).filter((t) => readFileSync(`/proc/${pid}/task/${t}/stat`, 'utf8').split(') ')[1]?.[0] === 'D')
    .length;
}

function childrenOf(pid: number): number[] {
  return readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
}

describe('a frozen data folder (fsfreeze)', () => {
  it('serves static files and health, answers storage calls with 503, and recovers on thaw', { timeout: 120_000 }, async () => {
    const fs = mountExt4(64);
    if ('unavailable' in fs) {
      console.warn(`SKIPPED fsfreeze test: ${fs.unavailable}`);
      return;
    }
    cleanups.push(() => fs.unmount());
    const dataDir = join(fs.dir, 'data');
    const dist = tempDir();
    mkdirSync(join(dist, 'assets'));
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>heapdrop</title>');
    writeFileSync(join(dist, 'assets', 'app-1234abcd.js'), 'console.log(1)');
    const port = await freePort();
    const url = `http://127.0.0.1:${port}`;
    const server = await startServerProcess(port, {
      HEAPDROP_DATA_DIR: dataDir,
      HEAPDROP_DIST_DIR: dist,
      HEAPDROP_STORAGE_TIMEOUT_SECONDS: '6',
    });

    const first = await fetch(`${url}/api/shares`, { method: 'POST', headers: octets, body: envelopeShaped(300_000, 1) });
    expect(first.status).toBe(201);
    const { id } = (await first.json()) as { id: string };

    // SQLite maps its WAL index: in the storage child, never in the process that serves HTTP.
    const [storagePid] = childrenOf(server.pid!);
    expect(storagePid).toBeGreaterThan(0);
    expect(mappedUnder(storagePid, fs.dir)).toContain(join(dataDir, 'shares.sqlite-shm'));
    expect(mappedUnder(server.pid!, fs.dir)).toEqual([]);

    try {
      fs.freeze();
    } catch (e) {
      console.warn(`SKIPPED fsfreeze test: fsfreeze is not permitted (${(e as Error).message.split('\n')[0]})`);
      return;
    }
    const t0 = performance.now();
    // A read first: beginning a read transaction writes a read mark into the mapped WAL index, the page fault
    // that would stall a process holding the mapping. Then an upload, which waits behind it.
    let readStatus = 0;
    const reading = fetch(`${url}/api/shares/${id}`, { signal: AbortSignal.timeout(30_000) }).then((r) => (readStatus = r.status));
    let settledAt = 0;
    const upload = fetch(`${url}/api/shares`, {
      method: 'POST',
      headers: octets,
      body: envelopeShaped(300_000, 2),
      signal: AbortSignal.timeout(30_000),
    }).then((r) => {
      settledAt = performance.now() - t0;
      return r.status;
    });
    try {
      await new Promise((r) => setTimeout(r, 500)); // let the write reach the storage process and block there
      // The storage process is the one waiting on the frozen file system (uninterruptibly, state D).
      expect(blockedThreads(storagePid)).toBeGreaterThan(0);
      expect(blockedThreads(server.pid!)).toBe(0);
      const s0 = performance.now();
      const page = await fetch(`${url}/`, { signal: AbortSignal.timeout(3_000) });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>heapdrop</title>');
      const asset = await fetch(`${url}/assets/app-1234abcd.js`, { signal: AbortSignal.timeout(3_000) });
      expect(asset.status).toBe(200);
      const staticMs = performance.now() - s0;
      const h0 = performance.now();
      const health = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) });
      const healthMs = performance.now() - h0;
      expect(health.status).toBe(503); // the storage probe could not finish
      expect(settledAt).toBe(0); // all of this while the upload was still waiting
      expect(readStatus).toBe(0);
      expect(await reading).toBe(503); // the storage calls' timeout
      expect(await upload).toBe(503);
      console.log(
        `frozen data folder: static files in ${staticMs.toFixed(0)} ms, health 503 in ${healthMs.toFixed(0)} ms, ` +
          `upload 503 after ${settledAt.toFixed(0)} ms`,
      );
    } finally {
      fs.thaw();
    }
    // Thawed: the storage process resumes, health and the share come back.
    let healthy = 0;
    for (let i = 0; i < 100 && healthy !== 200; i++) {
      healthy = (await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(5_000) })).status;
      if (healthy !== 200) await new Promise((r) => setTimeout(r, 100));
    }
    expect(healthy).toBe(200);
    const again = await fetch(`${url}/api/shares/${id}`, { signal: AbortSignal.timeout(10_000) });
    expect(again.status).toBe(200);
    expect(new Uint8Array(await again.arrayBuffer())).toEqual(envelopeShaped(300_000, 1));
    // The storage process does not outlive the server (it would hold the database).
    killServerProcesses();
    let alive = true;
    for (let i = 0; i < 100 && alive; i++) {
      alive = existsSync(`/proc/${storagePid}`);
      if (alive) await new Promise((r) => setTimeout(r, 50));
    }
    expect(alive).toBe(false);
  });
});
