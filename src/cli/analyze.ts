// `heapdrop analyze <dump> [--json] [--top N]`: a readable report, or one JSON document on stdout. The command line
// is parsed once here; the data comes from `gatherAnalyzeData`, a swappable function: this one reads the dump and
// histograms every object in it; the full analysis (graph, dominators) can replace it with one returning the same
// shape plus more fields.

import type { Writable } from 'node:stream';
import type { ProgressCallback } from '../core/api.ts';
import { classHistogram } from '../core/histogram.ts';
import { readHprofFile } from '../core/hprof/read-file.node.ts';
import { sizeModel } from '../core/model/sizes.ts';
import { terminalText, visibleText } from '../core/display-text.ts';
import { formatBytes, jsonOutput, progressBar } from './format.ts';
import type { LeakSuspectJson, ObjectRefJson } from './objects.ts';
import { escapeControls } from '../core/queries/labels.ts';
import { command, countOption, flag, KEEP_UNREACHABLE, parseCommand, positionals, UsageError, usageText, valued } from './args.ts';

export interface AnalyzeReport {
  summary: {
    format: string;
    idSize: number;
    objects: number;
    classes: number;
    gcRoots: number;
    usedHeapBytes: number;
    truncated: boolean;
    warnings: string[];
    [more: string]: unknown;
  };
  histogram: { className: string; instances: number; shallowBytes: number; [more: string]: unknown }[];
  [more: string]: unknown;
}

/** What the command line asks of the analysis (the reader-only gatherer needs none of it). */
export interface AnalyzeRequest {
  keepUnreachable: boolean;
  /** Rows of the text report's tables and of the JSON's dominatorRoots. */
  top: number;
  /** Which heap dump of a file that holds several (default: the last). */
  dump?: number;
  layout: 'mat' | 'jvm';
}

export type AnalyzeGatherer = (path: string, onProgress: ProgressCallback | undefined, request: AnalyzeRequest) => Promise<AnalyzeReport>;

/** Root record tags that MAT counts as GC roots on their own (thread-local ones become thread edges). */
const ROOT_TAGS = new Set([0xff, 0x01, 0x05, 0x07, 0x08, 0x89, 0x8a, 0x8b, 0x8c, 0x8d, 0x8e]);

/** Reader-only analysis: every object in the file (MAT's keep_unreachable_objects object set), no graph. */
export async function gatherFromReader(path: string, onProgress?: ProgressCallback): Promise<AnalyzeReport> {
  const { parsed } = await readHprofFile(path, { onProgress });
  const sizes = sizeModel(parsed);
  const rows = classHistogram(parsed, sizes);
  const rootIds = new Set<number>();
  for (let i = 0; i < parsed.roots.count; i++) if (ROOT_TAGS.has(parsed.roots.tags[i])) rootIds.add(parsed.roots.ids[i]);
  let used = 0;
  let objects = 0;
  for (const r of rows) {
    used += r.shallowBytes;
    objects += r.instances;
  }
  return {
    summary: {
      format: parsed.format,
      idSize: parsed.idSize,
      timestamp: parsed.timestamp,
      compressed: parsed.compressed,
      bytesRead: parsed.bytesRead,
      objects,
      instancesAndArrays: parsed.objectCount,
      classes: parsed.classes.length,
      gcRoots: rootIds.size,
      usedHeapBytes: used,
      compressedRefs: parsed.compressedRefs,
      alignment: parsed.alignment,
      recordCounts: parsed.recordCounts,
      unreachableIncluded: true,
      truncated: parsed.truncated,
      warnings: parsed.warnings,
      notes: parsed.notes,
      ...(parsed.damage !== undefined ? { damage: parsed.damage } : {}),
    },
    histogram: rows.map((r) => ({
      className: r.className,
      instances: r.instances,
      shallowBytes: r.shallowBytes,
      classAddress: r.classAddress,
    })),
  };
}

/** What `analyze` runs; replace it to print the full analysis. */
export let gatherAnalyzeData: AnalyzeGatherer = gatherFromReader;
export function setAnalyzeGatherer(g: AnalyzeGatherer): void {
  gatherAnalyzeData = g;
}

export const ANALYZE = command({
  name: 'analyze',
  usage: 'heapdrop analyze <dump> [--json] [--top N] [--keep-unreachable] [--dump N] [--layout mat|jvm]',
  summary: 'summary, leak suspects, dominator-tree roots and class histogram of a .hprof or .hprof.gz',
  options: {
    json: flag('JSON on stdout: summary, histogram (every class), dominatorRoots, leakSuspects'),
    top: valued('N', "rows of the report's class table, and dominator-tree roots in the report and the JSON (default 30)"),
    'keep-unreachable': KEEP_UNREACHABLE,
    dump: valued('N', 'which heap dump of a file that holds several, from 1 (default: the last)'),
    layout: valued('mat|jvm', "sizes by MAT's model (mat, the default) or by the JVM's object layout where they differ (jvm)"),
  },
});

export async function runAnalyze(
  args: string[],
  out: Writable = process.stdout,
  err: Writable & { isTTY?: boolean; columns?: number } = process.stderr,
): Promise<number> {
  const { values, ...parsed } = parseCommand(ANALYZE, args);
  const [path] = positionals(ANALYZE, parsed, 1);
  const top = countOption(ANALYZE, values.top, 30);
  const dump = countOption(ANALYZE, values.dump, 0, 1, '--dump takes the number of a heap dump in the file (1, 2, ...)');
  const layout = values.layout ?? 'mat';
  if (layout !== 'mat' && layout !== 'jvm')
    throw new UsageError("--layout takes mat (MAT's size model, the default) or jvm", usageText(ANALYZE));
  const request: AnalyzeRequest = { keepUnreachable: values['keep-unreachable'] === true, top, layout };
  if (dump > 0) request.dump = dump;
  let lastDraw = 0;
  let lastText = '';
  const onProgress: ProgressCallback | undefined = err.isTTY
    ? (p) => {
        const now = Date.now();
        if (now - lastDraw < 100 && p.done < p.total) return;
        const text = progressBar(p.phase, p.done, p.total, (err.columns || 80) - 1);
        if (text === lastText) return;
        lastDraw = now;
        lastText = text;
        err.write(`\r${text}`);
      }
    : undefined;
  let report: AnalyzeReport;
  try {
    report = await gatherAnalyzeData(path, onProgress, request);
  } finally {
    if (onProgress) err.write('\r\x1b[K');
  }
  if (values.json) {
    out.write(jsonOutput(report));
    return 0;
  }
  out.write(terminalText(textReport(path, report, top)));
  return 0;
}

export function textReport(path: string, report: AnalyzeReport, top: number): string {
  const s = report.summary;
  const lines: string[] = [];
  lines.push(`${path}: ${s.format}, ${s.idSize}-byte ids`);
  lines.push(`  objects      ${s.objects.toLocaleString('en-US')}`);
  lines.push(`  classes      ${s.classes.toLocaleString('en-US')}`);
  lines.push(`  GC roots     ${s.gcRoots.toLocaleString('en-US')}`);
  lines.push(`  used heap    ${formatBytes(s.usedHeapBytes)} (${s.usedHeapBytes.toLocaleString('en-US')} bytes)`);
  const damage = s.damage as { offset: number; lostBytes: number } | undefined;
  if (damage) {
    lines.push(
      `  DAMAGED at byte offset ${damage.offset.toLocaleString('en-US')}: figures cover what came before; ${damage.lostBytes.toLocaleString('en-US')} bytes after it not read`,
    );
  } else if (s.truncated) lines.push('  TRUNCATED: the dump is incomplete; figures cover what was read');
  for (const w of s.warnings) lines.push(`  warning: ${visibleText(w)}`);
  for (const n of (s.notes as string[] | undefined) ?? []) lines.push(`  note: ${visibleText(n)}`);
  const layout = s.layout as { used: string; note: string } | undefined;
  if (layout) lines.push(`  sizes: ${layout.note}${layout.used === 'mat' ? " (--layout jvm for the JVM's layout)" : ''}`);
  const unreachable = s.unreachable as { objects: number; shallowBytes: number } | undefined;
  if (unreachable && unreachable.objects > 0) {
    const fate = s.keepUnreachable ? 'kept as "Unreachable" roots' : 'left out, as MAT does';
    lines.push(`  unreachable  ${unreachable.objects.toLocaleString('en-US')} objects, ${formatBytes(unreachable.shallowBytes)} (${fate})`);
  }
  const suspects = report.leakSuspects as LeakSuspectJson[] | undefined;
  const named = (r: ObjectRefJson) => (r.label === '<system class loader>' ? r.label : `${visibleText(r.className)} @ ${r.objectId}`);
  if (suspects) {
    lines.push('');
    lines.push(
      suspects.length === 0
        ? "Leak suspects (MAT's rules): none retains more than 10% of the heap"
        : "Leak suspects (MAT's rules: more than 10% of the heap):",
    );
    const pct = (bytes: number) => (s.usedHeapBytes > 0 ? ((100 * bytes) / s.usedHeapBytes).toFixed(2) : '0.00');
    suspects.forEach((x, i) => {
      const what = x.group
        ? `${x.group.instances.toLocaleString('en-US')} top-level instances of ${visibleText(x.group.className)}`
        : x.kind === 'class' && x.object!.label
          ? `${visibleText(x.object!.label)} @ ${x.object!.objectId}`
          : `${x.kind} ${visibleText(x.object!.className)}${x.object!.label ? ' ' + visibleText(x.object!.label) : ''} @ ${x.object!.objectId}`;
      lines.push(`  ${i + 1}. ${what}: ${x.retainedBytes.toLocaleString('en-US')} bytes (${pct(x.retainedBytes)}%)`);
      if (x.loader && x.kind !== 'thread') lines.push(`     loaded by ${named(x.loader)}`);
      const p = x.accumulationPoint;
      const loadedBy = p?.loader ? `, loaded by ${named(p.loader)}` : '';
      if (p && x.group) {
        lines.push(
          `     their shortest paths from the GC roots all run through ${visibleText(p.className)} @ ${p.objectId} (accumulation point${loadedBy})`,
        );
      } else if (p && p.objectId !== x.object?.objectId) {
        lines.push(
          `     accumulates in ${visibleText(p.className)} @ ${p.objectId}${loadedBy}: ${p.retainedBytes.toLocaleString('en-US')} bytes (${pct(p.retainedBytes)}%)`,
        );
      }
      if (p?.chain) lines.push(`     shortest path from a GC root: ${visibleText(p.chain)}`);
      else if (p?.pathFromRoot === null) lines.push('     no path from a GC root once weak and soft references are left out');
      if (p?.childrenByClass && p.childrenByClass.length > 0) {
        const shown = p.childrenByClass.slice(0, 5);
        lines.push(
          `     it dominates, by class: ${shown.map((c) => `${visibleText(c.className)} ×${c.count.toLocaleString('en-US')} (${c.retainedBytes.toLocaleString('en-US')} bytes retained)`).join(', ')}${p.childrenByClass.length > shown.length ? ', …' : ''}`,
        );
      }
      if (p?.retainedByClass && p.retainedByClass.length > 0) {
        const shown = p.retainedByClass.slice(0, 5);
        lines.push(
          `     all accumulated objects by class: ${shown.map((c) => `${visibleText(c.className)} ×${c.objects.toLocaleString('en-US')} (${c.shallowBytes.toLocaleString('en-US')} bytes)`).join(', ')}${p.retainedByClass.length > shown.length ? ', …' : ''}`,
        );
      }
      for (const f of x.thread?.frames ?? []) {
        lines.push(`     significant frame ${escapeControls(f.frame)} holds:`);
        for (const l of f.locals) {
          lines.push(
            `       ${l.className}${l.label ? ' ' + escapeControls(l.label) : ''} @ ${l.objectId}: ${l.retainedBytes.toLocaleString('en-US')} bytes (${pct(l.retainedBytes)}%)`,
          );
        }
      }
      if (x.topConsumers.length > 0) {
        lines.push(
          `     keeps alive: ${x.topConsumers.map((c) => `${visibleText(c.className)} (${c.instances.toLocaleString('en-US')}, ${c.shallowBytes.toLocaleString('en-US')} bytes)`).join(', ')}`,
        );
      }
    });
  }
  const roots = report.dominatorRoots as { objectId: string; className: string; shallowBytes: number; retainedBytes: number }[] | undefined;
  if (roots && roots.length > 0) {
    lines.push('');
    const shown = roots.slice(0, Math.min(top, 20));
    lines.push(`Biggest objects (dominator tree roots), ${shown.length} of the largest:`);
    lines.push(`${'retained bytes'.padStart(15)}  ${'% heap'.padStart(6)}  ${'shallow'.padStart(9)}  object`);
    for (const r of shown) {
      const pct = s.usedHeapBytes > 0 ? ((100 * r.retainedBytes) / s.usedHeapBytes).toFixed(1) : '0.0';
      lines.push(
        `${r.retainedBytes.toLocaleString('en-US').padStart(15)}  ${pct.padStart(6)}  ${r.shallowBytes.toLocaleString('en-US').padStart(9)}  ${visibleText(r.className)} @ ${r.objectId}`,
      );
    }
  }
  lines.push('');
  const rows = report.histogram.slice(0, top);
  const hasRetained = rows.some((r) => typeof r.retainedBytes === 'number');
  lines.push(`Top ${rows.length} of ${report.histogram.length} classes by shallow size:`);
  lines.push(
    `${'instances'.padStart(12)}  ${'shallow bytes'.padStart(15)}${hasRetained ? '  ' + 'retained bytes'.padStart(15) : ''}  class`,
  );
  for (const r of rows) {
    const retained = hasRetained
      ? '  ' + (typeof r.retainedBytes === 'number' ? r.retainedBytes.toLocaleString('en-US') : '').padStart(15)
      : '';
    lines.push(
      `${r.instances.toLocaleString('en-US').padStart(12)}  ${r.shallowBytes.toLocaleString('en-US').padStart(15)}${retained}  ${visibleText(r.className)}`,
    );
  }
  return lines.join('\n') + '\n';
}
