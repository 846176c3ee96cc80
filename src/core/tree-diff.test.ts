// The dominator-tree diff on a real JVM program dumped twice (test-fixtures/diff: InvoiceService.CACHE grows by
// 4,000 Sessions between the dumps, each with a 64-byte payload), and the warning for dumps of two programs.

import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from './analysis.node.ts';
import type { HeapAnalysis } from './analysis.ts';
import { diffTrees } from './tree-diff.ts';
import { HeapdropError } from './errors.ts';
import { loadAnalysis, saveAnalysis } from './persist/analysis-file.ts';
import { memorySource } from './testing/chunking.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const BEFORE = ROOT + 'test-fixtures/diff/before.hprof.gz';
const AFTER = ROOT + 'test-fixtures/diff/after.hprof.gz';
const OTHER = ROOT + 'test-fixtures/graph/graph.hprof.gz';

describe('diffTrees', () => {
  let before: HeapAnalysis;
  let after: HeapAnalysis;
  beforeAll(async () => {
    before = await analyzeFile(BEFORE);
    after = await analyzeFile(AFTER);
  }, 120_000);

  it("puts the grown collection first: InvoiceService.CACHE's list, 4,000 more Sessions", async () => {
    const d = await diffTrees(before, after);
    expect(d.warning).toBeNull();
    expect(d.fieldsMatched).toBe(true);
    const first = d.rows[0];
    // Its whole path from the top of the dominator tree, class and field at each step (the application class
    // loader's list of classes holds the class, whose static field holds the list).
    expect(first.path).toEqual([
      { field: null, className: 'jdk.internal.loader.ClassLoaders$AppClassLoader' },
      { field: 'classes', className: 'java.util.ArrayList' },
      { field: 'elementData', className: 'java.lang.Object[]' },
      { field: '[]', className: 'class DiffGrowth$InvoiceService' },
      { field: '<static> CACHE', className: 'java.util.ArrayList' },
    ]);
    expect(first.grewMost).toMatchObject({ className: 'DiffGrowth$Session', objects: 4000 });
    // What 4,000 Sessions retain (each with its payload), from the histograms: the row's growth includes it all,
    // plus the larger elementData array.
    const retainedOf = (a: HeapAnalysis, name: string) => a.histogram().find((r) => r.className === name)!.retainedBytes!;
    const sessions = retainedOf(after, 'DiffGrowth$Session') - retainedOf(before, 'DiffGrowth$Session');
    expect(first.grewMost!.retainedBytes).toBe(sessions);
    expect(first.retained.delta).toBeGreaterThan(sessions);
    expect(first.retained.delta).toBe(first.retained.current - first.retained.baseline);
    // Rows are sorted by growth, and none lies inside the first (its array and elements are part of it).
    for (let i = 1; i < d.rows.length; i++) {
      expect(d.rows[i].retained.delta).toBeLessThanOrEqual(d.rows[i - 1].retained.delta);
      expect(
        d.rows[i].path.length >= first.path.length &&
          d.rows[i].path.slice(0, first.path.length).every((s, k) => s.className === first.path[k].className),
      ).toBe(false);
    }
  });

  it("gives a treemap box's growth: the class loader holding the list grew by at least the list's growth", async () => {
    const tops = Array.from(after.graph.sortedChildren(-1));
    const d = await diffTrees(before, after, 20, tops);
    const loader = tops.find(
      (v) => after.graph.parsed.classes[after.graph.classByIndex[v]].name === 'jdk.internal.loader.ClassLoaders$AppClassLoader',
    )!;
    const g = d.growth.find((x) => x.index === loader)!;
    // One object on its path: the box holds the whole path's bytes in both dumps.
    expect(g.current).toBe(after.graph.retainedByIndex[loader]);
    expect(g.current - g.baseline).toBeGreaterThanOrEqual(d.rows[0].retained.delta);
    expect(d.growth.every((x) => tops.includes(x.index))).toBe(true);
  });

  it('matches paths by classes only when the baseline cannot read its dump, with the same first row', async () => {
    const parts: Uint8Array[] = [];
    const identity = { engine: 'test', key: 'before' };
    await saveAnalysis(before, { write: (b) => void parts.push(b.slice()) }, identity);
    const bytes = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    parts.reduce((at, p) => (bytes.set(p, at), at + p.length), 0);
    const absent = {
      name: 'before.hprof.gz',
      size: 0,
      stream: () => {
        throw new HeapdropError('IO', 'the dump is not at hand');
      },
      readRange: async (): Promise<Uint8Array> => {
        throw new HeapdropError('IO', 'the dump is not at hand');
      },
    };
    const reopened = await loadAnalysis(memorySource(bytes), identity, absent);
    const d = await diffTrees(reopened, after);
    expect(d.fieldsMatched).toBe(false);
    expect(d.rows[0].path.at(-1)).toEqual({ field: '<static> CACHE', className: 'java.util.ArrayList' });
    expect(d.rows[0].retained.delta).toBe((await diffTrees(before, after)).rows[0].retained.delta);
  });

  it('warns when the baseline is another program', async () => {
    const other = await analyzeFile(OTHER);
    const d = await diffTrees(other, after);
    expect(d.warning).toMatch(/do not look like one program/);
    expect(d.sharedApplicationClasses).toBeLessThan(d.applicationClasses / 2);
  });
});

describe('heapdrop diff', () => {
  it('prints the class table with Δ retained and the tree diff, or both as JSON', () => {
    const cli = (...args: string[]) =>
      spawnSync(process.execPath, [ROOT + 'bin/heapdrop.mjs', 'diff', BEFORE, AFTER, '--no-cache', ...args], { encoding: 'utf8' });
    const json = cli('--json');
    expect(json.status).toBe(0);
    const doc = JSON.parse(json.stdout);
    expect(doc.grown.find((r: { className: string }) => r.className === 'DiffGrowth$Session')).toMatchObject({ instances: 4000 });
    expect(doc.tree.rows[0].path.at(-1)).toEqual({ field: '<static> CACHE', className: 'java.util.ArrayList' });
    const text = cli();
    expect(text.status).toBe(0);
    expect(text.stdout).toMatch(/Δ objects\s+Δ shallow\s+Δ retained/);
    expect(text.stdout).toContain('class DiffGrowth$InvoiceService → <static> CACHE: java.util.ArrayList');
    expect(text.stdout).toContain('+4,000 DiffGrowth$Session');
  }, 120_000);
});
