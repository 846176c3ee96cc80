// `heapdrop held-by` (MAT's Immediate Dominators of one class), `heapdrop strings` (duplicate strings) and
// `heapdrop diff` (two dumps' histograms and dominator trees): the app's class, String and baseline queries for a terminal, as a table
// or as JSON.

import { terminalText, visibleText as shown } from '../core/display-text.ts';
import type { Writable } from 'node:stream';
import type { HeapAnalysis } from '../core/analysis.ts';
import { analyzeFile } from './cache.ts';
import { jsonOutput } from './format.ts';
import type { HistogramRow } from '../core/api.ts';
import { diffClasses, diffTrees } from '../core/tree-diff.ts';
import { command, countOption, flag, JSON_OPTION, KEEP_UNREACHABLE, parseCommand, positionals, UsageError, valued } from './args.ts';

export { UsageError };

const n = (x: number): string => x.toLocaleString('en-US');

export const HELD_BY = command({
  name: 'held-by',
  usage: 'heapdrop held-by <dump> <class name | class address> [--skip REGEX] [--json] [--keep-unreachable]',
  summary: "what keeps a class's objects alive: MAT's immediate dominators by class (JDK classes skipped)",
  options: {
    skip: valued('REGEX', "dominators of classes matching it are passed over (default MAT's JDK pattern; '' for none)"),
    json: JSON_OPTION,
    'keep-unreachable': KEEP_UNREACHABLE,
  },
});

export const STRINGS = command({
  name: 'strings',
  usage: 'heapdrop strings <dump> [--top N] [--json] [--keep-unreachable]',
  summary: 'duplicate strings: String values held more than once, and the bytes one copy each would free',
  options: {
    top: valued('N', 'values shown, largest waste first (default 20)'),
    json: JSON_OPTION,
    'keep-unreachable': KEEP_UNREACHABLE,
  },
});

export const DIFF = command({
  name: 'diff',
  usage: 'heapdrop diff <baseline dump> <dump> [--top N] [--json] [--keep-unreachable]',
  summary: 'what grew between two dumps of one program: each class (objects, shallow, retained) and where in the dominator tree',
  options: {
    top: valued('N', 'classes and tree paths shown, largest growth first (default 20)'),
    json: JSON_OPTION,
    'keep-unreachable': KEEP_UNREACHABLE,
  },
});

export const PATHS = command({
  name: 'paths',
  usage: 'heapdrop paths <dump> <class name | class address> [--depth N] [--width N] [--include-weak] [--json] [--keep-unreachable]',
  summary: "MAT's merged shortest paths from the GC roots to a class's objects, as a tree",
  options: {
    depth: valued('N', 'levels of the tree shown (default 12)'),
    width: valued('N', 'children shown under each node, at least 1 (default 3)'),
    'include-weak': flag('paths may run through weak and soft references'),
    json: JSON_OPTION,
    'keep-unreachable': KEEP_UNREACHABLE,
  },
});

/** The histogram row of a class given by name or by its class object's address; a usage error names the choices. */
export function findClass(analysis: HeapAnalysis, query: string): HistogramRow {
  const rows = analysis.histogram();
  const byAddress = /^0x[0-9a-f]+$/i.test(query) ? rows.filter((r) => r.classAddress.toLowerCase() === query.toLowerCase()) : [];
  const matches = byAddress.length > 0 ? byAddress : rows.filter((r) => r.className === query);
  if (matches.length === 1) return matches[0];
  if (matches.length === 0) throw new UsageError(`no class named ${JSON.stringify(query)} has objects in this dump`);
  const choices = matches.map((r) => `${r.classAddress} (${n(r.instances)} objects)`).join(', ');
  throw new UsageError(`${matches.length} classes are named ${query}: give one by its address: ${choices}`);
}

export async function runHeldBy(args: string[], out: Writable = process.stdout): Promise<number> {
  const { values, ...parsed } = parseCommand(HELD_BY, args);
  const [dump, className] = positionals(HELD_BY, parsed, 2);
  const analysis = await analyzeFile(dump, { keepUnreachable: values['keep-unreachable'] === true });
  const cls = findClass(analysis, className);
  const skip = values.skip;
  let result;
  try {
    result = analysis.immediateDominators(cls.classIndex, skip === undefined ? {} : { skip });
  } catch (e) {
    throw new UsageError(e instanceof Error ? e.message : String(e));
  }
  if (values.json) {
    const rows = result.rows.map((r) => ({
      className: r.className,
      dominators: r.dominators,
      dominated: r.dominated,
      dominatorShallowBytes: r.dominatorShallowBytes,
      dominatedShallowBytes: r.dominatedShallowBytes,
      largest: r.largest.map((o) => ({ objectId: o.address, retainedBytes: o.retainedBytes })),
    }));
    out.write(
      jsonOutput({ className: result.className, classAddress: cls.classAddress, objects: result.objects, skip: result.skip, rows }, 2),
    );
    return 0;
  }
  const lines = [
    `${shown(result.className)}: ${n(result.objects)} objects, by the class of their immediate dominator` +
      (result.skip === '' ? '' : ` (passing over ${result.skip})`) +
      ', largest dominated shallow bytes first',
    '',
    `${'objects'.padStart(12)} ${'shallow'.padStart(16)} ${'dominators'.padStart(11)}  class (largest dominator)`,
  ];
  for (const r of result.rows) {
    const largest = r.largest[0] ? `  (${r.largest[0].address}, retains ${n(r.largest[0].retainedBytes)})` : '';
    lines.push(
      `${n(r.dominated).padStart(12)} ${n(r.dominatedShallowBytes).padStart(16)} ${(r.classIndex === -1 ? '-' : n(r.dominators)).padStart(11)}  ${shown(r.className)}${largest}`,
    );
  }
  out.write(terminalText(lines.join('\n') + '\n'));
  return 0;
}

export async function runStrings(args: string[], out: Writable = process.stdout): Promise<number> {
  const { values, ...parsed } = parseCommand(STRINGS, args);
  const [dump] = positionals(STRINGS, parsed, 1);
  const top = countOption(STRINGS, values.top, 20);
  const analysis = await analyzeFile(dump, { keepUnreachable: values['keep-unreachable'] === true });
  const result = await analysis.duplicateStrings();
  const groups = result.groups.slice(0, top);
  await analysis.fillLabels(groups.map((g) => g.sample));
  if (values.json) {
    const { groups: _all, ...totals } = result;
    const json = {
      ...totals,
      groups: groups.map((g) => ({
        value: g.value,
        chars: g.chars,
        strings: g.strings,
        wastedBytes: g.wastedBytes,
        sampleId: g.sample.address,
      })),
    };
    out.write(jsonOutput(json, 2));
    return 0;
  }
  const lines = [
    `${n(result.strings)} Strings, ${n(result.distinct)} distinct values; ${n(result.duplicatedValues)} held more than once: ` +
      `${n(result.duplicates)} extra Strings, ${n(result.wastedBytes)} bytes that one copy per value would free.`,
  ];
  if (result.unreadable > 0) lines.push(`${n(result.unreadable)} Strings have no readable value.`);
  if (groups.length > 0) {
    lines.push('', `${'strings'.padStart(10)} ${'wasted'.padStart(12)}  value (the String that stays)`);
    for (const g of groups) {
      const cut = g.chars > g.value.length ? '…' : '';
      lines.push(`${n(g.strings).padStart(10)} ${n(g.wastedBytes).padStart(12)}  ${JSON.stringify(g.value + cut)} @ ${g.sample.address}`);
    }
  }
  out.write(terminalText(lines.join('\n') + '\n'));
  return 0;
}

/** `heapdrop diff`: what grew between an earlier dump and a later one of the same program: the change of each
 *  class (objects, shallow and retained bytes), then the dominator trees compared by path (src/core/tree-diff.ts). */
export async function runDiff(args: string[], out: Writable = process.stdout): Promise<number> {
  const { values, ...parsed } = parseCommand(DIFF, args);
  const positional = positionals(DIFF, parsed, 2);
  const top = countOption(DIFF, values.top, 20);
  const keepUnreachable = values['keep-unreachable'] === true;
  // Both analyses stay: the tree diff walks both dominator trees.
  const baseline = await analyzeFile(positional[0], { keepUnreachable });
  const current = await analyzeFile(positional[1], { keepUnreachable });
  const c = diffClasses(baseline.histogram(), current.histogram());
  const rows = c.rows;
  const tree = await diffTrees(baseline, current, top);
  if (values.json) {
    out.write(jsonOutput({ total: c.total, gone: c.gone, grown: rows.slice(0, top), tree }, 2));
    return 0;
  }
  const sign = (x: number): string => (x > 0 ? '+' : x < 0 ? '-' : '') + n(Math.abs(x));
  const lines: string[] = [];
  if (tree.warning !== null) lines.push(`warning: ${tree.warning}`, '');
  lines.push(
    `${positional[1]} vs ${positional[0]}: ${sign(c.total.instances)} objects, ${sign(c.total.shallowBytes)} bytes (shallow, reachable objects)` +
      (c.gone.classes > 0 ? `; ${n(c.gone.classes)} classes of the baseline have no object left` : ''),
    '',
    `${'Δ objects'.padStart(14)} ${'Δ shallow'.padStart(16)} ${'Δ retained'.padStart(16)}  class (largest growth in bytes first)`,
  );
  for (const r of rows.slice(0, top))
    lines.push(
      `${sign(r.instances).padStart(14)} ${sign(r.shallowBytes).padStart(16)} ${sign(r.retainedBytes).padStart(16)}  ${shown(r.className)}`,
    );
  lines.push(
    '',
    'Where it grew: the dominator trees compared by the path of classes and fields from the GC roots, largest growth first',
    '',
  );
  for (const row of tree.rows) {
    const path = shown(
      row.path.map((s, i) => (i === 0 ? s.className : ` → ${s.field === null ? '' : s.field + ': '}${s.className}`)).join(''),
    );
    const more = row.grewMost !== null ? `, ${sign(row.grewMost.objects)} ${row.grewMost.className}` : '';
    lines.push(
      `${sign(row.retained.delta).padStart(14)} bytes retained (${n(row.retained.baseline)} → ${n(row.retained.current)})${more}`,
      `    ${path}`,
    );
  }
  if (tree.rows.length === 0) lines.push('    (no path grew)');
  out.write(terminalText(lines.join('\n') + '\n'));
  return 0;
}

interface PathNodeJson {
  field: string | null;
  objectId: string;
  className: string;
  label?: string;
  /** Objects of the class whose shortest path runs through this one. */
  count: number;
  shallowBytes: number;
  children: PathNodeJson[];
  /** Children left out (beyond --width), and whether the tree goes on below --depth. */
  more: number;
  deeper: boolean;
}

/** `heapdrop paths`: the merged shortest paths from the GC roots to a class's objects, as a tree. */
export async function runPaths(args: string[], out: Writable = process.stdout): Promise<number> {
  const { values, ...parsed } = parseCommand(PATHS, args);
  const [dump, className] = positionals(PATHS, parsed, 2);
  const maxDepth = countOption(PATHS, values.depth, 12);
  const width = countOption(PATHS, values.width, 3, 1);
  const analysis = await analyzeFile(dump, { keepUnreachable: values['keep-unreachable'] === true });
  const cls = findClass(analysis, className);
  const options = { excludeWeak: values['include-weak'] !== true };
  const walk = async (
    parent: number,
    depth: number,
  ): Promise<{ nodes: PathNodeJson[]; more: number; reached: number; objects: number }> => {
    const r = await analysis.mergedPaths(cls.classIndex, parent, 0, width, options);
    const nodes: PathNodeJson[] = [];
    for (const row of r.page.items) {
      const node: PathNodeJson = {
        field: row.field,
        objectId: row.object.address,
        className: row.object.className,
        count: row.count,
        shallowBytes: row.targetShallowBytes,
        children: [],
        more: 0,
        deeper: false,
      };
      if (row.object.label !== undefined) node.label = row.object.label;
      if (row.children > 0 && depth + 1 < maxDepth) {
        const below = await walk(row.node, depth + 1);
        node.children = below.nodes;
        node.more = below.more;
      } else node.deeper = row.children > 0;
      nodes.push(node);
    }
    return { nodes, more: r.page.total - r.page.items.length, reached: r.reached, objects: r.objects };
  };
  const tree = await walk(-1, 0);
  if (values.json) {
    out.write(
      jsonOutput(
        {
          className: cls.className,
          classAddress: cls.classAddress,
          objects: tree.objects,
          reached: tree.reached,
          excludeWeak: options.excludeWeak,
          roots: tree.nodes,
          more: tree.more,
        },
        2,
      ),
    );
    return 0;
  }
  const lines = [
    `${cls.className}: the shortest paths from the GC roots to its ${n(tree.objects)} objects, merged` +
      (tree.reached < tree.objects
        ? ` (${n(tree.objects - tree.reached)} have none${options.excludeWeak ? ' without weak/soft references' : ''})`
        : '') +
      `; each line counts the objects whose path runs through it`,
    '',
  ];
  const print = (nodes: PathNodeJson[], more: number, indent: number): void => {
    // A node that is its parent's only child keeps the parent's indentation: a chain reads as a column.
    const step = nodes.length === 1 && more === 0 && indent > 0 ? 0 : 1;
    for (const node of nodes) {
      const pad = '  '.repeat(indent + step);
      // A class object's label ("class Foo") says more than its class (java.lang.Class).
      const name = shown(
        node.label?.startsWith('class ') ? node.label : `${node.className}${node.label !== undefined ? ' ' + node.label : ''}`,
      );
      const objects = `${n(node.count)} object${node.count === 1 ? '' : 's'}`;
      lines.push(
        `${pad}${node.field !== null ? shown(node.field) + ' -> ' : ''}${name} @ ${node.objectId}  [${objects}, ${n(node.shallowBytes)} bytes]${node.deeper ? ' ...' : ''}`,
      );
      print(node.children, node.more, indent + step);
    }
    if (more > 0) lines.push(`${'  '.repeat(indent + step)}(${n(more)} more)`);
  };
  print(tree.nodes, tree.more, 0);
  out.write(terminalText(lines.join('\n') + '\n'));
  return 0;
}
