// Thread stacks, as MAT's "Thread Overview and Stacks" (org.eclipse.mat.inspections.threads.ThreadOverviewQuery)
// shows them: every thread object with its name, daemon flag, priority, state and context class loader, its stack
// trace (thread-stacks.ts), and under each frame the objects its local variables hold.

import type { StackFrameRow, ThreadOverview, ThreadRow } from '../api.ts';
import type { ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';
import { fieldPosition, intField, readInstance, refAt, type DecodedInstance } from './instance-fields.ts';
import { fillLabels } from './labels.ts';
import { decodeNameField } from './strings.ts';
import { frameText, type ThreadStacks } from './thread-stacks.ts';

/** java.lang.Thread.State from a JVMTI threadStatus, as jdk.internal.misc.VM.toThreadState decodes it. */
export function threadState(status: number): string {
  if (status & 0x0004) return 'RUNNABLE';
  if (status & 0x0400) return 'BLOCKED';
  if (status & 0x0010) return 'WAITING';
  if (status & 0x0020) return 'TIMED_WAITING';
  if (status & 0x0002) return 'TERMINATED';
  if ((status & 0x0001) === 0) return 'NEW';
  return 'RUNNABLE';
}

/** Classes that are java.lang.Thread or extend it (virtual threads, carrier and pool threads). */
function threadClasses(ctx: QueryContext): Set<number> {
  const out = new Set<number>();
  ctx.parsed.classes.forEach((_, c) => {
    if (ctx.classes.chain(c).some((k) => ctx.parsed.classes[k].name === 'java.lang.Thread')) out.add(c);
  });
  return out;
}

/** The threads of the dump: every object of java.lang.Thread or a subclass, and every thread GC root, largest
 *  retained first, each with its stack and the objects its frames' locals hold. */
export async function threadOverview(ctx: QueryContext, stacks: ThreadStacks): Promise<ThreadOverview> {
  const g = ctx.graph;
  const classes = threadClasses(ctx);
  const threads: ObjectIndex[] = [];
  for (let v = 0; v < g.nodeCount; v++) {
    if ((classes.has(g.classByIndex[v]) && ctx.isInstance(v)) || g.rootTypesByIndex.get(v)?.includes('Thread')) threads.push(v);
  }
  threads.sort((a, b) => g.retainedByIndex[b] - g.retainedByIndex[a] || a - b);
  const rows = await Promise.all(threads.map((t) => threadRow(ctx, stacks, t)));
  const objectRows = rows.flatMap((r) => [r.object, ...(r.frames ?? []).flatMap((f) => f.locals), ...r.otherLocals]);
  await fillLabels(ctx, objectRows);
  let used = 0;
  for (const top of g.sortedChildren(-1)) used += g.retainedByIndex[top];
  return { usedHeapBytes: used, threads: rows };
}

async function threadRow(ctx: QueryContext, stacks: ThreadStacks, thread: ObjectIndex): Promise<ThreadRow> {
  const g = ctx.graph;
  const byRetained = (list: ObjectIndex[]) =>
    list
      .slice()
      .sort((a, b) => g.retainedByIndex[b] - g.retainedByIndex[a] || a - b)
      .map((v) => ctx.row(v));
  const locals = stacks.localsOf(thread);
  const frames = stacks.framesOf(thread);
  const row: ThreadRow = {
    object: ctx.row(thread),
    name: null,
    daemon: null,
    priority: null,
    state: null,
    stateValue: null,
    virtual: ctx.classes.chain(g.classByIndex[thread]).some((c) => ctx.parsed.classes[c].name === 'java.lang.BaseVirtualThread'),
    frames: frames
      ? frames.map((f, depth): StackFrameRow => {
          const held = byRetained(locals.get(depth) ?? []);
          return {
            depth,
            className: f.className,
            method: f.method,
            signature: f.signature,
            sourceFile: f.sourceFile,
            line: f.line,
            text: frameText(f),
            locals: held,
            maxLocalRetainedBytes: held.length > 0 ? held[0].retainedBytes : 0,
          };
        })
      : null,
    otherLocals: byRetained(locals.get(-1) ?? []),
  };
  if (!ctx.isInstance(thread)) return row;
  try {
    await readThreadFields(ctx, thread, row);
  } catch {
    // A thread record the dump cuts off (truncated dump): the row keeps what the graph knows.
  }
  return row;
}

/** Name, daemon, priority, status and context class loader: fields of java.lang.Thread up to JDK 18, of its
 *  `holder` (java.lang.Thread$FieldHolder) from JDK 19; a virtual thread's `state` and `carrierThread`. */
async function readThreadFields(ctx: QueryContext, thread: ObjectIndex, row: ThreadRow): Promise<void> {
  const idSize = ctx.parsed.idSize;
  const inst = await readInstance(ctx, thread);
  row.name = await decodeNameField(ctx, thread, 200);
  let fields: DecodedInstance = inst;
  const holder = ctx.indexOfId(refAt(inst, fieldPosition(inst.layout, 'holder'), idSize));
  if (holder >= 0 && ctx.isInstance(holder)) fields = await readInstance(ctx, holder);
  const daemon = intField(fields, 'daemon');
  if (daemon !== undefined) row.daemon = daemon !== 0;
  row.priority = intField(fields, 'priority') ?? null;
  const status = intField(fields, 'threadStatus');
  if (status !== undefined) {
    row.stateValue = status;
    row.state = threadState(status);
  }
  if (row.virtual) {
    const state = intField(inst, 'state');
    if (state !== undefined) row.stateValue = state;
    const carrier = ctx.indexOfId(refAt(inst, fieldPosition(inst.layout, 'carrierThread'), idSize));
    if (carrier >= 0) row.carrier = ctx.row(carrier);
  }
  const loader = ctx.indexOfId(refAt(inst, fieldPosition(inst.layout, 'contextClassLoader'), idSize));
  if (loader >= 0) row.contextClassLoader = ctx.row(loader);
}
