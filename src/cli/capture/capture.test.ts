// `heapdrop capture` against real JVMs started here: a plain child, one running as another uid, one in its own PID
// and mount namespace with a private /tmp (as a container has it), and the ones it must refuse. The program is
// test-fixtures/capture/CaptureTarget.java (321 CaptureTarget$Marker objects), compiled into a temporary folder.
// Tests that need root, unshare or a JDK skip with the reason in their name where the machine lacks them; CI runs
// as root and runs them all.

import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../../core/analysis.node.ts';
import { captureHeapDump } from './capture.ts';
import { CaptureError } from './errors.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const PROGRAM = join(ROOT, 'test-fixtures/capture/CaptureTarget.java');
const MARKERS = 321;

const hasJdk = spawnSync('javac', ['-version']).status === 0;
const isRoot = process.getuid?.() === 0;
const canUnshare = isRoot && spawnSync('unshare', ['--pid', '--fork', '--mount', '--mount-proc', 'true']).status === 0;
const JAVA_HOME = hasJdk
  ? (spawnSync('java', ['-XshowSettings:properties', '-version'], { encoding: 'utf8' })
      .stderr.match(/java\.home = (.*)/)?.[1]
      .trim() ?? '')
  : '';

let classes = '';
let work = '';
const started: ChildProcess[] = [];
/** JVMs that are not our children (PID 1 of a namespace, under unshare): killed by PID. */
const adopted: number[] = [];

beforeAll(() => {
  if (!hasJdk) return;
  work = mkdtempSync(join(tmpdir(), 'heapdrop-capture-'));
  classes = join(work, 'classes');
  const r = spawnSync('javac', ['-d', classes, PROGRAM], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`javac failed: ${r.stderr}`);
  // Readable by the JVM started as another uid.
  for (const dir of [work, classes]) chmodSync(dir, 0o755);
  for (const f of readdirSync(classes)) chmodSync(join(classes, f), 0o644);
});

afterEach(() => {
  for (const pid of adopted.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  for (const c of started.splice(0)) c.kill('SIGKILL');
});

afterAll(() => {
  if (work) rmSync(work, { recursive: true, force: true });
});

/** Starts a process and resolves once it printed "ready" (the JVM built its graph); rejects if it exits first. */
function startUntilReady(
  command: string,
  args: string[],
  options: { uid?: number; gid?: number; cwd?: string } = {},
): Promise<ChildProcess> {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: options.cwd ?? work, uid: options.uid, gid: options.gid });
  started.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    let errText = '';
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready')) resolve(child);
    });
    child.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
    child.on('exit', (code) => reject(new Error(`${command} exited (${code}) before it was ready: ${errText}`)));
  });
}

const JVM_OPTIONS = ['-Xmx32m', '-Xss512k', '-XX:+UseSerialGC', '-XX:TieredStopAtLevel=1'];

function startJvm(extra: string[] = [], options: { uid?: number; gid?: number; cwd?: string } = {}): Promise<ChildProcess> {
  return startUntilReady('java', [...JVM_OPTIONS, ...extra, '-cp', classes, 'CaptureTarget'], options);
}

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/heapdrop.mjs'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The files a capture of the JVM that sees itself as `nsPid` could leave behind: the attach trigger and the dump. */
function leftovers(dirs: string[], nsPid: number): string[] {
  return dirs.flatMap((d) =>
    readdirSync(d)
      .filter((f) => f === `.attach_pid${nsPid}` || f.startsWith(`heapdrop-${nsPid}-`))
      .map((f) => join(d, f)),
  );
}

/** Still running (not ended, not a zombie): it was not killed by a signal we sent. */
function alive(pid: number): boolean {
  return /^State:\s+[RSD]/m.test(readFileSync(`/proc/${pid}/status`, 'utf8'));
}

async function markerCount(dump: string): Promise<number> {
  const analysis = await analyzeFile(dump);
  return analysis.histogram().find((r) => r.className === 'CaptureTarget$Marker')?.instances ?? 0;
}

function oneLineError(r: { code: number | null; stdout: string; stderr: string }): string {
  expect(r.code).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^heapdrop: /);
  return lines[0];
}

describe.skipIf(!hasJdk || process.platform !== 'linux')('heapdrop capture (needs Linux and a JDK to build the target)', () => {
  it('a plain child JVM: the dump is a multi-member gzip with the known objects, and nothing stays behind', async () => {
    const jvm = await startJvm();
    const output = join(work, 'plain.hprof.gz');
    const r = await captureHeapDump(jvm.pid!, { output });
    expect(r.output).toBe(output);
    expect(r.target.nsPid).toBe(jvm.pid);
    const bytes = readFileSync(output);
    expect(r.bytes).toBe(bytes.length);
    expect([bytes[0], bytes[1]]).toEqual([0x1f, 0x8b]);
    // The JVM's -gz writes one gzip member per chunk: a second member header follows the first.
    expect(bytes.indexOf(Buffer.from([0x1f, 0x8b, 0x08]), 10)).toBeGreaterThan(0);
    expect(r.timings.totalMs).toBeGreaterThanOrEqual(r.timings.dumpMs);
    expect(await markerCount(output)).toBe(MARKERS);
    expect(leftovers([work, '/tmp'], jvm.pid!)).toEqual([]);
    // Once the listener runs, a second capture connects without a signal.
    const again = join(work, 'again.hprof.gz');
    await captureHeapDump(jvm.pid!, { output: again });
    expect(await markerCount(again)).toBe(MARKERS);
    // An existing output is never overwritten.
    await expect(captureHeapDump(jvm.pid!, { output })).rejects.toThrow(/already exists/);
  });

  it('the CLI: size and timings, then with --analyze the analysis, leak suspects first', async () => {
    const jvm = await startJvm();
    const output = join(work, 'cli.hprof.gz');
    const r = cli('capture', String(jvm.pid), '-o', output, '--analyze');
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(
      new RegExp(`^${output.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: [\\d.]+ KiB \\([\\d,]+ bytes\\), live objects of PID ${jvm.pid}\n`),
    );
    expect(r.stdout).toMatch(/ s: attach [\d.]+ s, dump [\d.]+ s, copy out [\d.]+ s\n/);
    const suspects = r.stdout.indexOf('Leak suspects');
    expect(suspects).toBeGreaterThan(0);
    expect(r.stdout.indexOf('Top ')).toBeGreaterThan(suspects);
    expect(r.stdout).toMatch(/CaptureTarget\$Marker/);
  });

  it('--all asks for every object (-all: no full GC first); the known objects are there', async () => {
    const jvm = await startJvm();
    const output = join(work, 'all.hprof.gz');
    await captureHeapDump(jvm.pid!, { output, live: false });
    expect(await markerCount(output)).toBe(MARKERS);
  });

  it.skipIf(!isRoot)(
    'as root, a JVM running as another uid and gid (nobody): attaches with its credentials (skipped: not root)',
    async () => {
      const jvm = await startJvm([], { uid: 65534, gid: 65534, cwd: '/' });
      const output = join(work, 'nobody.hprof.gz');
      const r = await captureHeapDump(jvm.pid!, { output });
      expect(r.target.uid).toBe(65534);
      expect(await markerCount(output)).toBe(MARKERS);
      expect(leftovers(['/', '/tmp'], jvm.pid!)).toEqual([]);
    },
  );

  describe.skipIf(!canUnshare)('a JVM in its own PID and mount namespace with a private /tmp (skipped: needs root and unshare)', () => {
    /** Starts the JVM as PID 1 of a new PID namespace, /tmp a fresh tmpfs, jcmd and jmap hidden; returns its host PID. */
    async function startContained(tmpfsOptions: string): Promise<{ pid: number; unshare: ChildProcess }> {
      const hide = ['jcmd', 'jmap'].map((t) => `mount --bind /dev/null ${JAVA_HOME}/bin/${t}`).join(' && ');
      // The classes are bind-mounted on /mnt before the tmpfs hides the temporary folder that holds them.
      const script = `mount --bind ${classes} /mnt && cd /mnt && mount -t tmpfs ${tmpfsOptions} tmpfs /tmp && ${hide} && exec java ${JVM_OPTIONS.join(' ')} -cp /mnt CaptureTarget`;
      const unshare = await startUntilReady('unshare', ['--pid', '--fork', '--mount', '--mount-proc', 'sh', '-c', script]);
      const children = readFileSync(`/proc/${unshare.pid}/task/${unshare.pid}/children`, 'utf8').trim().split(/\s+/).map(Number);
      expect(children).toHaveLength(1);
      adopted.push(children[0]);
      return { pid: children[0], unshare };
    }

    it('captured from outside through /proc/<pid>/root, with its own PID; leaves nothing in its /tmp', async () => {
      const { pid } = await startContained('-o size=64m');
      const tmp = `/proc/${pid}/root/tmp`;
      expect(readFileSync(`/proc/${pid}/status`, 'utf8')).toMatch(/^NSpid:\s+\d+\s+1$/m);
      // jcmd is out of reach inside: what a JRE-only image is like.
      expect(spawnSync('nsenter', ['-t', String(pid), '-m', '-p', '--', `${JAVA_HOME}/bin/jcmd`, '1', 'VM.version']).status).not.toBe(0);
      const before = readdirSync(tmp).sort();
      const output = join(work, 'contained.hprof.gz');
      const r = cli('capture', String(pid), '-o', output);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`live objects of PID ${pid}, PID 1 in its namespace`);
      process.stdout.write(`capture from a PID/mount namespace: ${r.stdout}`);
      expect(await markerCount(output)).toBe(MARKERS);
      // What stays is the JVM's own attach socket (/tmp/.java_pid1, as after jcmd): no trigger, no dump.
      expect(readdirSync(tmp).sort()).toEqual([...before, '.java_pid1'].sort());
      expect(leftovers([tmp, `/proc/${pid}/cwd`], 1)).toEqual([]);
    });

    it("the JVM's own error (its /tmp is full): one line with its words, and the partial dump is removed", async () => {
      const { pid } = await startContained('-o size=256k');
      const tmp = `/proc/${pid}/root/tmp`;
      const output = join(work, 'full.hprof.gz');
      const line = oneLineError(cli('capture', String(pid), '-o', output));
      expect(line).toMatch(new RegExp(`^heapdrop: PID ${pid} could not write the dump: .*No space left on device`));
      expect(existsSync(output)).toBe(false);
      expect(leftovers([tmp, `/proc/${pid}/cwd`], 1)).toEqual([]);
    });
  });

  describe('refusals: one line on stderr, exit 2', () => {
    it('a JVM started with -XX:+DisableAttachMechanism (not signalled)', async () => {
      const jvm = await startJvm(['-XX:+DisableAttachMechanism']);
      const line = oneLineError(cli('capture', String(jvm.pid)));
      expect(line).toBe(
        `heapdrop: PID ${jvm.pid} was started with -XX:+DisableAttachMechanism: it accepts no attach (restart it without that option, or dump it with -XX:+HeapDumpOnOutOfMemoryError)`,
      );
      expect(leftovers([work, '/tmp'], jvm.pid!)).toEqual([]);
    });

    it('attach disabled where the command line does not show it (an @argfile): no answer within the timeout, no trigger left', async () => {
      const argfile = join(work, 'no-attach.args');
      writeFileSync(argfile, '-XX:+DisableAttachMechanism\n');
      const jvm = await startJvm([`@${argfile}`]);
      const line = oneLineError(cli('capture', String(jvm.pid), '--timeout', '1'));
      expect(line).toMatch(new RegExp(`^heapdrop: PID ${jvm.pid} did not open its attach socket within 1\\.0 s`));
      expect(leftovers([work, '/tmp'], jvm.pid!)).toEqual([]);
      expect(alive(jvm.pid!)).toBe(true); // SIGQUIT only made it print its threads
    });

    it('Ctrl-C while waiting for the JVM: the trigger file is removed before it stops', async () => {
      const argfile = join(work, 'no-attach-2.args');
      writeFileSync(argfile, '-XX:+DisableAttachMechanism\n');
      const jvm = await startJvm([`@${argfile}`]);
      const trigger = join(work, `.attach_pid${jvm.pid}`);
      // One process (no re-exec for huge pages), so the signal reaches the capture itself.
      const capture = spawn(process.execPath, [join(ROOT, 'bin/heapdrop.mjs'), 'capture', String(jvm.pid), '--timeout', '120'], {
        env: { ...process.env, HEAPDROP_NO_HUGEPAGES: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      started.push(capture);
      let stderr = '';
      capture.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
      const exited = new Promise<number | null>((resolve) => capture.on('exit', (code) => resolve(code)));
      await expect.poll(() => existsSync(trigger), { timeout: 60_000, interval: 50 }).toBe(true);
      capture.kill('SIGINT');
      expect(await exited).toBe(2);
      expect(stderr).toBe(`heapdrop: interrupted while waiting for PID ${jvm.pid} to open its attach socket\n`);
      expect(leftovers([work, '/tmp'], jvm.pid!)).toEqual([]);
    });

    it.skipIf(!isRoot)('a JVM of another user, captured by a user who is not root (skipped: not root, cannot switch user)', async () => {
      const jvm = await startJvm();
      const r = spawnSync(process.execPath, [join(ROOT, 'bin/heapdrop.mjs'), 'capture', String(jvm.pid)], {
        encoding: 'utf8',
        uid: 65534,
        gid: 65534,
        cwd: '/',
      });
      expect(oneLineError({ code: r.status, stdout: r.stdout, stderr: r.stderr })).toBe(
        `heapdrop: cannot inspect PID ${jvm.pid} (uid 0): run heapdrop as that user or as root`,
      );
      expect(alive(jvm.pid!)).toBe(true);
    });

    it('a process that is not a JVM (and is left alive: it never gets SIGQUIT)', async () => {
      const sleeper = spawn('sleep', ['60']);
      started.push(sleeper);
      const line = oneLineError(cli('capture', String(sleeper.pid)));
      expect(line).toBe(`heapdrop: PID ${sleeper.pid} (sleep) is not a HotSpot JVM (no libjvm.so loaded)`);
      expect(alive(sleeper.pid!)).toBe(true);
    });

    it('a PID with no process', () => {
      let pid = 4_000_000;
      while (existsSync(`/proc/${pid}`)) pid++;
      expect(oneLineError(cli('capture', String(pid)))).toBe(`heapdrop: no process with PID ${pid}`);
    });

    it('errors are typed', async () => {
      const e = await captureHeapDump(999_999_999, { output: join(work, 'never.hprof.gz') }).catch((x: unknown) => x);
      expect(e).toBeInstanceOf(CaptureError);
      expect((e as CaptureError).code).toBe('NO_PROCESS');
    });
  });
});
