// Thread stacks on real dumps: test-fixtures/threads (Threads.java dumped with jcmd Thread.print just before
import { wholePath as whole } from '../api.ts';
// GC.heap_dump; OomChain.java dumped by -XX:+HeapDumpOnOutOfMemoryError) and the corpus's basics dump, whose
// thread suspect MAT's leak hunter describes in basics.mat-suspects.txt.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import type { ObjectRow, ThreadOverview, ThreadRow } from '../api.ts';
import { analyzeFile } from '../analysis.node.ts';
import type { HeapAnalysis } from '../analysis.ts';
import { FormatError } from '../errors.ts';
import { parseBytes } from '../testing/chunking.ts';
import { HprofWriter } from '../testing/hprof-writer.ts';
import { matFrameText } from './thread-stacks.ts';
import { threadState } from './threads.ts';

const FIXTURES = fileURLToPath(new URL('../../../test-fixtures/threads/', import.meta.url));
const CORPUS = fileURLToPath(new URL('../../../../shared/corpus/', import.meta.url));

interface PrintedThread {
  name: string;
  daemon: boolean;
  priority: number;
  state: string;
  /** `Class.method(Source)` with the module prefix dropped and a hidden class's `/0x` written `+0x`, as in the dump. */
  frames: string[];
}

/** The threads of a `jcmd <pid> Thread.print` output (Java threads only: the VM's own have no `#n`). */
function threadPrint(text: string): PrintedThread[] {
  const out: PrintedThread[] = [];
  let current: PrintedThread | null = null;
  for (const line of text.split('\n')) {
    const head = /^"(.*)" #\d+ (daemon )?prio=(\d+)/.exec(line);
    if (head) {
      current = { name: head[1], daemon: head[2] !== undefined, priority: Number(head[3]), state: '', frames: [] };
      out.push(current);
      continue;
    }
    if (line.startsWith('"')) current = null;
    if (!current) continue;
    const state = /^\s+java\.lang\.Thread\.State: (\w+)/.exec(line);
    if (state) current.state = state[1];
    const frame = /^\tat (.+)\((?:[^/()]+\/)?([^()]*)\)$/.exec(line);
    if (frame) current.frames.push(`${frame[1].replace('/0x', '+0x')}(${frame[2]})`);
  }
  return out;
}

function byName(overview: ThreadOverview, name: string): ThreadRow {
  const found = overview.threads.filter((t) => t.name === name);
  expect(found, `thread ${name}`).toHaveLength(1);
  return found[0];
}

/** The frames (by method) whose locals hold an object of this class and label, e.g. int[] [1001]. */
function framesHolding(t: ThreadRow, className: string, label: string): string[] {
  return (t.frames ?? [])
    .filter((f) => f.locals.some((l) => l.className === className && l.label === label))
    .map((f) => `${f.className}.${f.method}`);
}

describe('threads of a live JVM (test-fixtures/threads/threads.hprof.gz with Thread.print)', () => {
  let a: HeapAnalysis;
  let overview: ThreadOverview;
  let printed: PrintedThread[];
  beforeAll(async () => {
    a = await analyzeFile(FIXTURES + 'threads.hprof.gz');
    overview = await a.threads();
    printed = threadPrint(readFileSync(FIXTURES + 'threads.thread-print.txt', 'utf8'));
  }, 120_000);

  /** The JVM's hidden threads (no Java frame, no ROOT THREAD OBJECT: unreachable, so discarded as MAT does). */
  const HIDDEN = ['Service Thread', 'Monitor Deflation Thread', 'Sweeper thread'];
  const dumped = () => printed.filter((p) => !HIDDEN.includes(p.name));

  it("the dump holds every thread of Thread.print but the JVM's hidden ones", () => {
    const names = new Set(overview.threads.map((t) => t.name));
    expect(printed.filter((p) => !names.has(p.name)).map((p) => p.name)).toEqual(HIDDEN);
    for (const name of HIDDEN) expect(printed.find((p) => p.name === name)!.frames).toEqual([]);
  });

  it("every thread's frames (class, method, line) equal Thread.print's", () => {
    expect(dumped().length).toBeGreaterThanOrEqual(13);
    let compared = 0;
    for (const p of dumped()) {
      const t = byName(overview, p.name);
      // A thread with no Java frame (compiler threads) may have no stack trace in the dump: then it says so.
      if (t.frames === null) expect(p.frames, p.name).toEqual([]);
      else
        expect(
          t.frames.map((f) => f.text),
          p.name,
        ).toEqual(p.frames);
      compared += p.frames.length;
    }
    expect(compared).toBeGreaterThanOrEqual(39);
  });

  it("every thread's daemon flag, priority and state equal Thread.print's", () => {
    for (const p of dumped()) {
      const t = byName(overview, p.name);
      expect({ daemon: t.daemon, priority: t.priority, state: t.state }, p.name).toEqual({
        daemon: p.daemon,
        priority: p.priority,
        state: p.state,
      });
    }
    expect(byName(overview, 'blocked').state).toBe('BLOCKED');
    expect(byName(overview, 'waiter')).toMatchObject({ state: 'WAITING', daemon: true, priority: 7 });
    expect(byName(overview, 'runner').state).toBe('RUNNABLE');
    expect(byName(overview, 'lock-holder').state).toBe('TIMED_WAITING');
  });

  it('each int[] local sits at the frame Threads.java declares it in (and at the frames it is passed to)', () => {
    expect(framesHolding(byName(overview, 'lock-holder'), 'int[]', '[1001]')).toEqual(['Threads.sleepForever', 'Threads.holdLock']);
    expect(framesHolding(byName(overview, 'blocked'), 'int[]', '[1002]')).toEqual(['Threads.enterLock']);
    expect(framesHolding(byName(overview, 'waiter'), 'int[]', '[1003]')).toEqual(['Threads.awaitSignal']);
    expect(framesHolding(byName(overview, 'runner'), 'int[]', '[1004]')).toEqual(['Threads.serve']);
    expect(framesHolding(byName(overview, 'main'), 'int[]', '[1005]')).toEqual(['Threads.main']);
    // 1,001 ints: 16 bytes of header and length and 4,004 of data, aligned to 8; held by the thread alone.
    const held = byName(overview, 'lock-holder').frames!.find((f) => f.method === 'holdLock')!;
    const ints = held.locals.find((l) => l.label === '[1001]')!;
    expect(ints.retainedBytes).toBe(4024);
    expect(held.maxLocalRetainedBytes).toBeGreaterThanOrEqual(4024);
  });

  it('threads are sorted by retained size, each with its context class loader', () => {
    const retained = overview.threads.map((t) => t.object.retainedBytes);
    expect(retained).toEqual([...retained].sort((x, y) => y - x));
    expect(byName(overview, 'main').contextClassLoader?.className).toBe('jdk.internal.loader.ClassLoaders$AppClassLoader');
  });

  it('a referrer through a thread local names the frame', async () => {
    const t = byName(overview, 'blocked');
    const ints = t.frames!.find((f) => f.method === 'enterLock')!.locals.find((l) => l.label === '[1002]')!;
    const referrers = await a.referrers(ints.index, 0, 10);
    expect(referrers.items.map((r) => r.field)).toEqual(['<Java Local> in Threads.enterLock(Threads.java:60)']);
    const path = whole(await a.pathToRoots(ints.index));
    expect(path![0].field).toBe('<Java Local> in Threads.enterLock(Threads.java:60)');
  });
});

describe('a JVM that died of OutOfMemoryError (test-fixtures/threads/oom.hprof.gz)', () => {
  let a: HeapAnalysis;
  beforeAll(async () => {
    a = await analyzeFile(FIXTURES + 'oom.hprof.gz');
  }, 120_000);

  it("the thread suspect names Collector.collect and its list's retained size (the list, its array and the chunks)", async () => {
    const { suspects } = await a.leakSuspects();
    const s = suspects[0];
    expect(s.kind).toBe('thread');
    expect(s.thread?.name).toBe('main');
    expect(s.thread?.frames).toHaveLength(1);
    const [frame] = s.thread!.frames!;
    expect(frame.frame).toMatchObject({ className: 'OomChain$Collector', method: 'collect', sourceFile: 'OomChain.java', line: 38 });
    expect(frame.matText).toBe('OomChain$Collector.collect(Ljava/lang/String;)I (OomChain.java:38)');
    expect(frame.locals.map((l) => l.className)).toEqual(['java.util.ArrayList']);
    // The list's retained size counted by hand: the ArrayList, its Object[] and every 64 KB byte[] it holds.
    const g = a.graph;
    const list = frame.locals[0].index;
    const elementData = [...g.succ.subarray(g.succStart[list], g.succStart[list + 1])].filter(
      (v) => g.shallowByIndex[v] > 16 && a.graph.parsed.classes[g.classByIndex[v]].name === 'java.lang.Object[]',
    );
    expect(elementData).toHaveLength(1);
    const chunks = [...g.succ.subarray(g.succStart[elementData[0]], g.succStart[elementData[0] + 1])].filter(
      (v) => a.graph.parsed.classes[g.classByIndex[v]].name === 'byte[]',
    );
    expect(chunks.length).toBeGreaterThan(100);
    const byHand = g.shallowByIndex[list] + g.shallowByIndex[elementData[0]] + chunks.reduce((sum, v) => sum + g.shallowByIndex[v], 0);
    expect(frame.locals[0].retainedBytes).toBe(byHand);
    expect(frame.locals[0].retainedBytes).toBeGreaterThan(0.9 * s.retainedBytes);
  });

  it("the stack has the JVM's OutOfMemoryError frame on top and the 12 recursive stages below collect", async () => {
    const main = (await a.threads()).threads.find((t) => t.name === 'main')!;
    const methods = main.frames!.map((f) => `${f.className}.${f.method}`);
    expect(methods[0]).toBe('java.lang.OutOfMemoryError.<init>');
    expect(methods[1]).toBe('OomChain$Collector.collect');
    expect(methods.filter((m) => m === 'OomChain$Pipeline.stage')).toHaveLength(13);
    expect(methods.slice(-2)).toEqual(['OomChain$Server.handle', 'OomChain.main']);
    expect(main.frames![1].locals[0].className).toBe('java.util.ArrayList');
  });
});

/** MAT's "Significant stack frames and local variables" list of a suspects file: frame text -> its locals' lines. */
function matSignificantFrames(text: string): Array<{ frame: string; locals: string[] }> {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => l.trim() === 'Significant stack frames and local variables');
  const out: Array<{ frame: string; locals: string[] }> = [];
  for (let i = start + 1; i < lines.length; i++) {
    const frame = /^ {4}- (.+)$/.exec(lines[i]);
    const local = /^ {6}- (.+)$/.exec(lines[i]);
    if (frame) out.push({ frame: frame[1], locals: [] });
    else if (local) out[out.length - 1].locals.push(local[1]);
    else break;
  }
  return out;
}

/** MAT's display name of an object: `int[1000000] @ 0xc0f00000`. */
function matName(r: ObjectRow): string {
  const name = r.className.endsWith('[]') && r.label ? r.className.slice(0, -2) + r.label : r.className;
  return `${name} @ ${r.address}`;
}

describe('corpus: the thread suspect of basics.hprof.gz against MAT', () => {
  let a: HeapAnalysis;
  let mat: string;
  beforeAll(async () => {
    a = await analyzeFile(CORPUS + 'basics.hprof.gz');
    mat = readFileSync(CORPUS + 'basics.mat-suspects.txt', 'utf8');
  }, 120_000);

  it("the significant frames and their locals' retained sizes equal MAT's", async () => {
    const { suspects, usedHeapBytes } = await a.leakSuspects();
    const s = suspects.find((x) => x.kind === 'thread')!;
    expect(s.thread?.name).toBe('stack-holder');
    const expected = matSignificantFrames(mat);
    expect(expected.length).toBeGreaterThan(0);
    const mine = s.thread!.frames!.map((f) => ({
      frame: f.matText,
      locals: f.locals.map(
        (l) =>
          `${matName(l)} retains ${l.retainedBytes.toLocaleString('en-US')} (${((100 * l.retainedBytes) / usedHeapBytes).toFixed(2)}%) bytes`,
      ),
    }));
    expect(mine).toEqual(expected);
  });

  it("each frame's text and its locals' largest retained size equal MAT's Thread Stack table", async () => {
    const rows = [...mat.matchAll(/^[ >] [+\\] at (.+?)(?:; All objects(?: »)?)? \| {2}\| {2}\| {2}\| ([\d,]*) \|/gm)].map((m) => ({
      frame: m[1],
      max: m[2],
    }));
    expect(rows.length).toBe(8);
    const t = (await a.threads()).threads.find((x) => x.name === 'stack-holder')!;
    expect(
      t.frames!.map((f) => ({
        frame: matFrameText(f),
        max: f.maxLocalRetainedBytes ? f.maxLocalRetainedBytes.toLocaleString('en-US') : '',
      })),
    ).toEqual(rows);
  });
});

describe('stack records in hand-built dumps', () => {
  it('threadStatus decodes as java.lang.Thread.State (jdk.internal.misc.VM.toThreadState)', () => {
    expect(threadState(0x291)).toBe('WAITING'); // alive, parked, waiting, indefinitely (MAT's stack-holder)
    expect(threadState(0x0005)).toBe('RUNNABLE');
    expect(threadState(0x0401)).toBe('BLOCKED');
    expect(threadState(0x00a1)).toBe('TIMED_WAITING');
    expect(threadState(0x0002)).toBe('TERMINATED');
    expect(threadState(0)).toBe('NEW');
  });

  it('a STACK TRACE whose length does not hold its frames is a FormatError at its offset', () => {
    const w = new HprofWriter(8);
    const at = w.boundaries.length;
    const body = new Uint8Array(12 + 8);
    new DataView(body.buffer).setUint32(8, 5); // five frames announced, room for one
    w.record(0x05, body);
    const bytes = w.bytes();
    const offset = w.boundaries[at];
    let error: unknown;
    try {
      parseBytes(bytes, 1 << 20);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(FormatError);
    expect((error as FormatError).offset).toBe(offset);
    expect((error as Error).message).toContain('STACK TRACE');
  });

  it('a STACK FRAME of the wrong length is a FormatError at its offset', () => {
    const w = new HprofWriter(8);
    const at = w.boundaries.length;
    w.record(0x04, new Uint8Array(10));
    expect(() => parseBytes(w.bytes(), 7)).toThrow(FormatError);
    try {
      parseBytes(w.bytes(), 7);
    } catch (e) {
      expect((e as FormatError).offset).toBe(w.boundaries[at]);
    }
  });
});
