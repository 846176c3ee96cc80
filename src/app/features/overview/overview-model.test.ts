import { describe, expect, it } from 'vitest';
import type { HistogramRow, LeakSuspect, ObjectRow, Summary } from '../../../core/api.ts';
import { classHref, dominantCallout, topFindings } from './overview-model.ts';

function summary(usedHeapBytes: number, unreachableBytes = 0): Summary {
  return {
    format: 'JAVA PROFILE 1.0.2',
    idSize: 8,
    timestamp: 0,
    bytesRead: 1,
    compressed: true,
    objects: 10,
    instances: 8,
    arrays: 1,
    classes: 2,
    gcRoots: 1,
    gcRootsByType: {},
    usedHeapBytes,
    unreachable: { objects: 3, shallowBytes: unreachableBytes },
    keepUnreachable: false,
    compressedRefs: true,
    alignment: 8,
    recordCounts: {},
    truncated: false,
    warnings: [],
  };
}
function row(className: string, retainedBytes: number, label?: string): ObjectRow {
  return { index: 1, address: '0x10', className, shallowBytes: 16, retainedBytes, dominatedCount: 1, label };
}
function cls(className: string, instances: number, shallowBytes: number, retainedBytes?: number): HistogramRow {
  return { classIndex: 0, className, classAddress: '0x1', loaderAddress: '0x0', instances, shallowBytes, retainedBytes };
}

describe('dominantCallout', () => {
  it('names the one instance that retains most of the heap', () => {
    const c = dominantCallout(summary(1000), [row('com.acme.Cache', 780)], []);
    expect(c?.text).toBe('One instance of com.acme.Cache retains 78% of the heap');
    expect(c?.href).toBe('#/object/0x10');
  });
  it('speaks of a class object through its statics', () => {
    const c = dominantCallout(summary(26335624), [row('java.lang.Class', 21339848, 'class Basics')], []);
    expect(c?.text).toBe('The class Basics (through its static fields) retains 81% of the heap');
  });
  it('falls back to a class whose instances retain most of the heap', () => {
    const c = dominantCallout(summary(1000), [row('a.B', 100)], [cls('java.lang.Class', 10, 10, 990), cls('a.Node', 300, 200, 600)]);
    expect(c?.text).toBe('300 instances of a.Node retain 60% of the heap');
    expect(c?.href).toBe(classHref('a.Node'));
  });
  it("names a thread suspect's frame and method, with the number of its locals that matter", () => {
    const thread = { ...row('java.lang.Thread', 970, 'main'), rootTypes: ['Thread'] };
    const local = { ...row('java.util.ArrayList', 960), index: 2 };
    const frame = {
      depth: 1,
      className: 'a.C',
      method: 'collect',
      signature: '()I',
      sourceFile: 'C.java',
      line: 38,
      text: 'a.C.collect(C.java:38)',
    };
    const suspect = (frames: { frame: typeof frame; matText: string; locals: ObjectRow[] }[] | null): LeakSuspect => ({
      kind: 'thread',
      object: thread,
      retainedBytes: 970,
      topConsumers: [],
      thread: { name: 'main', frames },
    });
    const one = dominantCallout(summary(1000), [thread], [], [suspect([{ frame, matText: '', locals: [local] }])]);
    expect(one?.text).toBe('The thread main retains 97% of the heap in a local variable of a.C.collect(C.java:38)');
    const small = { ...frame, depth: 0, text: 'a.C.top(C.java:2)' };
    const two = dominantCallout(
      summary(1000),
      [thread],
      [],
      [
        suspect([
          { frame: small, matText: '', locals: [{ ...local, retainedBytes: 10 }] },
          { frame, matText: '', locals: [local, local] },
        ]),
      ],
    );
    expect(two?.text).toBe('The thread main retains 97% of the heap in 2 local variables of a.C.collect(C.java:38)');
    expect(dominantCallout(summary(1000), [thread], [], [suspect(null)])?.text).toBe(
      "The thread main retains 97% of the heap through its stack's local variables",
    );
  });
  it('says nothing when no object or class dominates', () => {
    expect(dominantCallout(summary(1000), [row('a.B', 400)], [cls('a.C', 1, 10, 300)])).toBeNull();
  });
});

describe('topFindings', () => {
  it('lists the biggest object, the biggest class and the biggest shallow class', () => {
    const f = topFindings(summary(1000), [row('a.B', 400)], [cls('byte[]', 50, 500, 500), cls('a.C', 10, 100, 600)]);
    expect(f.map((x) => x.title)).toEqual(['Biggest object: a.B', 'Biggest class: a.C', 'Most memory by itself: byte[]']);
    expect(f[1].detail).toBe('10 instances retain 600 B (60%)');
  });
  it('speaks of one instance in the singular', () => {
    const f = topFindings(summary(1000), [row('a.B', 400)], [cls('a.One', 1, 10, 600)]);
    expect(f[1].detail).toBe('1 instance retains 600 B (60%)');
  });
  it('names the application class over a JDK container it owns', () => {
    const hist = [
      cls('java.util.concurrent.ConcurrentHashMap', 1, 64, 900),
      cls('com.acme.InvoiceCache', 1, 16, 880),
      cls('a.Small', 3, 30, 100),
    ];
    expect(topFindings(summary(1000), [row('a.B', 400)], hist)[1].title).toBe('Biggest class: com.acme.InvoiceCache');
    const smallApp = [cls('java.util.concurrent.ConcurrentHashMap', 1, 64, 900), cls('com.acme.Other', 1, 16, 100)];
    expect(topFindings(summary(1000), [row('a.B', 400)], smallApp)[1].title).toBe('Biggest class: java.util.concurrent.ConcurrentHashMap');
  });
  it('leaves out classes without instances (their retained size is their class object)', () => {
    const f = topFindings(
      summary(1000),
      [row('java.lang.Class', 800, 'class a.Main')],
      [cls('a.Main', 0, 0, 800), cls('a.C', 10, 100, 300)],
    );
    expect(f[1].title).toBe('Biggest class: a.C');
  });
});

describe('limited to one Android heap', () => {
  it('says which heap the shares are of', () => {
    const c = dominantCallout(summary(1000), [row('com.acme.Cache', 780)], [], [], 'the app heap');
    expect(c?.text).toBe('One instance of com.acme.Cache retains 78% of the app heap');
    const [first] = topFindings(summary(1000), [row('a.B', 400)], [], 'the app heap');
    expect(first.detail).toBe('retains 400 B (40% of the app heap)');
  });
});

describe('classHref', () => {
  it('escapes the class name into an anchored regex filter', () => {
    expect(classHref('a.B$C[]')).toBe('#/histogram?q=%2F%5Ea%5C.B%5C%24C%5C%5B%5C%5D%24%2F');
  });
});
