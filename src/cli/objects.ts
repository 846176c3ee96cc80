// `heapdrop objects <dump> [--keep-unreachable]`: every kept object as TSV in address order, in the columns of
// Eclipse MAT's objects files (address, class, shallow, retained, idom, gc_root_types), for diffing against MAT.
// Also the `dominatorRoots` list that `heapdrop analyze --json` prints.

import type { Writable } from 'node:stream';
import type { HeapAnalysis } from '../core/analysis.ts';
import { PATH_HEAD, type ObjectRow } from '../core/api.ts';
import type { AnalyzeGatherer } from './analyze.ts';
import { analyzeFile } from './cache.ts';
import { objectsTsvChunks } from '../core/graph/objects-tsv.ts';
import { suspectRows } from '../core/queries/index.ts';
import { toHex } from '../core/units.ts';
import { command, KEEP_UNREACHABLE, parseCommand, positionals } from './args.ts';

export interface DominatorRootJson {
  objectId: string;
  className: string;
  shallowBytes: number;
  retainedBytes: number;
}

/** The `top` largest top-level dominators (children of the virtual root), largest retained first. */
export function dominatorRootsJson(analysis: HeapAnalysis, top: number): DominatorRootJson[] {
  const g = analysis.graph;
  const out: DominatorRootJson[] = [];
  const topLevel = g.sortedChildren(-1);
  const n = Math.min(top, topLevel.length);
  for (let i = 0; i < n; i++) {
    const v = topLevel[i];
    out.push({
      objectId: toHex(g.idOf(v)),
      className: g.parsed.classes[g.classByIndex[v]]?.name ?? '?',
      shallowBytes: g.shallowByIndex[v],
      retainedBytes: g.retainedByIndex[v],
    });
  }
  return out;
}

export interface LeakSuspectJson {
  kind: string;
  retainedBytes: number;
  /** A single object: the top-level dominator; a group: its class and how many of them there are. */
  object?: { objectId: string; className: string; label?: string };
  group?: { className: string; instances: number };
  /** The class loader of the suspect's class (MAT's "loaded by"). */
  loader?: ObjectRefJson;
  /** Where its memory accumulates (MAT's accumulation point; a single object itself when no drop), its class
   *  loader, its shortest path from a GC root (root first; each step's field holds the next) also as one line,
   *  its dominator-tree children by class, and all it retains by class. */
  accumulationPoint?: {
    objectId: string;
    className: string;
    retainedBytes: number;
    loader?: ObjectRefJson;
    chain?: string;
    pathFromRoot?: Array<ObjectRefJson & { field: string | null }> | null;
    /** A path longer than pathFromRoot holds: its length; the steps left out follow the first pathElidedAfter. */
    pathLength?: number;
    pathElidedAfter?: number;
    childrenByClass?: { className: string; count: number; shallowBytes: number; retainedBytes: number }[];
    retainedByClass?: { className: string; objects: number; shallowBytes: number }[];
  };
  topConsumers: { className: string; instances: number; shallowBytes: number }[];
  /** A thread: its name, and MAT's significant stack frames with the locals that matter (null: no stack). */
  thread?: { name: string | null; frames: SignificantFrameJson[] | null };
}

export interface SignificantFrameJson {
  /** As jstack prints it: `Foo.bar(Foo.java:12)`. */
  frame: string;
  /** As MAT's report prints it: `Foo.bar(I)V (Foo.java:12)`. */
  matFrame: string;
  locals: { objectId: string; className: string; label?: string; retainedBytes: number }[];
}

/** An object named in the JSON output. */
export interface ObjectRefJson {
  objectId: string;
  className: string;
  label?: string;
}

function refJson(r: ObjectRow): ObjectRefJson {
  return { objectId: r.address, className: r.className, ...(r.label !== undefined ? { label: r.label } : {}) };
}

/** MAT's leak suspects, labels (a thread's name) decoded. */
export async function leakSuspectsJson(analysis: HeapAnalysis): Promise<LeakSuspectJson[]> {
  const result = await analysis.leakSuspects();
  const { suspects } = result;
  await analysis.fillLabels(suspectRows(result));
  return suspects.map((s) => {
    const out: LeakSuspectJson = { kind: s.kind, retainedBytes: s.retainedBytes, topConsumers: s.topConsumers.map((c) => ({ ...c })) };
    if (s.object) {
      out.object = { objectId: s.object.address, className: s.object.className };
      if (s.object.label !== undefined) out.object.label = s.object.label;
    }
    if (s.group) out.group = { className: s.group.className, instances: s.group.instances };
    if (s.loader) out.loader = refJson(s.loader);
    const point = s.accumulation?.[s.accumulation.length - 1];
    if (point) out.accumulationPoint = { objectId: point.address, className: point.className, retainedBytes: point.retainedBytes };
    if (s.thread) {
      const frames = s.thread.frames?.map((f) => ({
        frame: f.frame.text,
        matFrame: f.matText,
        locals: f.locals.map((l) => ({
          objectId: l.address,
          className: l.className,
          ...(l.label !== undefined ? { label: l.label } : {}),
          retainedBytes: l.retainedBytes,
        })),
      }));
      out.thread = { name: s.thread.name, frames: frames ?? null };
    }
    if (out.accumulationPoint && s.point) {
      const p = s.point;
      Object.assign(out.accumulationPoint, {
        loader: refJson(p.loader),
        chain: p.chain,
        pathFromRoot: p.pathFromRoot && p.pathFromRoot.map((step) => ({ ...refJson(step.object), field: step.field })),
        // A long path holds its first and last steps only: its whole length, and where the steps left out were.
        ...(p.pathLength !== undefined ? { pathLength: p.pathLength, pathElidedAfter: PATH_HEAD } : {}),
        childrenByClass: p.childrenByClass.map(({ className, count, shallowBytes, retainedBytes }) => ({
          className,
          count,
          shallowBytes,
          retainedBytes,
        })),
        retainedByClass: p.retainedByClass.map(({ className, objects, shallowBytes }) => ({ className, objects, shallowBytes })),
      });
    }
    return out;
  });
}

/** Writes chunks with backpressure; resolves false when the reader went away (EPIPE), true otherwise. */
export async function writeChunks(out: Writable, chunks: Iterable<string>): Promise<boolean> {
  let closed = false;
  let failure: Error | null = null;
  const onError = (e: NodeJS.ErrnoException): void => {
    closed = true;
    if (e.code !== 'EPIPE') failure = e;
  };
  out.on('error', onError);
  try {
    let pending = '';
    for (const chunk of chunks) {
      if (closed) break;
      pending += chunk;
      if (pending.length < 1 << 20) continue;
      const ok = out.write(pending);
      pending = '';
      if (!ok)
        await new Promise<void>((resolve) => {
          const done = (): void => {
            out.off('drain', done);
            out.off('close', done);
            resolve();
          };
          out.once('drain', done);
          out.once('close', done);
        });
    }
    if (!closed && pending.length > 0) out.write(pending);
    if (failure) throw failure;
    return !closed;
  } finally {
    out.off('error', onError);
    out.on('error', () => {}); // an EPIPE after we are done must not crash the process
  }
}

export const OBJECTS = command({
  name: 'objects',
  usage: 'heapdrop objects <dump> [--keep-unreachable]',
  summary: "every kept object as TSV, in the columns of MAT's objects files",
  options: { 'keep-unreachable': KEEP_UNREACHABLE },
});

/** Runs the subcommand; returns the process exit code. */
export async function runObjects(args: string[], out: Writable = process.stdout): Promise<number> {
  const { values, ...parsed } = parseCommand(OBJECTS, args);
  const [dump] = positionals(OBJECTS, parsed, 1);
  const analysis = await analyzeFile(dump, { keepUnreachable: values['keep-unreachable'] === true });
  await writeChunks(out, objectsTsvChunks(analysis.graph));
  return 0;
}

/**
 * The full analysis as `heapdrop analyze` reports it: MAT's summary (with `unreachable`), the histogram with
 * `retainedBytes`, the `top` largest dominator-tree roots and MAT's leak suspects.
 */
export const fullAnalysisGatherer: AnalyzeGatherer = async (path, onProgress, request) => {
  const { keepUnreachable, dump, layout } = request;
  const analysis = await analyzeFile(path, { keepUnreachable, dump, layout }, onProgress);
  return {
    summary: { ...analysis.summary() },
    histogram: analysis.histogram().map((r) => ({ ...r })),
    dominatorRoots: dominatorRootsJson(analysis, request.top),
    leakSuspects: await leakSuspectsJson(analysis),
  };
};
