// What /proc says about a process, as `heapdrop capture` needs it: is it a HotSpot JVM, which PID does it see
// itself as (NSpid, the innermost PID namespace), which uid and gid it runs as, whether attach is disabled, and
// which container it belongs to. Every function takes the /proc root so tests can build a fake one.

import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { spawnSync } from 'node:child_process';
import { CaptureError } from './errors.ts';

export type VmKind = 'hotspot' | 'openj9' | 'other';

export interface ProcessFacts {
  /** PID in our namespace (what kill() and /proc/<pid> take). */
  pid: number;
  /** PID as the process sees itself: the last NSpid field of /proc/<pid>/status (the JVM names its files by it). */
  nsPid: number;
  /** Effective uid and gid (Uid/Gid lines of status, second field). */
  uid: number;
  gid: number;
  cmdline: string[];
  vm: VmKind;
  /** SIGQUIT is caught and not ignored (SigCgt/SigIgn of status): the JVM's signal handler is installed. */
  catchesQuit: boolean;
  /** Identity of its PID namespace (readlink /proc/<pid>/ns/pid), null when unreadable. */
  pidNamespace: string | null;
  /** Short id (12 hex digits) of the Docker/Podman/containerd/CRI-O container in its cgroup path, if any. */
  container: string | null;
}

function errno(e: unknown): string | undefined {
  return (e as NodeJS.ErrnoException)?.code;
}

function read(path: string): string {
  return readFileSync(path, 'latin1');
}

/** The status file's fields as a map ("NSpid" -> "1234\t1"). */
function statusFields(text: string): Map<string, string> {
  const fields = new Map<string, string>();
  for (const line of text.split('\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) fields.set(line.slice(0, colon), line.slice(colon + 1).trim());
  }
  return fields;
}

/** A numbered field list ("1000\t1000\t1000\t1000") -> its n-th number. */
function nth(value: string | undefined, n: number): number {
  const parts = (value ?? '').split(/\s+/).filter(Boolean);
  const v = Number(parts[Math.min(n, parts.length - 1)]);
  return Number.isInteger(v) ? v : -1;
}

/** HotSpot maps libjvm.so; OpenJ9 maps libj9vm*.so (its libjvm.so is a shim, so J9 is checked first). */
export function vmKindFromMaps(maps: string): VmKind {
  if (/\/libj9vm[^/\s]*\.so|\/libj9prt[^/\s]*\.so/.test(maps)) return 'openj9';
  if (/\/libjvm\.so(\s|$)/m.test(maps)) return 'hotspot';
  return 'other';
}

/** The container id in a cgroup file (docker-<id>.scope, /docker/<id>, libpod-<id>, cri-containerd-<id>, crio-<id>). */
export function containerFromCgroup(cgroup: string): string | null {
  const m = /(?:docker|libpod|containerd|crio|podman)[-/:]([0-9a-f]{64})/.exec(cgroup) ?? /\/([0-9a-f]{64})(?:\.scope)?\s*$/m.exec(cgroup);
  return m ? m[1].slice(0, 12) : null;
}

/** Reads one process's facts. Throws CaptureError NO_PROCESS when it does not exist, PERMISSION when /proc hides it. */
export function readProcess(pid: number, proc = '/proc'): ProcessFacts {
  if (!Number.isInteger(pid) || pid < 1) throw new CaptureError('NO_PROCESS', `"${pid}" is not a process id`);
  const dir = `${proc}/${pid}`;
  let status: Map<string, string>;
  try {
    status = statusFields(read(`${dir}/status`));
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ESRCH') throw new CaptureError('NO_PROCESS', `no process with PID ${pid}`);
    throw e;
  }
  let maps: string;
  try {
    maps = read(`${dir}/maps`);
  } catch (e) {
    if (errno(e) === 'ENOENT' || errno(e) === 'ESRCH') throw new CaptureError('NO_PROCESS', `no process with PID ${pid}`);
    if (errno(e) === 'EACCES' || errno(e) === 'EPERM') {
      throw new CaptureError(
        'PERMISSION',
        `cannot inspect PID ${pid} (uid ${nth(status.get('Uid'), 1)}): run heapdrop as that user or as root`,
      );
    }
    throw e;
  }
  const nsPids = (status.get('NSpid') ?? String(pid)).split(/\s+/).filter(Boolean);
  const sigCgt = BigInt('0x' + (status.get('SigCgt') || '0'));
  const sigIgn = BigInt('0x' + (status.get('SigIgn') || '0'));
  const quitBit = 1n << 2n; // SIGQUIT is signal 3: bit 2 of the masks
  let cmdline: string[] = [];
  let pidNamespace: string | null = null;
  let container: string | null = null;
  try {
    cmdline = read(`${dir}/cmdline`)
      .split('\0')
      .filter((a, i, all) => a !== '' || i < all.length - 1);
  } catch {
    /* a process that just ended: its other files say so */
  }
  try {
    pidNamespace = readlinkSync(`${dir}/ns/pid`);
  } catch {
    /* not readable: unknown */
  }
  try {
    container = containerFromCgroup(read(`${dir}/cgroup`));
  } catch {
    /* no cgroup file */
  }
  return {
    pid,
    nsPid: Number(nsPids[nsPids.length - 1]) || pid,
    uid: nth(status.get('Uid'), 1),
    gid: nth(status.get('Gid'), 1),
    cmdline,
    vm: vmKindFromMaps(maps),
    catchesQuit: (sigCgt & quitBit) !== 0n && (sigIgn & quitBit) === 0n,
    pidNamespace,
    container,
  };
}

/** `java` options that take the next argument as their value. */
const VALUED = new Set([
  '-cp',
  '-classpath',
  '--class-path',
  '-p',
  '--module-path',
  '--upgrade-module-path',
  '--add-modules',
  '--limit-modules',
  '--add-reads',
  '--add-exports',
  '--add-opens',
  '--patch-module',
  '--source',
  '--enable-native-access',
]);

export interface JavaCommand {
  /** The JVM's own options (before the main class or jar). */
  vmOptions: string[];
  /** "com.example.Main", "app.jar" (from -jar) or "module/class" (from -m); "" when not found. */
  main: string;
}

/** Splits a java command line into its VM options and its main class, jar or module. */
export function parseJavaCommand(cmdline: string[]): JavaCommand {
  const vmOptions: string[] = [];
  for (let i = 1; i < cmdline.length; i++) {
    const a = cmdline[i];
    if (a === '-jar' || a === '-m' || a === '--module') return { vmOptions, main: cmdline[i + 1] ?? '' };
    if (a.startsWith('--module=')) return { vmOptions, main: a.slice('--module='.length) };
    if (!a.startsWith('-')) return { vmOptions, main: a };
    vmOptions.push(a);
    if (VALUED.has(a)) vmOptions.push(cmdline[++i] ?? '');
  }
  return { vmOptions, main: '' };
}

/**
 * True when the JVM was started with -XX:+DisableAttachMechanism: the last setting wins, in the order HotSpot
 * reads its options (JAVA_TOOL_OPTIONS, then the command line with JDK_JAVA_OPTIONS first, then _JAVA_OPTIONS).
 * Such a JVM ignores the attach handshake (a SIGQUIT only prints its threads), so capture stops before signalling.
 */
export function attachDisabled(cmdline: string[], environ: Map<string, string>): boolean {
  const words = (name: string) => (environ.get(name) ?? '').split(/\s+/).filter(Boolean);
  const options = [
    ...words('JAVA_TOOL_OPTIONS'),
    ...words('JDK_JAVA_OPTIONS'),
    ...parseJavaCommand(cmdline).vmOptions,
    ...words('_JAVA_OPTIONS'),
  ];
  let disabled = false;
  for (const o of options) {
    if (o === '-XX:+DisableAttachMechanism') disabled = true;
    else if (o === '-XX:-DisableAttachMechanism') disabled = false;
  }
  return disabled;
}

/** The environment of a process (empty when unreadable). */
export function readEnviron(pid: number, proc = '/proc'): Map<string, string> {
  const env = new Map<string, string>();
  try {
    for (const entry of read(`${proc}/${pid}/environ`).split('\0')) {
      const eq = entry.indexOf('=');
      if (eq > 0) env.set(entry.slice(0, eq), entry.slice(eq + 1));
    }
  } catch {
    /* unreadable: no hints from it */
  }
  return env;
}

/** Every process we may inspect, with its facts; processes that vanish or hide are skipped. */
function allProcesses(proc: string): ProcessFacts[] {
  const out: ProcessFacts[] = [];
  for (const name of readdirSync(proc)) {
    if (!/^\d+$/.test(name)) continue;
    try {
      out.push(readProcess(Number(name), proc));
    } catch {
      /* gone or not ours */
    }
  }
  return out;
}

/** The JVMs on this machine (HotSpot and OpenJ9), this process excluded, by PID. */
export function listJvms(proc = '/proc'): ProcessFacts[] {
  return allProcesses(proc)
    .filter((p) => p.vm !== 'other' && p.pid !== process.pid)
    .sort((a, b) => a.pid - b.pid);
}

/** `heapdrop capture --list` as text: pid, uid, container, main class or jar. */
export function formatJvmList(jvms: ProcessFacts[], ownPidNamespace: string | null): string {
  const lines = [`${'PID'.padStart(7)}  ${'UID'.padStart(6)}  ${'CONTAINER'.padEnd(14)}  MAIN`];
  for (const j of jvms) {
    const where =
      j.container ??
      (j.pidNamespace !== null && ownPidNamespace !== null && j.pidNamespace !== ownPidNamespace ? `pid ns (${j.nsPid})` : '-');
    const main = parseJavaCommand(j.cmdline).main || j.cmdline[0] || '?';
    lines.push(
      `${String(j.pid).padStart(7)}  ${String(j.uid).padStart(6)}  ${where.padEnd(14)}  ${main}${j.vm === 'openj9' ? '  (OpenJ9: not attachable by capture)' : ''}`,
    );
  }
  if (jvms.length === 0) lines.push('  (no Java process found)');
  return lines.join('\n') + '\n';
}

/** The host PID of a container's main process from the docker or podman CLI, or null when neither knows it. */
function inspectPid(name: string): { pid: number | null; notes: string[] } {
  const notes: string[] = [];
  for (const cli of ['docker', 'podman']) {
    const r = spawnSync(cli, ['inspect', '--format', '{{.State.Pid}}', name], { encoding: 'utf8', timeout: 15_000 });
    if (r.error) {
      notes.push(`${cli}: ${errno(r.error) === 'ENOENT' ? 'not installed' : r.error.message}`);
      continue;
    }
    const pid = Number(r.stdout.trim());
    if (r.status === 0 && Number.isInteger(pid) && pid > 0) return { pid, notes };
    notes.push(`${cli}: ${(r.stderr || r.stdout).trim().split('\n')[0] || `exit ${r.status}`}`);
  }
  return { pid: null, notes };
}

/**
 * The PID (in our namespace) of a container's JVM. The container is found with `docker inspect` or `podman
 * inspect` when either CLI is present, else by its id in the cgroup paths of /proc; its JVM is the one HotSpot
 * process in the container's PID namespace (or cgroup).
 */
export function resolveContainerJvm(nameOrId: string, proc = '/proc'): number {
  const { pid: mainPid, notes } = inspectPid(nameOrId);
  const processes = allProcesses(proc);
  let members: ProcessFacts[];
  if (mainPid !== null) {
    const main = processes.find((p) => p.pid === mainPid);
    if (!main) throw new CaptureError('CONTAINER', `container "${nameOrId}": its main process ${mainPid} is not visible in ${proc}`);
    members = processes.filter((p) => (main.pidNamespace !== null && p.pidNamespace === main.pidNamespace) || p.pid === mainPid);
  } else {
    const id = nameOrId.toLowerCase();
    if (!/^[0-9a-f]{12,64}$/.test(id)) {
      throw new CaptureError(
        'CONTAINER',
        `container "${nameOrId}" not found (${notes.join('; ')}); without the docker or podman CLI give its id (12+ hex digits)`,
      );
    }
    members = processes.filter((p) => p.container === id.slice(0, 12));
    if (members.length === 0)
      throw new CaptureError('CONTAINER', `container "${nameOrId}" not found (${notes.join('; ')}; no process in a cgroup with that id)`);
  }
  const jvms = members.filter((p) => p.vm === 'hotspot');
  if (jvms.length === 1) return jvms[0].pid;
  if (jvms.length === 0) {
    const j9 = members.find((p) => p.vm === 'openj9');
    if (j9)
      throw new CaptureError(
        'OPENJ9',
        `container "${nameOrId}": PID ${j9.pid} is an OpenJ9 JVM, which uses another attach mechanism (use its own tools, e.g. jcmd from an OpenJ9 JDK)`,
      );
    throw new CaptureError('CONTAINER', `container "${nameOrId}" runs no HotSpot JVM`);
  }
  const list = jvms.map((j) => `${j.pid} (${parseJavaCommand(j.cmdline).main || '?'})`).join(', ');
  throw new CaptureError('CONTAINER', `container "${nameOrId}" runs ${jvms.length} JVMs: ${list}; capture one by PID`);
}
