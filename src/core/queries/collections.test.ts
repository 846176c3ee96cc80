// Collections read from real dumps: a JDK 17 program that filled every supported layout with known entries
// (test-fixtures/collections: the program printed what it put in), and JDK 8 and 6 dumps of the corpus.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import type { HeapAnalysis } from '../analysis.ts';
import type { CollectionContents, CollectionValue } from '../api.ts';
import { readHprofFile } from '../hprof/read-file.node.ts';
import { BasicType } from '../model/parsed-heap.ts';
import { corpusFile, haveCorpus } from '../testing/corpus.node.ts';
import { CollectionClasses } from './collection-classes.ts';
import { countOnGraph } from './collection-count.ts';
import { walkEntries } from './collection-layouts.ts';
import { readShape } from './collection-shape.ts';
import { QueryContext } from './context.ts';

const DIR = fileURLToPath(new URL('../../../test-fixtures/collections/', import.meta.url));

/** As CollectionsFixture.text() prints a key, value or element. */
function text(v: CollectionValue): string {
  if (v.address === null) return 'null';
  const name = v.object?.className ?? '?';
  if (name === 'java.lang.String') return 's:' + v.text;
  if (name === 'java.lang.Integer' || name === 'java.lang.Long') return 'i:' + v.text;
  return 'o:' + name;
}

function entriesText(c: CollectionContents): string[] {
  return c.page.items.map((e) => (e.key ? `${text(e.key)}=${text(e.value)}` : text(e.value)));
}

/** The object a static field of class `className` holds. */
function staticObject(a: HeapAnalysis, className: string, field: string): number {
  const cls = a.graph.parsed.classes.find((c) => c.name === className);
  const f = cls?.staticFields.find((s) => s.name === field && s.type === BasicType.Object);
  expect(f, `${className}.${field}`).toBeDefined();
  const index = a.findObject('0x' + Number(f!.value).toString(16));
  expect(index).not.toBeNull();
  return index!;
}

/** The List.of/Set.of/Map.of tables are walked in slot order; their iterators start at a random place. */
const UNORDERED = new Set(['setN', 'set12Two', 'mapN']);

describe('collections of a JDK 17 dump (test-fixtures/collections)', () => {
  let a: HeapAnalysis;
  const expected = readFileSync(DIR + 'collections.expected.txt', 'utf8')
    .trimEnd()
    .split('\n')
    .map((line) => {
      const [name, size, ...entries] = line.split('\t');
      return { name, size: Number(size), entries };
    });
  beforeAll(async () => {
    a = await analyzeFile(DIR + 'collections.hprof.gz');
  }, 120_000);

  it('covers every collection the program filled', () => {
    expect(expected.length).toBe(32);
  });

  for (const { name, size, entries } of expected) {
    it(`${name}: ${size} entries, as the program put them`, async () => {
      const index = staticObject(a, 'CollectionsFixture', name);
      const c = await a.collectionContents(index, 0, 1000);
      expect(c).not.toBeNull();
      expect(c!.size).toBe(size);
      expect(c!.page.total).toBe(size);
      if (c!.sizeField !== null) expect(c!.sizeField).toBe(size);
      const got = entriesText(c!);
      if (UNORDERED.has(name)) expect([...got].sort()).toEqual([...entries].sort());
      else expect(got).toEqual(entries);
    });
  }

  it('pages through a map: the pages make up the whole, each entry once', async () => {
    const index = staticObject(a, 'CollectionsFixture', 'concurrentHashMap');
    const whole = entriesText((await a.collectionContents(index, 0, 1000))!);
    const parts: string[] = [];
    for (let offset = 0; offset < whole.length; offset += 7) parts.push(...entriesText((await a.collectionContents(index, offset, 7))!));
    expect(parts).toEqual(whole);
    // Asked out of order (a fresh walk rather than the kept one).
    expect(entriesText((await a.collectionContents(index, 20, 3))!)).toEqual(whole.slice(20, 23));
    expect(entriesText((await a.collectionContents(index, 2, 3))!)).toEqual(whole.slice(2, 5));
  });

  it('starts a page anywhere: every offset, asked from the last down, gives the same slice as the whole', async () => {
    for (const name of [
      'hashMap',
      'treeified',
      'hashtable',
      'concurrentHashMap',
      'concurrentTreeified',
      'weakHashMap',
      'treeMap',
      'linkedList',
      'arrayDeque',
      'hashSet',
      'linkedHashMap',
      'properties',
      'identityHashMap',
      'setN',
      'list12Two',
    ]) {
      const index = staticObject(a, 'CollectionsFixture', name);
      const whole = entriesText((await a.collectionContents(index, 0, 1000))!);
      for (let offset = whole.length - 1; offset >= 0; offset--) {
        expect(entriesText((await a.collectionContents(index, offset, 3))!), `${name} from ${offset}`).toEqual(
          whole.slice(offset, offset + 3),
        );
      }
    }
  });

  it('reads treeified bins: HashMap TreeNodes and a ConcurrentHashMap TreeBin', async () => {
    const names = new Set(a.histogram().map((r) => r.className));
    expect(names.has('java.util.HashMap$TreeNode')).toBe(true);
    expect(names.has('java.util.concurrent.ConcurrentHashMap$TreeBin')).toBe(true);
    const map = (await a.collectionContents(staticObject(a, 'CollectionsFixture', 'treeified'), 0, 100))!;
    expect(map.capacity).toBe(64);
    expect(map.page.items.map((e) => e.value.text).sort()).toEqual(Array.from({ length: 20 }, (_, i) => 'v' + i).sort());
    expect(new Set(map.page.items.map((e) => e.key!.address)).size).toBe(20);
  });

  it('gives capacity and fill ratio: a cleared map keeps its table, a sparse list its array', async () => {
    const cleared = (await a.collectionContents(staticObject(a, 'CollectionsFixture', 'grownThenCleared'), 0, 10))!;
    expect([cleared.size, cleared.capacity, cleared.fillRatio]).toEqual([0, 2048, 0]);
    expect(cleared.backing?.className).toBe('java.util.HashMap$Node[]');
    const sparse = (await a.collectionContents(staticObject(a, 'CollectionsFixture', 'sparseArrayList'), 0, 10))!;
    expect([sparse.kind, sparse.layout, sparse.size, sparse.capacity]).toEqual(['list', 'ArrayList', 3, 1000]);
    expect(sparse.fillRatio).toBeCloseTo(0.003, 6);
    const empty = (await a.collectionContents(staticObject(a, 'CollectionsFixture', 'emptyHashMap'), 0, 10))!;
    expect([empty.size, empty.capacity, empty.fillRatio, empty.backing]).toEqual([0, 0, null, undefined]);
    const linked = (await a.collectionContents(staticObject(a, 'CollectionsFixture', 'linkedList'), 2, 3))!;
    expect([linked.capacity, linked.fillRatio, linked.page.offset, linked.page.total]).toEqual([null, null, 2, 7]);
    expect(entriesText(linked)).toEqual(['s:l3', 's:l4', 's:l5']);
  });

  it('answers null for an object that is no collection', async () => {
    const holder = staticObject(a, 'CollectionsFixture', 'ALL');
    expect(await a.collectionContents(holder, 0, 10)).not.toBeNull(); // a LinkedHashMap
    const string = (await a.collectionContents(holder, 0, 1))!.page.items[0].key!.object!.index;
    expect(await a.collectionContents(string, 0, 10)).toBeNull();
  });

  it('reports the collections by class with sizes, fill ratios and waste', async () => {
    const report = await a.collections();
    const row = (name: string) => report.classes.find((r) => r.className === name)!;
    // The fixture's own ArrayLists: 5, 3 of 1000, 0 after 200 (cleared: its array stays), 0 (shared empty array).
    const lists = row('java.util.ArrayList');
    expect(lists.objects).toBeGreaterThanOrEqual(4);
    expect(lists.emptyWithArray).toBeGreaterThanOrEqual(1);
    const sparse = lists.largestWaste.find((w) => w.capacity === 1000);
    expect(sparse).toBeDefined();
    const refBytes = a.summary().compressedRefs ? 4 : 8;
    expect(sparse!.wastedBytes).toBe(997 * refBytes);
    const maps = row('java.util.HashMap');
    const cleared = maps.largestWaste.find((w) => w.capacity === 2048)!;
    expect(cleared.size).toBe(0);
    expect(cleared.wastedBytes).toBe(16 + 2048 * refBytes); // the whole table: header and slots
    // Every HashSet's inner HashMap is counted with the set, not again as a HashMap.
    const sets = row('java.util.HashSet');
    expect(sets.layout).toBe('HashSet');
    const total = report.classes.reduce((s, r) => s + r.objects, 0);
    expect(total).toBe(report.collections);
    expect(report.wastedBytes).toBe(report.classes.reduce((s, r) => s + r.wastedBytes, 0));
    const bins = (r: (typeof report.classes)[number]) =>
      r.bySize.empty + r.bySize.one + r.bySize.upTo10 + r.bySize.upTo100 + r.bySize.over100;
    for (const r of report.classes) expect(bins(r)).toBe(r.objects);
    console.log(
      report.classes
        .slice(0, 12)
        .map(
          (r) =>
            `${r.className}: ${r.objects} objects, ${r.entries} entries, fill ${r.averageFillRatio?.toFixed(3)}, wasted ${r.wastedBytes}`,
        )
        .join('\n'),
    );
  });
});

describe('collections of older JDKs (corpus external/more)', () => {
  // JDK 8 (OpenJDK's hprof agent), JDK 6 32-bit (HashMap$Entry, ConcurrentHashMap segments, LinkedList's header)
  // and JDK 5: every collection of the dump walks to the size it records.
  for (const [file, least] of [
    ['RI.hprof', 45],
    ['sun_jdk6_32bit.hprof', 550],
    ['sun_jdk5_64bit.hprof', 40],
  ] as const) {
    it.skipIf(!haveCorpus('external', 'more', file))(
      `${file}: every collection walks to the size it records`,
      async () => {
        const a = await analyzeFile(corpusFile('external', 'more', file));
        const report = await a.collections();
        let checked = 0;
        const layouts = new Set<string>();
        for (const row of report.classes) {
          for (const obj of a.instancesOf(row.classIndex, 0, 100_000).items) {
            const c = (await a.collectionContents(obj.index, 0, 5))!;
            expect(c, `${row.className} @ ${obj.address}`).not.toBeNull();
            if (c.sizeField !== null) expect(c.size, `${row.className} @ ${obj.address}`).toBe(c.sizeField);
            expect(c.page.items.length).toBe(Math.min(5, c.size));
            layouts.add(c.layout);
            checked++;
          }
        }
        console.log(`${file}: ${checked} collections walked, layouts ${[...layouts].sort().join(' ')}`);
        expect(checked).toBeGreaterThanOrEqual(least);
        expect(layouts.has('HashMap') && layouts.has('Hashtable') && layouts.has('Properties')).toBe(true);
      },
      120_000,
    );
  }
});

describe('the count on the graph', () => {
  // The inspector counts a hashed, linked or tree layout on the graph (no read of the dump) when that agrees with
  // the size field: here it must equal the entries walked in the dump, for every collection of each dump.
  for (const path of [
    DIR + 'collections.hprof.gz',
    corpusFile('external', 'more', 'sun_jdk6_32bit.hprof'),
    corpusFile('external', 'more', 'RI.hprof'),
  ]) {
    it.skipIf(!path.startsWith(DIR) && !haveCorpus('external', 'more'))(
      `equals the entries walked: ${path.slice(path.lastIndexOf('/') + 1)}`,
      async () => {
        const a = await analyzeFile(path);
        const { randomAccess } = await readHprofFile(path);
        const ctx = new QueryContext(a.graph, randomAccess);
        const coll = new CollectionClasses(ctx);
        let counted = 0;
        for (let v = 0; v < a.graph.nodeCount; v++) {
          if (coll.layoutOf(v) === null) continue;
          let shape = (await readShape(ctx, coll, ctx.reader, v))!;
          let at = v;
          if (shape.inner >= 0) {
            at = shape.inner;
            shape = (await readShape(ctx, coll, ctx.reader, at))!;
          }
          const onGraph = countOnGraph(ctx, at, shape);
          if (onGraph === null) continue;
          let walked = 0;
          for await (const _ of walkEntries(ctx, coll, ctx.reader, at, shape)) walked++;
          expect(onGraph, `${ctx.className(v)} @ ${a.graph.idOf(v).toString(16)}`).toBe(walked);
          counted++;
        }
        console.log(`${path.slice(path.lastIndexOf('/') + 1)}: ${counted} collections counted on the graph`);
        expect(counted).toBeGreaterThan(20);
      },
      120_000,
    );
  }
});
