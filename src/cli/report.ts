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
import { command, countOption, KEEP_UNREACHABLE, parseCommand, positionals, valued } from './args.ts';

export const REPORT = command({
  name: 'report',
  usage: 'heapdrop report <dump> [--out FILE] [--top N] [--keep-unreachable]',
  summary: 'one self-contained HTML file: summary, leak suspects, top components, duplicate strings, top classes',
  options: {
    out: valued('FILE', "where the report goes (default: the dump's name with .report.html)", 'o'),
    top: valued('N', 'rows of each table (default 30)'),
    'keep-unreachable': KEEP_UNREACHABLE,
  },
});

export async function runReport(args: string[], err: Writable = process.stderr): Promise<number> {
  const { values, ...parsed } = parseCommand(REPORT, args);
  const [dump] = positionals(REPORT, parsed, 1);
  const top = countOption(REPORT, values.top, 30, 1, '--top takes a number of rows (1, 2, ...)');
  const target = values.out ?? basename(dump).replace(/\.hprof(\.gz)?$|\.gz$/i, '') + '.report.html';
  const analysis = await analyzeFile(dump, { keepUnreachable: values['keep-unreachable'] === true });
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
