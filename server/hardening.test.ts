// The share server under hostile input and failing storage, on loopback with fixed counts and bounded waits:
// malformed uploads, the total quota and the daily budget, a full disk (a small tmpfs), storage that blocks or
// never answers, deleted ciphertext left in the data folder, aborted uploads, a corrupt or read-only database.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync, writeSync } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openS3Storage } from './storage/s3.ts';
import { openSqliteStorage, SQLITE_FILE_NAME } from './storage/sqlite.ts';
import { envelopeShaped, mountTmpfs, startTestServer, tempDir } from './testing.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
type Running = Awaited<ReturnType<typeof startTestServer>>;
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  while (cleanups.length) await cleanups.pop()!();
});
async function start(options: Parameters<typeof startTestServer>[0] = {}): Promise<Running> {
  const s = await startTestServer(options);
  cleanups.push(() => s.close());
  return s;
}

const octets = { 'Content-Type': 'application/octet-stream' };
const post = (url: string, body: Uint8Array) =>
  fetch(`${url}/api/shares`, {
    method: 'POST',
    headers: octets,
    body: body as Uint8Array<ArrayBuffer>,
    signal: AbortSignal.timeout(60_000),
  });
const bounded = { signal: AbortSignal.timeout(60_000) };

describe('uploads must be sealed shares', () => {
  it('refuses a 1-byte body, random bytes, a wrong version and a truncated envelope with 400', async () => {
    const s = await start();
    const random = new Uint8Array(5000);
    for (let i = 0; i < random.length; i++) random[i] = (i * 2654435761) >>> 24;
    const wrongVersion = envelopeShaped(5000);
    wrongVersion[4] = 9;
    for (const body of [new Uint8Array([7]), random, wrongVersion, envelopeShaped(68)]) {
      const r = await post(s.url, body);
      expect(r.status).toBe(400);
      expect(((await r.json()) as { error: string }).error).toMatch(/not a sealed heapdrop share/);
    }
    expect((await post(s.url, envelopeShaped(69))).status).toBe(201); // the smallest possible sealed share
  });

  it('accepts what the app seals', async () => {
    const { sealSnapshot } = await import('../src/app/features/share/open-share.ts');
    const sealed = await sealSnapshot({ v: 1, createdAt: 0, title: 't', redaction: { values: true, classNames: true } });
    const s = await start();
    expect((await post(s.url, sealed.bytes)).status).toBe(201);
  });
});

describe('space limits', () => {
  it('answers 507 with Retry-After once the total quota is reached, and frees quota on delete', async () => {
    const s = await start({ maxStoreBytes: 250_000 });
    const a = await post(s.url, envelopeShaped(100_000, 1));
    expect(a.status).toBe(201);
    expect((await post(s.url, envelopeShaped(100_000, 2))).status).toBe(201);
    const full = await post(s.url, envelopeShaped(100_000, 3));
    expect(full.status).toBe(507);
    expect(Number(full.headers.get('retry-after'))).toBeGreaterThan(0);
    const { id, deleteToken } = (await a.json()) as { id: string; deleteToken: string };
    expect((await fetch(`${s.url}/api/shares/${id}`, { method: 'DELETE', headers: { 'X-Delete-Token': deleteToken } })).status).toBe(204);
    expect((await post(s.url, envelopeShaped(100_000, 4))).status).toBe(201);
  });

  it("answers 429 with Retry-After once a client's daily bytes are spent, and again after a day", async () => {
    let now = 1_800_000_000_000;
    const s = await start({ clock: () => now, clientBytesPerDay: 300_000 });
    expect((await post(s.url, envelopeShaped(200_000, 1))).status).toBe(201);
    const over = await post(s.url, envelopeShaped(200_000, 2));
    expect(over.status).toBe(429);
    expect(Number(over.headers.get('retry-after'))).toBe(24 * 3600);
    expect((await post(s.url, envelopeShaped(90_000, 3))).status).toBe(201); // what is left of the day still fits
    now += 24 * 3600 * 1000;
    expect((await post(s.url, envelopeShaped(200_000, 4))).status).toBe(201);
  });
});

describe('a full disk (an 8 MB tmpfs)', () => {
  it('refuses uploads with 507, says so in health, and still deletes', async () => {
    const fs = mountTmpfs('8m');
    if ('unavailable' in fs) {
      console.warn(`SKIPPED full-disk test: ${fs.unavailable}`);
      return;
    }
    cleanups.push(() => fs.unmount());
    const s = await start({ storage: await openSqliteStorage(join(fs.dir, 'data')), clientBytesPerDay: 1e12, ratePerMinute: 1000 });
    expect((await fetch(`${s.url}/api/health`, bounded)).status).toBe(200);
    const made: { id: string; deleteToken: string }[] = [];
    let refused: Response | null = null;
    for (let i = 0; i < 100 && !refused; i++) {
      const r = await post(s.url, envelopeShaped(100_000, i + 1));
      if (r.status === 201) made.push((await r.json()) as { id: string; deleteToken: string });
      else refused = r;
    }
    expect(refused?.status).toBe(507);
    expect(made.length).toBeGreaterThan(4);
    // Something else fills what is left (a log, another program): now not even a small write fits.
    fillDisk(join(fs.dir, 'filler'));
    const health = await fetch(`${s.url}/api/health`, bounded);
    expect(health.status).toBe(503);
    expect(((await health.json()) as { ok: boolean }).ok).toBe(false);

    for (const m of made.slice(0, 4)) {
      const del = await fetch(`${s.url}/api/shares/${m.id}`, {
        method: 'DELETE',
        headers: { 'X-Delete-Token': m.deleteToken },
        ...bounded,
      });
      expect(del.status).toBe(204);
      expect((await fetch(`${s.url}/api/shares/${m.id}`, bounded)).status).toBe(410);
    }
    // The space came back: health is ok and an upload fits again.
    expect((await fetch(`${s.url}/api/health`, bounded)).status).toBe(200);
    expect((await post(s.url, envelopeShaped(100_000, 99))).status).toBe(201);
  });
});

/** Writes `path` until the file system is full. */
function fillDisk(path: string): void {
  const fd = openSync(path, 'w');
  const block = Buffer.alloc(64 * 1024, 0x55);
  try {
    for (let i = 0; i < 100_000; i++) {
      try {
        writeSync(fd, block);
      } catch {
        break;
      }
    }
    // A last pass in small writes takes the remainder.
    for (let i = 0; i < 100_000; i++) {
      try {
        writeSync(fd, block, 0, 512);
      } catch {
        break;
      }
    }
  } finally {
    closeSync(fd);
  }
}

/** Every file under `dir`, recursively. */
function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? filesUnder(p) : [p];
  });
}

describe('deleted ciphertext', () => {
  it('is in no file of the data folder after a delete or a purge', async () => {
    let now = 1_800_000_000_000;
    const s = await start({ clock: () => now, ttlMs: 60_000 });
    const deleted = envelopeShaped(700_000, 41);
    const expired = envelopeShaped(300_000, 42);
    const kept = envelopeShaped(200_000, 43);
    const a = (await (await post(s.url, deleted)).json()) as { id: string; deleteToken: string };
    now += 30_000;
    await post(s.url, kept);
    now -= 30_000;
    await post(s.url, expired);
    // 32-byte probes from across each body; chunk and page boundaries cannot hide them all.
    const probes = (b: Uint8Array) =>
      Array.from({ length: 24 }, (_, i) =>
        Buffer.from(b.subarray(200 + i * Math.floor((b.length - 300) / 24), 232 + i * Math.floor((b.length - 300) / 24))),
      );
    const hits = (b: Uint8Array) => {
      const files = filesUnder(s.dataDir).map((f) => readFileSync(f));
      return probes(b).filter((p) => files.some((f) => f.includes(p))).length;
    };
    expect(hits(deleted)).toBeGreaterThan(12); // the search finds stored bytes
    expect(hits(expired)).toBeGreaterThan(12);

    expect((await fetch(`${s.url}/api/shares/${a.id}`, { method: 'DELETE', headers: { 'X-Delete-Token': a.deleteToken } })).status).toBe(
      204,
    );
    expect(hits(deleted)).toBe(0);
    now += 60_000;
    expect(await s.purge()).toBe(1);
    expect(hits(expired)).toBe(0);
    expect(hits(kept)).toBeGreaterThan(12);
  });
});

describe('storage that blocks or never answers', () => {
  it('keeps serving static files and health while a storage write is blocked', async () => {
    const dist = tempDir();
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>heapdrop</title>');
    const s = await start({ distDir: dist });
    // Another connection takes SQLite's write lock: the server's next write waits (busy_timeout, 5 s) as it
    // would on a stalled disk.
    const holder = new Database(join(s.dataDir, SQLITE_FILE_NAME));
    holder.pragma('busy_timeout = 5000');
    holder.exec('BEGIN EXCLUSIVE');
    let settled = false;
    const upload = post(s.url, envelopeShaped(5_000, 7)).then((r) => {
      settled = true;
      return r.status;
    });
    try {
      await new Promise((r) => setTimeout(r, 300)); // let the write reach the worker
      const page = await fetch(`${s.url}/`, { signal: AbortSignal.timeout(4_000) });
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('<title>heapdrop</title>');
      const health = await fetch(`${s.url}/api/health`, { signal: AbortSignal.timeout(4_500) });
      expect(health.status).toBe(503); // the write probe could not finish
      expect(settled).toBe(false); // all of this while the upload was still waiting
    } finally {
      holder.exec('COMMIT');
      holder.close();
    }
    expect(await upload).toBe(201);
  });

  it('answers 503 when an S3 endpoint accepts connections and never replies', async () => {
    const sockets: Socket[] = [];
    const silent: Server = createServer((socket) => {
      sockets.push(socket); // accept, read nothing, answer nothing
    });
    await new Promise<void>((r) => silent.listen(0, '127.0.0.1', () => r()));
    cleanups.push(() => {
      for (const sk of sockets) sk.destroy();
      return new Promise<void>((r) => silent.close(() => r()));
    });
    const endpoint = `http://127.0.0.1:${(silent.address() as { port: number }).port}`;
    const storage = openS3Storage({
      bucket: 'never',
      endpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
      callTimeoutMs: 1_500,
    });
    const s = await start({ storage });
    const limit = { signal: AbortSignal.timeout(30_000) }; // a hang fails the test instead of stalling it
    const read = await fetch(`${s.url}/api/shares/AAAAAAAAAAAAAAAAAAAAAA`, limit);
    expect(read.status).toBe(503);
    expect(read.headers.get('retry-after')).toBe('5');
    expect((await post(s.url, envelopeShaped(1_000))).status).toBe(503);
    expect((await fetch(`${s.url}/api/health`, limit)).status).toBe(503);
    expect(sockets.length).toBeGreaterThan(0); // the requests did reach the silent endpoint
  });
});

describe('logs and start-up', () => {
  it('logs an aborted upload as one line', async () => {
    const lines: string[] = [];
    const s = await start({ log: (m) => lines.push(m) });
    const { port } = new URL(s.url);
    await new Promise<void>((resolve) => {
      const socket = connect(Number(port), '127.0.0.1', () => {
        socket.write(`POST /api/shares HTTP/1.1\r\nHost: x\r\nContent-Type: application/octet-stream\r\nContent-Length: 100000\r\n\r\n`);
        socket.write(Buffer.alloc(1000, 1), () => setTimeout(() => socket.destroy(), 100));
      });
      socket.on('close', () => resolve());
    });
    for (let i = 0; i < 50 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 100));
    expect(lines).toHaveLength(1);
    expect(lines[0]).not.toContain('\n');
    expect(lines[0]).toMatch(/POST \/api\/shares: the client went away/);
  });

  async function startExpectingFailure(dataDir: string): Promise<{ code: number | null; stderr: string }> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
      cwd: repoRoot,
      env: { ...process.env, PORT: '1', HOST: '127.0.0.1', HEAPDROP_DATA_DIR: dataDir },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
    const killer = setTimeout(() => child.kill('SIGKILL'), 60_000);
    const code = await new Promise<number | null>((r) => child.once('exit', (c) => r(c)));
    clearTimeout(killer);
    return { code, stderr };
  }

  it('exits with one line naming the file when the database is corrupt', async () => {
    const dir = tempDir();
    writeFileSync(join(dir, SQLITE_FILE_NAME), Buffer.alloc(8192, 0x5a));
    const { code, stderr } = await startExpectingFailure(dir);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(join(dir, SQLITE_FILE_NAME));
    expect(stderr).not.toMatch(/\bat .*\(/); // no stack frame
  });

  it('exits with one line naming the file when the database is on a read-only file system', async () => {
    const fs = mountTmpfs('2m');
    if ('unavailable' in fs) {
      console.warn(`SKIPPED read-only database test: ${fs.unavailable}`);
      return;
    }
    cleanups.push(() => fs.unmount());
    const dir = join(fs.dir, 'data');
    mkdirSync(dir);
    const made = await openSqliteStorage(dir);
    await made.close();
    fs.remountReadOnly();
    const { code, stderr } = await startExpectingFailure(dir);
    expect(code).toBe(1);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain(join(dir, SQLITE_FILE_NAME));
  });
});
