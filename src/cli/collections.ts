// `heapdrop collections`: every recognised JDK collection grouped by class (how many, their sizes, fill ratio and
// the bytes their backing arrays waste; the rule is in docs/collections.md), as a table or as JSON.

import type { Writable } from 'node:stream';
import type { CollectionsReport } from '../core/api.ts';
import { terminalJson, terminalText, visibleText as shown } from '../core/display-text.ts';
import { analyzeFile } from './cache.ts';
import { command, countOption, JSON_OPTION, KEEP_UNREACHABLE, parseCommand, positionals, valued } from './args.ts';

export const COLLECTIONS = command({
  name: 'collections',
  usage: 'heapdrop collections <dump> [--top N] [--json] [--keep-unreachable]',
  summary: 'JDK collections by class: how many, their sizes, fill ratio and the bytes their backing arrays waste',
  options: {
    top: valued('N', 'classes shown, largest waste first (default 30)'),
    json: JSON_OPTION,
    'keep-unreachable': KEEP_UNREACHABLE,
  },
});

const n = (x: number): string => x.toLocaleString('en-US');

/** The report as JSON: plain data, objects named by address. */
export function collectionsJson(report: CollectionsReport, top: number) {
  return {
    collections: report.collections,
    unreadable: report.unreadable,
    wastedBytes: report.wastedBytes,
    classes: report.classes.slice(0, top).map(({ largestWaste, ...row }) => ({
      ...row,
      largestWaste: largestWaste.map((w) => ({
        objectId: w.object.address,
        size: w.size,
        capacity: w.capacity,
        wastedBytes: w.wastedBytes,
        retainedBytes: w.object.retainedBytes,
      })),
    })),
  };
}

export function collectionsText(report: CollectionsReport, top: number): string {
  const lines = [
    `${n(report.collections)} collections, ${n(report.wastedBytes)} bytes wasted in their backing arrays` +
      (report.unreadable > 0 ? ` (${n(report.unreadable)} could not be read)` : '') +
      '; by class, largest waste first',
    '',
    `${'objects'.padStart(10)} ${'empty'.padStart(8)} ${'1'.padStart(7)} ${'2-10'.padStart(7)} ${'11-100'.padStart(7)} ${'>100'.padStart(7)} ${'fill'.padStart(6)} ${'wasted'.padStart(12)}  class`,
  ];
  for (const r of report.classes.slice(0, top)) {
    const s = r.bySize;
    const fill = r.averageFillRatio === null ? '-' : r.averageFillRatio.toFixed(2);
    const simple = r.className.slice(Math.max(r.className.lastIndexOf('.'), r.className.lastIndexOf('$')) + 1);
    const layout = simple === r.layout ? '' : ` (${r.layout})`;
    lines.push(
      `${n(r.objects).padStart(10)} ${n(s.empty).padStart(8)} ${n(s.one).padStart(7)} ${n(s.upTo10).padStart(7)} ${n(s.upTo100).padStart(7)} ${n(s.over100).padStart(7)} ${fill.padStart(6)} ${n(r.wastedBytes).padStart(12)}  ${shown(r.className)}${layout}`,
    );
    if (r.emptyWithArray > 0) lines.push(`${''.padStart(10)} ${n(r.emptyWithArray)} empty with an array of their own`);
    for (const w of r.largestWaste.slice(0, 3)) {
      lines.push(
        `${''.padStart(10)} ${w.object.address}: ${n(w.size)} of ${w.capacity === null ? '-' : n(w.capacity)} slots, ${n(w.wastedBytes)} bytes wasted`,
      );
    }
  }
  if (report.classes.length > top) lines.push('', `(${n(report.classes.length - top)} more classes; --top N shows more)`);
  return lines.join('\n') + '\n';
}

export async function runCollections(args: string[], out: Writable = process.stdout): Promise<number> {
  const { values, ...parsed } = parseCommand(COLLECTIONS, args);
  const [dump] = positionals(COLLECTIONS, parsed, 1);
  const top = countOption(COLLECTIONS, values.top, 30);
  const analysis = await analyzeFile(dump, { keepUnreachable: values['keep-unreachable'] === true });
  const report = await analysis.collections();
  await analysis.fillLabels(report.classes.flatMap((r) => r.largestWaste.map((w) => w.object)));
  if (values.json) out.write(terminalJson(JSON.stringify(collectionsJson(report, top), null, 2)) + '\n');
  else out.write(terminalText(collectionsText(report, top)));
  return 0;
}
