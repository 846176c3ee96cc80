// The overview's conclusions, as pure functions: the "one object retains most of the heap" callout and the top
// findings, each pointing at the view that shows it.
import type { HistogramRow, LeakSuspect, ObjectRow, Summary } from '../../../core/api.ts';
import { objectTitle } from '../../object-text.ts';
import { countOf, formatBytes, formatPercent } from '../../format.ts';
import { classHash, objectHash, viewHash } from '../../routes.ts';
import { isPlatformClassName } from '../share/redact.ts';

/** A share of the heap above which one object or class "holds most of the memory". */
export const DOMINANT_FRACTION = 0.5;

export interface Callout {
  text: string;
  href: string;
  fraction: number;
}

/** `heapWords` names the heap the figures are of ("the app heap" when the overview is limited to one). */
export function dominantCallout(
  summary: Summary,
  top: ObjectRow[],
  histogram: HistogramRow[] | undefined,
  suspects: LeakSuspect[] = [],
  heapWords = 'the heap',
): Callout | null {
  const heap = summary.usedHeapBytes;
  if (!(heap > 0)) return null;
  const first = top[0];
  if (first && first.retainedBytes / heap >= DOMINANT_FRACTION) {
    const pct = formatPercent(first.retainedBytes, heap);
    const { name } = objectTitle(first);
    const thread = suspects.find((s) => s.kind === 'thread' && s.object?.index === first.index)?.thread;
    const text = thread
      ? threadVerdict(thread, pct, heapWords)
      : name.startsWith('class ')
        ? `The ${name} (through its static fields) retains ${pct} of ${heapWords}`
        : `One instance of ${name} retains ${pct} of ${heapWords}`;
    return { text, href: objectHash(first.address), fraction: first.retainedBytes / heap };
  }
  const cls = biggestRetainingClass(histogram);
  if (cls && cls.retainedBytes !== undefined && cls.retainedBytes / heap >= DOMINANT_FRACTION) {
    const pct = formatPercent(cls.retainedBytes, heap);
    return {
      text: `${countOf(cls.instances, 'instance')} of ${cls.className} ${cls.instances === 1 ? 'retains' : 'retain'} ${pct} of ${heapWords}`,
      href: classHref(cls.className),
      fraction: cls.retainedBytes / heap,
    };
  }
  return null;
}

/** A thread suspect in one line: the thread, and the method whose locals hold the most (MAT's significant frame
 *  with the largest local), e.g. "The thread main retains 97% of the heap in a local variable of
 *  OomChain$Collector.collect(OomChain.java:38)". */
function threadVerdict(thread: NonNullable<LeakSuspect['thread']>, pct: string, heapWords: string): string {
  const who = `The thread ${thread.name ?? '(no name)'} retains ${pct} of ${heapWords}`;
  const frames = thread.frames ?? [];
  if (frames.length === 0) return `${who} through its stack's local variables`;
  const biggest = (f: (typeof frames)[number]) => Math.max(...f.locals.map((l) => l.retainedBytes));
  const frame = frames.reduce((a, b) => (biggest(b) > biggest(a) ? b : a));
  const locals = frame.locals.length === 1 ? 'a local variable' : `${frame.locals.length} local variables`;
  return `${who} in ${locals} of ${frame.frame.text}`;
}

/** An application class is named over a JDK container it owns when it retains at least this share of what the
 *  container class retains (a cache class holding its ConcurrentHashMap retains about as much as the map). */
const APPLICATION_CLASS_SHARE = 0.5;

/** The class whose instances retain the most, leaving out java.lang.Class (every static field hangs off it) and
 *  classes without instances (their row's retained size is their class object's, which the object finding covers).
 *  The user's own class comes first when it retains comparably: it names the cause, the JDK class only the shape. */
function biggestRetainingClass(histogram: HistogramRow[] | undefined): HistogramRow | undefined {
  let best: HistogramRow | undefined;
  let bestApplication: HistogramRow | undefined;
  for (const row of histogram ?? []) {
    if (row.className === 'java.lang.Class' || row.retainedBytes === undefined || row.instances === 0) continue;
    if (!best || row.retainedBytes > (best.retainedBytes ?? 0)) best = row;
    if (!isPlatformClassName(row.className) && (!bestApplication || row.retainedBytes > (bestApplication.retainedBytes ?? 0)))
      bestApplication = row;
  }
  if (best && bestApplication && (bestApplication.retainedBytes ?? 0) >= APPLICATION_CLASS_SHARE * (best.retainedBytes ?? 0))
    return bestApplication;
  return best;
}

export function classHref(className: string): string {
  return classHash(className);
}

export interface Finding {
  title: string;
  detail: string;
  href: string;
  bytes: number;
}

export function topFindings(summary: Summary, top: ObjectRow[], histogram: HistogramRow[] | undefined, heapWords = 'the heap'): Finding[] {
  const heap = summary.usedHeapBytes;
  const out: Finding[] = [];
  const first = top[0];
  if (first) {
    out.push({
      title: `Biggest object: ${objectTitle(first).name}`,
      detail: `retains ${formatBytes(first.retainedBytes)} (${formatPercent(first.retainedBytes, heap)} of ${heapWords})`,
      href: objectHash(first.address),
      bytes: first.retainedBytes,
    });
  }
  const cls = biggestRetainingClass(histogram);
  if (cls && cls.retainedBytes !== undefined) {
    out.push({
      title: `Biggest class: ${cls.className}`,
      detail: `${countOf(cls.instances, 'instance')} ${cls.instances === 1 ? 'retains' : 'retain'} ${formatBytes(cls.retainedBytes)} (${formatPercent(cls.retainedBytes, heap)})`,
      href: classHref(cls.className),
      bytes: cls.retainedBytes,
    });
  }
  let shallowBiggest: HistogramRow | undefined;
  for (const row of histogram ?? [])
    if (row !== cls && (!shallowBiggest || row.shallowBytes > shallowBiggest.shallowBytes)) shallowBiggest = row;
  if (shallowBiggest) {
    out.push({
      title: `Most memory by itself: ${shallowBiggest.className}`,
      detail: `${countOf(shallowBiggest.instances, 'instance')}, ${formatBytes(shallowBiggest.shallowBytes)} shallow (${formatPercent(shallowBiggest.shallowBytes, heap)})`,
      href: classHref(shallowBiggest.className),
      bytes: shallowBiggest.shallowBytes,
    });
  }
  if (summary.unreachable.shallowBytes > 0.1 * heap) {
    out.push({
      title: 'Unreachable objects',
      detail: `${countOf(summary.unreachable.objects, 'object')}, ${formatBytes(summary.unreachable.shallowBytes)} of garbage the next GC frees`,
      href: viewHash('histogram'),
      bytes: summary.unreachable.shallowBytes,
    });
  }
  return out.slice(0, 3);
}
