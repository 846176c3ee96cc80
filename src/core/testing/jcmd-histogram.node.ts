// Tests' comparison of a dump's instance counts with the JVM's own class histogram (`jcmd <pid>
// GC.class_histogram`, taken just before the dump), the ground truth for counts (docs/mat-semantics.md,
// "What jcmd counts differently": phantom-reachable objects the histogram counts and the dump's own GC may
// reclaim; java.lang.Class, which MAT counts its own way, is left to the caller).

import { readFileSync } from 'node:fs';
import { classHistogram } from '../histogram.ts';
import { matClassName } from '../model/class-names.ts';
import type { ParsedHeap } from '../model/parsed-heap.ts';
import { sizeModel } from '../model/sizes.ts';

const PHANTOM_REACHABLE = new Set([
  'jdk.internal.ref.CleanerImpl$PhantomCleanableRef',
  'java.lang.invoke.MethodHandleNatives$CallSiteContext',
]);

/** Instances by MAT class name in a jcmd histogram file (hidden classes: jcmd prints /0x, the HPROF symbol +0x). */
export function jcmdCounts(path: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const line of readFileSync(path, 'utf8').split('\n')) {
    const m = /^\s*\d+:\s+(\d+)\s+(\d+)\s+(\S+)/.exec(line);
    if (!m) continue;
    const name = matClassName(m[3].replace('/0x', '+0x'));
    counts.set(name, (counts.get(name) ?? 0) + Number(m[1]));
  }
  return counts;
}

/** Instances by class name of every object read (the reader's histogram, no pseudo loader). */
export function countsRead(parsed: ParsedHeap): Map<string, number> {
  const counts = new Map<string, number>();
  for (const r of classHistogram(parsed, sizeModel(parsed), null, { pseudoLoader: false })) {
    counts.set(r.className, (counts.get(r.className) ?? 0) + r.instances);
  }
  return counts;
}

/**
 * Every class of `jcmd` but java.lang.Class against `mine`: equal counts, or at most jcmd's for the
 * phantom-reachable classes; and no class of ours with instances that jcmd lacks. `compared`: classes compared
 * for equality.
 */
export function compareWithJcmd(mine: Map<string, number>, jcmd: Map<string, number>): { mismatches: string[]; compared: number } {
  const mismatches: string[] = [];
  let compared = 0;
  for (const [name, count] of jcmd) {
    if (name === 'java.lang.Class') continue;
    const ours = mine.get(name) ?? 0;
    if (PHANTOM_REACHABLE.has(name)) {
      if (ours > count) mismatches.push(`${name}: ${ours} read, more than jcmd's ${count}`);
    } else {
      compared++;
      if (ours !== count) mismatches.push(`${name}: ${ours} read, jcmd ${count}`);
    }
  }
  for (const [name, count] of mine) {
    if (count > 0 && name !== 'java.lang.Class' && !jcmd.has(name)) mismatches.push(`${name}: ${count} read, not in jcmd's histogram`);
  }
  return { mismatches, compared };
}
