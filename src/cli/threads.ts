// `heapdrop threads`: every thread of a dump with its stack as jstack prints it, and under each frame the objects
// its local variables hold with their retained sizes (the app's threads view for a terminal), or JSON.

import type { Writable } from 'node:stream';
import { analyzeFile } from '../core/analysis.node.ts';
import type { ObjectRow, ThreadOverview, ThreadRow } from '../core/api.ts';
import { escapeControls } from '../core/queries/labels.ts';
import { jsonOutput } from './format.ts';
import { command, JSON_OPTION, KEEP_UNREACHABLE, parseCommand, positionals } from './args.ts';

export const THREADS = command({
  name: 'threads',
  usage: 'heapdrop threads <dump> [--json] [--keep-unreachable]',
  summary: "every thread with its state and stack, and the retained size of what each frame's locals hold",
  options: { json: JSON_OPTION, 'keep-unreachable': KEEP_UNREACHABLE },
});

const n = (x: number): string => x.toLocaleString('en-US');

function objectJson(r: ObjectRow) {
  return {
    objectId: r.address,
    className: r.className,
    ...(r.label !== undefined ? { label: r.label } : {}),
    shallowBytes: r.shallowBytes,
    retainedBytes: r.retainedBytes,
  };
}

export function threadsJson(overview: ThreadOverview) {
  return {
    usedHeapBytes: overview.usedHeapBytes,
    threads: overview.threads.map((t) => ({
      ...objectJson(t.object),
      name: t.name,
      daemon: t.daemon,
      priority: t.priority,
      state: t.state,
      stateValue: t.stateValue,
      virtual: t.virtual,
      ...(t.carrier ? { carrier: objectJson(t.carrier) } : {}),
      ...(t.contextClassLoader ? { contextClassLoader: objectJson(t.contextClassLoader) } : {}),
      frames:
        t.frames?.map((f) => ({
          text: f.text,
          className: f.className,
          method: f.method,
          signature: f.signature,
          sourceFile: f.sourceFile,
          line: f.line,
          maxLocalRetainedBytes: f.maxLocalRetainedBytes,
          locals: f.locals.map(objectJson),
        })) ?? null,
      otherLocals: t.otherLocals.map(objectJson),
    })),
  };
}

/** `retains 15,602,392 bytes (98.40%)` */
function retains(r: ObjectRow, used: number): string {
  return `retains ${n(r.retainedBytes)} bytes (${used > 0 ? ((100 * r.retainedBytes) / used).toFixed(2) : '0.00'}%)`;
}

/** An object as one line: `java.util.ArrayList @ 0xff8f6080  retains 15,602,392 bytes (98.40%)`. */
function objectLine(r: ObjectRow, used: number): string {
  const label = r.label ? ' ' + escapeControls(r.label) : '';
  return `${r.className}${label} @ ${r.address}  ${retains(r, used)}`;
}

/** A thread's header line, as jstack's: `"main" daemon prio=5 RUNNABLE`, then the object and its sizes. */
function threadHeader(t: ThreadRow, used: number): string {
  const name = t.name === null ? '(no name)' : `"${escapeControls(t.name)}"`;
  const parts = [name];
  if (t.virtual) parts.push('virtual');
  if (t.daemon) parts.push('daemon');
  if (t.priority !== null) parts.push(`prio=${t.priority}`);
  if (t.state !== null) parts.push(t.state);
  else if (t.stateValue !== null) parts.push(`state=${t.stateValue}`);
  const carrier = t.carrier ? `, on carrier ${t.carrier.address}` : '';
  return `${parts.join(' ')}  ${t.object.className} @ ${t.object.address}${carrier}, shallow ${n(t.object.shallowBytes)}, ${retains(t.object, used)}`;
}

export function threadsText(overview: ThreadOverview): string {
  const used = overview.usedHeapBytes;
  const lines: string[] = [`${overview.threads.length} threads, largest retained first; under each frame the objects its locals hold`];
  for (const t of overview.threads) {
    lines.push('', threadHeader(t, used));
    if (t.frames === null) lines.push('    (the dump has no stack trace for this thread)');
    else if (t.frames.length === 0) lines.push('    (no Java frames)');
    for (const f of t.frames ?? []) {
      lines.push(`    at ${escapeControls(f.text)}`);
      for (const l of f.locals) lines.push(`        local ${objectLine(l, used)}`);
    }
    for (const l of t.otherLocals) lines.push(`    local (frame not named in the dump) ${objectLine(l, used)}`);
  }
  return lines.join('\n') + '\n';
}

export async function runThreads(args: string[], out: Writable = process.stdout): Promise<number> {
  const { values, ...parsed } = parseCommand(THREADS, args);
  const [dump] = positionals(THREADS, parsed, 1);
  const analysis = await analyzeFile(dump, { keepUnreachable: values['keep-unreachable'] === true });
  const overview = await analysis.threads();
  out.write(values.json ? jsonOutput(threadsJson(overview), 2) : threadsText(overview));
  return 0;
}
