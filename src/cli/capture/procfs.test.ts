// What capture reads from /proc, on a hand-built /proc: JVM kinds (HotSpot, OpenJ9, other), NSpid, credentials,
// SIGQUIT masks, attach disabled by option or environment, containers by cgroup.

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { attachableTarget } from './capture.ts';
import { CaptureError } from './errors.ts';
import {
  attachDisabled,
  containerFromCgroup,
  formatJvmList,
  listJvms,
  parseJavaCommand,
  readProcess,
  resolveContainerJvm,
} from './procfs.ts';

const DOCKER_ID = 'a1b2c3d4e5f6'.padEnd(64, '0');

interface FakeProcess {
  pid: number;
  nsPid?: number[];
  uid?: number;
  lib?: string;
  cmdline?: string[];
  environ?: Record<string, string>;
  cgroup?: string;
  pidNs?: string;
  sigCgt?: string;
}

const roots: string[] = [];
afterEach(() => {
  for (const r of roots.splice(0)) rmSync(r, { recursive: true, force: true });
});

function fakeProc(processes: FakeProcess[]): string {
  const root = mkdtempSync(join(tmpdir(), 'heapdrop-fakeproc-'));
  roots.push(root);
  for (const p of processes) {
    const dir = join(root, String(p.pid));
    mkdirSync(join(dir, 'ns'), { recursive: true });
    const uid = p.uid ?? 1000;
    writeFileSync(
      join(dir, 'status'),
      `Name:\tjava\nState:\tS (sleeping)\nPid:\t${p.pid}\nUid:\t${uid}\t${uid}\t${uid}\t${uid}\nGid:\t${uid}\t${uid}\t${uid}\t${uid}\n` +
        `NSpid:\t${(p.nsPid ?? [p.pid]).join('\t')}\nSigBlk:\t0000000000000000\nSigIgn:\t0000000000000000\nSigCgt:\t${p.sigCgt ?? '2000000181005ccf'}\n`,
    );
    writeFileSync(
      join(dir, 'maps'),
      `7f0000000000-7f0000001000 r-xp 00000000 08:01 1234 ${p.lib ?? '/usr/lib/jvm/java-17/lib/server/libjvm.so'}\n`,
    );
    writeFileSync(join(dir, 'cmdline'), (p.cmdline ?? ['java', '-cp', 'app.jar', 'com.example.Main']).join('\0') + '\0');
    writeFileSync(
      join(dir, 'environ'),
      Object.entries(p.environ ?? {})
        .map(([k, v]) => `${k}=${v}\0`)
        .join(''),
    );
    writeFileSync(join(dir, 'cgroup'), p.cgroup ?? '0::/user.slice/session-1.scope\n');
    symlinkSync(p.pidNs ?? 'pid:[4026531836]', join(dir, 'ns', 'pid'));
  }
  return root;
}

describe('readProcess', () => {
  it('reads the innermost PID, effective credentials and whether SIGQUIT is caught', () => {
    const proc = fakeProc([
      { pid: 4321, nsPid: [4321, 7], uid: 1001 },
      { pid: 55, sigCgt: '0000000000000000' },
    ]);
    const p = readProcess(4321, proc);
    expect(p).toMatchObject({ pid: 4321, nsPid: 7, uid: 1001, gid: 1001, vm: 'hotspot', catchesQuit: true, container: null });
    expect(readProcess(55, proc).catchesQuit).toBe(false);
  });

  it('tells HotSpot, OpenJ9 (whose libjvm.so is a shim) and other processes apart', () => {
    const proc = fakeProc([{ pid: 10, lib: '/opt/openj9/lib/default/libj9vm29.so' }, { pid: 11, lib: '/usr/lib/libc.so.6' }, { pid: 12 }]);
    expect(readProcess(10, proc).vm).toBe('openj9');
    expect(readProcess(11, proc).vm).toBe('other');
    expect(readProcess(12, proc).vm).toBe('hotspot');
    expect(() => attachableTarget(10, proc)).toThrow(/OpenJ9 JVM, which uses another attach mechanism/);
    expect(() => attachableTarget(11, proc)).toThrow(/is not a HotSpot JVM/);
  });

  it('a missing PID is NO_PROCESS', () => {
    const proc = fakeProc([]);
    const e = (() => {
      try {
        readProcess(77, proc);
      } catch (x) {
        return x;
      }
    })();
    expect(e).toBeInstanceOf(CaptureError);
    expect((e as CaptureError).code).toBe('NO_PROCESS');
  });
});

describe('java command lines', () => {
  it('finds the main class, jar or module after the VM options', () => {
    expect(parseJavaCommand(['java', '-Xmx1g', '-cp', 'a:b', 'com.x.Main', 'arg'])).toEqual({
      vmOptions: ['-Xmx1g', '-cp', 'a:b'],
      main: 'com.x.Main',
    });
    expect(parseJavaCommand(['/opt/java/bin/java', '-jar', 'app.jar', '--port', '1'])).toEqual({ vmOptions: [], main: 'app.jar' });
    expect(parseJavaCommand(['java', '--module-path', 'mods', '-m', 'm/com.x.Main']).main).toBe('m/com.x.Main');
  });

  it('attach is disabled by the last setting, in HotSpot order of option sources', () => {
    const none = new Map<string, string>();
    expect(attachDisabled(['java', '-XX:+DisableAttachMechanism', 'Main'], none)).toBe(true);
    expect(attachDisabled(['java', 'Main', '-XX:+DisableAttachMechanism'], none)).toBe(false); // a program argument
    expect(attachDisabled(['java', 'Main'], new Map([['JAVA_TOOL_OPTIONS', '-Xss1m -XX:+DisableAttachMechanism']]))).toBe(true);
    expect(
      attachDisabled(['java', '-XX:-DisableAttachMechanism', 'Main'], new Map([['JAVA_TOOL_OPTIONS', '-XX:+DisableAttachMechanism']])),
    ).toBe(false);
    expect(
      attachDisabled(['java', '-XX:-DisableAttachMechanism', 'Main'], new Map([['_JAVA_OPTIONS', '-XX:+DisableAttachMechanism']])),
    ).toBe(true);
  });

  it('attachableTarget refuses a JVM whose environment disables attach', () => {
    const proc = fakeProc([{ pid: 30, environ: { JAVA_TOOL_OPTIONS: '-XX:+DisableAttachMechanism' } }]);
    expect(() => attachableTarget(30, proc)).toThrow(/started with -XX:\+DisableAttachMechanism/);
  });
});

describe('containers', () => {
  it('reads container ids from cgroup paths of Docker, Podman, containerd and CRI-O', () => {
    expect(containerFromCgroup(`0::/system.slice/docker-${DOCKER_ID}.scope\n`)).toBe('a1b2c3d4e5f6');
    expect(containerFromCgroup(`12:memory:/docker/${DOCKER_ID}\n`)).toBe('a1b2c3d4e5f6');
    expect(containerFromCgroup(`0::/machine.slice/libpod-${DOCKER_ID}.scope/container\n`)).toBe('a1b2c3d4e5f6');
    expect(containerFromCgroup(`0::/kubepods/besteffort/pod1/cri-containerd-${DOCKER_ID}.scope\n`)).toBe('a1b2c3d4e5f6');
    expect(containerFromCgroup('0::/user.slice/user-1000.slice/session-2.scope\n')).toBeNull();
  });

  it('--container by id without a container CLI: the one HotSpot JVM in that cgroup', () => {
    const cgroup = `0::/system.slice/docker-${DOCKER_ID}.scope\n`;
    const proc = fakeProc([
      { pid: 100, cgroup, lib: '/bin/sh', cmdline: ['sh', '-c', 'java -jar app.jar'], pidNs: 'pid:[1]' },
      { pid: 101, cgroup, nsPid: [101, 7], cmdline: ['java', '-jar', 'app.jar'], pidNs: 'pid:[1]' },
      { pid: 200 },
    ]);
    expect(resolveContainerJvm(DOCKER_ID.slice(0, 12), proc)).toBe(101);
    expect(() => resolveContainerJvm('ffffffffffff', proc)).toThrow(/container "ffffffffffff" not found/);
    expect(() => resolveContainerJvm('my-service', proc)).toThrow(/give its id/);
  });

  it('--container with two JVMs names both', () => {
    const cgroup = `0::/system.slice/docker-${DOCKER_ID}.scope\n`;
    const proc = fakeProc([
      { pid: 101, cgroup, cmdline: ['java', 'A'] },
      { pid: 102, cgroup, cmdline: ['java', 'B'] },
    ]);
    expect(() => resolveContainerJvm(DOCKER_ID, proc)).toThrow('runs 2 JVMs: 101 (A), 102 (B); capture one by PID');
  });

  it('--list shows pid, uid, container and main class or jar', () => {
    const proc = fakeProc([
      { pid: 101, uid: 0, cgroup: `0::/docker/${DOCKER_ID}\n`, cmdline: ['java', '-jar', 'svc.jar'] },
      { pid: 102, nsPid: [102, 1], pidNs: 'pid:[9]', cmdline: ['java', 'com.x.Main'] },
      { pid: 103, lib: '/lib/libj9vm29.so', cmdline: ['java', 'J9Main'] },
      { pid: 104, lib: '/bin/bash', cmdline: ['bash'] },
    ]);
    const text = formatJvmList(listJvms(proc), 'pid:[4026531836]');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/PID\s+UID\s+CONTAINER\s+MAIN/);
    expect(lines[1]).toMatch(/^\s+101\s+0\s+a1b2c3d4e5f6\s+svc\.jar$/);
    expect(lines[2]).toMatch(/^\s+102\s+1000\s+pid ns \(1\)\s+com\.x\.Main$/);
    expect(lines[3]).toMatch(/^\s+103\s+1000\s+-\s+J9Main\s+\(OpenJ9: not attachable by capture\)$/);
    expect(lines).toHaveLength(4);
  });
});
