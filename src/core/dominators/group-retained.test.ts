// The minimum retained size of groups of classes: a group of one class gives the histogram's (MAT's) minimum
// retained size of that class, and any group equals a brute force over dominator chains; overlapping groups (nested
// packages) give what each gives alone. On the committed real-JVM fixture and on corpus dumps (skipped when absent).
import { describe, expect, it } from 'vitest';
import { analyzeFile } from '../analysis.node.ts';
import type { HeapAnalysis } from '../analysis.ts';
import { classRecordOf, KIND_CLASS } from '../graph/heap-graph.ts';
import { corpusFile, haveCorpus } from '../testing/corpus.node.ts';
import { NO_NODE } from './types.ts';

const FIXTURE = new URL('../../../test-fixtures/graph/graph.hprof.gz', import.meta.url).pathname;

/** Each member (its class, or a class object's own class, in the group) that has no member among its
 *  dominators: O(nodes x depth). */
function bruteForce(a: HeapAnalysis, group: readonly number[]): number {
  const g = a.graph;
  const inGroup = new Set(group);
  const member = (v: number) =>
    inGroup.has(g.classByIndex[v]) || (g.kindByIndex[v] === KIND_CLASS && inGroup.has(classRecordOf(g.ordinalByIndex, v)));
  let total = 0;
  for (let v = 0; v < g.nodeCount; v++) {
    if (!member(v)) continue;
    let covered = false;
    for (let d = g.idomByIndex[v]; d !== NO_NODE && !covered; d = g.idomByIndex[d]) covered = member(d);
    if (!covered) total += g.retainedByIndex[v];
  }
  return total;
}

/** Groups as the histogram makes them: each package, and each package's parent packages (nested). */
function packageGroups(a: HeapAnalysis): { names: string[]; groups: number[][] } {
  const byPackage = new Map<string, number[]>();
  for (const row of a.histogram()) {
    const parts = row.className.split('.');
    for (let depth = 1; depth < parts.length; depth++) {
      const pkg = parts.slice(0, depth).join('.');
      const list = byPackage.get(pkg) ?? [];
      list.push(row.classIndex);
      byPackage.set(pkg, list);
    }
  }
  return { names: [...byPackage.keys()], groups: [...byPackage.values()] };
}

async function check(a: HeapAnalysis): Promise<void> {
  const rows = a.histogram();
  // One class: the histogram's minimum retained size (java.lang.Class aside: MAT lists its own class object twice).
  const single = rows.filter((r) => r.className !== 'java.lang.Class');
  const got = await a.groupRetained(single.map((r) => [r.classIndex]));
  single.forEach((r, i) => expect(got[i], r.className).toBe(r.retainedBytes));
  // Packages, nested: each equals the brute force, and asking them together gives what each gives alone.
  const { names, groups } = packageGroups(a);
  expect(groups.length).toBeGreaterThan(5);
  const together = await a.groupRetained(groups);
  const some = groups.map((_, i) => i).filter((i) => i % Math.max(1, Math.floor(groups.length / 12)) === 0);
  for (const i of some) {
    expect(together[i], names[i]).toBe(bruteForce(a, groups[i]));
    expect((await a.groupRetained([groups[i]]))[0], names[i]).toBe(together[i]);
  }
  // Every class: the whole heap's objects with no dominator among them, the tree's roots.
  const all = rows.map((r) => r.classIndex);
  const [everything] = await a.groupRetained([all]);
  expect(everything).toBe(bruteForce(a, all));
  let roots = 0;
  for (let v = 0; v < a.graph.nodeCount; v++) if (a.graph.idomByIndex[v] === NO_NODE) roots += a.graph.retainedByIndex[v];
  expect(everything).toBe(roots);
  // A group is at least its largest class's own figure, and classes out of range are ignored.
  const java = names.indexOf('java');
  expect(together[java]).toBeGreaterThanOrEqual(
    Math.max(...groups[java].map((c) => rows.find((r) => r.classIndex === c)?.retainedBytes ?? 0)),
  );
  expect(await a.groupRetained([[-1, 1e9], []])).toEqual([0, 0]);
}

describe('minimum retained size of class groups', () => {
  it('on the committed real-JVM fixture', async () => {
    await check(await analyzeFile(FIXTURE, {}));
  });
  for (const name of ['basics.hprof.gz', 'references.hprof.gz']) {
    it.runIf(haveCorpus(name))(`on corpus ${name}`, async () => {
      await check(await analyzeFile(corpusFile(name), {}));
    });
  }
});
