// Long paths as bounded windows, on a 1,000,000-deep linked list built with the HPROF writer: the first and last
// steps of the dominator path, of the path from the GC roots and of the accumulation chain are exact, a run from
// the middle pages in, and every answer's size is bounded by the steps asked for, not by the list's length.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeDump, type HeapAnalysis } from '../analysis.ts';
import { elidedSteps, PATH_HEAD, PATH_TAIL, type PathWindow } from '../api.ts';
import { blobSource } from '../io/blob-source.ts';
import { DEEP_LIST, deepListDump, MAP_LEAK, mapLeakDump } from '../testing/deep-dumps.ts';
import { toHex } from '../units.ts';

const N = 1_000_000;
/** What a bounded answer may weigh as JSON: a few hundred rows, whatever the path's length. */
const BOUND = 100_000;

const size = (answer: unknown): number => JSON.stringify(answer).length;
const addresses = (rows: { address: string }[]): string[] => rows.map((r) => r.address);
const nodes = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, k) => toHex(DEEP_LIST.node(from + k)));

async function analyze(bytes: Uint8Array): Promise<HeapAnalysis> {
  return analyzeDump(blobSource(new Blob([bytes as Uint8Array<ArrayBuffer>])), {});
}

describe(`a ${N.toLocaleString('en-US')}-deep linked list`, () => {
  let a: HeapAnalysis;
  let last: number;
  let holder: number;
  beforeAll(async () => {
    const t0 = performance.now();
    const bytes = deepListDump(N);
    a = await analyze(bytes);
    last = a.findObject(toHex(DEEP_LIST.node(N - 1)))!;
    holder = a.findObject(toHex(DEEP_LIST.holder))!;
    console.log(
      `deep list: ${bytes.length.toLocaleString('en-US')} bytes written and analysed in ${((performance.now() - t0) / 1000).toFixed(1)} s`,
    );
  }, 600_000);

  it('dominatorPath: the holder and the first nodes, the last nodes, the count between', () => {
    const path = a.dominatorPath(last);
    // The holder, then N nodes.
    expect(path.length).toBe(N + 1);
    expect(path.offset).toBe(0);
    expect(addresses(path.head)).toEqual([toHex(DEEP_LIST.holder), ...nodes(0, PATH_HEAD - 1)]);
    expect(addresses(path.tail)).toEqual(nodes(N - PATH_TAIL, N));
    expect(elidedSteps(path)).toBe(N + 1 - PATH_HEAD - PATH_TAIL);
    expect(path.tail.at(-1)!.className).toBe('app.ListNode');
    expect(size(path)).toBeLessThan(BOUND);
  });

  it('dominatorPath pages into the middle', () => {
    // Position p holds node p - 1.
    const page = a.dominatorPath(last, { offset: 500_000, head: 3, tail: 0 });
    expect(page.length).toBe(N + 1);
    expect(page.offset).toBe(500_000);
    expect(addresses(page.head)).toEqual(nodes(499_999, 500_002));
    expect(page.tail).toEqual([]);
    // Short paths come whole, as before.
    const short = a.dominatorPath(a.findObject(toHex(DEEP_LIST.node(2)))!);
    expect(elidedSteps(short)).toBe(0);
    expect(addresses([...short.head, ...short.tail])).toEqual([toHex(DEEP_LIST.holder), ...nodes(0, 3)]);
  });

  it('pathToRoots: from the holder (the GC root) field by field, the last steps, and a page from the middle', async () => {
    const path = (await a.pathToRoots(last))!;
    expect(path.length).toBe(N + 1);
    expect(path.head[0].object.address).toBe(toHex(DEEP_LIST.holder));
    expect(path.head[0].object.rootTypes).toBeDefined();
    expect(path.head[0].field).toBe('head');
    expect(path.head.slice(1).every((s) => s.field === 'next')).toBe(true);
    expect(addresses(path.head.slice(1).map((s) => s.object))).toEqual(nodes(0, PATH_HEAD - 1));
    expect(addresses(path.tail.map((s) => s.object))).toEqual(nodes(N - PATH_TAIL, N));
    expect(path.tail.at(-1)!.field).toBeNull();
    expect(elidedSteps(path)).toBe(N + 1 - PATH_HEAD - PATH_TAIL);
    expect(size(path)).toBeLessThan(BOUND);
    const page = (await a.pathToRoots(last, { offset: 700_001, head: 2, tail: 1 }))!;
    expect(addresses(page.head.map((s) => s.object))).toEqual(nodes(700_000, 700_002));
    expect(page.head.map((s) => s.field)).toEqual(['next', 'next']);
    expect(addresses(page.tail.map((s) => s.object))).toEqual(nodes(N - 1, N));
  });

  it('accumulationPath and the leak suspect keep the ends of the chain down to the payload', async () => {
    const chain: PathWindow<{ address: string }> = a.accumulationPath(holder);
    // The holder, the N nodes, the payload (it keeps 1,016 of its node's 1,040 bytes).
    expect(chain.length).toBe(N + 2);
    expect(chain.head[0].address).toBe(toHex(DEEP_LIST.holder));
    expect(chain.tail.at(-1)!.address).toBe(toHex(DEEP_LIST.payload));
    expect(size(chain)).toBeLessThan(BOUND);
    const end = a.accumulationPath(holder, { head: 0, tail: 1 });
    expect(addresses(end.tail)).toEqual([toHex(DEEP_LIST.payload)]);

    const { suspects } = await a.leakSuspects();
    expect(suspects).toHaveLength(1);
    const s = suspects[0];
    expect(s.object!.address).toBe(toHex(DEEP_LIST.holder));
    expect(s.accumulation).toHaveLength(PATH_HEAD + PATH_TAIL);
    expect(s.accumulationLength).toBe(N + 2);
    expect(s.accumulation!.at(-1)!.address).toBe(toHex(DEEP_LIST.payload));
    expect(s.point!.pathFromRoot).toHaveLength(PATH_HEAD + PATH_TAIL);
    expect(s.point!.pathLength).toBe(N + 2);
    expect(s.point!.chain).toContain(`→ … ${(N + 2 - PATH_HEAD - PATH_TAIL).toLocaleString('en-US')} more … →`);
    expect(s.point!.chain.startsWith('ListHolder.head → ListNode.next → ListNode.next')).toBe(true);
    expect(s.point!.chain.endsWith('ListNode.payload → byte[1000]')).toBe(true);
    expect(size(s)).toBeLessThan(BOUND);
  });

  it('treemap: zoomed into the middle, the rest of the list is one chain box that opens to its end', () => {
    const middle = a.findObject(toHex(DEEP_LIST.node(N / 2)))!;
    const tree = a.treemap(middle);
    expect(tree.address).toBe(toHex(DEEP_LIST.node(N / 2)));
    expect(tree.children).toHaveLength(1);
    const box = tree.children![0];
    expect(box.address).toBe(toHex(DEEP_LIST.node(N / 2 + 1)));
    // From node N/2 + 1 down to the last node; the end is the payload.
    expect(box.chain!.length).toBe(N / 2 - 1);
    expect(box.chain!.sameClass).toBe(true);
    expect(box.chain!.end.address).toBe(toHex(DEEP_LIST.payload));
    expect(box.chain!.last.address).toBe(toHex(DEEP_LIST.node(N - 1)));
    expect(size(tree)).toBeLessThan(BOUND);
    const chain = a.dominatorChain(middle);
    expect(chain.end.address).toBe(toHex(DEEP_LIST.payload));
  });
});

describe('a map with 2,000 small entries', () => {
  let a: HeapAnalysis;
  beforeAll(async () => {
    a = await analyze(mapLeakDump(2000));
  });

  it('the table draws one box for its entries’ class, which zooms into them and pages them', () => {
    const table = a.findObject(toHex(MAP_LEAK.table))!;
    const tree = a.treemap(table);
    expect(tree.children).toHaveLength(1);
    const box = tree.children![0];
    expect(box.index).toBe(-3);
    expect(box.className).toBe('app.LeakMap$Entry');
    expect(box.foldedCount).toBe(2000);
    expect(box.parent).toBe(table);
    // Every entry's retained size, summed.
    const entries = a.dominatorChildrenByClass(table, 0, 10).page.items;
    expect(entries).toHaveLength(1);
    expect(box.retainedBytes).toBe(entries[0].retainedBytes);
    expect(box.retainedBytes + tree.shallowBytes).toBe(tree.retainedBytes);

    const group = a.treemap(table, { ofClass: box.classIndex!, maxNodes: 40 });
    expect(group.index).toBe(-3);
    expect(group.foldedCount).toBe(2000);
    const members = group.children!.filter((c) => c.index >= 0);
    const others = group.children!.filter((c) => c.index === -2);
    expect(members.length).toBeGreaterThan(0);
    expect(members.length + (others[0]?.foldedCount ?? 0)).toBe(2000);
    expect(others[0]?.classIndex).toBe(box.classIndex);
    expect(members.every((m) => m.className === 'app.LeakMap$Entry')).toBe(true);
    expect(addresses(members as { address: string }[])).toEqual(
      addresses(a.dominatorChildrenOfClass(table, box.classIndex!, 0, members.length).items),
    );
  });

  it('the cache’s small children fold into "others", which opens as one box per class', () => {
    const cache = a.findObject(toHex(MAP_LEAK.cache))!;
    // The listeners' array (10 listeners, under 0.2 % of the cache) is alone of its class: "1 others".
    const tree = a.treemap(cache, { depth: 1 });
    expect(tree.children!.map((c) => c.className)).toEqual(['app.LeakMap', 'app.Config', '1 others']);
    const others = tree.children![2];
    expect(others.index).toBe(-2);
    expect(others.foldedCount).toBe(1);
    expect(others.parent).toBe(cache);
    expect(others.retainedBytes).toBe(a.dominatorChildren(cache, 2, 1).items[0].retainedBytes);
    const byClass = a.treemap(cache, { byClass: true });
    expect(byClass.children!.map((c) => [c.className, c.foldedCount])).toEqual([
      ['app.LeakMap', 1],
      ['app.Config', 1],
      ['java.lang.Object[]', 1],
    ]);
    expect(byClass.children!.every((c) => c.index === -3 && c.parent === cache)).toBe(true);
  });
});
