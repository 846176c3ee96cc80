// A dump whose class, field, static field and thread names and String value hold ESC, BEL, CR, TAB, LF, C1 and
// U+202E: the CLI's text reports must carry them as visible escapes, and its TSV must keep six columns a line.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, expect, it } from 'vitest';
import { HOSTILE_NAMES, RAW_CONTROLS } from '../core/testing/hostile-names.ts';
import { namedDump } from '../core/testing/named-dumps.ts';
import { runAnalyze, setAnalyzeGatherer } from './analyze.ts';
import { fullAnalysisGatherer, runObjects } from './objects.ts';
import { runPaths } from './queries.ts';

let dump: string;
beforeAll(() => {
  dump = join(mkdtempSync(join(tmpdir(), 'heapdrop-hostile-')), 'hostile.hprof');
  writeFileSync(dump, namedDump(HOSTILE_NAMES));
  setAnalyzeGatherer(fullAnalysisGatherer({ keepUnreachable: false, top: 100 }));
});

function sink(): { out: Writable; text: () => string } {
  let text = '';
  const out = new Writable({
    write(chunk: Buffer | string, _enc, done) {
      text += chunk.toString();
      done();
    },
  });
  return { out, text: () => text };
}

const CLASS = `evil.${HOSTILE_NAMES.className}`;
const ESCAPED_CLASS = 'evil.Red\\x1b[31mX\\x07Bell\\rCR\\tTab\\u202eevil';

it('analyze prints the names with their control characters escaped', async () => {
  const s = sink();
  expect(await runAnalyze([dump], s.out, sink().out)).toBe(0);
  const text = s.text();
  expect(text).not.toMatch(RAW_CONTROLS);
  expect(text).toContain(ESCAPED_CLASS); // histogram row and the class object among the biggest objects
  expect(text).not.toContain(CLASS);
});

it('analyze --json keeps the names exact (JSON escapes them itself)', async () => {
  const s = sink();
  expect(await runAnalyze([dump, '--json'], s.out, sink().out)).toBe(0);
  const report = JSON.parse(s.text()) as { histogram: { className: string }[] };
  expect(report.histogram.map((h) => h.className)).toContain(CLASS);
  expect(s.text().trimEnd()).not.toMatch(RAW_CONTROLS); // raw controls never reach the terminal, even in JSON
});

it('objects TSV keeps six columns on every line', async () => {
  const s = sink();
  expect(await runObjects([dump], s.out, sink().out)).toBe(0);
  const lines = s.text().split('\n').slice(0, -1); // every line ends in a newline
  expect(lines.length).toBeGreaterThan(40);
  for (const line of lines) expect(line.split('\t')).toHaveLength(6);
  for (const line of lines) expect(line.split('\t').join(' ')).not.toMatch(RAW_CONTROLS); // only the separators
  expect(lines.some((l) => l.split('\t')[1] === ESCAPED_CLASS)).toBe(true);
});

it('paths prints field and class names escaped', async () => {
  const s = sink();
  expect(await runPaths([dump, CLASS], s.out)).toBe(0);
  const text = s.text();
  expect(text).not.toMatch(RAW_CONTROLS);
  expect(text).toContain('REG\\tIS\\nTRY\\x9b2J'); // the static field on the path from the class object
  expect(text).toContain(ESCAPED_CLASS);
});
