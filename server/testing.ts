// Test support for the server: start it on an ephemeral port over a temporary data folder, and start a local
// moto_server (S3 emulator) when one is installed. Not shipped; imported by *.test.ts only.
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CreateBucketCommand } from '@aws-sdk/client-s3';
import { ENVELOPE_MAGIC, ENVELOPE_VERSION } from '../src/app/features/share/envelope.ts';
import { startApp, type AppOptions, type RunningServer } from './app.ts';
import { createS3Client, openS3Storage, type S3StorageOptions } from './storage/s3.ts';
import { openSqliteStorage } from './storage/sqlite.ts';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const children: ChildProcess[] = [];

/** SIGKILLs every server process the tests started that is still running (for afterEach). */
export function killServerProcesses(): void {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL');
}

/** Runs `server/main.ts` as a child process, as `npm start` does, and waits for /api/health. */
export async function startServerProcess(port: number, env: Record<string, string>): Promise<ChildProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/main.ts'], {
    cwd: repoRoot,
    env: { ...process.env, PORT: String(port), HOST: '127.0.0.1', ...env },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  children.push(child);
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  for (;;) {
    if (child.exitCode !== null) throw new Error(`server exited (${child.exitCode}): ${stderr}`);
    try {
      if ((await fetch(`http://127.0.0.1:${port}/api/health`)).ok) return child;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

export function killHard(child: ChildProcess): Promise<void> {
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGKILL');
  return exited;
}

/**
 * Bytes shaped like what the app uploads (magic, version, key check, IV, then `n` minus the header of
 * pseudo-random "ciphertext"), without the cost of sealing a real snapshot. The server cannot tell them apart.
 */
export function envelopeShaped(n: number, seed = 1): Uint8Array<ArrayBuffer> {
  const out = new Uint8Array(n);
  let x = (seed * 2654435761) >>> 0 || 1;
  for (let i = 0; i < n; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    out[i] = x & 0xff;
  }
  out.set(ENVELOPE_MAGIC, 0);
  out[ENVELOPE_MAGIC.length] = ENVELOPE_VERSION;
  return out;
}

/**
 * Mounts a tmpfs of `size` (e.g. "3m") on a new temporary folder (needs root or CAP_SYS_ADMIN), or says why not.
 * `remountReadOnly` turns it read-only in place.
 */
export function mountTmpfs(size: string): { dir: string; remountReadOnly(): void; unmount(): void } | { unavailable: string } {
  const dir = tempDir('heapdrop-tmpfs-');
  try {
    execFileSync('mount', ['-t', 'tmpfs', '-o', `size=${size}`, 'tmpfs', dir], { stdio: 'pipe' });
  } catch (e) {
    return { unavailable: `cannot mount a tmpfs (${(e as Error).message.split('\n')[0]})` };
  }
  return {
    dir,
    remountReadOnly: () => execFileSync('mount', ['-o', 'remount,ro', dir], { stdio: 'pipe' }),
    unmount: () => execFileSync('umount', ['-l', dir], { stdio: 'pipe' }),
  };
}

/**
 * Makes a `sizeMb` ext4 image in a temporary folder and loop-mounts it (needs root, mkfs.ext4 and loop devices),
 * or says why not. `freeze`/`thaw` run fsfreeze on the mount; `unmount` thaws first and removes the image.
 */
export function mountExt4(sizeMb: number): { dir: string; freeze(): void; thaw(): void; unmount(): void } | { unavailable: string } {
  const base = tempDir('heapdrop-ext4-');
  const image = join(base, 'fs.img');
  const dir = join(base, 'mnt');
  const run = (cmd: string, args: string[]) => execFileSync(cmd, args, { stdio: 'pipe' });
  try {
    run('truncate', ['-s', `${sizeMb}M`, image]);
    run('mkfs.ext4', ['-q', '-F', image]);
    run('mkdir', [dir]);
    run('mount', ['-o', 'loop', image, dir]);
  } catch (e) {
    rmSync(base, { recursive: true, force: true });
    return { unavailable: `cannot make and mount an ext4 image (${(e as Error).message.split('\n')[0]})` };
  }
  let frozen = false;
  const thaw = () => {
    if (frozen) run('fsfreeze', ['-u', dir]);
    frozen = false;
  };
  return {
    dir,
    freeze: () => {
      run('fsfreeze', ['-f', dir]);
      frozen = true;
    },
    thaw,
    unmount: () => {
      thaw();
      run('umount', ['-l', dir]); // lazily: a storage process may still be exiting
      rmSync(base, { recursive: true, force: true });
    },
  };
}

export function tempDir(prefix = 'heapdrop-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function startTestServer(options: Partial<AppOptions> = {}): Promise<RunningServer & { dataDir: string }> {
  const dataDir = tempDir();
  const running = await startApp({
    storage: options.storage ?? (await openSqliteStorage(dataDir)),
    distDir: options.distDir ?? join(dataDir, 'no-dist'),
    purgeIntervalMs: 0,
    log: () => {},
    ...options,
  });
  return { ...running, dataDir };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

const MOTO_CANDIDATES = [process.env.HEAPDROP_MOTO_SERVER, '/root/.pyenv/shims/moto_server', 'moto_server'].filter((p): p is string => !!p);

export interface Moto {
  endpoint: string;
  stop(): Promise<void>;
  /** Creates a bucket and returns storage options for it. */
  bucket(name: string): Promise<S3StorageOptions>;
}

async function waitForHttp(url: string, child: ChildProcess, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const r = await fetch(url);
      if (r.status < 500) return true;
    } catch {
      /* not listening yet */
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return false;
}

/** Starts moto_server on 127.0.0.1, or returns the reason it could not. */
export async function startMoto(): Promise<Moto | { unavailable: string }> {
  const exe = MOTO_CANDIDATES.find((p) => p === 'moto_server' || existsSync(p));
  if (!exe) return { unavailable: 'moto_server is not installed' };
  const port = await freePort();
  const child = spawn(exe, ['-H', '127.0.0.1', '-p', String(port)], { stdio: 'ignore' });
  const spawned = await new Promise<boolean>((resolve) => {
    child.once('spawn', () => resolve(true));
    child.once('error', () => resolve(false));
  });
  const endpoint = `http://127.0.0.1:${port}`;
  if (!spawned || !(await waitForHttp(endpoint, child, 30_000))) {
    child.kill('SIGKILL');
    return { unavailable: `moto_server (${exe}) did not start` };
  }
  const credentials = { accessKeyId: 'test', secretAccessKey: 'test' };
  return {
    endpoint,
    async stop() {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    },
    async bucket(name) {
      const options: S3StorageOptions = { bucket: name, endpoint, region: 'us-east-1', credentials, forcePathStyle: true };
      const client = createS3Client(options);
      await client.send(new CreateBucketCommand({ Bucket: name }));
      client.destroy();
      return options;
    },
  };
}

export { openS3Storage };
