// A dump's thread stacks resolved against its heap (no read of the dump): each thread object's frames, and the
// frame that holds each thread-local edge, so that referrers and paths name it.
//
// HPROF ties them together by serial numbers: ROOT THREAD OBJECT gives a thread object its thread serial and its
// stack trace serial; STACK TRACE lists frame ids, the top (innermost) frame first; STACK FRAME names the method,
// its signature, source file and line, and its class by LOAD CLASS serial; ROOT JAVA FRAME and ROOT JNI LOCAL
// carry the frame number of the local (OpenJDK heapDumper.cpp, DumperSupport::dump_stack_frame; Android's
// hprof.cc). graph/roots.ts turns those roots into edges from the thread, keeping the frame number.

import type { PseudoEdge } from '../graph/heap-graph.ts';
import type { StackFrameRecord } from '../model/parsed-heap.ts';
import type { ObjectIndex } from '../units.ts';
import type { QueryContext } from './context.ts';

/** One frame of a thread's stack, its class named. */
export interface ResolvedFrame extends StackFrameRecord {
  className: string;
}

/** What the frame texts need (a ResolvedFrame, or the api's StackFrameRow). */
type FrameName = Pick<ResolvedFrame, 'className' | 'method' | 'signature' | 'sourceFile' | 'line'>;

/** STACK FRAME line values (heapDumper.cpp; hprof.cc). */
const LINE_COMPILED = -2;
const LINE_NATIVE = -3;

/** What jstack prints in the parentheses of a frame (java.lang.StackTraceElement.toString): `File.java:12`,
 *  `File.java`, `Native Method`, `Unknown Source`. */
export function frameSource(f: Pick<StackFrameRecord, 'sourceFile' | 'line'>): string {
  if (f.line === LINE_NATIVE) return 'Native Method';
  if (f.sourceFile === '') return 'Unknown Source';
  if (f.line === LINE_COMPILED) return `${f.sourceFile}(Compiled Code)`;
  return f.line > 0 ? `${f.sourceFile}:${f.line}` : f.sourceFile;
}

/** A frame as jstack prints it (without "at "): `java.lang.Thread.sleep(Native Method)`. */
export function frameText(f: FrameName): string {
  return `${f.className}.${f.method}(${frameSource(f)})`;
}

/** A frame as MAT's stack and leak hunter texts print it (its StackFrameImpl): the method with its signature, then
 *  the file and line in parentheses: `Basics.lambda$build$0(Ljava/util/concurrent/CountDownLatch;)V (Basics.java:149)`,
 *  `jdk.internal.misc.Unsafe.park(ZJ)V (Unsafe.java(Native Method))`, `Foo$$Lambda$1+0x0000.run()V ()`. */
export function matFrameText(f: FrameName): string {
  let where = f.sourceFile;
  if (f.line > 0) where += ':' + f.line;
  else if (f.line === LINE_NATIVE) where += '(Native Method)';
  else if (f.line === LINE_COMPILED) where += '(Compiled Code)';
  return `${f.className}.${f.method}${f.signature} (${where})`;
}

/**
 * The stacks of one analysis, resolved once (no read of the dump): thread object -> its frames, and the frame of
 * each thread-local edge. Small: one entry per thread and per frame.
 */
export class ThreadStacks {
  /** Thread object -> its frames, top first; absent when the dump has no stack trace for it. */
  private readonly framesByThread = new Map<ObjectIndex, ResolvedFrame[]>();

  constructor(private readonly ctx: QueryContext) {
    const { parsed } = ctx;
    const stacks = parsed.stacks;
    const roots = parsed.roots;
    if (!stacks || !roots.frames) return;
    const traceByThreadSerial = new Map<number, number>();
    for (const [serial, trace] of stacks.traces) traceByThreadSerial.set(trace.threadSerial, serial);
    for (let r = 0; r < roots.count; r++) {
      if (roots.tags[r] !== 0x08 || roots.ids[r] === 0) continue;
      const thread = ctx.indexOfId(roots.ids[r]);
      if (thread < 0) continue;
      const trace = stacks.traces.get(roots.frames[r]) ?? stacks.traces.get(traceByThreadSerial.get(roots.threadSerials[r]) ?? -1);
      if (!trace) continue;
      const frames: ResolvedFrame[] = [];
      for (const id of trace.frameIds) {
        const f = stacks.frames.get(id);
        if (!f) continue;
        const classId = stacks.classIdBySerial.get(f.classSerial);
        const ci = classId === undefined ? undefined : parsed.classIndexById.get(classId);
        frames.push({ ...f, className: ci === undefined ? '?' : parsed.classes[ci].name });
      }
      this.framesByThread.set(thread, frames);
    }
  }

  /** The thread's frames, top first, or null when the dump has none for it. */
  framesOf(thread: ObjectIndex): ResolvedFrame[] | null {
    return this.framesByThread.get(thread) ?? null;
  }

  /** The frame that holds a thread-local edge's object, or null (no frame number, or none in the trace). */
  frameOf(e: PseudoEdge): ResolvedFrame | null {
    if (e.frame === undefined || e.frame < 0) return null;
    return this.framesByThread.get(e.from)?.[e.frame] ?? null;
  }

  /** How a thread-local edge is named in referrers and paths: `<Java Local> in Foo.bar(Foo.java:12)` when the
   *  dump names its frame, else the plain pseudo field name. */
  edgeName(e: PseudoEdge): string {
    const f = this.frameOf(e);
    return f ? `${e.name} in ${frameText(f)}` : e.name;
  }

  /** The objects each frame's locals hold (by frame number; -1: no frame named), in dump order, distinct. */
  localsOf(thread: ObjectIndex): Map<number, ObjectIndex[]> {
    const out = new Map<number, ObjectIndex[]>();
    const frames = this.framesOf(thread);
    for (const e of this.ctx.pseudoEdgesFrom(thread)) {
      if (e.name !== '<Java Local>' && e.name !== '<JNI Local>') continue;
      const frame = e.frame !== undefined && frames && e.frame >= 0 && e.frame < frames.length ? e.frame : -1;
      let list = out.get(frame);
      if (!list) out.set(frame, (list = []));
      if (!list.includes(e.to)) list.push(e.to);
    }
    return out;
  }
}
