// `collections`: every recognised JDK collection of the heap grouped by class, with its size distribution, fill
// ratio and wasted bytes (the rule is written out in docs/collections.md). MAT's "Collection Fill Ratio" and
// "Collections grouped by size" queries and its component report's empty collections, over the whole heap.
//
// One read per collection object, in file order through a windowed reader (as duplicate-strings.ts does), taking
// the size the collection records (as MAT does; the inspector's contents walk the entries instead). A HashSet,
// TreeSet or JDK 9+ Properties keeps its entries in an inner map: that map is counted with it, not on its own row.
// Memory: a few typed columns per collection.

import type { CollectionClassRow, CollectionsReport } from '../api.ts';
import type { ClassIndex, ObjectIndex } from '../units.ts';
import { NO_NODE, type QueryContext } from './context.ts';
import { kindOfLayout, type CollectionClasses, type LayoutName } from './collection-classes.ts';
import { readShape } from './collection-shape.ts';
import { windowedAccess } from './duplicate-strings.ts';
import { ObjectReader, type RandomAccess } from './object-reader.ts';
import { UNSCHEDULED, type PassControl } from './passes.ts';

/** Collections named per class as the largest waste. */
const LARGEST_KEPT = 5;

export async function collectionsReport(
  ctx: QueryContext,
  coll: CollectionClasses,
  source: RandomAccess,
  pass: PassControl = UNSCHEDULED,
): Promise<CollectionsReport> {
  const g = ctx.graph;
  pass.step('finding the collections', 0, g.nodeCount);
  const list: number[] = [];
  for (let v = 0; v < g.nodeCount; v++) {
    if ((v & 0xffff) === 0) await pass.checkpoint(v);
    if (coll.layoutOf(v) !== null) list.push(v);
  }
  list.sort((a, b) => g.ordinalByIndex[a] - g.ordinalByIndex[b]);
  const n = list.length;
  const objects = Uint32Array.from(list);
  const size = new Float64Array(n);
  const capacity = new Float64Array(n).fill(-1);
  const wasted = new Float64Array(n);
  const ownArray = new Uint8Array(n);
  /** Slot of the wrapper whose inner map this collection is, or -1; and each wrapper's inner collection. */
  const innerIndex = new Int32Array(n).fill(-1);
  const unread = new Uint8Array(n);
  const layouts: LayoutName[] = new Array(n);
  const refBytes = ctx.parsed.idSize === 4 || ctx.parsed.compressedRefs ? 4 : 8;
  const reader = new ObjectReader(ctx.parsed, windowedAccess(source));
  pass.step('reading the collections', 0, n);
  for (let i = 0; i < n; i++) {
    if ((i & 0xff) === 0) await pass.checkpoint(i);
    const v = objects[i];
    let shape;
    try {
      shape = await readShape(ctx, coll, reader, v, false);
    } catch {
      shape = null;
    }
    if (shape === null) {
      unread[i] = 1;
      continue;
    }
    layouts[i] = shape.layout;
    innerIndex[i] = shape.inner;
    size[i] = shape.quickSize;
    if (shape.capacity !== null) capacity[i] = shape.capacity;
    // An array the collection owns (dominates): a shared empty array (ArrayList's EMPTY_ELEMENTDATA) is no one's.
    const owned = shape.backing >= 0 && g.idomByIndex[shape.backing] === v;
    if (!owned) continue;
    ownArray[i] = 1;
    if (shape.quickSize === 0) wasted[i] = g.shallowByIndex[shape.backing];
    else if (shape.capacity !== null && shape.capacity > shape.quickSize)
      wasted[i] = (shape.capacity - shape.quickSize) * shape.slotsPerEntry * refBytes;
  }

  // A wrapper takes its inner map's figures; the inner map is then left out of its own class's row.
  const slotOf = (index: ObjectIndex): number => {
    const ordinal = g.ordinalByIndex[index];
    let lo = 0;
    let hi = n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const o = g.ordinalByIndex[objects[mid]];
      if (o === ordinal) return mid;
      if (o < ordinal) lo = mid + 1;
      else hi = mid - 1;
    }
    return -1;
  };
  const countedInWrapper = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    if (innerIndex[i] < 0 || innerIndex[i] === NO_NODE) continue;
    const j = slotOf(innerIndex[i]);
    if (j < 0 || unread[j] || countedInWrapper[j]) continue;
    countedInWrapper[j] = 1;
    size[i] = size[j];
    capacity[i] = capacity[j];
    wasted[i] = wasted[j];
    ownArray[i] = ownArray[j];
  }

  const rows = new Map<ClassIndex, CollectionClassRow & { fillSum: number; fillCount: number; waste: number[] }>();
  let collections = 0;
  let unreadable = 0;
  let wastedBytes = 0;
  for (let i = 0; i < n; i++) {
    if (unread[i]) {
      unreadable++;
      continue;
    }
    if (countedInWrapper[i]) continue;
    collections++;
    const v = objects[i];
    const c = g.classByIndex[v];
    let row = rows.get(c);
    if (row === undefined) {
      row = {
        classIndex: c,
        className: ctx.parsed.classes[c].name,
        layout: layouts[i],
        kind: kindOfLayout(layouts[i]),
        objects: 0,
        shallowBytes: 0,
        retainedBytes: 0,
        bySize: { empty: 0, one: 0, upTo10: 0, upTo100: 0, over100: 0 },
        entries: 0,
        averageFillRatio: null,
        emptyWithArray: 0,
        wastedBytes: 0,
        largestWaste: [],
        fillSum: 0,
        fillCount: 0,
        waste: [],
      };
      rows.set(c, row);
    }
    const s = size[i];
    row.objects++;
    row.shallowBytes += g.shallowByIndex[v];
    row.retainedBytes += g.retainedByIndex[v];
    row.entries += s;
    if (s === 0) row.bySize.empty++;
    else if (s === 1) row.bySize.one++;
    else if (s <= 10) row.bySize.upTo10++;
    else if (s <= 100) row.bySize.upTo100++;
    else row.bySize.over100++;
    if (capacity[i] > 0) {
      row.fillSum += s / capacity[i];
      row.fillCount++;
    }
    if (s === 0 && ownArray[i]) row.emptyWithArray++;
    row.wastedBytes += wasted[i];
    wastedBytes += wasted[i];
    if (wasted[i] > 0) keepLargest(row.waste, i, wasted);
  }
  const classes: CollectionClassRow[] = [];
  for (const { fillSum, fillCount, waste, ...row } of rows.values()) {
    row.averageFillRatio = fillCount > 0 ? fillSum / fillCount : null;
    row.largestWaste = waste.map((i) => ({
      object: ctx.row(objects[i]),
      size: size[i],
      capacity: capacity[i] < 0 ? null : capacity[i],
      wastedBytes: wasted[i],
    }));
    classes.push(row);
  }
  classes.sort(
    (a, b) =>
      b.wastedBytes - a.wastedBytes || b.objects - a.objects || (a.className < b.className ? -1 : a.className > b.className ? 1 : 0),
  );
  return { collections, unreadable, wastedBytes, classes };
}

/** Keeps the LARGEST_KEPT slots of most waste in `kept`, largest first (ties: the earlier in the file). */
function keepLargest(kept: number[], i: number, wasted: Float64Array): void {
  let at = kept.length;
  while (at > 0 && wasted[kept[at - 1]] < wasted[i]) at--;
  if (at >= LARGEST_KEPT) return;
  kept.splice(at, 0, i);
  if (kept.length > LARGEST_KEPT) kept.pop();
}
