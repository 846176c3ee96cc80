// The graph rules on hand-built heaps: MAT's edges, GC roots and thread-local edges, unreachable objects (removed
// or kept as "Unreachable" roots), and the dominator wiring.

import { describe, expect, it } from 'vitest';
import { analyzeParsed, type HeapAnalysis } from '../analysis.ts';
import { CancelledError } from '../errors.ts';
import { NO_NODE } from '../dominators/index.ts';
import {
  CLASS_CLASS_ID,
  LOADER_CLASS_ID,
  OBJECT_CLASS_ID,
  testHeap,
  testSizes,
  type TestClass,
  type TestObject,
  type TestRoot,
} from './test-heap.ts';
import { IdIndex, rankInGrid, sortUniqueIds } from './id-index.ts';
import { successorsOf } from './heap-graph.ts';

const NODE = 0x200;
const THREAD = 0x208;
const SYSTEM_CLASSES: TestRoot[] = [OBJECT_CLASS_ID, CLASS_CLASS_ID, LOADER_CLASS_ID, NODE, THREAD].map((id) => ({ id, tag: 0x05 }));
const CLASSES: TestClass[] = [
  { id: NODE, name: 'Node', superId: OBJECT_CLASS_ID },
  { id: THREAD, name: 'java.lang.Thread', superId: OBJECT_CLASS_ID },
];

async function analyze(objects: TestObject[], roots: TestRoot[], keepUnreachable = false, classes = CLASSES): Promise<HeapAnalysis> {
  return analyzeParsed(testHeap(classes, objects, [...SYSTEM_CLASSES, ...roots]), () => testSizes, { keepUnreachable });
}

/** `address -> idom` and root types of the objects at or above 0x1000, as readable lines. */
function digest(a: HeapAnalysis): string[] {
  const g = a.graph;
  const lines: string[] = [];
  for (let v = 0; v < g.nodeCount; v++) {
    const id = g.idOf(v);
    if (id < 0x1000) continue;
    const idom = g.idomByIndex[v];
    const roots = g.rootTypesByIndex.get(v);
    lines.push(
      `${id.toString(16)} idom=${idom === NO_NODE ? 'root' : g.idOf(idom).toString(16)} retained=${g.retainedByIndex[v]}` +
        (roots ? ` [${roots.join(',')}]` : ''),
    );
  }
  return lines;
}

/** MAT's edges from the object at `id`: its class first (the implicit edge), then the stored ones. */
function succIds(a: HeapAnalysis, id: number): number[] {
  const g = a.graph;
  return successorsOf(g, g.findIndex(id)).map((t) => g.idOf(t));
}

/** The edges the CSR stores for the object at `id` (all but the class edge). */
function storedIds(a: HeapAnalysis, id: number): number[] {
  const g = a.graph;
  const v = g.findIndex(id);
  return Array.from(g.succ.subarray(g.succStart[v], g.succStart[v + 1]), (t) => g.idOf(t));
}

describe('id index', () => {
  it('finds every id of a shuffled, sparse id set and rejects the others', () => {
    const ids: number[] = [];
    let x = 0x7000_0000;
    for (let i = 0; i < 5000; i++) {
      x += 8 * (1 + ((i * 7919) % 13)) + (i % 500 === 0 ? 2 ** 20 : 0);
      ids.push(x);
    }
    const shuffled = Float64Array.from(
      ids
        .map((id, i) => [id, (i * 2654435761) % 4096] as const)
        .sort((a, b) => a[1] - b[1])
        .map((p) => p[0]),
    );
    const { sorted, duplicates } = sortUniqueIds(Float64Array.from([...shuffled, ids[3], ids[10]]));
    expect(duplicates).toBe(2);
    const index = new IdIndex(sorted);
    for (let i = 0; i < ids.length; i++) expect(index.find(ids[i])).toBe(i);
    expect(index.find(ids[0] - 8)).toBe(-1);
    expect(index.find(ids[4] + 1)).toBe(-1);
    expect(index.find(ids[ids.length - 1] + 8)).toBe(-1);
  });

  it('handles a sparse 52-bit address space and id 0 (the pseudo loader) outside the table', () => {
    const ids = [0, 8, 2 ** 44, 2 ** 46 + 8, 2 ** 52 - 8];
    const index = new IdIndex(Float64Array.from(ids));
    ids.forEach((id, i) => expect(index.find(id)).toBe(i));
    expect(index.find(16)).toBe(-1);
    expect(index.find(2 ** 53)).toBe(-1);
    expect(new IdIndex(Float64Array.from([8, 16])).find(0)).toBe(-1);
    expect(index.tableBytes).toBeLessThan(1024);
  });

  it('merges a shuffled head into an ascending tail, dropping duplicates across both', () => {
    const tail = Array.from({ length: 1000 }, (_, i) => 1000 + 8 * i);
    const head = [0, 9000, 5, 1000 + 8 * 500, 20000, 999, 1000 + 8 * 999];
    const { sorted, duplicates } = sortUniqueIds(Float64Array.from([...head, ...tail]), head.length);
    const expected = [...new Set([...head, ...tail])].sort((x, y) => x - y);
    expect(duplicates).toBe(2);
    expect(Array.from(sorted)).toEqual(expected);
  });
});

describe('graph edges', () => {
  it('links an instance to its class and its fields, once each, dropping ids not in the dump', async () => {
    const a = await analyze(
      [
        { id: 0x1000, cls: 'Node', refs: [0x1010, 0x1010, 0x9999, NODE] },
        { id: 0x1010, cls: 'Node' },
      ],
      [{ id: 0x1000, tag: 0x01 }],
    );
    expect(succIds(a, 0x1000)).toEqual([NODE, 0x1010]);
    expect(storedIds(a, 0x1000)).toEqual([0x1010]);
    // A note about a healthy dump (HotSpot always writes such references), not a warning.
    expect(a.summary().notes?.some((w) => w.includes('1 references'))).toBe(true);
    expect(a.summary().warnings).toEqual([]);
  });

  it('de-duplicates long reference lists too (object arrays with repeated elements)', async () => {
    const elements = [NODE, 0x9999, ...Array.from({ length: 40 }, (_, i) => 0x1010 + 16 * (i % 3))];
    const a = await analyze(
      [
        { id: 0x1000, cls: 'Node', refs: elements, array: true },
        { id: 0x1010, cls: 'Node' },
        { id: 0x1020, cls: 'Node' },
        { id: 0x1030, cls: 'Node' },
      ],
      [{ id: 0x1000, tag: 0x01 }],
    );
    expect(succIds(a, 0x1000).sort((x, y) => x - y)).toEqual([NODE, 0x1010, 0x1020, 0x1030]);
    expect(succIds(a, 0x1000)[0]).toBe(NODE);
  });

  it('links a class object to java.lang.Class, its superclass, its loader (pseudo loader for 0) and its statics', async () => {
    const a = await analyze(
      [
        { id: 0x1000, cls: 'Node' },
        { id: 0x1010, cls: 'Node' },
      ],
      [],
      false,
      [{ id: NODE, name: 'Node', superId: OBJECT_CLASS_ID, statics: [0x1000, 0, 0x1000, 0x1010, 0x7777] }, CLASSES[1]],
    );
    expect(succIds(a, NODE)).toEqual([CLASS_CLASS_ID, OBJECT_CLASS_ID, 0, 0x1000, 0x1010]);
    expect(storedIds(a, NODE)).toEqual([OBJECT_CLASS_ID, 0, 0x1000, 0x1010]);
    const g = a.graph;
    expect(g.idOf(0)).toBe(0);
    expect(g.parsed.classes[g.classByIndex[0]].name).toBe('java.lang.ClassLoader');
    // Statics keep both instances: the class dominates them.
    expect(digest(a)).toEqual(['1000 idom=200 retained=16', '1010 idom=200 retained=16']);
    // objects = 2 instances + 5 class objects + the pseudo loader.
    expect(a.summary().objects).toBe(8);
    expect(a.summary().classes).toBe(5);
  });
});

describe('GC roots', () => {
  it('turns a thread-context record into an edge from its Thread only when the thread was announced earlier', async () => {
    const objects: TestObject[] = [
      { id: 0x1000, cls: 'java.lang.Thread' },
      { id: 0x1100, cls: 'Node' },
      { id: 0x1200, cls: 'Node' },
      { id: 0x1300, cls: 'Node' },
    ];
    const a = await analyze(objects, [
      { id: 0x1300, tag: 0x03, serial: 7 }, // before the thread record: stays a plain "Java Local" root
      { id: 0x1000, tag: 0x08, serial: 7 },
      { id: 0x1100, tag: 0x03, serial: 7 }, // becomes Thread -> 0x1100
      { id: 0x1200, tag: 0x02, serial: 9 }, // unknown serial: plain "JNI Local" root
    ]);
    expect(digest(a)).toEqual([
      '1000 idom=root retained=32 [Thread]',
      '1100 idom=1000 retained=16',
      '1200 idom=root retained=16 [JNI Local]',
      '1300 idom=root retained=16 [Java Local]',
    ]);
    const g = a.graph;
    expect(g.pseudoEdges).toEqual([{ from: g.findIndex(0x1000), to: g.findIndex(0x1100), name: '<Java Local>' }]);
    expect(succIds(a, 0x1000)).toEqual([THREAD, 0x1100]);
    expect(a.summary().gcRootsByType).toEqual({ 'System Class': 5, Thread: 1, 'JNI Local': 1, 'Java Local': 1 });
  });

  it('drops the locals of a thread whose object is not in the dump; a thread record with id 0 roots 0x0 only', async () => {
    const a = await analyze(
      [
        { id: 0x1100, cls: 'Node' },
        { id: 0x1200, cls: 'Node' },
      ],
      [
        { id: 0x5000, tag: 0x08, serial: 1 }, // thread object missing from the dump
        { id: 0x1100, tag: 0x03, serial: 1 }, // dropped: no root, no edge
        { id: 0, tag: 0x08, serial: 2 }, // id 0 does not announce serial 2
        { id: 0x1200, tag: 0x04, serial: 2 }, // so this stays a "Native Stack" root
      ],
    );
    expect(digest(a)).toEqual(['1200 idom=root retained=16 [Native Stack]']);
    expect(a.summary().unreachable).toEqual({ objects: 1, shallowBytes: 16 });
    // MAT puts a root record for id 0 on its pseudo boot loader.
    expect(a.graph.rootTypesByIndex.get(0)).toEqual(['Thread']);
  });

  it('counts repeated root records of one object as one root with several types', async () => {
    const a = await analyze(
      [{ id: 0x1000, cls: 'Node' }],
      [
        { id: 0x1000, tag: 0x01 },
        { id: 0x1000, tag: 0x01 },
        { id: 0x1000, tag: 0x07 },
        { id: 0x1000, tag: 0x8d }, // Android VM internal: named (MAT says "Unknown"; the same root either way)
      ],
    );
    expect(digest(a)).toEqual(['1000 idom=root retained=16 [Busy Monitor,JNI Global,VM Internal]']);
    expect(a.summary().gcRoots).toBe(6);
    expect(a.summary().gcRootsByType).toEqual({ 'System Class': 5, 'JNI Global': 1, 'Busy Monitor': 1, 'VM Internal': 1 });
  });
});

describe('unreachable objects', () => {
  // 0x1000 root -> 0x1010. Unreachable: 0x2000 -> 0x2010 -> 0x2020; cycle 0x3010 <-> 0x3000 hanging below 0x2020;
  // a separate cycle 0x4000 -> 0x4010 -> 0x4020 -> 0x4000 with 0x4020 -> 0x4030; and an array class with no
  // instances (unreachable class object).
  const objects: TestObject[] = [
    { id: 0x1000, cls: 'Node', refs: [0x1010] },
    { id: 0x1010, cls: 'Node' },
    { id: 0x2000, cls: 'Node', refs: [0x2010] },
    { id: 0x2010, cls: 'Node', refs: [0x2020] },
    { id: 0x2020, cls: 'Node', refs: [0x3010] },
    { id: 0x3000, cls: 'Node', refs: [0x3010] },
    { id: 0x3010, cls: 'Node', refs: [0x3000] },
    { id: 0x4010, cls: 'Node', refs: [0x4020] },
    { id: 0x4000, cls: 'Node', refs: [0x4010, 0x4000] },
    { id: 0x4020, cls: 'Node', refs: [0x4000, 0x4030] },
    { id: 0x4030, cls: 'Node' },
  ];
  const classes: TestClass[] = [...CLASSES, { id: 0x900, name: 'Node[]', superId: OBJECT_CLASS_ID }];

  it('removes them by default and sums them in summary.unreachable', async () => {
    const a = await analyze(objects, [{ id: 0x1000, tag: 0x01 }], false, classes);
    expect(digest(a)).toEqual(['1000 idom=root retained=32 [JNI Global]', '1010 idom=1000 retained=16']);
    expect(a.summary().unreachable).toEqual({ objects: 10, shallowBytes: 9 * 16 + 8 });
    expect(a.graph.findIndex(0x900)).toBe(-1);
    const nodeRow = a.histogram().find((r) => r.className === 'Node')!;
    expect(nodeRow.instances).toBe(2);
    // MAT's histogram value: the top ancestors among the instances and the class object (8 bytes, a root).
    expect(nodeRow.retainedBytes).toBe(32 + 8);
    expect(a.histogram().some((r) => r.className === 'Node[]')).toBe(false);
    expect(a.summary().usedHeapBytes).toBe(2 * 16 + 5 * 8 + 16);
    // MAT's unreachable objects histogram: the removed objects by class (the class object as java.lang.Class).
    expect(a.unreachableHistogram()).toEqual([
      { className: 'Node', objects: 9, shallowBytes: 9 * 16 },
      { className: 'java.lang.Class', objects: 1, shallowBytes: 8 },
    ]);
  });

  it('keeps them as "Unreachable" roots: unreferenced ones first, then the lowest address of each cycle', async () => {
    const a = await analyze(objects, [{ id: 0x1000, tag: 0x01 }], true, classes);
    expect(digest(a)).toEqual([
      '1000 idom=root retained=32 [JNI Global]',
      '1010 idom=1000 retained=16',
      '2000 idom=root retained=80 [Unreachable]',
      '2010 idom=2000 retained=64',
      '2020 idom=2010 retained=48',
      '3000 idom=3010 retained=16',
      '3010 idom=2020 retained=32',
      '4000 idom=root retained=64 [Unreachable]',
      '4010 idom=4000 retained=48',
      '4020 idom=4010 retained=32',
      '4030 idom=4020 retained=16',
    ]);
    expect(a.summary().gcRootsByType.Unreachable).toBe(3); // 0x2000, 0x4000 and the array class Node[]
    // Kept, but still counted as what no root reaches (9 objects of 16 bytes and the class Node[]), as the roots say.
    expect(a.summary().unreachable).toEqual({ objects: 10, shallowBytes: 152 });
    expect(a.graph.findIndex(0x900)).toBeGreaterThanOrEqual(0);
    // Nothing was removed: no unreachable histogram.
    expect(a.unreachableHistogram()).toEqual([]);
  });
});

describe('many unreachable objects', () => {
  it('remaps the survivors through the full table when more than 65,536 objects are removed', async () => {
    const garbage: TestObject[] = Array.from({ length: 70_000 }, (_, i) => ({
      id: 0x10_0000 + 16 * i,
      cls: 'Node',
      refs: [0x10_0000 + 16 * ((i + 1) % 70_000)],
    }));
    const a = await analyze(
      [
        { id: 0x1000, cls: 'Node', refs: [0x80_0000] },
        ...garbage,
        { id: 0x80_0000, cls: 'Node', refs: [0x80_0010] },
        { id: 0x80_0010, cls: 'Node' },
      ],
      [{ id: 0x1000, tag: 0x01 }],
    );
    expect(digest(a)).toEqual([
      '1000 idom=root retained=48 [JNI Global]',
      '800000 idom=1000 retained=32',
      '800010 idom=800000 retained=16',
    ]);
    expect(a.summary().unreachable.objects).toBe(70_000);
    expect(succIds(a, 0x80_0000)).toEqual([NODE, 0x80_0010]);
  });
});

describe('few unreachable objects in a big heap', () => {
  it('remaps indices past the first 65,536 nodes by block offset', async () => {
    const leaves: TestObject[] = Array.from({ length: 70_000 }, (_, i) => ({ id: 0x10_0000 + 16 * i, cls: 'Node' }));
    const a = await analyze(
      [
        { id: 0x1000, cls: 'Node' }, // unreachable, below everything else
        { id: 0x2000, cls: 'java.lang.Object[]', refs: leaves.map((l) => l.id), array: true },
        ...leaves,
      ],
      [{ id: 0x2000, tag: 0x01 }],
      false,
      [...CLASSES, { id: 0x900, name: 'java.lang.Object[]', superId: OBJECT_CLASS_ID }],
    );
    const g = a.graph;
    expect(a.summary().unreachable.objects).toBe(1);
    expect(succIds(a, 0x2000).length).toBe(70_001);
    for (const id of [0x10_0000, 0x10_0000 + 16 * 69_999, 0x10_0000 + 16 * 40_000]) {
      const v = g.findIndex(id);
      expect(g.idOf(g.idomByIndex[v])).toBe(0x2000);
    }
    // The array, its leaves, and its array class (not a root: reachable only through its one instance).
    expect(g.retainedByIndex[g.findIndex(0x2000)]).toBe(16 + 4 * 70_000 + 70_000 * 16 + 8);
    expect(g.idOf(g.idomByIndex[g.findIndex(0x900)])).toBe(0x2000);
  });
});

describe('a dump without roots (truncated before the root records)', () => {
  const objects: TestObject[] = [
    { id: 0x1000, cls: 'Node', refs: [0x1010] },
    { id: 0x1010, cls: 'Node' },
  ];
  it('removes everything by default, without failing', async () => {
    const a = await analyzeParsed(testHeap(CLASSES, objects, []), () => testSizes, {});
    expect(a.summary().objects).toBe(0);
    expect(a.summary().unreachable.objects).toBe(8);
    expect(a.histogram()).toEqual([]);
    expect(a.graph.sortedChildren(-1).length).toBe(0);
  });
  it('keeps everything as "Unreachable" roots in keep mode', async () => {
    const a = await analyzeParsed(testHeap(CLASSES, objects, []), () => testSizes, { keepUnreachable: true });
    expect(a.summary().objects).toBe(8);
    // Unreferenced: 0x1000 and the class java.lang.Thread (no instances); they reach everything else. Class Node
    // is held only by its two instances, below 0x1000.
    expect(a.summary().gcRootsByType).toEqual({ Unreachable: 2 });
    expect(a.graph.rootTypesByIndex.get(a.graph.findIndex(THREAD))).toEqual(['Unreachable']);
    expect(digest(a)).toEqual(['1000 idom=root retained=40 [Unreachable]', '1010 idom=1000 retained=16']);
  });
});

describe('pipeline', () => {
  it('reports the named steps in order and stops with CancelledError when asked', async () => {
    const heap = (): ReturnType<typeof testHeap> => testHeap(CLASSES, [{ id: 0x1000, cls: 'Node' }], SYSTEM_CLASSES);
    const phases: string[] = [];
    await analyzeParsed(
      heap(),
      () => testSizes,
      {},
      (p) => {
        if (phases[phases.length - 1] !== p.phase) phases.push(p.phase);
      },
    );
    expect(phases).toEqual(['index', 'roots', 'reachability', 'dominators', 'retained', 'histogram']);
    let polls = 0;
    await expect(analyzeParsed(heap(), () => testSizes, { isCancelled: () => ++polls > 3 })).rejects.toBeInstanceOf(CancelledError);
  });
});

describe('classes by node past 65,534 classes', () => {
  it('switches to 4 bytes per node and gives the same tree, retained sizes and histogram rows', async () => {
    // The same reachable graph with 2 classes, and with those 2 among 70,000 (the others unreachable).
    const classId = (k: number): number => 0x10_0000 + 8 * k;
    const used: TestClass[] = [5, 69_999].map((k) => ({ id: classId(k), name: `C${k}`, superId: OBJECT_CLASS_ID }));
    const many: TestClass[] = Array.from({ length: 70_000 }, (_, k) => ({ id: classId(k), name: `C${k}`, superId: OBJECT_CLASS_ID }));
    const objects: TestObject[] = [
      { id: 0x100_0000, cls: 'C69999', refs: [0x100_0010, 0x100_0020] },
      { id: 0x100_0010, cls: 'C5', refs: [0x100_0020] },
      { id: 0x100_0020, cls: 'C69999' },
    ];
    const roots = [{ id: 0x100_0000, tag: 0x01 }];
    const small = await analyze(objects, roots, false, used);
    const large = await analyze(objects, roots, false, many);
    expect(small.graph.classByIndex).toBeInstanceOf(Uint16Array);
    expect(large.graph.classByIndex).toBeInstanceOf(Uint32Array);
    expect(digest(large)).toEqual(digest(small));
    const rows = (a: HeapAnalysis) =>
      a
        .histogram()
        .filter((r) => r.className === 'C5' || r.className === 'C69999')
        .map(({ classIndex: _differs, ...row }) => row);
    expect(rows(large)).toEqual(rows(small));
    // The first C69999 dominates everything: 3 objects of 16 bytes and both class objects (8 bytes each).
    expect(rows(small).map((r) => [r.className, r.instances, r.retainedBytes])).toEqual([
      ['C69999', 2, 3 * 16 + 2 * 8],
      ['C5', 1, 16 + 8],
    ]);
  });
});

describe('IdIndex lookups on every kind of address grid', () => {
  // The rank bitmap (dense grids) and the bucket table (sparse ones) must agree with a plain binary search.
  function check(ids: number[], probes: number[], kind: 'bitmap' | 'buckets'): void {
    const sorted = Float64Array.from(new Set(ids)).sort();
    const index = new IdIndex(sorted);
    expect(index.kind).toBe(kind);
    const expected = (id: number): number => {
      const i = sorted.indexOf(id);
      return i;
    };
    for (const id of [...sorted, ...probes]) expect(`${id} -> ${index.find(id)}`).toBe(`${id} -> ${expected(id)}`);
    // Column dropped (bitmap only: ids read from it), every id reads back the same and lookups are unchanged.
    const spent = index.dropColumn();
    expect(index.column === null).toBe(kind === 'bitmap');
    expect(spent === null).toBe(kind !== 'bitmap');
    for (let v = 0; v < sorted.length; v++) expect(index.idOf(v)).toBe(sorted[v]);
    for (const id of [...sorted, ...probes]) expect(index.find(id)).toBe(expected(id));
  }
  it('8-byte grid in a few 1 MiB regions (bitmap), with misses between, below, above and off the grid', () => {
    const ids: number[] = [];
    for (let i = 0; i < 3000; i++) ids.push(0x7_0000_0000 + 8 * ((i * 7919) % 50_000));
    for (let i = 0; i < 500; i++) ids.push(0x7_4000_0000 + 16 * i);
    check(
      ids,
      [0x7_0000_0000 - 8, 0x7_0000_0004, 0x7_0000_0000 + 8 * 50_001, 0x7_2000_0000, 0x7_4000_0000 + 16 * 500, 0x7_4000_0008, 2 ** 52],
      'bitmap',
    );
  });
  it('a grid that is not a power of two (24 bytes) and ids around word boundaries', () => {
    const ids: number[] = [];
    for (let i = 0; i < 200; i++) ids.push(24 * (i * 31 + (i % 3)));
    ids.push(24 * 31, 24 * 32, 24 * 63, 24 * 64);
    check(ids, [12, 24 * 33 + 8, 24 * 7000, -24], 'bitmap');
  });
  it('ids 1 apart (hand-made dumps) and with id 0 (the pseudo loader)', () => {
    check([0, 1, 2, 3, 5, 8, 13, 21, 34, 55, 89], [4, 6, 7, 90, 1000], 'bitmap');
  });
  it('sparse addresses (bucket table): a few ids spread over terabytes', () => {
    check([8, 2 ** 40, 2 ** 44 + 8, 2 ** 47 - 8, 2 ** 50], [16, 2 ** 40 + 8, 2 ** 50 + 8], 'buckets');
  });
});

describe('IdIndex.idOf from the rank bitmap alone', () => {
  it('reads back every id of 100,000 on dense, sparse and empty stretches of the grid, with and without id 0', () => {
    let seed = 12345;
    const random = (): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return seed / 2 ** 32;
    };
    for (const withZero of [true, false]) {
      const ids: number[] = withZero ? [0] : [];
      let id = 0x6_0000_0000;
      for (let i = 0; i < 100_000; i++) {
        // Mostly neighbours (dense words), some gaps of a few words, a few jumps over whole 1 MiB regions.
        const r = random();
        id += r < 0.8 ? 8 : r < 0.9997 ? 8 * (1 + Math.floor(random() * 50)) : 8 * Math.floor(random() * 2 ** 20);
        ids.push(id);
      }
      const index = new IdIndex(Float64Array.from(ids));
      expect(index.kind).toBe('bitmap');
      expect(index.dropColumn()).not.toBeNull();
      let wrong = 0;
      for (let v = 0; v < ids.length; v++) if (index.idOf(v) !== ids[v]) wrong++;
      expect(wrong).toBe(0);
      expect(index.size).toBe(ids.length);
      expect(Array.from(index.allIds())).toEqual(ids);
      // And after removing every 7th object and the first one.
      const removed = ids.filter((_, v) => v % 7 === 3 || v === 0);
      const shrunk = index.without(null, removed);
      const remaining = ids.filter((_, v) => !(v % 7 === 3 || v === 0));
      expect(shrunk.size).toBe(remaining.length);
      for (let v = 0; v < remaining.length; v++) if (shrunk.idOf(v) !== remaining[v] || shrunk.find(remaining[v]) !== v) wrong++;
      for (const gone of removed) if (shrunk.find(gone) !== -1) wrong++;
      expect(wrong).toBe(0);
      expect(Array.from(shrunk.allIds())).toEqual(remaining);
    }
  });
});

describe('IdIndex.without (unreachable objects dropped after the dominator pass)', () => {
  for (const [name, ids] of [
    ['bitmap, lowest id kept', [0, 0x1000, 0x1008, 0x1010, 0x2000, 0x10_0000, 0x10_0008, 0x30_0000]],
    ['bitmap, lowest id removed', [0, 0x1000, 0x1008, 0x1010, 0x2000]],
    ['buckets', [0, 8, 2 ** 40, 2 ** 44, 2 ** 48]],
  ] as const) {
    it(`gives the same answers as an index built on the remaining ids (${name})`, () => {
      const all = Float64Array.from(ids);
      const removed = name.includes('lowest id removed') ? [0x1000, 0x1010] : [all[2], all[all.length - 1]];
      const remaining = all.filter((id) => !removed.includes(id));
      const fresh = new IdIndex(Float64Array.from(remaining));
      const shrunk = new IdIndex(all.slice()).without(Float64Array.from(remaining), removed);
      for (const id of [...ids, 0x1004, 0x3000, 2 ** 49]) expect(`${id}: ${shrunk.find(id)}`).toBe(`${id}: ${fresh.find(id)}`);
    });
    it(`does the same once the column is dropped, as the pipeline does (${name})`, () => {
      for (const removed of [name.includes('lowest id removed') ? [0x1000, 0x1010] : [ids[2], ids[ids.length - 1]], [0, ids[3]]]) {
        const all = new IdIndex(Float64Array.from(ids));
        all.dropColumn();
        const column = all.column;
        const keptColumn = column === null ? null : column.filter((id) => !removed.includes(id));
        const remaining = ids.filter((id) => !removed.includes(id));
        const shrunk = all.without(keptColumn, removed);
        const fresh = new IdIndex(Float64Array.from(remaining));
        expect(shrunk.column === null).toBe(name !== 'buckets');
        for (let v = 0; v < remaining.length; v++) expect(shrunk.idOf(v)).toBe(remaining[v]);
        for (const id of [...ids, 0x1004, 0x3000, 2 ** 49]) expect(`${id}: ${shrunk.find(id)}`).toBe(`${id}: ${fresh.find(id)}`);
      }
    });
  }
});

describe('IdIndex.gridFor (the index step lookup on 4-byte encoded references)', () => {
  it('finds every id and nothing else, references below the lowest id included', () => {
    const ids = Float64Array.from([0, 0x1000, 0x1008, 0x1040, 0x20_0000, 0x20_0010]);
    const index = new IdIndex(ids);
    const grid = index.gridFor(0, 8)!;
    expect(grid).not.toBeNull();
    for (let id = 0; id <= 0x20_0020; id += 8) {
      const k = id / 8;
      const t = rankInGrid((k - grid.offset) >>> 0, grid.blockOfRegion, grid.pairs);
      const expected = id === 0 ? -1 : index.find(id);
      expect(`${id}: ${t === 0xffffffff ? -1 : t}`).toBe(`${id}: ${expected}`);
    }
  });
  it('gives no grid when encoded ids below the lowest could wrap onto real ones, or the unit differs', () => {
    // offset 2^31, slotCount 2^31 + 2^30 + 1: an encoded id just below the lowest would wrap onto the last region.
    const ids = Float64Array.from([8 * 2 ** 31, 8 * (2 ** 31 + 1), 8 * (2 ** 32 + 2 ** 30)]);
    expect(new IdIndex(ids).kind).toBe('bitmap');
    expect(new IdIndex(ids).gridFor(0, 8)).toBeNull();
    expect(new IdIndex(Float64Array.from([0x1000, 0x1008])).gridFor(0, 1)).toBeNull();
  });
});
