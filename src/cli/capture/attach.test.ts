// The attach protocol's bytes against a stand-in for HotSpot's listener (a Unix socket in a hand-built /proc):
// the request as attachListener_posix.cpp parses it, the reply's result code and output, a listener that drops
// the connection (credentials refused), and a JVM older than JDK 15 that refuses -gz: the dump is then written
// plain and compressed on the way out. The real JVMs are in capture.test.ts.

import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../core/analysis.node.ts';
import { sendOperation } from './attach.ts';
import { captureHeapDump } from './capture.ts';
import { CaptureError } from './errors.ts';

const FIXTURE = fileURLToPath(new URL('../../../test-fixtures/graph/graph.hprof.gz', import.meta.url));
const PID = 424242;
const NS_PID = 7;

/** A /proc with one HotSpot process whose root is a folder of ours; returns the paths. */
function fakeJvm(): { proc: string; root: string; socket: string } {
  const base = tempDir('heapdrop-attach-');
  const proc = join(base, 'proc');
  const root = join(base, 'root');
  const dir = join(proc, String(PID));
  mkdirSync(join(dir, 'ns'), { recursive: true });
  mkdirSync(join(root, 'tmp'), { recursive: true });
  const uid = process.getuid!();
  const gid = process.getgid!();
  writeFileSync(
    join(dir, 'status'),
    `Name:\tjava\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t${gid}\t${gid}\t${gid}\t${gid}\nNSpid:\t${PID}\t${NS_PID}\nSigIgn:\t0000000000000000\nSigCgt:\t2000000181005ccf\n`,
  );
  writeFileSync(join(dir, 'maps'), '7f00-7f01 r-xp 0 08:01 1 /opt/java/lib/server/libjvm.so\n');
  writeFileSync(join(dir, 'cmdline'), 'java\0-jar\0app.jar\0');
  writeFileSync(join(dir, 'environ'), '');
  writeFileSync(join(dir, 'cgroup'), '0::/\n');
  symlinkSync(root, join(dir, 'root'));
  symlinkSync(root, join(dir, 'cwd'));
  return { proc, root, socket: join(root, 'tmp', `.java_pid${NS_PID}`) };
}

type Answer = (request: string[], socket: Socket) => void;

const servers: Server[] = [];
const dirs: string[] = [];
afterEach(async () => {
  for (const s of servers.splice(0)) await new Promise((r) => s.close(r));
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

/** A temporary folder removed after the test. */
function tempDir(prefix: string): string {
  const d = mkdtempSync(join(tmpdir(), prefix));
  dirs.push(d);
  return d;
}

/** Listens like the JVM: reads NUL-terminated strings until the version, operation and three arguments are in. */
async function listener(path: string, answer: Answer): Promise<string[][]> {
  const requests: string[][] = [];
  const server = createServer((sock) => {
    let buf = Buffer.alloc(0);
    sock.on('data', (d: Buffer) => {
      buf = Buffer.concat([buf, d]);
      const parts = buf.toString('utf8').split('\0');
      if (parts.length - 1 < 5) return;
      const request = parts.slice(0, 5);
      requests.push(request);
      answer(request, sock);
    });
  });
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(path, resolve));
  return requests;
}

/** What HotSpot answers to GC.heap_dump: writes the dump where the JVM's path points (inside `root`). */
function heapDump(root: string, options: { knowsGz: boolean }): Answer {
  return (request, sock) => {
    const words = request[2].split(' ');
    if (words.includes('-gz=1') && !options.knowsGz) {
      sock.end("-1\njava.lang.IllegalArgumentException: Unknown argument '-gz' in diagnostic command.\n");
      return;
    }
    const path = words[words.length - 1];
    const plain = gunzipSync(readFileSync(FIXTURE));
    writeFileSync(join(root, path), words.includes('-gz=1') ? readFileSync(FIXTURE) : plain);
    sock.end(`0\nDumping heap to ${path} ...\nHeap dump file created [${plain.length} bytes in 0.010 secs]\n`);
  };
}

describe('the attach protocol', () => {
  it('sends "1", the operation and exactly three NUL-terminated arguments; reads the code line and the output', async () => {
    const { socket } = fakeJvm();
    const requests = await listener(socket, (_, sock) => sock.end('0\nline one\nline two\n'));
    const target = { pid: PID, nsPid: NS_PID, uid: process.getuid!(), gid: process.getgid!(), catchesQuit: true };
    const reply = await sendOperation(target, socket, 'jcmd', ['VM.version']);
    expect(requests).toEqual([['1', 'jcmd', 'VM.version', '', '']]);
    expect(reply).toEqual({ code: 0, output: 'line one\nline two\n' });
  });

  it('a listener that closes without a word (the JVM refused our credentials) is a PERMISSION error', async () => {
    const { socket } = fakeJvm();
    await listener(socket, (_, sock) => sock.destroy());
    const target = { pid: PID, nsPid: NS_PID, uid: process.getuid!(), gid: process.getgid!(), catchesQuit: true };
    const e = await sendOperation(target, socket, 'jcmd', ['VM.version']).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(CaptureError);
    expect((e as CaptureError).code).toBe('PERMISSION');
  });
});

describe('capture through a listener that is already running (no signal needed)', () => {
  it("JDK 15+: asks for GC.heap_dump -gz=1 in the JVM's /tmp by its own PID, moves the dump out, leaves only the socket", async () => {
    const { proc, root, socket } = fakeJvm();
    const requests = await listener(socket, heapDump(root, { knowsGz: true }));
    const output = join(tempDir('heapdrop-out-'), 'x.hprof.gz');
    const r = await captureHeapDump(PID, { output, proc });
    expect(requests).toHaveLength(1);
    expect(requests[0][2]).toMatch(new RegExp(`^GC\\.heap_dump -gz=1 /tmp/heapdrop-${NS_PID}-[0-9a-f]{12}\\.hprof\\.gz$`));
    expect(r.bytes).toBe(readFileSync(FIXTURE).length);
    expect(readdirSync(join(root, 'tmp'))).toEqual([`.java_pid${NS_PID}`]);
  });

  it('--all adds -all', async () => {
    const { proc, root, socket } = fakeJvm();
    const requests = await listener(socket, heapDump(root, { knowsGz: true }));
    const output = join(tempDir('heapdrop-out-'), 'x.hprof.gz');
    await captureHeapDump(PID, { output, proc, live: false });
    expect(requests[0][2]).toMatch(/^GC\.heap_dump -gz=1 -all \/tmp\/heapdrop-/);
  });

  it('JDK 9-14 refuse -gz: the dump is asked for plain, compressed on the way out, and both names cleaned up', async () => {
    const { proc, root, socket } = fakeJvm();
    const requests = await listener(socket, heapDump(root, { knowsGz: false }));
    const output = join(tempDir('heapdrop-out-'), 'old.hprof.gz');
    await captureHeapDump(PID, { output, proc });
    expect(requests.map((r) => r[2].replace(/heapdrop-\d+-[0-9a-f]+/, 'X'))).toEqual([
      'GC.heap_dump -gz=1 /tmp/X.hprof.gz',
      'GC.heap_dump /tmp/X.hprof',
    ]);
    expect(gunzipSync(readFileSync(output)).equals(gunzipSync(readFileSync(FIXTURE)))).toBe(true);
    const analysis = await analyzeFile(output);
    expect(analysis.histogram().find((row) => row.className === 'Graph$Item')?.instances).toBe(1234);
    expect(readdirSync(join(root, 'tmp'))).toEqual([`.java_pid${NS_PID}`]);
  });

  it("another refusal is the JVM's own words, in one line", async () => {
    const { proc, socket } = fakeJvm();
    await listener(socket, (_, sock) => sock.end('-1\njava.lang.IllegalArgumentException: something\n\tat X\n'));
    const output = join(tempDir('heapdrop-out-'), 'x.hprof.gz');
    await expect(captureHeapDump(PID, { output, proc })).rejects.toThrow(
      `PID ${PID} refused the heap dump (code -1): java.lang.IllegalArgumentException: something / at X`,
    );
  });
});
