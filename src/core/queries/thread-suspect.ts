// The "significant stack frames and local variables" of a thread leak suspect, by the rule of MAT's leak hunter
// (org.eclipse.mat.inspections.LeakHunterQuery, extractThreadData, at eclipse-mat/mat 26cff26c, 2026-07):
//
// 1. The locals on the way to the accumulation point: the shortest paths from the GC roots to the accumulation
//    point are merged (MAT's merge_shortest_paths with the leak hunter's excludes: Reference.referent and the
//    finalizer's links; weak and soft referents are left out here); when the thread is one of the tree's GC roots,
//    the objects right below it are the locals.
// 2. Without such a local ("foundLocals" false), each frame, top first, is searched on its own:
//    - a local retaining more than 10 % of the suspect's retained size (strictly, in whole bytes) whose immediate
//      dominator is the thread is significant;
//    - when a frame has none, its locals dominated by the thread are taken together: if they retain more than
//      25 % of the suspect, locals are dropped one at a time, each time the one whose removal keeps the most, while
//      what is left retains more than 80 % of what they retained together; those left are significant.
//    With such locals, a frame is involved when one of its locals is among them.
// 3. Involved frames at the top of the stack whose text matches the leak hunter's skip pattern (JDK frames:
//    `java\..*|javax\..*|com\.sun\..*|sun\..*|jdk\..*`, matched against MAT's frame text) give up the locals that
//    a later involved frame also holds; frames left with no local are not listed.
// A set's retained size is MAT's minimum retained size: the sum over its members that no other member dominates.

import type { SignificantFrame } from '../api.ts';
import type { ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { skipMatcher } from './immediate-dominators.ts';
import { childrenOf, mergedTree } from './merged-paths.ts';
import { minRetained } from './min-retained.ts';
import type { WeakEdges } from './path-to-roots.ts';
import { frameText, matFrameText } from './thread-stacks.ts';

/** The leak hunter's skip pattern (LeakHunterQuery.skipPattern): JDK classes. */
export const LEAK_HUNTER_SKIP = 'java\\..*|javax\\..*|com\\.sun\\..*|sun\\..*|jdk\\..*';
/** One local is significant above this share of the suspect's retained size. */
const SIGNIFICANT_LOCAL = 0.1;
/** A frame's locals together are significant above this share. */
const SIGNIFICANT_FRAME = 0.25;
/** Locals are dropped from a significant frame while what is left keeps more than this share of them. */
const KEEP_WHILE_DROPPING = 0.8;

/**
 * The significant frames of a thread suspect, top first, each with its significant locals (largest retained
 * first); null when the dump has no stack for the thread. `accumulation` is the suspect's accumulation point.
 */
export async function significantFrames(
  ctx: QueryContext,
  weakEdges: WeakEdges,
  thread: ObjectIndex,
  suspectRetained: number,
  accumulation: ObjectIndex,
): Promise<SignificantFrame[] | null> {
  const g = ctx.graph;
  const frames = ctx.stacks.framesOf(thread);
  if (frames === null) return null;
  const localsByFrame = ctx.stacks.localsOf(thread);

  // 1. The locals on the merged shortest paths from the GC roots to the accumulation point.
  const locals = new Set<ObjectIndex>();
  const tree = await mergedTree(ctx, weakEdges, -1, Uint32Array.of(accumulation), true);
  for (const root of tree.roots) {
    if (tree.objectOf[root] !== thread) continue;
    for (const child of childrenOf(tree, root)) locals.add(tree.objectOf[child]);
  }
  const foundLocals = locals.size > 0;

  // 2. The involved frames and their locals.
  const significantLocal = Math.floor(SIGNIFICANT_LOCAL * suspectRetained);
  const significantFrame = Math.floor(SIGNIFICANT_FRAME * suspectRetained);
  const dominatedByThread = (v: ObjectIndex) => g.idomByIndex[v] === thread;
  const involved: { depth: number; locals: Set<ObjectIndex> }[] = [];
  frames.forEach((_, depth) => {
    const frameLocals = new Set<ObjectIndex>();
    const held = localsByFrame.get(depth) ?? [];
    for (const l of held) {
      if (foundLocals ? locals.has(l) : g.retainedByIndex[l] > significantLocal && dominatedByThread(l)) {
        locals.add(l);
        frameLocals.add(l);
      }
    }
    if (frameLocals.size === 0 && !foundLocals) {
      let doms = held.filter(dominatedByThread);
      const together = minRetained(ctx, doms);
      if (together > significantFrame) {
        const keep = Math.floor(KEEP_WHILE_DROPPING * together);
        for (;;) {
          let best: ObjectIndex[] | null = null;
          let bestSize = 0;
          for (let i = 0; i < doms.length; i++) {
            const fewer = doms.filter((_, j) => j !== i);
            const size = minRetained(ctx, fewer);
            if (size > bestSize && size > keep) {
              best = fewer;
              bestSize = size;
            }
          }
          if (best === null) break;
          doms = best;
        }
        for (const l of doms) {
          locals.add(l);
          frameLocals.add(l);
        }
      }
    }
    if (frameLocals.size > 0) involved.push({ depth, locals: frameLocals });
  });

  // 3. JDK frames at the top give up the locals a later involved frame holds.
  const skip = skipMatcher(LEAK_HUNTER_SKIP);
  let skipped = 0;
  while (skipped < involved.length && skip(matFrameText(frames[involved[skipped].depth]))) skipped++;
  for (let i = skipped; i < involved.length; i++) {
    for (let j = 0; j < skipped; j++) for (const v of involved[i].locals) involved[j].locals.delete(v);
  }

  return involved
    .filter((f) => f.locals.size > 0)
    .map(({ depth, locals: held }) => {
      const f = frames[depth];
      const rows = [...held].sort((a, b) => g.retainedByIndex[b] - g.retainedByIndex[a] || a - b).map((v) => ctx.row(v));
      return {
        frame: {
          depth,
          className: f.className,
          method: f.method,
          signature: f.signature,
          sourceFile: f.sourceFile,
          line: f.line,
          text: frameText(f),
        },
        matText: matFrameText(f),
        locals: rows,
      };
    });
}
