// "Held by": the objects of one class grouped by the class of what keeps them alive, as MAT's Immediate
// Dominators query (immediate_dominators, SnapshotImpl.getDominatorsOf). For each object, its immediate dominator;
// while that dominator's class matches the skip pattern (by default MAT's `java\..*|javax\..*|com\.sun\..*|sun\..*|jdk\..*`,
// so that a byte[] is charged to the application object above its String and HashMap$Node, not to them), the dominator's own
// immediate dominator instead; the virtual root ends the walk (the "<ROOT>" row). Rows: the dominators' class,
// how many distinct dominators and dominated objects, and their shallow bytes; largest dominated bytes first.
//
// One pass over the class's instances. The walk past skipped dominators is remembered per skipped object (path
// compression), so a long chain of skipped objects (a java.util.LinkedList) is walked once, not once per object.

import type { ImmediateDominators, ImmediateDominatorsOptions, ImmediateDominatorRow, ObjectRow } from '../api.ts';
import type { ClassIndex, ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { NO_NODE } from './context.ts';

/** MAT's default skip pattern (ImmediateDominatorsQuery's `skip` argument since August 2023, Eclipse bug 582305): JDK classes. */
export const DEFAULT_SKIP = 'java\\..*|javax\\..*|com\\.sun\\..*|sun\\..*|jdk\\..*';
/** Largest dominators listed per row. */
export const LARGEST_PER_ROW = 5;
/** The class name MAT gives the virtual root's row. */
export const ROOT_ROW = '<ROOT>';

const ROOT = -1;

interface Accumulator {
  classIndex: ClassIndex | -1;
  dominators: number;
  dominated: number;
  dominatorShallowBytes: number;
  dominatedShallowBytes: number;
  /** Up to LARGEST_PER_ROW dominators, largest retained first. */
  largest: ObjectIndex[];
}

/**
 * Compiles a skip pattern as Java's Matcher.matches() reads it (the whole class name must match). Throws a
 * RangeError naming the pattern when it is not a valid regular expression.
 */
export function skipMatcher(pattern: string): (className: string) => boolean {
  if (pattern === '') return () => false;
  let re: RegExp;
  try {
    re = new RegExp(`^(?:${pattern})$`, 'u');
  } catch (e) {
    throw new RangeError(
      `skip pattern ${JSON.stringify(pattern)} is not a valid regular expression: ${e instanceof Error ? e.message : String(e)}`,
      { cause: e },
    );
  }
  return (className) => re.test(className);
}

/** For each object, its holder: the first dominator above it whose class the pattern does not skip (ROOT, -1,
 *  for the virtual root). The walk past skipped dominators is remembered, so each is walked once. */
function holderWalker(ctx: QueryContext, skipPattern: string): (o: ObjectIndex) => number {
  const { idomByIndex, classByIndex } = ctx.graph;
  const matches = skipMatcher(skipPattern);
  const classCount = ctx.parsed.classes.length;
  // Per class: 0 not looked at yet, 1 skipped, 2 kept (MAT's exclude and include sets).
  const verdict = new Uint8Array(classCount);
  const skipped = (v: ObjectIndex): boolean => {
    const c = classByIndex[v];
    if (verdict[c] === 0) verdict[c] = matches(ctx.parsed.classes[c]?.name ?? '?') ? 1 : 2;
    return verdict[c] === 1;
  };
  // The holder found above each skipped dominator walked through (ROOT for the virtual root).
  const holderAbove = new Map<ObjectIndex, number>();
  const chain: ObjectIndex[] = [];
  const holderOf = (o: ObjectIndex): number => {
    let d = idomByIndex[o];
    chain.length = 0;
    let found: number = ROOT;
    while (d !== NO_NODE) {
      if (!skipped(d)) {
        found = d;
        break;
      }
      const known = holderAbove.get(d);
      if (known !== undefined) {
        found = known;
        break;
      }
      chain.push(d);
      d = idomByIndex[d];
    }
    for (const s of chain) holderAbove.set(s, found);
    return found;
  };
  return holderOf;
}

/** One row's objects of immediateDominators: those of `objects` whose holder is of class `holderClass` (-1: the
 *  "<ROOT>" row), or, with side 'holders', those holders (distinct); ascending. */
export function heldByMembers(
  ctx: QueryContext,
  objects: Uint32Array,
  skip: string | undefined,
  holderClass: ClassIndex | -1,
  side: 'held' | 'holders',
): Uint32Array {
  const holderOf = holderWalker(ctx, skip ?? DEFAULT_SKIP);
  const { classByIndex } = ctx.graph;
  const out: number[] = [];
  for (let i = 0; i < objects.length; i++) {
    const holder = holderOf(objects[i]);
    const key = holder === ROOT ? ROOT : classByIndex[holder];
    if (key !== holderClass) continue;
    if (side === 'held') out.push(objects[i]);
    else if (holder !== ROOT) out.push(holder);
  }
  const sorted = Uint32Array.from(out).sort();
  // Distinct: several objects share a holder.
  let k = 0;
  for (let i = 0; i < sorted.length; i++) if (i === 0 || sorted[i] !== sorted[i - 1]) sorted[k++] = sorted[i];
  return sorted.slice(0, k);
}

export function immediateDominators(
  ctx: QueryContext,
  classIndex: ClassIndex,
  objects: Uint32Array,
  options: ImmediateDominatorsOptions = {},
): ImmediateDominators {
  const g = ctx.graph;
  const { classByIndex, shallowByIndex, retainedByIndex } = g;
  const skipPattern = options.skip ?? DEFAULT_SKIP;
  const holderOf = holderWalker(ctx, skipPattern);

  const byClass = new Map<number, Accumulator>();
  // Distinct dominators: one bit per object (n / 8 bytes, 2.5 MB at 20 M objects).
  const seen = new Uint32Array(Math.ceil(g.nodeCount / 32));
  const firstTime = (d: number): boolean => {
    const bit = 1 << (d & 31);
    if ((seen[d >>> 5] & bit) !== 0) return false;
    seen[d >>> 5] |= bit;
    return true;
  };

  for (let i = 0; i < objects.length; i++) {
    const o = objects[i];
    const holder = holderOf(o);
    const key = holder === ROOT ? ROOT : classByIndex[holder];
    let row = byClass.get(key);
    if (row === undefined) {
      row = { classIndex: key, dominators: 0, dominated: 0, dominatorShallowBytes: 0, dominatedShallowBytes: 0, largest: [] };
      byClass.set(key, row);
    }
    row.dominated++;
    row.dominatedShallowBytes += shallowByIndex[o];
    if (holder !== ROOT && firstTime(holder)) {
      row.dominators++;
      row.dominatorShallowBytes += shallowByIndex[holder];
      keepLargest(row.largest, holder, retainedByIndex);
    }
  }

  const rows: ImmediateDominatorRow[] = [...byClass.values()]
    .sort(
      (a, b) =>
        b.dominatedShallowBytes - a.dominatedShallowBytes ||
        b.dominated - a.dominated ||
        rowName(ctx, a.classIndex).localeCompare(rowName(ctx, b.classIndex)),
    )
    .map((a) => ({
      className: rowName(ctx, a.classIndex),
      classIndex: a.classIndex,
      dominators: a.dominators,
      dominated: a.dominated,
      dominatorShallowBytes: a.dominatorShallowBytes,
      dominatedShallowBytes: a.dominatedShallowBytes,
      largest: a.largest.map((v): ObjectRow => ctx.row(v)),
    }));
  return { classIndex, className: ctx.parsed.classes[classIndex]?.name ?? '?', objects: objects.length, skip: skipPattern, rows };
}

function rowName(ctx: QueryContext, classIndex: ClassIndex | -1): string {
  return classIndex === ROOT ? ROOT_ROW : (ctx.parsed.classes[classIndex]?.name ?? '?');
}

/** Inserts v into a list of at most LARGEST_PER_ROW objects kept by retained size, largest first (ties: first seen). */
function keepLargest(list: ObjectIndex[], v: ObjectIndex, retained: ArrayLike<number>): void {
  const r = retained[v];
  if (list.length === LARGEST_PER_ROW && retained[list[LARGEST_PER_ROW - 1]] >= r) return;
  let at = list.length;
  while (at > 0 && retained[list[at - 1]] < r) at--;
  list.splice(at, 0, v);
  if (list.length > LARGEST_PER_ROW) list.pop();
}
