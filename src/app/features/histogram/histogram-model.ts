// Pure logic of the class histogram: text or /regex/ filter, sort, grouping by package (a tree) or by class
// loader, flattening the expanded tree into the rows the virtual list shows.
import type { HistogramRow } from '../../../core/api.ts';

export type SortKey = 'className' | 'instances' | 'shallowBytes' | 'retainedBytes' | 'deltaInstances' | 'deltaShallow';
/** A histogram row, with its change since a baseline dump when one is loaded (core/histogram-diff.ts). */
export type ComparedRow = HistogramRow & { deltaInstances?: number; deltaShallow?: number };
type Sortable = Pick<HistogramRow, 'className' | 'instances' | 'shallowBytes' | 'retainedBytes'> & {
  deltaInstances?: number;
  deltaShallow?: number;
};
export type SortDir = 'asc' | 'desc';
export type GroupMode = 'none' | 'package' | 'loader';

export interface Filter {
  test: (className: string) => boolean;
  error?: string;
}

/** `/.../flags` is a regular expression; anything else matches as a case-insensitive substring. */
export function compileFilter(text: string): Filter {
  const t = text.trim();
  if (t === '') return { test: () => true };
  const m = /^\/(.*)\/([a-z]*)$/s.exec(t);
  if (m) {
    try {
      const re = new RegExp(m[1], m[2]);
      return { test: (s) => re.test(s) };
    } catch (e) {
      return { test: () => false, error: e instanceof Error ? e.message : String(e) };
    }
  }
  const needle = t.toLowerCase();
  return { test: (s) => s.toLowerCase().includes(needle) };
}

export function sortRows<T extends Sortable>(rows: T[], key: SortKey, dir: SortDir): T[] {
  const sign = dir === 'asc' ? 1 : -1;
  const byName = (a: T, b: T): number => (a.className < b.className ? -1 : a.className > b.className ? 1 : 0);
  return [...rows].sort((a, b) => {
    if (key === 'className') return sign * byName(a, b);
    // A missing figure (no retained size yet, no change: no baseline) sorts as the smallest.
    const x = a[key] ?? -Infinity;
    const y = b[key] ?? -Infinity;
    return x !== y ? sign * (x < y ? -1 : 1) : byName(a, b);
  });
}

/** Package of a class: `java.util` for `java.util.HashMap$Node` and `java.util.HashMap$Node[]`; '' for `int[]`. */
export function packageOf(className: string): string {
  let end = className.length;
  while (end >= 2 && className.charCodeAt(end - 1) === 93 /* ] */ && className.charCodeAt(end - 2) === 91 /* [ */) end -= 2;
  const dot = className.lastIndexOf('.', end - 1);
  return dot < 0 ? '' : className.slice(0, dot);
}

export interface GroupNode {
  /** Unique key: the package path, or the loader address. */
  key: string;
  name: string;
  instances: number;
  shallowBytes: number;
  /** The largest of its classes' minimum retained sizes: a lower bound of the group's own, which sorts the groups
   *  until the engine gives that (groupRetained: the group's objects taken as one set, never a sum of its classes',
   *  whose objects can hold each other). */
  largestClassRetainedBytes: number;
  groups: GroupNode[];
  classes: HistogramRow[];
}

function emptyGroup(key: string, name: string): GroupNode {
  return { key, name, instances: 0, shallowBytes: 0, largestClassRetainedBytes: 0, groups: [], classes: [] };
}

function addTotals(g: GroupNode, r: HistogramRow): void {
  g.instances += r.instances;
  g.shallowBytes += r.shallowBytes;
  g.largestClassRetainedBytes = Math.max(g.largestClassRetainedBytes, r.retainedBytes ?? 0);
}

/** A package tree: `java` > `util` > classes. Chains of single sub-packages without classes merge (`com.acme.app`). */
export function groupByPackage(rows: HistogramRow[]): GroupNode {
  const root = emptyGroup('', '');
  const byKey = new Map<string, GroupNode>([['', root]]);
  // Classes share few packages: resolve each package's chain of groups once (50,000 classes, a few hundred packages).
  const chainByPackage = new Map<string, GroupNode[]>();
  const chainOf = (pkg: string): GroupNode[] => {
    let chain = chainByPackage.get(pkg);
    if (chain) return chain;
    chain = [root];
    if (pkg !== '') {
      let node = root;
      let path = '';
      for (const part of pkg.split('.')) {
        path = path === '' ? part : path + '.' + part;
        let child = byKey.get(path);
        if (!child) {
          child = emptyGroup(path, part);
          byKey.set(path, child);
          node.groups.push(child);
        }
        chain.push(child);
        node = child;
      }
    }
    chainByPackage.set(pkg, chain);
    return chain;
  };
  for (const r of rows) {
    const chain = chainOf(packageOf(r.className));
    for (const g of chain) addTotals(g, r);
    chain[chain.length - 1].classes.push(r);
  }
  for (const g of root.groups) mergeChains(g);
  return root;
}

function mergeChains(g: GroupNode): void {
  while (g.classes.length === 0 && g.groups.length === 1) {
    const only = g.groups[0];
    g.name = g.name + '.' + only.name;
    g.key = only.key;
    g.groups = only.groups;
    g.classes = only.classes;
  }
  for (const c of g.groups) mergeChains(c);
}

/** One group per class loader; `loaderName` names a loader address (e.g. the boot loader as `0x0`). */
export function groupByLoader(rows: HistogramRow[], loaderName: (address: string) => string = (a) => a): GroupNode {
  const root = emptyGroup('', '');
  const byLoader = new Map<string, GroupNode>();
  for (const r of rows) {
    let g = byLoader.get(r.loaderAddress);
    if (!g) {
      g = emptyGroup('loader:' + r.loaderAddress, loaderName(r.loaderAddress));
      byLoader.set(r.loaderAddress, g);
      root.groups.push(g);
    }
    addTotals(g, r);
    addTotals(root, r);
    g.classes.push(r);
  }
  return root;
}

export type DisplayRow =
  { kind: 'group'; depth: number; group: GroupNode; expanded: boolean } | { kind: 'class'; depth: number; row: HistogramRow };

/** Every group of a tree (the root left out) with the classes under it, sub-groups' included: what the engine's
 *  groupRetained query takes. */
export function groupClassLists(root: GroupNode): { keys: string[]; classes: number[][] } {
  const keys: string[] = [];
  const classes: number[][] = [];
  const walk = (g: GroupNode): number[] => {
    const under = g.classes.map((r) => r.classIndex);
    for (const sub of g.groups) for (const c of walk(sub)) under.push(c);
    if (g !== root) {
      keys.push(g.key);
      classes.push(under);
    }
    return under;
  };
  walk(root);
  return { keys, classes };
}

/** Rows shown for a grouped tree: a level's groups and loose classes sorted together (a 20 MB `byte[]` above a
 *  package of 0 B), children only under expanded groups. */
export function flattenGroups(
  root: GroupNode,
  expanded: ReadonlySet<string>,
  key: SortKey,
  dir: SortDir,
  /** Each group's own (minimum) retained size, by key, once the engine has given it. */
  retainedByGroup?: ReadonlyMap<string, number>,
): DisplayRow[] {
  const out: DisplayRow[] = [];
  const walk = (g: GroupNode, depth: number) => {
    const level = sortRows(
      [
        ...g.groups.map((x) => ({
          className: x.name,
          instances: x.instances,
          shallowBytes: x.shallowBytes,
          retainedBytes: retainedByGroup?.get(x.key) ?? x.largestClassRetainedBytes,
          group: x,
        })),
        ...g.classes.map((row) => ({ ...row, row })),
      ],
      key,
      dir,
    );
    for (const item of level) {
      if ('group' in item) {
        const isOpen = expanded.has(item.group.key);
        out.push({ kind: 'group', depth, group: item.group, expanded: isOpen });
        if (isOpen) walk(item.group, depth + 1);
      } else {
        out.push({ kind: 'class', depth, row: item.row });
      }
    }
  };
  walk(root, 0);
  return out;
}

/** The class rows whose name matches; grouping runs on the result, so group totals cover the matches only. */
export function filterRows(rows: HistogramRow[], filter: Filter): HistogramRow[] {
  return rows.filter((r) => filter.test(r.className));
}
