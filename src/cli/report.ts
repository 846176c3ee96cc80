// `heapdrop report <dump> --out report.html`: the analysis as one self-contained HTML file (summary, leak suspects
// with their paths and frames, top components, duplicate strings, the top classes), made by the core's report
// builder from the same queries the app asks (src/core/report/html-report.ts). One function and its options.

import { writeFileSync } from 'node:fs';
import { basename } from 'node:path';
import type { Writable } from 'node:stream';
import { terminalText } from '../core/display-text.ts';
import { labelledQueries } from '../core/labelled-queries.ts';
import { buildHtmlReport, gatherReport } from '../core/report/html-report.ts';
import { analyzeFile } from './cache.ts';
import { UsageError } from './queries.ts';

export const REPORT_USAGE = 'usage: heapdrop report <dump> [--out FILE] [--top N] [--keep-unreachable]';

export async function runReport(args: string[], err: Writable = process.stderr): Promise<number> {
  const positional: string[] = [];
  let out: string | undefined;
  let top = 30;
  let keepUnreachable = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    if (a === '--out' || a === '-o') {
      if (i + 1 >= args.length) throw new UsageError(REPORT_USAGE);
      out = args[++i];
    } else if (a === '--top') {
      if (!/^[1-9]\d*$/.test(args[i + 1] ?? '')) throw new UsageError('--top takes a number of rows (1, 2, ...)');
      top = Number(args[++i]);
    } else if (a === '--keep-unreachable') keepUnreachable = true;
    else if (a.startsWith('-')) throw new UsageError(REPORT_USAGE);
    else positional.push(a);
  }
  if (positional.length !== 1) throw new UsageError(REPORT_USAGE);
  const dump = positional[0];
  const target = out ?? basename(dump).replace(/\.hprof(\.gz)?$|\.gz$/i, '') + '.report.html';
  const analysis = await analyzeFile(dump, { keepUnreachable });
  const data = await gatherReport(
    labelledQueries(() => analysis),
    basename(dump),
    { top },
  );
  const html = buildHtmlReport(data);
  writeFileSync(target, html);
  err.write(`heapdrop: report written to ${terminalText(target)} (${html.length.toLocaleString('en-US')} characters)\n`);
  return 0;
}
