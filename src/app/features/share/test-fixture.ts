// A hand-built analysis for share tests: a small dominator tree with application classes, JDK classes, String
// values and a thread name, served through the SnapshotSource interface. Test support only.
import {
  windowOf,
  type DominatorTop,
  type HistogramRow,
  type LeakSuspects,
  type ObjectDetails,
  type ObjectRow,
  type Page,
  type PathWindow,
  type PathWindowOptions,
  type Summary,
  type TreemapNode,
} from '../../../core/api.ts';
import { bestFirst } from '../../../core/queries/dominator-tree.ts';
import type { SnapshotSource } from './collect-snapshot.ts';

/** Strings that must never reach the server in clear (and, when redacted, never reach the snapshot). */
export const SECRET_STRINGS = ['password=hunter2-XYZ', 'payment-worker-7', 'alice@example.com'];
export const APP_CLASS_NAMES = ['com.acme.billing.InvoiceCache', 'com.acme.billing.Invoice', 'com.acme.auth.SessionToken'];

interface Node {
  row: ObjectRow;
  parent: number;
}

const rows: Node[] = [];
function add(parent: number, className: string, retainedBytes: number, shallowBytes: number, label?: string, rootTypes?: string[]) {
  const index = rows.length;
  const row: ObjectRow = {
    index,
    address: '0x' + (0x7000_0000 + index * 0x20).toString(16),
    className,
    shallowBytes,
    retainedBytes,
    dominatedCount: 0,
  };
  if (label !== undefined) row.label = label;
  if (rootTypes) row.rootTypes = rootTypes;
  rows.push({ row, parent });
  if (parent >= 0) rows[parent].row.dominatedCount++;
  return index;
}

const thread = add(-1, 'java.lang.Thread', 9_000, 120, 'payment-worker-7', ['Thread']);
const cache = add(-1, 'com.acme.billing.InvoiceCache', 50_000, 24, undefined, ['System Class']);
const map = add(cache, 'java.util.HashMap', 49_000, 48);
const table = add(map, 'java.util.HashMap$Node[]', 48_000, 1_040);
for (let i = 0; i < 6; i++) {
  const node = add(table, 'java.util.HashMap$Node', 7_000 - i * 100, 32);
  const invoice = add(node, 'com.acme.billing.Invoice', 6_500 - i * 100, 40);
  add(invoice, 'java.lang.String', 80, 24, i === 0 ? 'alice@example.com' : `customer-${i}`);
}
const session = add(thread, 'com.acme.auth.SessionToken', 8_000, 32);
const secret = add(session, 'java.lang.String', 72, 24, 'password=hunter2-XYZ');
add(secret, 'byte[]', 48, 48);
add(-1, 'java.lang.Object[]', 3_000, 3_000, 'length 740');

export const fixtureSummary: Summary = {
  format: 'JAVA PROFILE 1.0.2',
  idSize: 8,
  timestamp: 1_790_000_000_000,
  bytesRead: 123_456,
  compressed: true,
  objects: rows.length,
  instances: rows.length - 3,
  arrays: 3,
  classes: 9,
  gcRoots: 2,
  gcRootsByType: { Thread: 1, 'System Class': 1 },
  usedHeapBytes: 62_000,
  unreachable: { objects: 0, shallowBytes: 0 },
  keepUnreachable: false,
  compressedRefs: true,
  alignment: 8,
  recordCounts: { UTF8: 40, 'INSTANCE DUMP': 20 },
  truncated: false,
  warnings: ['class com.acme.billing.Invoice declared twice'],
};

export const fixtureHistogram: HistogramRow[] = Array.from(
  rows
    .reduce((m, { row }) => {
      const h = m.get(row.className) ?? { className: row.className, instances: 0, shallowBytes: 0 };
      h.instances++;
      h.shallowBytes += row.shallowBytes;
      return m.set(row.className, h);
    }, new Map<string, { className: string; instances: number; shallowBytes: number }>())
    .values(),
)
  .sort((a, b) => b.shallowBytes - a.shallowBytes)
  .map((h, i) => ({
    ...h,
    classIndex: i,
    classAddress: '0x' + (0x1000 + i * 8).toString(16),
    loaderAddress: '0x0',
    retainedBytes: h.shallowBytes,
  }));

function childrenOf(parent: number): ObjectRow[] {
  return rows
    .filter((n) => n.parent === parent)
    .map((n) => ({ ...n.row }))
    .sort((a, b) => b.retainedBytes - a.retainedBytes);
}

function treemapOf(index: number, depth: number): TreemapNode {
  const row = index === -1 ? null : rows[index].row;
  const node: TreemapNode = row
    ? { index, address: row.address, className: row.className, retainedBytes: row.retainedBytes, shallowBytes: row.shallowBytes }
    : { index: -1, className: '<heap>', retainedBytes: 62_000, shallowBytes: 0 };
  if (row?.label !== undefined) node.label = row.label;
  const kids = childrenOf(index);
  if (depth > 0 && kids.length > 0) node.children = kids.map((k) => treemapOf(k.index, depth - 1));
  return node;
}

export const SESSION_INDEX = session;
export const SECRET_STRING_INDEX = secret;

/** Counts calls, so tests can check how much the collector asks for. */
/**
 * A real analysis (HeapAnalysis from the core) as a SnapshotSource, the way the app's worker serves it: rows come
 * with their labels (a String's value, a thread's name) filled in.
 */
export function analysisSource(a: {
  summary(): Summary;
  histogram(): HistogramRow[];
  dominatorTop(depth: number, maxNodes: number): DominatorTop;
  dominatorPath(i: number, w?: PathWindowOptions): PathWindow<ObjectRow>;
  objectDetails(i: number): Promise<ObjectDetails>;
  treemap(r: number, o?: Parameters<SnapshotSource['treemap']>[1]): TreemapNode;
  leakSuspects(): Promise<LeakSuspects>;
  fillLabels(rows: { index: number; label?: string }[]): Promise<void>;
}): SnapshotSource {
  const labelled = async <T extends { index: number; label?: string }>(rows: T[]): Promise<T[]> => {
    await a.fillLabels(rows);
    return rows;
  };
  return {
    summary: async () => a.summary(),
    histogram: async () => a.histogram(),
    dominatorTop: async (depth, maxNodes) => {
      const top = a.dominatorTop(depth, maxNodes);
      await labelled(top.nodes);
      return top;
    },
    dominatorPath: async (i, w) => {
      const path = a.dominatorPath(i, w);
      await labelled([...path.head, ...path.tail]);
      return path;
    },
    objectDetails: (i) => a.objectDetails(i),
    treemap: async (r, o) => {
      const root = a.treemap(r, o);
      const nodes: TreemapNode[] = [];
      for (const stack = [root]; stack.length > 0;) {
        const node = stack.pop()!;
        if (node.index >= 0) nodes.push(node);
        if (node.children) stack.push(...node.children);
      }
      await labelled(nodes);
      return root;
    },
    leakSuspects: async () => a.leakSuspects(),
  };
}

/** The fixture as a SnapshotSource, plus the live tree's pages (to compare a snapshot against). */
export function fixtureSource(
  calls: string[] = [],
): SnapshotSource & { dominatorChildren(parent: number, offset: number, limit: number): Promise<Page<ObjectRow>> } {
  return {
    dominatorChildren: async (parent, offset, limit) => {
      calls.push(`children(${parent})`);
      const all = childrenOf(parent);
      return { offset, total: all.length, items: all.slice(offset, offset + limit) };
    },
    summary: async () => (calls.push('summary'), structuredClone(fixtureSummary)),
    histogram: async () => (calls.push('histogram'), structuredClone(fixtureHistogram)),
    dominatorTop: async (depth, maxNodes) => {
      calls.push(`top(${depth}, ${maxNodes})`);
      const taken = bestFirst(
        (p) => childrenOf(p).map((r) => r.index),
        (v) => rows[v].row.retainedBytes,
        depth,
        maxNodes,
      );
      return { nodes: taken.map((t) => ({ ...rows[t.node].row, parent: t.parent })), topLevel: childrenOf(-1).length };
    },
    dominatorPath: async (index, window) => {
      const path: ObjectRow[] = [];
      for (let at = index; at !== -1; at = rows[at].parent) path.unshift({ ...rows[at].row });
      return windowOf(path, window);
    },
    objectDetails: async (index): Promise<ObjectDetails> => {
      const row = { ...rows[index].row };
      const isString = row.className === 'java.lang.String';
      return {
        row,
        kind: 'instance',
        fields: isString
          ? [
              { name: 'value', type: 'object', value: null, ref: { ...rows[index + 1]?.row } },
              { name: 'hash', type: 'int', value: '-1288270520' },
              { name: 'coder', type: 'byte', value: '0' },
            ]
          : [
              { name: 'token', type: 'object', value: null, ref: { ...rows[secret].row } },
              { name: 'createdMillis', type: 'long', value: '1790000000123' },
              { name: 'userId', type: 'int', value: '424242' },
            ],
        ...(isString ? { stringValue: row.label } : {}),
      };
    },
    treemap: async (root, options) => treemapOf(root, options?.depth ?? 4),
    leakSuspects: async () => (calls.push('suspects'), structuredClone(fixtureSuspects)),
  };
}

/** The cache (a class through its statics) and the thread, both above 10% of the 62,000 bytes; a group of
 *  application instances; a long accumulation chain (cut to its ends in a snapshot). */
export const fixtureSuspects: LeakSuspects = {
  usedHeapBytes: 62_000,
  thresholdBytes: 6_200,
  suspects: [
    {
      kind: 'class',
      object: { ...rows[cache].row },
      retainedBytes: 50_000,
      topConsumers: [
        { className: 'com.acme.billing.Invoice', instances: 6, shallowBytes: 240 },
        { className: 'java.util.HashMap$Node', instances: 6, shallowBytes: 192 },
      ],
      accumulation: [{ ...rows[cache].row }, { ...rows[map].row }, { ...rows[table].row }],
      loader: { ...rows[thread].row, className: 'jdk.internal.loader.ClassLoaders$AppClassLoader', label: undefined },
      point: {
        object: { ...rows[table].row },
        loader: { ...rows[thread].row, className: 'java.lang.ClassLoader', label: '<system class loader>' },
        pathFromRoot: [
          { object: { ...rows[cache].row }, field: 'map' },
          { object: { ...rows[map].row }, field: 'table' },
          { object: { ...rows[table].row }, field: null },
        ],
        chain: 'InvoiceCache.map → HashMap.table → HashMap$Node[16]',
        childrenByClass: [{ classIndex: 5, className: 'java.util.HashMap$Node', count: 6, shallowBytes: 192, retainedBytes: 39_000 }],
        retainedByClass: [
          { classIndex: 2, className: 'com.acme.billing.Invoice', objects: 6, shallowBytes: 240 },
          { classIndex: 5, className: 'java.util.HashMap$Node', objects: 6, shallowBytes: 192 },
        ],
      },
    },
    {
      kind: 'thread',
      object: { ...rows[thread].row },
      retainedBytes: 9_000,
      topConsumers: [{ className: 'com.acme.auth.SessionToken', instances: 1, shallowBytes: 32 }],
      accumulation: [{ ...rows[thread].row }, { ...rows[session].row }],
    },
    {
      kind: 'group',
      group: { className: 'com.acme.billing.Invoice', classIndex: 2, instances: 6 },
      retainedBytes: 7_000,
      topConsumers: [{ className: 'java.lang.String', instances: 6, shallowBytes: 144 }],
    },
  ],
};
