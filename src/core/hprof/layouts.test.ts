// Real dumps of one program (test-fixtures/graph/Graph.java) under other heap layouts than the default one
import { wholePath as whole } from '../api.ts';
// (test-fixtures/layouts/make-fixtures.sh): ZGC and a 40 GB G1 heap (no compressed references), and 16-byte
// object alignment. Checks the layout the reader detects, counts against the JVM's class histogram, and MAT's
// size model through the whole analysis (shallow and retained sizes of the program's known objects).

import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { analyzeDump, type HeapAnalysis } from '../analysis.ts';
import { nodeFileSource } from '../io/file-source.node.ts';
import { nodeInflaters } from '../io/inflate.node.ts';
import { compareWithJcmd, countsRead, jcmdCounts } from '../testing/jcmd-histogram.node.ts';
import { readHprofFile } from './read-file.node.ts';

const DIR = fileURLToPath(new URL('../../../test-fixtures/layouts/', import.meta.url));

interface Layout {
  name: string;
  compressedRefs: boolean;
  alignment: number;
  /** MAT's model (docs/mat-semantics.md, "Sizes"): header = 8-byte pointer + reference size; each class
   *  level rounded to the reference size; then the alignment. */
  item: number;
  leaf: number;
  string: number;
  /** int[100]: primitive array header (pointer + reference + 4, rounded to the reference size) + 400, aligned. */
  int100: number;
  /** byte[6] and byte[7], the Latin-1 values of "item-0".."item-16". */
  byte7: number;
}

const LAYOUTS: Layout[] = [
  // Item: 16 + int 4 + 2 refs x 8 = 36 -> 40. Leaf: 16 + 26 + 8 = 50 -> 56. String (value, coder, hash,
  // hashIsZero): 16 + 8 + 1 + 4 + 1 = 30 -> 32. int[100]: 20 -> 24, + 400. byte[7]: 24 + 7 = 31 -> 32.
  { name: 'zgc', compressedRefs: false, alignment: 8, item: 40, leaf: 56, string: 32, int100: 424, byte7: 32 },
  { name: 'g1-40g', compressedRefs: false, alignment: 8, item: 40, leaf: 56, string: 32, int100: 424, byte7: 32 },
  // Item: 12 + 4 + 2 x 4 = 24 -> 32 (16-byte alignment). Leaf: 12 + 26 + 4 = 42 -> 44 -> 48. String: 12 + 4 +
  // 1 + 4 + 1 = 22 -> 24 -> 32. int[100]: 16 + 400 = 416. byte[7]: 16 + 7 = 23 -> 32.
  { name: 'align16', compressedRefs: true, alignment: 16, item: 32, leaf: 48, string: 32, int100: 416, byte7: 32 },
];

async function analyze(name: string): Promise<HeapAnalysis> {
  return analyzeDump(nodeFileSource(`${DIR}${name}.hprof.gz`), {}, undefined, { inflaters: nodeInflaters });
}

describe.each(LAYOUTS)('layout fixture $name', (layout) => {
  it('detects the layout and counts every class as the JVM does', async () => {
    const { parsed } = await readHprofFile(`${DIR}${layout.name}.hprof.gz`);
    expect(parsed.truncated).toBe(false);
    expect(parsed.idSize).toBe(8);
    expect(parsed.compressedRefs).toBe(layout.compressedRefs);
    expect(parsed.alignment).toBe(layout.alignment);
    const { mismatches, compared } = compareWithJcmd(countsRead(parsed), jcmdCounts(`${DIR}${layout.name}.jcmd-histogram.txt`));
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(250);
  });

  it("gives the program's objects MAT's shallow and retained sizes", async () => {
    const analysis = await analyze(layout.name);
    const summary = analysis.summary();
    expect(summary.compressedRefs).toBe(layout.compressedRefs);
    expect(summary.alignment).toBe(layout.alignment);
    const rows = analysis.histogram();
    const row = (className: string) => {
      const r = rows.find((x) => x.className === className);
      if (r === undefined) throw new Error(`no histogram row for ${className}`);
      return r;
    };
    expect(row('Graph$Item').instances).toBe(1234);
    expect(row('Graph$Item').shallowBytes).toBe(1234 * layout.item);
    expect(row('Graph$Leaf').instances).toBe(111);
    expect(row('Graph$Leaf').shallowBytes).toBe(111 * layout.leaf);
    // Every Item is held by the ArrayList's array and (but the first) by the previous Item, so each is
    // immediately dominated by the array and retains itself, its label String and the String's byte[]; but the
    // last, which main()'s locals also hold (references from the main thread): a top-level dominator.
    const items = analysis.instancesOf(row('Graph$Item').classIndex, 0, 2000);
    expect(items.total).toBe(1234);
    let underArray = 0;
    for (const item of items.items) {
      expect(item.shallowBytes).toBe(layout.item);
      expect(item.retainedBytes).toBe(layout.item + layout.string + layout.byte7);
      const path = whole(analysis.dominatorPath(item.index));
      expect(path[path.length - 1].index).toBe(item.index);
      if (path.length > 1) {
        expect(path[path.length - 2].className).toBe('java.lang.Object[]');
        underArray++;
      }
    }
    expect(underArray).toBe(1233);
    for (const leaf of analysis.instancesOf(row('Graph$Leaf').classIndex, 0, 200).items) {
      expect(leaf.shallowBytes).toBe(layout.leaf);
      expect(leaf.retainedBytes).toBe(layout.leaf);
    }
    // The 40 int[] of `blocks` (100..139 elements): MAT's primitive-array size for each length.
    const intSizes = new Map<number, number>();
    for (const a of analysis.instancesOf(row('int[]').classIndex, 0, 100_000).items) {
      intSizes.set(a.shallowBytes, (intSizes.get(a.shallowBytes) ?? 0) + 1);
    }
    const align = (n: number) => Math.ceil(n / layout.alignment) * layout.alignment;
    for (let length = 100; length < 140; length++) {
      expect(intSizes.get(align(layout.int100 - 400 + 4 * length)) ?? 0, `int[${length}]`).toBeGreaterThanOrEqual(1);
    }
    // The totals agree: used heap = the sum of the histogram's shallow bytes = the top-level dominators' retained.
    const shallowSum = rows.reduce((s, r) => s + r.shallowBytes, 0);
    expect(shallowSum).toBe(summary.usedHeapBytes);
    let top = 0;
    const roots = analysis.dominatorChildren(-1, 0, 1_000_000);
    for (const r of roots.items) top += r.retainedBytes;
    expect(top).toBe(summary.usedHeapBytes);
  });
});
