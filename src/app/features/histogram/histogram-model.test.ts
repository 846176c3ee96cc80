import { describe, expect, it } from 'vitest';
import type { HistogramRow } from '../../../core/api.ts';
import {
  compileFilter,
  filterRows,
  flattenGroups,
  groupByLoader,
  groupByPackage,
  groupClassLists,
  packageOf,
  sortRows,
} from './histogram-model.ts';

function row(className: string, instances: number, shallowBytes: number, retainedBytes?: number, loaderAddress = '0x0'): HistogramRow {
  return {
    classIndex: instances,
    className,
    classAddress: '0x' + instances.toString(16),
    loaderAddress,
    instances,
    shallowBytes,
    retainedBytes,
  };
}

const rows = [
  row('byte[]', 100, 5000, 5000),
  row('java.lang.String', 80, 1920, 6000),
  row('java.util.HashMap$Node', 50, 1600, 3000),
  row('java.util.HashMap$Node[]', 5, 400, 3500),
  row('com.acme.app.Cache', 1, 24, 9000, '0xabc'),
  row('Main', 1, 16, 20),
];

describe('compileFilter', () => {
  it('matches substrings case-insensitively', () => {
    const f = compileFilter('hashmap');
    expect(filterRows(rows, f).map((r) => r.className)).toEqual(['java.util.HashMap$Node', 'java.util.HashMap$Node[]']);
  });
  it('treats /.../ as a regular expression', () => {
    expect(filterRows(rows, compileFilter('/\\[\\]$/')).map((r) => r.className)).toEqual(['byte[]', 'java.util.HashMap$Node[]']);
    expect(filterRows(rows, compileFilter('/^main$/i')).map((r) => r.className)).toEqual(['Main']);
  });
  it('reports an invalid regular expression and matches nothing', () => {
    const f = compileFilter('/([/');
    expect(f.error).toBeTruthy();
    expect(filterRows(rows, f)).toEqual([]);
  });
  it('matches everything when empty', () => {
    expect(filterRows(rows, compileFilter('  '))).toHaveLength(rows.length);
  });
});

describe('sortRows', () => {
  it('sorts on each column in both directions', () => {
    expect(sortRows(rows, 'retainedBytes', 'desc')[0].className).toBe('com.acme.app.Cache');
    expect(sortRows(rows, 'instances', 'asc').map((r) => r.instances)).toEqual([1, 1, 5, 50, 80, 100]);
    expect(sortRows(rows, 'className', 'asc')[0].className).toBe('Main');
  });
  it('puts rows without a retained size last when descending', () => {
    const sorted = sortRows([row('a', 1, 1, undefined), row('b', 2, 2, 0)], 'retainedBytes', 'desc');
    expect(sorted.map((r) => r.className)).toEqual(['b', 'a']);
  });
});

describe('packageOf', () => {
  it('finds the package of classes, inner classes and arrays', () => {
    expect(packageOf('java.util.HashMap$Node')).toBe('java.util');
    expect(packageOf('java.lang.Object[][]')).toBe('java.lang');
    expect(packageOf('int[]')).toBe('');
    expect(packageOf('Main$$Lambda$14+0x0000000800c03000')).toBe('');
  });
});

describe('groupByPackage', () => {
  it('builds a package tree with totals and merges single-child chains', () => {
    const tree = groupByPackage(rows);
    expect(tree.instances).toBe(237);
    expect(tree.classes.map((r) => r.className).sort()).toEqual(['Main', 'byte[]']);
    const names = tree.groups.map((g) => g.name).sort();
    expect(names).toEqual(['com.acme.app', 'java']);
    const java = tree.groups.find((g) => g.name === 'java')!;
    expect(java.shallowBytes).toBe(1920 + 1600 + 400);
    expect(java.groups.map((g) => g.name).sort()).toEqual(['lang', 'util']);
    const util = java.groups.find((g) => g.name === 'util')!;
    expect(util.key).toBe('java.util');
    expect(util.instances).toBe(55);
  });

  it('flattens only expanded groups, groups and loose classes sorted together on each level', () => {
    const tree = groupByPackage(rows);
    const collapsed = flattenGroups(tree, new Set(), 'shallowBytes', 'desc');
    expect(collapsed.map((r) => (r.kind === 'group' ? 'G ' + r.group.name : r.row.className))).toEqual([
      'byte[]',
      'G java',
      'G com.acme.app',
      'Main',
    ]);
    const open = flattenGroups(tree, new Set(['java', 'java.util']), 'shallowBytes', 'desc');
    expect(open.map((r) => `${r.depth}:${r.kind === 'group' ? 'G ' + r.group.name : r.row.className}`)).toEqual([
      '0:byte[]',
      '0:G java',
      '1:G util',
      '2:java.util.HashMap$Node',
      '2:java.util.HashMap$Node[]',
      '1:G lang',
      '0:G com.acme.app',
      '0:Main',
    ]);
  });

  it('lists each group with every class under it for the engine, and sorts by the retained sizes it gives', () => {
    const tree = groupByPackage(rows);
    const { keys, classes } = groupClassLists(tree);
    const byKey = new Map(keys.map((k, i) => [k, [...classes[i]].sort((a, b) => a - b)]));
    // classIndex = instances in these rows: String 80, HashMap$Node 50, HashMap$Node[] 5, Cache 1.
    expect(byKey).toEqual(
      new Map([
        ['java.lang', [80]],
        ['java.util', [5, 50]],
        ['java', [5, 50, 80]],
        ['com.acme.app', [1]],
      ]),
    );
    // Until the engine answers, a group sorts by its largest class (java: 6,000 < com.acme.app: 9,000); then by
    // its own figure.
    const name = (r: ReturnType<typeof flattenGroups>[number]) => (r.kind === 'group' ? 'G ' + r.group.name : r.row.className);
    expect(flattenGroups(tree, new Set(), 'retainedBytes', 'desc').map(name)).toEqual(['G com.acme.app', 'G java', 'byte[]', 'Main']);
    const retained = new Map([
      ['java', 12_000],
      ['com.acme.app', 9_000],
    ]);
    expect(flattenGroups(tree, new Set(), 'retainedBytes', 'desc', retained).map(name)).toEqual([
      'G java',
      'G com.acme.app',
      'byte[]',
      'Main',
    ]);
  });
});

describe('groupByLoader', () => {
  it('makes one group per loader address', () => {
    const tree = groupByLoader(rows, (a) => (a === '0x0' ? '<boot>' : a));
    expect(tree.groups.map((g) => [g.name, g.classes.length])).toEqual([
      ['<boot>', 5],
      ['0xabc', 1],
    ]);
    // Not a sum: the largest class's retained size (a lower bound of the group's, used to sort groups).
    expect(tree.groups[0].largestClassRetainedBytes).toBe(6000);
    expect(tree.groups[1].largestClassRetainedBytes).toBe(9000);
  });
});
