// The per-heap queries on the Android corpus dump (Dalvik, heaps zygote and app; corpus external/more, README):
// perflib's retained sizes split by heap, and the leak suspects limited to one heap. The suspects are checked
// against sums taken here from the heap-limited dominator tree, and against the whole-heap suspects.
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import type { HeapAnalysis } from '../analysis.ts';
import type { ObjectRow } from '../api.ts';
import { CLASS_STATIC_STORAGE } from '../model/parsed-heap.ts';
import { corpusFile, haveCorpus } from '../testing/corpus.node.ts';
import { SUSPECT_PERCENT } from './suspects.ts';

const DIALER = corpusFile('external', 'more', 'dialer.android-hprof');
let dialer: Promise<HeapAnalysis> | null = null;
/** One analysis for the tests below. */
const analyse = () => (dialer ??= analyzeFile(DIALER, {}));

/** The part in heap `heap` of a node's retained size: its row among its dominator's heap-limited children (0 when
 *  it is not there, as a node without bytes in that heap is left out). */
async function partInHeap(a: HeapAnalysis, heap: number, index: number): Promise<number> {
  const dominator = (await a.objectDetails(index)).dominator?.index ?? -1;
  return a.dominatorChildrenInHeap(heap, dominator, 0, 1_000_000).items.find((r) => r.index === index)?.heapRetainedBytes ?? 0;
}

function classObject(a: HeapAnalysis, name: string): number {
  const row = a.histogram().find((h) => h.className === name)!;
  return a.findObject(row.classAddress)!;
}

describe.skipIf(!haveCorpus('external', 'more', 'dialer.android-hprof'))('per-heap queries on dialer.android-hprof', () => {
  it("perflib's split of class retained sizes by heap: Html$HtmlParser all zygote, ActivityThread in both", async () => {
    const a = await analyse();
    const [zygote, app] = [0, 1];
    expect(a.summary().heaps?.map((h) => h.name)).toEqual(['zygote', 'app']);
    // perflib's testSampleHprof: the HtmlParser class retains 116,492 zygote bytes and none in app (its sizes leave
    // out object headers; under MAT's size model the zygote part is the whole retained size).
    const parser = classObject(a, 'android.text.Html$HtmlParser');
    const parserRow = (await a.objectDetails(parser)).row;
    expect(await partInHeap(a, app, parser)).toBe(0);
    expect(await partInHeap(a, zygote, parser)).toBe(parserRow.retainedBytes);
    expect(parserRow.retainedBytes).toBe(126632);
    // "One of the bigger objects in the app heap": the ActivityThread class retains bytes in both heaps (perflib:
    // 576 app bytes; here 592, MAT's model), and its two parts make its retained size.
    const thread = classObject(a, 'android.app.ActivityThread');
    const [inZygote, inApp] = [await partInHeap(a, zygote, thread), await partInHeap(a, app, thread)];
    expect(inApp).toBe(592);
    expect(inZygote).toBe(672);
    expect(inZygote + inApp).toBe((await a.objectDetails(thread)).row.retainedBytes);
  });

  it('a node has children in a heap exactly when its part there is more than its own bytes in it', async () => {
    const a = await analyse();
    const app = 1;
    const tops = a.dominatorChildrenInHeap(app, -1, 0, 1_000_000).items;
    expect(tops.length).toBe(222);
    let withChildren = 0;
    for (const t of tops) {
      const children = a.dominatorChildrenInHeap(app, t.index, 0, 1_000_000);
      const own = t.inHeap ? t.shallowBytes : 0;
      expect(children.total > 0, t.address).toBe(t.heapRetainedBytes > own);
      expect(own + children.items.reduce((n, c) => n + c.heapRetainedBytes, 0)).toBe(t.heapRetainedBytes);
      if (children.total > 0) withChildren++;
    }
    console.log(`dialer, app heap: ${withChildren} of ${tops.length} top-level dominators have children there`);
    // Class objects of app classes are in the app heap; the zygote's class objects that hold app objects are not.
    expect(tops.some((t) => t.inHeap)).toBe(true);
    expect(tops.some((t) => !t.inHeap)).toBe(true);
  });

  it('the leak suspects limited to the app heap: MAT rules on app bytes, no class static storage among them', async () => {
    const a = await analyse();
    const s = a.summary();
    const app = s.heaps!.findIndex((h) => h.name === 'app');
    // The app heap: 736 objects of 30,760 bytes, every one reachable (unreachable objects are left out).
    expect(s.heaps![app]).toEqual({ name: 'app', objects: 736, shallowBytes: 30760 });
    const suspects = await a.leakSuspectsInHeap(app);
    expect(suspects.heap).toBe('app');
    expect(suspects.usedHeapBytes).toBe(s.heaps![app].shallowBytes);
    expect(suspects.thresholdBytes).toBe(Math.floor((SUSPECT_PERCENT * 30760) / 100));
    console.log(
      `dialer, app heap: suspects ${suspects.suspects.map((x) => `${x.group?.className ?? x.object?.className} ${x.retainedBytes}`).join(', ')}`,
    );

    // Recomputed from the heap-limited dominator tree: no single top-level dominator retains more than 10 % of
    // the app heap; the classes whose top-level dominators together do are the group suspects, largest first.
    const tops = a.dominatorChildrenInHeap(app, -1, 0, 1_000_000).items;
    expect(tops[0].heapRetainedBytes).toBeLessThanOrEqual(suspects.thresholdBytes);
    const byClass = new Map<string, ObjectRow[]>();
    for (const t of tops) byClass.set(t.className, [...(byClass.get(t.className) ?? []), t]);
    const sum = (rows: ObjectRow[]) => rows.reduce((n, r) => n + (r as ObjectRow & { heapRetainedBytes: number }).heapRetainedBytes, 0);
    const groups = [...byClass]
      .map(([className, rows]) => ({ className, instances: rows.length, retained: sum(rows) }))
      .filter((g) => g.retained > suspects.thresholdBytes)
      .sort((x, y) => y.retained - x.retained);
    expect(
      suspects.suspects.map((x) => ({ className: x.group?.className, instances: x.group?.instances, retained: x.retainedBytes })),
    ).toEqual(groups);
    expect(groups.map((g) => [g.className, g.instances, g.retained])).toEqual([
      ['java.lang.Class', 42, 12528],
      ['java.lang.String', 89, 6128],
    ]);
    for (const x of suspects.suspects) {
      // What each keeps alive counts app objects only: never more than the suspect's app bytes.
      expect(x.topConsumers.reduce((n, c) => n + c.shallowBytes, 0)).toBeLessThanOrEqual(x.retainedBytes);
      expect(x.group?.className).not.toBe('byte[]');
      expect(x.group?.className).not.toBe(CLASS_STATIC_STORAGE);
    }
    // The classes' static storage is counted with the classes that own it: 22 arrays of 5,584 bytes in the app heap.
    expect(suspects.suspects[0].topConsumers[0]).toEqual({ className: CLASS_STATIC_STORAGE, instances: 22, shallowBytes: 5584 });
    const storage = a.histogram().find((h) => h.className === CLASS_STATIC_STORAGE)!;
    expect(storage.byHeap?.[app]).toEqual({ instances: 22, shallowBytes: 5584 });
    // Asked twice: one answer.
    expect(await a.leakSuspectsInHeap(app)).toBe(suspects);
  });

  it('the zygote heap holds nearly all: its suspects are the whole heap’s classes, each with its zygote part', async () => {
    const a = await analyse();
    const zygote = a.summary().heaps!.findIndex((h) => h.name === 'zygote');
    const [inZygote, all] = [await a.leakSuspectsInHeap(zygote), await a.leakSuspects()];
    expect(inZygote.usedHeapBytes).toBe(a.summary().heaps![zygote].shallowBytes);
    expect(inZygote.suspects.map((x) => x.group?.className)).toEqual(all.suspects.map((x) => x.group?.className));
    inZygote.suspects.forEach((x, i) => expect(x.retainedBytes).toBeLessThanOrEqual(all.suspects[i].retainedBytes));
    // NinePatch's pixels are all in the zygote heap: its accumulation point and what it holds are the same.
    const nine = inZygote.suspects.find((x) => x.group?.className === 'android.graphics.NinePatch')!;
    const nineAll = all.suspects.find((x) => x.group?.className === 'android.graphics.NinePatch')!;
    expect(nine.retainedBytes).toBe(nineAll.retainedBytes);
    expect(nine.point?.object.index).toBe(nineAll.point?.object.index);
  });

  it('a heap the dump does not have, and a dump without heaps, are refused', async () => {
    const a = await analyse();
    await expect(a.leakSuspectsInHeap(2)).rejects.toThrow(RangeError);
    const plain = await analyzeFile(new URL('../../../test-fixtures/graph/graph.hprof.gz', import.meta.url).pathname, {});
    await expect(plain.leakSuspectsInHeap(0)).rejects.toThrow(/no Android heaps/);
  });
});
