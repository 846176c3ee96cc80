// A dump whose class, field, static field and thread names and String value hold ESC, BEL, CR, TAB, LF, C1 and
// bidi characters: the CLI's text reports must carry them as visible escapes, its TSV must keep six columns a line,
// and every command's --json must hold none of them raw while parsing back to the exact names.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { HOSTILE_NAMES, RAW_CONTROLS } from '../core/testing/hostile-names.ts';
import { namedDump } from '../core/testing/named-dumps.ts';
import { runAnalyze, setAnalyzeGatherer } from './analyze.ts';
import { fullAnalysisGatherer, runObjects } from './objects.ts';
import { runDiff, runHeldBy, runPaths, runStrings } from './queries.ts';
import { runThreads } from './threads.ts';

let dump: string;
let plain: string;
let twice: string;
beforeAll(() => {
  const dir = mkdtempSync(join(tmpdir(), 'heapdrop-hostile-'));
  dump = join(dir, 'hostile.hprof');
  writeFileSync(dump, namedDump(HOSTILE_NAMES));
  // A baseline for diff with harmless names: every hostile name is new in the other dump.
  plain = join(dir, 'plain.hprof');
  // The thread's name String with the hostile value too: a duplicate String for `strings`.
  twice = join(dir, 'twice.hprof');
  writeFileSync(twice, namedDump({ ...HOSTILE_NAMES, threadName: HOSTILE_NAMES.stringValue }));
  writeFileSync(
    plain,
    namedDump({ packageName: 'ok', className: 'Plain', fieldName: 'f', staticFieldName: 'S', threadName: 'main', stringValue: 'v' }),
  );
  setAnalyzeGatherer(fullAnalysisGatherer);
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
  expect(await runObjects([dump], s.out)).toBe(0);
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

/** Every string in a parsed JSON value, keys included. */
function stringsIn(value: unknown, into: string[] = []): string[] {
  if (typeof value === 'string') into.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, into);
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      into.push(k);
      stringsIn(v, into);
    }
  }
  return into;
}

// DEL, C1 and bidi: what JSON.stringify leaves raw.
const JSON_RAW = /[\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe("every command's --json", () => {
  const commands: [string, (out: Writable) => Promise<number>, string][] = [
    ['analyze', (out) => runAnalyze([dump, '--json'], out, sink().out), CLASS],
    ['held-by', (out) => runHeldBy([dump, CLASS, '--json'], out), CLASS],
    // The duplicate-strings query writes a value's C0 and C1 controls as escapes itself; its bidi characters stay.
    ['strings', (out) => runStrings([twice, '--json'], out), 'bold\u202Etxt\u2067rli'],
    ['diff', (out) => runDiff([plain, dump, '--json'], out), CLASS],
    ['paths', (out) => runPaths([dump, CLASS, '--json'], out), HOSTILE_NAMES.staticFieldName],
    ['threads', (out) => runThreads([dump, '--json'], out), HOSTILE_NAMES.threadName],
  ];
  for (const [name, run, exact] of commands) {
    it(`${name} escapes C1 and bidi characters and parses back to the exact names`, async () => {
      const s = sink();
      expect(await run(s.out)).toBe(0);
      const text = s.text();
      expect(text.endsWith('\n')).toBe(true);
      expect(text).not.toMatch(RAW_CONTROLS); // JSON's own line breaks are LF, which RAW_CONTROLS allows
      expect(text).not.toMatch(JSON_RAW);
      const strings = stringsIn(JSON.parse(text));
      expect(strings.some((v) => v.includes(exact))).toBe(true);
      expect(strings.some((v) => JSON_RAW.test(v))).toBe(true); // the escapes are JSON's: the value keeps them
    });
  }
});
