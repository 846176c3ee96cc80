// `heapdrop capture`: a heap dump from a running HotSpot JVM with no JDK tool installed, also across PID and mount
// namespaces (a container seen from its host). The JVM writes a multi-member gzip dump (`GC.heap_dump -gz=1`) into
// its own /tmp; we move it out through /proc/<pid>/root and remove it there, on success or failure. A JVM older than
// JDK 15 (no -gz) writes a plain dump, which is compressed on the way out.

import { randomBytes } from 'node:crypto';
import {
  chownSync,
  constants,
  copyFileSync,
  createReadStream,
  createWriteStream,
  existsSync,
  readlinkSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { basename, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { formatBytes } from '../format.ts';
import { command, flag, parseCommand, UsageError, usageText, valued } from '../args.ts';
import { jcmd, oneLine, targetTmp } from './attach.ts';
import { CaptureError } from './errors.ts';
import { attachDisabled, formatJvmList, listJvms, readEnviron, readProcess, resolveContainerJvm, type ProcessFacts } from './procfs.ts';

export interface CaptureOptions {
  /** Where the dump goes (a .hprof.gz file); it must not exist. */
  output: string;
  /** Dump only live objects (a full GC first, the JVM's default) or all objects (`-all`). */
  live?: boolean;
  /** How long the JVM may take to open its attach socket. */
  timeoutMs?: number;
  /** /proc root (tests). */
  proc?: string;
  /** Interrupts the capture: at once while attaching; once the JVM has finished writing (it cannot be stopped), so
   *  that its dump can be removed. */
  signal?: AbortSignal;
}

export interface CaptureResult {
  output: string;
  bytes: number;
  target: ProcessFacts;
  /** Milliseconds: attach handshake, the JVM writing the dump, moving it out, all of it. */
  timings: { attachMs: number; dumpMs: number; copyMs: number; totalMs: number };
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

/** Checks that the process is a HotSpot JVM that accepts attach; throws the one CaptureError that says why not. */
export function attachableTarget(pid: number, proc = '/proc'): ProcessFacts {
  if (process.platform !== 'linux')
    throw new CaptureError('PLATFORM', 'capture speaks the Linux attach protocol; on this system use jcmd <pid> GC.heap_dump -gz=1 <file>');
  const target = readProcess(pid, proc);
  const what = basename(target.cmdline[0] ?? '') || 'process';
  if (target.vm === 'openj9') {
    throw new CaptureError(
      'OPENJ9',
      `PID ${pid} is an OpenJ9 JVM, which uses another attach mechanism: dump it with its own tools (jcmd <pid> Dump.heap from an OpenJ9 JDK, or -Xdump)`,
    );
  }
  if (target.vm !== 'hotspot')
    throw new CaptureError('NOT_HOTSPOT', `PID ${pid} (${oneLine(what)}) is not a HotSpot JVM (no libjvm.so loaded)`);
  if (attachDisabled(target.cmdline, readEnviron(pid, proc))) {
    throw new CaptureError(
      'ATTACH_DISABLED',
      `PID ${pid} was started with -XX:+DisableAttachMechanism: it accepts no attach (restart it without that option, or dump it with -XX:+HeapDumpOnOutOfMemoryError)`,
    );
  }
  return target;
}

/** Captures a heap dump of one JVM into `options.output`. Leaves no file in the target, whatever happens. */
export async function captureHeapDump(pid: number, options: CaptureOptions): Promise<CaptureResult> {
  const t0 = performance.now();
  const proc = options.proc ?? '/proc';
  const target = attachableTarget(pid, proc);
  const output = resolve(options.output);
  if (existsSync(output)) throw new UsageError(`${output} already exists`);
  // The JVM resolves the path in its own mount namespace; we reach the same file through /proc/<pid>/root.
  const stem = `heapdrop-${target.nsPid}-${randomBytes(6).toString('hex')}`;
  const written: string[] = [];
  const attach = { timeoutMs: options.timeoutMs, proc, signal: options.signal };
  const all = options.live === false ? ' -all' : '';
  try {
    let name = `${stem}.hprof.gz`;
    written.push(`${targetTmp(target, proc)}/${name}`);
    let reply = await jcmd(target, `GC.heap_dump -gz=1${all} /tmp/${name}`, attach);
    const attachMs = reply.attachMs;
    let dumpMs = reply.commandMs;
    let compress = false;
    // JDK 9-14 know no -gz (JDK 15 added it): they refuse the option, so dump plain and compress while copying.
    if (reply.code !== 0 && /-gz/.test(reply.output)) {
      name = `${stem}.hprof`;
      written.push(`${targetTmp(target, proc)}/${name}`);
      reply = await jcmd(target, `GC.heap_dump${all} /tmp/${name}`, attach);
      dumpMs += reply.commandMs;
      compress = true;
    }
    if (options.signal?.aborted) throw new CaptureError('INTERRUPTED', `interrupted: the dump PID ${pid} wrote was removed`);
    if (reply.code !== 0)
      throw new CaptureError('JVM_ERROR', `PID ${pid} refused the heap dump (code ${reply.code}): ${oneLine(reply.output)}`);
    if (!/Heap dump file created/.test(reply.output))
      throw new CaptureError('JVM_ERROR', `PID ${pid} could not write the dump: ${oneLine(reply.output)}`);
    const t1 = performance.now();
    const from = written[written.length - 1];
    if (compress) await gzipOut(from, output);
    else moveOut(from, output);
    // A rename keeps the JVM's ownership: the dump belongs to whoever ran the capture.
    if (process.geteuid!() === 0) chownSync(output, process.getuid!(), process.getgid!());
    const t2 = performance.now();
    return {
      output,
      bytes: statSync(output).size,
      target,
      timings: { attachMs, dumpMs, copyMs: t2 - t1, totalMs: t2 - t0 },
    };
  } finally {
    for (const path of written) rmSync(path, { force: true });
  }
}

/** Copies a plain dump out of the target's file system, gzip-compressed on the way (level 1: fast, as -gz=1). */
async function gzipOut(from: string, to: string): Promise<void> {
  try {
    await pipeline(createReadStream(from), createGzip({ level: 1 }), createWriteStream(to, { flags: 'wx', mode: 0o600 }));
  } catch (e) {
    rmSync(to, { force: true });
    throw e;
  }
}

/** Moves the dump out of the target's file system: a rename when it is the same one, else a copy. */
function moveOut(from: string, to: string): void {
  try {
    renameSync(from, to);
    return;
  } catch (e) {
    if (errno(e) === 'ENOENT') throw new CaptureError('JVM_ERROR', `the JVM reported a dump but ${from} is missing`);
    if (errno(e) !== 'EXDEV' && errno(e) !== 'EPERM' && errno(e) !== 'EACCES') throw e;
  }
  try {
    copyFileSync(from, to, constants.COPYFILE_EXCL);
  } catch (e) {
    rmSync(to, { force: true });
    throw e;
  }
}

export const CAPTURE = command({
  name: 'capture',
  usage:
    'heapdrop capture <pid> | --container <name|id> [-o file.hprof.gz] [--live|--all] [--analyze] [--timeout S]\nheapdrop capture --list',
  summary: 'a heap dump of a running HotSpot JVM (Linux, no JDK tool needed; --container NAME, --list)',
  options: {
    output: valued('FILE', 'where the dump goes (default heapdrop-<pid>-<time>.hprof.gz); it must not exist', 'o'),
    container: valued('NAME', 'the JVM of a container, by its name or id, instead of a PID'),
    live: flag('live objects only, after a full GC (the default)'),
    all: flag('all objects, unreachable ones too'),
    analyze: flag('run heapdrop analyze on the dump once written'),
    timeout: valued('S', 'seconds the JVM may take to open its attach socket (default 10)'),
    list: flag('list the JVMs: pid, uid, container, main class or jar'),
  },
});
const USAGE = usageText(CAPTURE);

function defaultOutput(pid: number): string {
  const stamp = new Date().toISOString().replace(/[-:]/g, '').replace('T', '-').slice(0, 15);
  return `heapdrop-${pid}-${stamp}.hprof.gz`;
}

/** `heapdrop capture`. `analyze` runs `heapdrop analyze` on the dump for --analyze. */
export async function runCapture(
  args: string[],
  analyze: (path: string) => Promise<number>,
  out: Writable = process.stdout,
  err: Writable & { isTTY?: boolean } = process.stderr,
): Promise<number> {
  const { values, positionals: positional } = parseCommand(CAPTURE, args);
  const output = values.output;
  const container = values.container;
  let timeoutMs = 10_000;
  if (values.timeout !== undefined) {
    const seconds = Number(values.timeout);
    if (!(seconds > 0)) throw new UsageError('--timeout takes a number of seconds above 0', USAGE);
    timeoutMs = seconds * 1000;
  }
  // The last of --live and --all given wins.
  const liveAt = args.lastIndexOf('--live');
  const live = values.all !== true || liveAt > args.lastIndexOf('--all');
  const doAnalyze = values.analyze === true;
  const list = values.list === true;
  if (list) {
    if (positional.length > 0 || container !== undefined) throw new UsageError(USAGE);
    let own: string | null = null;
    try {
      own = readlinkSync('/proc/self/ns/pid');
    } catch {
      /* unknown */
    }
    out.write(formatJvmList(listJvms(), own));
    return 0;
  }
  if ((container === undefined) === (positional.length !== 1) || positional.length > 1) throw new UsageError(USAGE);
  let pid: number;
  if (container !== undefined) pid = resolveContainerJvm(container);
  else {
    if (!/^\d+$/.test(positional[0])) throw new UsageError(`"${positional[0]}" is not a process id`, USAGE);
    pid = Number(positional[0]);
  }
  const file = output ?? defaultOutput(pid);
  // What is going on while a large heap is written, on a terminal only (an error stays one line in a log).
  if (err.isTTY) err.write(`capturing a heap dump of PID ${pid}${container ? ` (container ${container})` : ''}...\n`);
  // Ctrl-C or SIGTERM must not leave the trigger file or a dump the JVM goes on writing: stop once they are removed.
  const interrupt = new AbortController();
  const onSignal = () => {
    if (!interrupt.signal.aborted && err.isTTY) err.write('interrupted: removing what the capture made in the target first\n');
    interrupt.abort();
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);
  let r: CaptureResult;
  try {
    r = await captureHeapDump(pid, { output: file, live, timeoutMs, signal: interrupt.signal });
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
  }
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const ns = r.target.nsPid !== r.target.pid ? `, PID ${r.target.nsPid} in its namespace` : '';
  out.write(
    `${r.output}: ${formatBytes(r.bytes)} (${r.bytes.toLocaleString('en-US')} bytes), ${live ? 'live objects' : 'all objects'} of PID ${pid}${ns}\n` +
      `  ${s(r.timings.totalMs)} s: attach ${s(r.timings.attachMs)} s, dump ${s(r.timings.dumpMs)} s, copy out ${s(r.timings.copyMs)} s\n`,
  );
  if (!doAnalyze) return 0;
  out.write('\n');
  return analyze(r.output);
}
