// A read-only Engine over a decrypted share snapshot, so the app's views render a shared analysis unchanged.
// Queries for data the sharer left out reject with a message naming what is missing.
import {
  windowOf,
  type ObjectDetails,
  type ObjectRow,
  type Page,
  type Summary,
  type ThreadRow,
  type TreemapNode,
} from '../../../core/api.ts';
import type { Engine } from '../../engine.ts';
import type { SharedField, ShareSnapshot } from './snapshot.ts';

const REDACTED = '(redacted)';

function notShared(what: string, verb: 'is' | 'are' = 'is'): Promise<never> {
  return Promise.reject(new Error(`${what} ${verb} not included in this shared analysis`));
}

function page<T>(items: T[], offset: number, limit: number): Page<T> {
  const start = Math.max(0, Math.min(offset, items.length));
  return { offset: start, total: items.length, items: items.slice(start, start + Math.max(0, limit)) };
}

/** A summary for snapshots shared without one, derived from what is there, so the overview still opens. */
function derivedSummary(s: ShareSnapshot): Summary {
  const rows = s.histogram ?? [];
  return {
    format: 'summary not shared',
    idSize: 8,
    timestamp: s.createdAt,
    bytesRead: 0,
    compressed: false,
    objects: rows.reduce((n, r) => n + r.instances, 0),
    instances: 0,
    arrays: 0,
    classes: rows.length,
    gcRoots: 0,
    gcRootsByType: {},
    usedHeapBytes: rows.reduce((n, r) => n + r.shallowBytes, 0),
    unreachable: { objects: 0, shallowBytes: 0 },
    keepUnreachable: false,
    compressedRefs: false,
    alignment: 8,
    recordCounts: {},
    truncated: false,
    warnings: ['The sharer did not include the summary; the figures shown are derived from the shared histogram.'],
  };
}

function findTreemap(node: TreemapNode, index: number): TreemapNode | null {
  if (node.index === index) return node;
  for (const c of node.children ?? []) {
    const hit = findTreemap(c, index);
    if (hit) return hit;
  }
  return null;
}

export function snapshotEngine(snapshot: ShareSnapshot): Engine {
  const childrenByParent = new Map<number, ObjectRow[]>();
  const parentByIndex = new Map<number, number>();
  const rowByIndex = new Map<number, ObjectRow>();
  for (const { parent, ...row } of snapshot.dominators?.nodes ?? []) {
    parentByIndex.set(row.index, parent);
    rowByIndex.set(row.index, row);
    const siblings = childrenByParent.get(parent) ?? [];
    siblings.push(row);
    childrenByParent.set(parent, siblings);
  }
  // The tree stops at the shared depth and size: a row keeps its true child count, and a page of children says
  // how many were left out (Page.omitted), so the dominator view shows them as a count rather than as a cut tree.
  for (const siblings of childrenByParent.values()) siblings.sort((a, b) => b.retainedBytes - a.retainedBytes);
  const topLevelShared = childrenByParent.get(-1)?.length ?? 0;
  // An older snapshot without the top-level count: the most we know is what it holds.
  const topLevelTotal = snapshot.dominators?.topLevel;
  const omittedUnder = (parent: number, shared: number): number => {
    const all = parent === -1 ? topLevelTotal : rowByIndex.get(parent)?.dominatedCount;
    return all === undefined ? 0 : Math.max(0, all - shared);
  };

  const indexByAddress = new Map<string, number>();
  for (const row of rowByIndex.values()) indexByAddress.set(row.address, row.index);
  if (snapshot.object) indexByAddress.set(snapshot.object.row.address, snapshot.object.row.index);
  const visitTreemap = (n: TreemapNode) => {
    if (n.address && n.index >= 0 && !indexByAddress.has(n.address)) indexByAddress.set(n.address, n.index);
    n.children?.forEach(visitTreemap);
  };
  if (snapshot.treemap) visitTreemap(snapshot.treemap);

  /** A referenced object as a row: full when the snapshot has it, else only what the field says. */
  const refRow = (f: SharedField): ObjectRow => {
    const index = indexByAddress.get(f.refAddress ?? '');
    const known = index === undefined ? undefined : rowByIndex.get(index);
    return (
      known ?? {
        index: index ?? -1,
        address: f.refAddress ?? '0x0',
        className: f.refClassName ?? '',
        shallowBytes: 0,
        retainedBytes: 0,
        dominatedCount: 0,
      }
    );
  };

  const objectDetails = (index: number): Promise<ObjectDetails> => {
    const o = snapshot.object;
    if (!o || o.row.index !== index) return notShared('This object');
    const toField = (f: SharedField) => ({
      name: f.name,
      type: f.type,
      value: f.value === undefined ? (f.type === 'object' && f.refClassName ? null : REDACTED) : f.value,
      ...(f.refClassName !== undefined ? { ref: refRow(f) } : {}),
      ...(f.isStatic ? { isStatic: true } : {}),
    });
    const isArray = o.kind === 'object-array' || o.kind === 'primitive-array';
    const details: ObjectDetails = {
      row: o.row,
      kind: o.kind,
      fields: (isArray ? [] : o.fields).map(toField),
      ...(isArray ? { elements: o.fields.map(toField) } : {}),
      ...(o.arrayLength !== undefined ? { arrayLength: o.arrayLength } : {}),
      ...(o.dominatorPath && o.dominatorPath.length > 1 ? { dominator: o.dominatorPath[o.dominatorPath.length - 2] } : {}),
    };
    return Promise.resolve(details);
  };

  const engine: Engine = {
    readOnly: true,
    title: snapshot.title,
    summary: () => Promise.resolve(snapshot.summary ?? derivedSummary(snapshot)),
    histogram: () => (snapshot.histogram ? Promise.resolve(snapshot.histogram) : notShared('The class histogram')),
    dominatorChildren: (parent, offset, limit) => {
      if (!snapshot.dominators) return notShared('The dominator tree');
      const shared = childrenByParent.get(parent) ?? [];
      const omitted = omittedUnder(parent, shared.length);
      return Promise.resolve({ ...page(shared, offset, limit), ...(omitted > 0 ? { omitted } : {}) });
    },
    dominatorChildrenByClass: () => notShared('The dominator tree grouped by class'),
    dominatorChildrenOfClass: () => notShared('The dominator tree grouped by class'),
    dominatorChildrenInHeap: () => notShared('The dominator tree limited to one heap'),
    referenceNames: () => notShared('Field names', 'are'),
    dominatorChain: () => notShared('The dominator tree’s chains'),
    dominatorTop: (depth, maxNodes) => {
      const shared = snapshot.dominators;
      if (!shared) return notShared('The dominator tree');
      // The shared nodes are already best first with parents first; keep those within the asked depth.
      const level = new Map<number, number>();
      const nodes = [];
      for (const n of shared.nodes) {
        const l = n.parent === -1 ? 1 : (level.get(n.parent) ?? Infinity) + 1;
        level.set(n.index, l);
        if (l <= depth && nodes.length < maxNodes) nodes.push(n);
      }
      return Promise.resolve({ nodes, topLevel: shared.topLevel ?? topLevelShared });
    },
    dominatorPath: (index, window) => {
      if (snapshot.object?.row.index === index && snapshot.object.dominatorPath) {
        return Promise.resolve(windowOf(snapshot.object.dominatorPath, window));
      }
      if (!rowByIndex.has(index)) return notShared('This object');
      const path: ObjectRow[] = [];
      for (let at = index; at !== -1 && path.length <= rowByIndex.size; at = parentByIndex.get(at) ?? -1) {
        path.unshift(rowByIndex.get(at)!);
      }
      return Promise.resolve(windowOf(path, window));
    },
    accumulationPath: () => notShared('Where an object’s memory accumulates'),
    objectDetails,
    outgoing: (index, offset, limit) => {
      const o = snapshot.object;
      if (!o || o.row.index !== index) return notShared('Outgoing references', 'are');
      const refs = o.fields.filter((f) => f.refClassName !== undefined).map((f) => ({ field: f.name, object: refRow(f) }));
      return Promise.resolve(page(refs, offset, limit));
    },
    referrers: () => notShared('Referrers', 'are'),
    pathToRoots: () => notShared('The path to GC roots'),
    findObject: (address) => {
      const hex = address.trim().toLowerCase();
      return Promise.resolve(indexByAddress.get(hex.startsWith('0x') ? hex : '0x' + hex) ?? null);
    },
    instancesOf: () => notShared('The instance list'),
    treemap: (root) => {
      if (!snapshot.treemap) return notShared('The treemap');
      const node = root === -1 ? snapshot.treemap : findTreemap(snapshot.treemap, root);
      return node ? Promise.resolve(node) : notShared('This part of the treemap');
    },
    leakSuspects: () => (snapshot.suspects ? Promise.resolve(snapshot.suspects) : notShared('The leak suspects', 'are')),
    leakSuspectsInHeap: () => notShared('The leak suspects limited to one heap', 'are'),
    immediateDominators: () => notShared('What holds a class’s objects (immediate dominators)'),
    duplicateStrings: () => notShared('The duplicate strings', 'are'),
    mergedPaths: () => notShared('The paths from the GC roots', 'are'),
    threads: () => {
      if (!snapshot.threads) return notShared('The thread stacks', 'are');
      const threads = snapshot.threads.map((t): ThreadRow => ({
        object: t.object,
        name: t.name ?? null,
        daemon: t.daemon,
        priority: t.priority,
        state: t.state,
        stateValue: null,
        virtual: false,
        frames:
          t.frames?.map((f, depth) => ({
            ...f,
            depth,
            signature: '',
            maxLocalRetainedBytes: f.locals.reduce((m, l) => Math.max(m, l.retainedBytes), 0),
          })) ?? null,
        otherLocals: [],
      }));
      return Promise.resolve({ usedHeapBytes: snapshot.summary?.usedHeapBytes ?? snapshot.suspects?.usedHeapBytes ?? 0, threads });
    },
    gcRoots: () => notShared('The GC roots by type', 'are'),
    gcRootObjects: () => notShared('The GC roots', 'are'),
    collectionContents: () => notShared('A collection’s contents', 'are'),
    collections: () => (snapshot.collections ? Promise.resolve(snapshot.collections) : notShared('The collections report')),
    retainedSet: () => notShared('Retained sets', 'are'),
    groupRetained: () => notShared('Retained sizes of class groups', 'are'),
    unreachableHistogram: () => notShared('The unreachable objects histogram'),
  };
  return engine;
}
