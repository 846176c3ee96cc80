// HotSpot's dynamic attach protocol on Linux, spoken directly (no JDK tool needed), as OpenJDK implements it in
// `src/jdk.attach/linux/classes/sun/tools/attach/VirtualMachineImpl.java` (the client, used by jcmd and jmap) and
// `src/hotspot/os/posix/attachListener_posix.cpp` (the listener in the JVM):
//
//  0. The JVM names its files by the PID it sees itself as: the last field of `NSpid` in /proc/<pid>/status.
//     Its temp directory is always "/tmp" (HotSpot's os::get_temp_directory() on Linux), seen from the host as
//     /proc/<pid>/root/tmp when the JVM runs in another mount namespace (a container).
//  1. If the socket /tmp/.java_pid<nspid> already exists, the listener runs: go to 4.
//     Otherwise create the trigger file .attach_pid<nspid> in the JVM's working directory (/proc/<pid>/cwd),
//     or in its /tmp when the working directory is not writable. The JVM only honours a trigger owned by its own
//     effective uid or by root (AttachListener::is_init_trigger).
//  2. Send SIGQUIT. The JVM's signal handler sees the trigger file and starts the Attach Listener thread instead
//     of (only) printing a thread dump. Only when its handler is installed (SigCgt has SIGQUIT): to any other
//     process SIGQUIT is fatal.
//  3. Poll for the socket, a little longer at each try; at half the timeout send SIGQUIT once more (the client's
//     loop). Remove the trigger file in every case.
//  4. Connect to the socket. The listener reads the peer's credentials (SO_PEERCRED) and silently closes the
//     connection unless they are root or its own effective uid *and* gid. As root, connect with the JVM's uid/gid
//     (seteuid/setegid around the connect): root on the host is not root inside a user namespace.
//  5. Write the request: "1\0" (protocol version), the command name and exactly three arguments, each NUL
//     terminated: `jcmd\0<command line>\0\0\0`.
//  6. Read the reply until the JVM closes the connection: the result code as decimal text and "\n", then the
//     command's output. Code 0 means the command ran; a jcmd command's own failure is in its output.

import { statSync, unlinkSync, writeFileSync } from 'node:fs';
import { connect } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { CaptureError } from './errors.ts';
import type { ProcessFacts } from './procfs.ts';

export interface AttachOptions {
  /** How long the JVM may take to open its attach socket (OpenJDK's default attach timeout: 10 s). */
  timeoutMs?: number;
  /** /proc root (tests). */
  proc?: string;
  /** Stops waiting for the socket (the trigger file is removed first). */
  signal?: AbortSignal;
}

export type AttachTarget = Pick<ProcessFacts, 'pid' | 'nsPid' | 'uid' | 'gid' | 'catchesQuit'>;

/** The JVM's /tmp as we reach it: through /proc/<pid>/root, which is "/" for a JVM in our own mount namespace. */
export function targetTmp(target: Pick<ProcessFacts, 'pid'>, proc = '/proc'): string {
  return `${proc}/${target.pid}/root/tmp`;
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

function isSocket(path: string): boolean {
  try {
    return statSync(path).isSocket();
  } catch {
    return false;
  }
}

/**
 * Runs `action` (synchronous) with the target's effective uid and gid when we are root and they differ, as the
 * attach listener requires of a client that is not root in its user namespace; restores ours afterwards.
 * A client that is neither root nor the JVM's user gets a PERMISSION error here, before any signal is sent.
 */
export function asTarget<T>(target: Pick<ProcessFacts, 'pid' | 'uid' | 'gid'>, action: () => T): T {
  const euid = process.geteuid!();
  const egid = process.getegid!();
  if (euid === target.uid && egid === target.gid) return action();
  if (euid !== 0) {
    throw new CaptureError(
      'PERMISSION',
      `PID ${target.pid} runs as uid ${target.uid} gid ${target.gid} and heapdrop as uid ${euid} gid ${egid}: the JVM accepts only its own user or root (run heapdrop as that user, or with sudo)`,
    );
  }
  process.setegid!(target.gid);
  process.seteuid!(target.uid);
  try {
    return action();
  } finally {
    process.seteuid!(euid);
    process.setegid!(egid);
  }
}

/** Steps 1-3: makes sure the JVM's attach listener runs; returns the path of its socket as we reach it. */
export async function openAttachSocket(target: AttachTarget, options: AttachOptions = {}): Promise<{ socket: string; signalled: boolean }> {
  const proc = options.proc ?? '/proc';
  const timeoutMs = options.timeoutMs ?? 10_000;
  const socket = `${targetTmp(target, proc)}/.java_pid${target.nsPid}`;
  if (isSocket(socket)) return { socket, signalled: false };
  if (!target.catchesQuit) {
    throw new CaptureError(
      'ATTACH_DISABLED',
      `PID ${target.pid} has no attach socket and does not catch SIGQUIT (started with -Xrs, or still starting): it cannot be attached to`,
    );
  }
  const name = `.attach_pid${target.nsPid}`;
  const candidates = [`${proc}/${target.pid}/cwd/${name}`, `${targetTmp(target, proc)}/${name}`];
  let trigger: string | null = null;
  for (const path of candidates) {
    try {
      asTarget(target, () => writeFileSync(path, '', { flag: 'a', mode: 0o600 }));
      trigger = path;
      break;
    } catch (e) {
      if (e instanceof CaptureError) throw e;
      if (errno(e) === 'ENOENT' && !isAlive(target.pid)) throw new CaptureError('NO_PROCESS', `PID ${target.pid} ended`);
    }
  }
  if (trigger === null) throw new CaptureError('PERMISSION', `cannot create ${name} in the working directory or /tmp of PID ${target.pid}`);
  try {
    quit(target.pid);
    let waited = 0;
    let requitted = false;
    for (let delay = 100; !isSocket(socket); delay += 100) {
      if (options.signal?.aborted)
        throw new CaptureError('INTERRUPTED', `interrupted while waiting for PID ${target.pid} to open its attach socket`);
      if (waited >= timeoutMs) {
        if (!isAlive(target.pid)) throw new CaptureError('NO_PROCESS', `PID ${target.pid} ended during the attach`);
        throw new CaptureError(
          'TIMEOUT',
          `PID ${target.pid} did not open its attach socket within ${(timeoutMs / 1000).toFixed(1)} s (attach disabled, a JVM too busy to answer, or not HotSpot)`,
        );
      }
      const step = Math.min(delay, timeoutMs - waited);
      await sleep(step);
      waited += step;
      if (!requitted && waited > timeoutMs / 2 && !isSocket(socket)) {
        requitted = true;
        quit(target.pid);
      }
    }
    return { socket, signalled: true };
  } finally {
    try {
      unlinkSync(trigger);
    } catch {
      /* already gone (the process ended with its mount namespace) */
    }
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return errno(e) === 'EPERM';
  }
}

function quit(pid: number): void {
  try {
    process.kill(pid, 'SIGQUIT');
  } catch (e) {
    if (errno(e) === 'ESRCH') throw new CaptureError('NO_PROCESS', `PID ${pid} ended during the attach`);
    if (errno(e) === 'EPERM') throw new CaptureError('PERMISSION', `not allowed to signal PID ${pid}: run heapdrop as its user or as root`);
    throw e;
  }
}

export interface AttachReply {
  code: number;
  output: string;
}

/** Steps 4-6: sends one attach operation (e.g. "jcmd" with its command line) and reads the whole reply. */
export function sendOperation(target: AttachTarget, socketPath: string, operation: string, args: string[]): Promise<AttachReply> {
  if (args.length > 3) throw new RangeError('the attach protocol carries at most three arguments');
  const request = Buffer.from(['1', operation, args[0] ?? '', args[1] ?? '', args[2] ?? ''].map((s) => s + '\0').join(''), 'utf8');
  return new Promise<AttachReply>((resolve, reject) => {
    const chunks: Buffer[] = [];
    // The connect() system call happens inside net.connect (libuv connects a Unix socket synchronously), so the
    // credentials the listener reads are the ones set around this call.
    const sock = asTarget(target, () => connect({ path: socketPath }));
    sock.on('connect', () => sock.end(request));
    sock.on('data', (d: Buffer) => chunks.push(d));
    sock.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EACCES' || e.code === 'EPERM')
        reject(new CaptureError('PERMISSION', `not allowed to connect to ${socketPath}: run heapdrop as the JVM's user or as root`));
      else if (e.code === 'ECONNREFUSED' || e.code === 'ENOENT')
        reject(new CaptureError('NO_PROCESS', `PID ${target.pid} closed its attach socket (did it end?)`));
      else if (e.code === 'EPIPE' || e.code === 'ECONNRESET') settle();
      else reject(e);
    });
    let settled = false;
    const settle = () => {
      if (settled) return;
      settled = true;
      const text = Buffer.concat(chunks).toString('utf8');
      const newline = text.indexOf('\n');
      const code = Number(newline >= 0 ? text.slice(0, newline) : text);
      if (text === '' || !Number.isInteger(code)) {
        reject(
          new CaptureError(
            'PERMISSION',
            `PID ${target.pid} closed the attach connection without answering: it accepts only root or its own uid ${target.uid} and gid ${target.gid}`,
          ),
        );
        return;
      }
      resolve({ code, output: newline >= 0 ? text.slice(newline + 1) : '' });
    };
    sock.on('close', settle);
  });
}

/** Attaches (steps 1-6) and runs one diagnostic command as jcmd would; returns the JVM's reply. */
export async function jcmd(
  target: AttachTarget,
  command: string,
  options: AttachOptions = {},
): Promise<AttachReply & { attachMs: number; commandMs: number }> {
  const t0 = performance.now();
  const { socket } = await openAttachSocket(target, options);
  const t1 = performance.now();
  const reply = await sendOperation(target, socket, 'jcmd', [command]);
  return { ...reply, attachMs: t1 - t0, commandMs: performance.now() - t1 };
}

/** A JVM's multi-line output as one line of at most 400 characters, without control characters. */
export function oneLine(text: string): string {
  const line = text
    .split('\n')
    // eslint-disable-next-line no-control-regex -- matching control characters is this pattern's purpose
    .map((l) => l.replace(/[\u0000-\u001f\u007f-\u009f]/g, ' ').trim())
    .filter(Boolean)
    .join(' / ');
  return line.length > 400 ? line.slice(0, 399) + '…' : line || '(no output)';
}
