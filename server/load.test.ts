// Hostile load on loopback, against the server as deployed (a child process configured by environment):
// slow readers that never read a 25 MB share, and one connection pipelining many GETs without reading. The
// server's resident memory (VmRSS from /proc) must stay bounded. Counts and durations are fixed; nothing loops
// until a condition that might never come.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, expect, it } from 'vitest';
import { envelopeShaped, freePort, killHard, killServerProcesses, startServerProcess, tempDir } from './testing.ts';

afterEach(killServerProcesses);

const MiB = 1024 * 1024;
const SHARE_BYTES = 25 * MiB - 1024;

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : 0;
}

/** The highest RSS seen over `ms`, sampled every 200 ms. */
async function peakRss(pid: number, ms: number): Promise<number> {
  let peak = 0;
  for (let t = 0; t < ms; t += 200) {
    peak = Math.max(peak, rssBytes(pid));
    await new Promise((r) => setTimeout(r, 200));
  }
  return peak;
}

/** Opens a connection, sends `requests` GETs of the share at once, and never reads the answers. */
function stalledReader(port: number, id: string, requests: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.pause();
      const one = `GET /api/shares/${id} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n`;
      socket.write(one.repeat(requests));
      resolve(socket);
    });
    socket.on('error', () => {}); // the server may cut a stalled reader off: that is the point
    socket.once('error', reject);
  });
}

async function uploadShare(port: number): Promise<string> {
  const r = await fetch(`http://127.0.0.1:${port}/api/shares`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/octet-stream' },
    body: envelopeShaped(SHARE_BYTES, 5),
  });
  expect(r.status).toBe(201);
  return ((await r.json()) as { id: string }).id;
}

async function underLoad(env: Record<string, string>, connections: number, requestsEach: number) {
  const port = await freePort();
  const child = await startServerProcess(port, { HEAPDROP_DATA_DIR: tempDir(), ...env });
  const id = await uploadShare(port);
  // Settle: one full read, so the baseline includes what a normal download allocates.
  expect((await fetch(`http://127.0.0.1:${port}/api/shares/${id}`).then((r) => r.arrayBuffer())).byteLength).toBe(SHARE_BYTES);
  const baseline = await peakRss(child.pid!, 1000);
  const sockets: Socket[] = [];
  for (let i = 0; i < connections; i++) sockets.push(await stalledReader(port, id, requestsEach));
  const peak = await peakRss(child.pid!, 12_000);
  // The server still answers others while the readers stall.
  const healthStatus = await fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(10_000) }).then(
    (r) => r.status,
    () => 0, // no answer within 10 s
  );
  for (const s of sockets) s.destroy();
  await killHard(child);
  return { baseline, peak, over: peak - baseline, healthStatus };
}

const report = (what: string, r: { baseline: number; peak: number; over: number; healthStatus: number }) =>
  console.log(
    `load: ${what}: RSS baseline ${(r.baseline / MiB).toFixed(0)} MiB, peak ${(r.peak / MiB).toFixed(0)} MiB, ` +
      `+${(r.over / MiB).toFixed(0)} MiB; health answered ${r.healthStatus || 'nothing within 10 s'}`,
  );

it('40 slow readers of a 25 MB share keep the RSS bounded (download caps raised so streaming does the bounding)', async () => {
  const r = await underLoad({ HEAPDROP_DOWNLOADS_PER_CLIENT: '64', HEAPDROP_DOWNLOADS_TOTAL: '64' }, 40, 1);
  report('40 slow readers, caps 64', r);
  expect(r.healthStatus).toBe(200);
  expect(r.over).toBeLessThan(300 * MiB);
}, 120_000);

it('40 slow readers of a 25 MB share with the default caps keep the RSS bounded', async () => {
  const r = await underLoad({}, 40, 1);
  report('40 slow readers, default caps', r);
  expect(r.healthStatus).toBe(200);
  expect(r.over).toBeLessThan(300 * MiB);
}, 120_000);

it('one connection pipelining 100 GETs without reading keeps the RSS bounded', async () => {
  const r = await underLoad({ HEAPDROP_DOWNLOADS_PER_CLIENT: '64', HEAPDROP_DOWNLOADS_TOTAL: '64' }, 1, 100);
  report('100 pipelined GETs on one connection', r);
  expect(r.healthStatus).toBe(200);
  expect(r.over).toBeLessThan(300 * MiB);
}, 120_000);
