// The analysis as one self-contained HTML file (`heapdrop report`, and the app's "Download report"): summary, leak
// suspects with their paths and stack frames, top components, duplicate strings, the top of the histogram, the
// unreachable objects by class when some were left out, and the collections' possible memory waste. Pure
// string building: every value from the dump goes through `esc` (its control and bidi characters made visible,
// then HTML-escaped), the page has inline CSS and no script, and its Content-Security-Policy forbids loading
// anything, so it opens offline and cannot call out even if a value slipped through.
//
// `gatherReport` asks the analysis queries (an Engine in the app, labelledQueries in the CLI); `buildHtmlReport`
// turns what they answered into the page.

import type {
  AsyncQueries,
  CollectionsReport,
  DuplicateStrings,
  HistogramRow,
  LeakSuspect,
  LeakSuspects,
  ObjectRow,
  Summary,
  UnreachableClassRow,
} from '../api.ts';
import { visibleText } from '../display-text.ts';

/** The queries a report reads. */
export type ReportQueries = Pick<
  AsyncQueries,
  'summary' | 'histogram' | 'leakSuspects' | 'dominatorChildren' | 'duplicateStrings' | 'unreachableHistogram' | 'collections'
>;

/** A section's data, or why it is missing (a query that failed, a shared analysis without it). */
export type Part<T> = { ok: true; value: T } | { ok: false; reason: string };

export interface ReportData {
  /** The dump's file name (or the shared analysis's title). */
  title: string;
  /** When the report was made (ms since the epoch). */
  generatedAt: number;
  summary: Summary;
  suspects: Part<LeakSuspects>;
  /** The largest top-level dominators. */
  topComponents: Part<ObjectRow[]>;
  duplicateStrings: Part<DuplicateStrings>;
  /** The histogram's largest classes by retained size (MAT's minimum), then shallow. */
  histogram: Part<HistogramRow[]>;
  /** The objects removed as unreachable, by class; null when none were removed. */
  unreachable: Part<UnreachableClassRow[]> | null;
  /** The collections by class with the bytes their backing arrays waste (MAT's "Possible Memory Waste"), the
   *  classes cut to the report's top rows; null leaves the section out. */
  collections: Part<CollectionsReport> | null;
}

export interface ReportOptions {
  /** Rows per table (top components, duplicate strings, histogram). Default 30. */
  top?: number;
}

const DEFAULT_TOP = 30;

async function part<T>(ask: () => Promise<T>): Promise<Part<T>> {
  try {
    return { ok: true, value: await ask() };
  } catch (e) {
    return { ok: false, reason: e instanceof Error ? e.message : String(e) };
  }
}

/** Asks the queries a report needs, one after another (the long passes share the analysis's one thread). */
export async function gatherReport(q: ReportQueries, title: string, options: ReportOptions = {}, now = Date.now()): Promise<ReportData> {
  const top = options.top ?? DEFAULT_TOP;
  const summary = await q.summary();
  const suspects = await part(() => q.leakSuspects());
  const topComponents = await part(async () => (await q.dominatorChildren(-1, 0, top)).items);
  const histogram = await part(async () =>
    (await q.histogram())
      .slice()
      .sort((a, b) => (b.retainedBytes ?? 0) - (a.retainedBytes ?? 0) || b.shallowBytes - a.shallowBytes)
      .slice(0, top),
  );
  const duplicateStrings = await part(async () => {
    const d = await q.duplicateStrings();
    return { ...d, groups: d.groups.slice(0, top) };
  });
  const removed = summary.unreachable.objects > 0 && !summary.keepUnreachable;
  const unreachable = removed ? await part(async () => (await q.unreachableHistogram()).slice(0, top)) : null;
  const collections = await part(async () => {
    const c = await q.collections();
    return { ...c, classes: c.classes.slice(0, top) };
  });
  return { title, generatedAt: now, summary, suspects, topComponents, duplicateStrings, histogram, unreachable, collections };
}

/** Text from the dump (or anywhere) for HTML: control and bidi characters made visible, then & < > " ' escaped. */
export function esc(text: string): string {
  return visibleText(text).replace(/[&<>"']/g, (c) =>
    c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : c === '"' ? '&quot;' : '&#39;',
  );
}

const count = (n: number): string => n.toLocaleString('en-US');

/** Binary units, as the app shows them. */
export function bytesText(bytes: number): string {
  const units = ['bytes', 'KB', 'MB', 'GB', 'TB'];
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return u === 0 ? `${count(bytes)} bytes` : `${v.toFixed(v < 10 ? 2 : 1)} ${units[u]}`;
}

function percent(part: number, total: number): string {
  return total > 0 ? `${((100 * part) / total).toFixed(1)}%` : '–';
}

function objectText(row: ObjectRow): string {
  const label = row.label ? ` ${esc(row.label)}` : '';
  return `<span class="cls">${esc(row.className)}</span>${label} <span class="addr">@ ${esc(row.address)}</span>`;
}

function table(columns: string[], rows: string[][], numeric: boolean[]): string {
  const head = columns.map((c, i) => `<th${numeric[i] ? ' class="num"' : ''}>${esc(c)}</th>`).join('');
  const body = rows.map((r) => `<tr>${r.map((cell, i) => `<td${numeric[i] ? ' class="num"' : ''}>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function missing(reason: string): string {
  return `<p class="dim">Not available: ${esc(reason)}</p>`;
}

function summarySection(s: Summary, title: string, generatedAt: number): string {
  const roots = Object.entries(s.gcRootsByType)
    .sort((a, b) => b[1] - a[1])
    .map(([k, n]) => `${count(n)} ${esc(k)}`)
    .join(', ');
  const rows: [string, string][] = [
    ['File', `${esc(title)} (${bytesText(s.bytesRead)} of HPROF${s.compressed ? ', gzip' : ''})`],
    ['Dump taken', s.timestamp > 0 ? esc(new Date(s.timestamp).toISOString()) : 'unknown'],
    ['Format', `${esc(s.format)}, ${s.idSize * 8}-bit ids${s.compressedRefs ? ', compressed references' : ''}`],
    ['Used heap', `${bytesText(s.usedHeapBytes)} (${count(s.usedHeapBytes)} bytes)`],
    ['Objects', `${count(s.objects)}: ${count(s.instances)} instances, ${count(s.arrays)} arrays, ${count(s.classes)} classes`],
    ['GC roots', `${count(s.gcRoots)}${roots ? `: ${roots}` : ''}`],
    [
      'Unreachable',
      `${count(s.unreachable.objects)} objects, ${bytesText(s.unreachable.shallowBytes)} ${s.keepUnreachable ? 'kept as roots' : 'left out'}`,
    ],
  ];
  const warnings = s.warnings.length > 0 ? `<ul class="warn">${s.warnings.map((w) => `<li>${esc(w)}</li>`).join('')}</ul>` : '';
  return (
    `<section id="summary"><h2>Summary</h2><dl>${rows.map(([k, v]) => `<dt>${k}</dt><dd>${v}</dd>`).join('')}</dl>${warnings}` +
    `<p class="dim">Report made ${esc(new Date(generatedAt).toISOString())}. Sizes follow Eclipse MAT's model (shallow and retained heap).</p></section>`
  );
}

function suspectTitle(s: LeakSuspect): string {
  if (s.group) return `${count(s.group.instances)} instances of <span class="cls">${esc(s.group.className)}</span>`;
  const o = s.object!;
  switch (s.kind) {
    case 'class':
      // A class object's label is `class <its name>`.
      return `The class <span class="cls">${esc(o.label?.replace(/^class /, '') ?? o.className)}</span> <span class="addr">@ ${esc(o.address)}</span>`;
    case 'thread':
      return `The thread ${objectText(o)}${s.thread?.name ? ` (“${esc(s.thread.name)}”)` : ''}`;
    case 'classloader':
      return `The class loader ${objectText(o)}`;
    default:
      return `One instance of ${objectText(o)}`;
  }
}

function suspectSection(s: LeakSuspect, n: number, heap: number): string {
  const parts: string[] = [];
  parts.push(`<h3>Suspect ${n}: ${percent(s.retainedBytes, heap)} of the heap</h3>`);
  parts.push(
    `<p>${suspectTitle(s)} retain${s.group && s.group.instances > 1 ? '' : 's'} <strong>${bytesText(s.retainedBytes)}</strong> (${count(s.retainedBytes)} bytes).</p>`,
  );
  if (s.loader && s.kind !== 'thread') parts.push(`<p class="dim">Loaded by ${objectText(s.loader)}</p>`);
  if (s.topConsumers.length > 0) {
    parts.push('<p>Largest classes among what only it keeps alive:</p>');
    parts.push(
      table(
        ['Class', 'Objects', 'Shallow'],
        s.topConsumers.map((c) => [`<span class="cls">${esc(c.className)}</span>`, count(c.instances), bytesText(c.shallowBytes)]),
        [false, true, true],
      ),
    );
  }
  const point = s.point;
  if (point) {
    parts.push(`<p>Accumulation point: ${objectText(point.object)}, ${bytesText(point.object.retainedBytes)} retained.</p>`);
    if (point.chain) parts.push(`<p class="chain">${esc(point.chain)}</p>`);
    if (point.pathFromRoot) {
      parts.push('<p>Shortest path from a GC root to it (weak and soft references not followed):</p>');
      parts.push(
        table(
          ['Object', 'Field to the next', 'Retained'],
          point.pathFromRoot.map((step) => [
            objectText(step.object),
            step.field === null ? '' : esc(step.field),
            bytesText(step.object.retainedBytes),
          ]),
          [false, false, true],
        ),
      );
    }
    if (point.retainedByClass.length > 0) {
      parts.push('<p>What it retains, by class:</p>');
      parts.push(
        table(
          ['Class', 'Objects', 'Shallow'],
          point.retainedByClass
            .slice(0, 10)
            .map((r) => [`<span class="cls">${esc(r.className)}</span>`, count(r.objects), bytesText(r.shallowBytes)]),
          [false, true, true],
        ),
      );
    }
  } else if (s.accumulation && s.accumulation.length > 0) {
    parts.push(
      `<p>Path to its accumulation point:</p><ol class="steps">${s.accumulation.map((o) => `<li>${objectText(o)}</li>`).join('')}</ol>`,
    );
  }
  const frames = s.thread?.frames;
  if (frames && frames.length > 0) {
    parts.push('<p>Significant stack frames and the local variables that hold the memory:</p>');
    parts.push(
      `<ul class="frames">${frames
        .map(
          (f) =>
            `<li><code>${esc(f.matText)}</code>${f.locals.length > 0 ? `<ul>${f.locals.map((l) => `<li>${objectText(l)}, ${bytesText(l.retainedBytes)} retained</li>`).join('')}</ul>` : ''}</li>`,
        )
        .join('')}</ul>`,
    );
  }
  return `<article class="suspect">${parts.join('\n')}</article>`;
}

function suspectsSection(p: Part<LeakSuspects>): string {
  if (!p.ok) return `<section id="suspects"><h2>Leak suspects</h2>${missing(p.reason)}</section>`;
  const d = p.value;
  const body =
    d.suspects.length === 0
      ? `<p>No suspect: nothing retains more than ${bytesText(d.thresholdBytes)} (10% of the heap) alone.</p>`
      : d.suspects.map((s, i) => suspectSection(s, i + 1, d.usedHeapBytes)).join('\n');
  return `<section id="suspects"><h2>Leak suspects</h2><p class="dim">Eclipse MAT's rules: each object, or class of top-level dominators, that retains more than 10% of the heap.</p>${body}</section>`;
}

function topSection(p: Part<ObjectRow[]>, heap: number): string {
  if (!p.ok) return `<section id="top"><h2>Top components</h2>${missing(p.reason)}</section>`;
  return (
    `<section id="top"><h2>Top components</h2><p class="dim">The largest objects of the dominator tree's top level: what each keeps alive alone.</p>` +
    table(
      ['Object', 'Shallow', 'Retained', 'Of the heap'],
      p.value.map((o) => [objectText(o), bytesText(o.shallowBytes), bytesText(o.retainedBytes), percent(o.retainedBytes, heap)]),
      [false, true, true, true],
    ) +
    '</section>'
  );
}

function stringsSection(p: Part<DuplicateStrings>): string {
  if (!p.ok) return `<section id="strings"><h2>Duplicate strings</h2>${missing(p.reason)}</section>`;
  const d = p.value;
  const head = `<p>${count(d.duplicates)} Strings repeat ${count(d.duplicatedValues)} values; keeping one of each would free <strong>${bytesText(d.wastedBytes)}</strong>.</p>`;
  return (
    `<section id="strings"><h2>Duplicate strings</h2>${head}` +
    table(
      ['Value', 'Copies', 'Wasted'],
      d.groups.map((g) => [
        `<code>${esc(g.value)}</code>${g.chars > g.value.length ? ` <span class="dim">(${count(g.chars)} chars)</span>` : ''}`,
        count(g.strings),
        bytesText(g.wastedBytes),
      ]),
      [false, true, true],
    ) +
    '</section>'
  );
}

function histogramSection(p: Part<HistogramRow[]>): string {
  if (!p.ok) return `<section id="histogram"><h2>Classes</h2>${missing(p.reason)}</section>`;
  return (
    `<section id="histogram"><h2>Classes</h2><p class="dim">The classes whose objects retain the most (MAT's minimum retained size).</p>` +
    table(
      ['Class', 'Objects', 'Shallow', 'Retained (min)'],
      p.value.map((r) => [
        `<span class="cls">${esc(r.className)}</span>`,
        count(r.instances),
        bytesText(r.shallowBytes),
        r.retainedBytes === undefined ? '' : bytesText(r.retainedBytes),
      ]),
      [false, true, true, true],
    ) +
    '</section>'
  );
}

function unreachableSection(p: Part<UnreachableClassRow[]>, s: Summary): string {
  const head = `<section id="unreachable"><h2>Unreachable objects</h2><p class="dim">${count(s.unreachable.objects)} objects (${bytesText(s.unreachable.shallowBytes)}) that no GC root reaches were left out of the analysis, as MAT does by default; the largest classes among them:</p>`;
  if (!p.ok) return `${head}${missing(p.reason)}</section>`;
  return (
    head +
    table(
      ['Class', 'Objects', 'Shallow'],
      p.value.map((r) => [`<span class="cls">${esc(r.className)}</span>`, count(r.objects), bytesText(r.shallowBytes)]),
      [false, true, true],
    ) +
    '</section>'
  );
}

function collectionsSection(p: Part<CollectionsReport>): string {
  const head =
    `<section id="collections"><h2>Collections: possible memory waste</h2><p class="dim">Every recognised JDK collection, by class: ` +
    `how many hold no entry, the mean fill ratio (size / capacity) and the bytes their backing arrays waste (the unused slots of ` +
    `the arrays they own, the whole array of an empty one), largest waste first.</p>`;
  if (!p.ok) return `${head}${missing(p.reason)}</section>`;
  const c = p.value;
  const line = `<p>${count(c.collections)} collections waste <strong>${bytesText(c.wastedBytes)}</strong> in their backing arrays${c.unreadable > 0 ? ` (${count(c.unreadable)} could not be read)` : ''}.</p>`;
  if (c.classes.length === 0) return `${head}${line}<p>No JDK collection in this dump.</p></section>`;
  return (
    head +
    line +
    table(
      ['Class', 'Objects', 'Empty', 'Avg fill', 'Wasted', 'Retained', 'Wasting the most'],
      c.classes.map((r) => [
        `<span class="cls">${esc(r.className)}</span>`,
        count(r.objects),
        count(r.bySize.empty),
        r.averageFillRatio === null ? '–' : r.averageFillRatio.toFixed(2),
        bytesText(r.wastedBytes),
        bytesText(r.retainedBytes),
        r.largestWaste
          .slice(0, 3)
          .map(
            (w) =>
              `<span class="addr">@ ${esc(w.object.address)}</span> ${count(w.size)}${w.capacity === null ? ' entries' : ` of ${count(w.capacity)} slots`}, ${bytesText(w.wastedBytes)} wasted`,
          )
          .join('; '),
      ]),
      [false, true, true, true, true, true, false],
    ) +
    '</section>'
  );
}

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:0 auto;max-width:1100px;padding:16px 24px;color:#1d1d1f;background:#fff}
h1{font-size:22px;margin:0 0 4px}h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid #ddd;padding-bottom:4px}h3{font-size:15px;margin:18px 0 6px}
nav a{margin-right:14px}dl{display:grid;grid-template-columns:140px 1fr;gap:2px 12px}dt{color:#666}dd{margin:0}
table{border-collapse:collapse;width:100%;margin:6px 0 12px;font-size:13px}th,td{border-bottom:1px solid #eee;padding:3px 6px;text-align:left;vertical-align:top}
th{background:#f5f5f7}.num{text-align:right;white-space:nowrap;font-variant-numeric:tabular-nums}
.cls,code,.chain,.addr{font-family:ui-monospace,Menlo,Consolas,monospace;word-break:break-all}.addr,.dim{color:#777}
.suspect{border-left:3px solid #c0392b;padding:2px 0 2px 12px;margin:12px 0}.warn{color:#a15c00}
@media (prefers-color-scheme:dark){body{background:#1c1c1e;color:#eee}th{background:#2c2c2e}th,td{border-color:#333}h2{border-color:#444}a{color:#6cb4ff}}
`;

/** The whole page. */
export function buildHtmlReport(d: ReportData): string {
  const heap = d.summary.usedHeapBytes;
  const sections = [
    summarySection(d.summary, d.title, d.generatedAt),
    suspectsSection(d.suspects),
    topSection(d.topComponents, heap),
    stringsSection(d.duplicateStrings),
    histogramSection(d.histogram),
    ...(d.unreachable ? [unreachableSection(d.unreachable, d.summary)] : []),
    ...(d.collections ? [collectionsSection(d.collections)] : []),
  ];
  const links = [
    ['summary', 'Summary'],
    ['suspects', 'Leak suspects'],
    ['top', 'Top components'],
    ['strings', 'Duplicate strings'],
    ['histogram', 'Classes'],
    ...(d.unreachable ? [['unreachable', 'Unreachable objects']] : []),
    ...(d.collections ? [['collections', 'Collections']] : []),
  ];
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>Heap report: ${esc(d.title)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Heap report: ${esc(d.title)}</h1>
<nav>${links.map(([id, t]) => `<a href="#${id}">${t}</a>`).join('')}</nav>
${sections.join('\n')}
</body>
</html>
`;
}
