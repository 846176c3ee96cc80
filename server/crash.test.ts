// Crash safety: an acknowledged share survives kill -9 of the server process (SQLite WAL, synchronous=FULL).
import { afterEach, expect, it } from 'vitest';
import { envelopeShaped, freePort, killHard, killServerProcesses, startServerProcess, tempDir } from './testing.ts';

afterEach(killServerProcesses);

it('keeps every acknowledged share across kill -9 and restart', async () => {
  const dataDir = tempDir();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child = await startServerProcess(port, { HEAPDROP_DATA_DIR: dataDir });
  const bodies = [0, 1, 2].map((seed) => envelopeShaped(200_000 + seed, seed + 1));
  const ids: string[] = [];
  for (const body of bodies) {
    const r = await fetch(`${url}/api/shares`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body });
    expect(r.status).toBe(201);
    ids.push(((await r.json()) as { id: string }).id);
  }
  // Kill right after the last acknowledgement: no graceful close, no WAL checkpoint.
  await killHard(child);
  expect(child.signalCode).toBe('SIGKILL');

  child = await startServerProcess(port, { HEAPDROP_DATA_DIR: dataDir });
  for (let i = 0; i < ids.length; i++) {
    const r = await fetch(`${url}/api/shares/${ids[i]}`);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(Buffer.from(bodies[i]))).toBe(true);
  }
  await killHard(child);
});

it('keeps the shares acknowledged while others are in flight when killed', async () => {
  const dataDir = tempDir();
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let child = await startServerProcess(port, { HEAPDROP_DATA_DIR: dataDir });
  const acknowledged = new Map<string, Uint8Array>();
  let exited: Promise<void> | null = null;
  const posts = Array.from({ length: 24 }, async (_, seed) => {
    const body = envelopeShaped(50_000 + seed, seed + 1);
    try {
      const r = await fetch(`${url}/api/shares`, { method: 'POST', headers: { 'Content-Type': 'application/octet-stream' }, body });
      if (r.status !== 201) return;
      const { id } = (await r.json()) as { id: string };
      acknowledged.set(id, body);
      // Kill as soon as the 8th acknowledgement arrives, with later uploads still in flight.
      if (acknowledged.size === 8 && !exited) exited = killHard(child);
    } catch {
      /* cut off by the kill: never acknowledged, so nothing is promised */
    }
  });
  await Promise.all(posts);
  if (exited) await exited;
  expect(child.signalCode).toBe('SIGKILL');
  expect(acknowledged.size).toBeGreaterThanOrEqual(8);
  console.log(`crash: ${acknowledged.size} of 24 uploads acknowledged before kill -9`);

  child = await startServerProcess(port, { HEAPDROP_DATA_DIR: dataDir });
  for (const [id, body] of acknowledged) {
    const r = await fetch(`${url}/api/shares/${id}`);
    expect(r.status).toBe(200);
    expect(Buffer.from(await r.arrayBuffer()).equals(Buffer.from(body))).toBe(true);
  }
  await killHard(child);
});
