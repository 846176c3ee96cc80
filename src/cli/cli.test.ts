// The heapdrop CLI as a user runs it: exit codes, one-line errors without stack traces, the --json document.

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { corpusFile } from '../core/testing/corpus.node.ts';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GZ = join(ROOT, 'test-fixtures/graph/graph.hprof.gz');
const CACHE_HOME = mkdtempSync(join(tmpdir(), 'heapdrop-cli-test-'));

function cli(...args: string[]) {
  // A cache of its own, so that the tests neither read nor leave saved analyses in the user's cache.
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/heapdrop.mjs'), ...args], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
    env: { ...process.env, XDG_CACHE_HOME: CACHE_HOME },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('heapdrop analyze', () => {
  it('the readable report leads with what holds the memory: the dominator roots, then classes with retained', () => {
    const r = cli('analyze', GZ, '--top', '5');
    expect(r.code).toBe(0);
    const doc = JSON.parse(cli('analyze', GZ, '--json', '--top', '5').stdout);
    const first = doc.dominatorRoots[0];
    expect(r.stdout).toContain('Biggest objects (dominator tree roots)');
    expect(r.stdout).toContain(`${first.retainedBytes.toLocaleString('en-US')}`);
    expect(r.stdout).toContain(`${first.className} @ ${first.objectId}`);
    expect(r.stdout).toMatch(/instances\s+shallow bytes\s+retained bytes\s+class/);
  });

  it('--json prints one document with the summary and a histogram sorted by shallow bytes', () => {
    const r = cli('analyze', GZ, '--json');
    expect(r.code).toBe(0);
    expect(r.stderr).toBe(''); // no progress bar when stderr is not a TTY
    const doc = JSON.parse(r.stdout);
    expect(doc.summary).toMatchObject({ format: 'JAVA PROFILE 1.0.2', idSize: 8, truncated: false });
    for (const k of ['objects', 'classes', 'gcRoots', 'usedHeapBytes']) expect(doc.summary[k]).toBeGreaterThan(0);
    expect(Array.isArray(doc.summary.warnings)).toBe(true);
    const bytes = doc.histogram.map((r: { shallowBytes: number }) => r.shallowBytes);
    expect(bytes).toEqual([...bytes].sort((a, b) => b - a));
    expect(doc.histogram.find((r: { className: string }) => r.className === 'Graph$Item')).toMatchObject({
      instances: 1234,
      shallowBytes: 29616,
    });
  });

  it('a truncated dump still succeeds, flagged truncated with a warning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapdrop-cli-'));
    const plain = gunzipSync(readFileSync(GZ));
    const cut = join(dir, 'cut.hprof');
    writeFileSync(cut, plain.subarray(0, Math.floor(plain.length * 0.6)));
    const r = cli('analyze', cut, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.summary.truncated).toBe(true);
    expect(doc.summary.warnings.join('\n')).toMatch(/truncated/);
    // The cut falls before the GC roots (written last): what was read is still shown, kept as keep mode does.
    expect(doc.summary.warnings.join('\n')).toMatch(/ends before its GC roots/);
    expect(doc.summary.objects).toBeGreaterThan(1000);
    expect(doc.histogram.length).toBeGreaterThan(10);
  });

  it('unreadable input: exit 2 and one line on stderr, no stack trace', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapdrop-cli-'));
    const junk = join(dir, 'junk.bin');
    writeFileSync(junk, 'this is not a heap dump\n'.repeat(100));
    const empty = join(dir, 'empty.hprof');
    writeFileSync(empty, '');
    for (const path of [join(dir, 'missing.hprof'), junk, empty]) {
      const r = cli('analyze', path);
      expect(r.code, path).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stderr).toMatch(/^heapdrop: /);
      expect(r.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it('usage errors exit 2', () => {
    expect(cli('analyze').code).toBe(2);
    expect(cli('frobnicate').code).toBe(2);
  });
});

const BASICS = corpusFile('basics.hprof.gz');

describe.skipIf(!existsSync(BASICS))('heapdrop analyze: leak suspects', () => {
  it("prints MAT's suspects of the corpus dump basics (corpus basics.mat-suspects.txt)", () => {
    const doc = JSON.parse(cli('analyze', BASICS, '--json', '--top', '3').stdout);
    // The accumulation points' details (loaders, paths, accumulated objects by class) are checked against MAT's
    // report in src/core/parity/suspect-points.test.ts; here: that the JSON carries them.
    const [first, second] = doc.leakSuspects;
    expect(first.loader).toEqual({ objectId: '0xffe56098', className: 'jdk.internal.loader.ClassLoaders$AppClassLoader' });
    expect(first.accumulationPoint.loader).toMatchObject({ label: '<system class loader>' });
    expect(first.accumulationPoint.chain).toBe('LauncherHelper.appClass → Basics.CACHE → HashMap.table → HashMap$Node[512]');
    expect(first.accumulationPoint.pathFromRoot.map((s: { field: string | null }) => s.field)).toEqual([
      '<static> appClass',
      '<static> CACHE',
      'table',
      null,
    ]);
    expect(first.accumulationPoint.childrenByClass).toEqual([
      { className: 'java.util.HashMap$Node', count: 128, shallowBytes: 4096, retainedBytes: 20020800 },
    ]);
    expect(first.accumulationPoint.retainedByClass[0]).toEqual({ className: 'byte[]', objects: 400, shallowBytes: 20009600 });
    expect(second.accumulationPoint.chain).toBe('Thread <Java Local> → int[1000000]');
    for (const s of doc.leakSuspects) {
      const { objectId, className, retainedBytes } = s.accumulationPoint;
      s.accumulationPoint = { objectId, className, retainedBytes };
      delete s.loader;
    }
    expect(doc.leakSuspects).toEqual([
      {
        kind: 'class',
        retainedBytes: 21339848,
        object: { objectId: '0xc0e82320', className: 'java.lang.Class', label: 'class Basics' },
        accumulationPoint: { objectId: '0xd79f5740', className: 'java.util.HashMap$Node[]', retainedBytes: 20022864 },
        topConsumers: [
          { className: 'byte[]', instances: 437, shallowBytes: 20011624 },
          { className: 'Basics$ListNode', instances: 50000, shallowBytes: 1200000 },
          { className: 'long[]', instances: 4, shallowBytes: 88200 },
        ],
      },
      {
        kind: 'thread',
        retainedBytes: 4000304,
        object: { objectId: '0xc1449348', className: 'java.lang.Thread', label: 'stack-holder' },
        accumulationPoint: { objectId: '0xc0f00000', className: 'int[]', retainedBytes: 4000016 },
        topConsumers: [
          { className: 'int[]', instances: 1, shallowBytes: 4000016 },
          { className: 'java.lang.Thread', instances: 1, shallowBytes: 112 },
          { className: 'java.security.AccessControlContext', instances: 1, shallowBytes: 40 },
        ],
        // MAT: "Significant stack frames and local variables - Basics.lambda$build$0(...)V (Basics.java:149)
        // - int[1000000] @ 0xc0f00000 retains 4,000,016 (15.19%) bytes".
        thread: {
          name: 'stack-holder',
          frames: [
            {
              frame: 'Basics.lambda$build$0(Basics.java:149)',
              matFrame: 'Basics.lambda$build$0(Ljava/util/concurrent/CountDownLatch;)V (Basics.java:149)',
              locals: [{ objectId: '0xc0f00000', className: 'int[]', label: '[1000000]', retainedBytes: 4000016 }],
            },
          ],
        },
      },
    ]);
    const text = cli('analyze', BASICS, '--top', '3').stdout;
    expect(text).toContain('1. class Basics @ 0xc0e82320: 21,339,848 bytes (81.03%)');
    expect(text).toContain('accumulates in java.util.HashMap$Node[] @ 0xd79f5740, loaded by <system class loader>');
    expect(text).toContain('loaded by jdk.internal.loader.ClassLoaders$AppClassLoader @ 0xffe56098');
    expect(text).toContain('shortest path from a GC root: LauncherHelper.appClass → Basics.CACHE → HashMap.table → HashMap$Node[512]');
    expect(text).toContain('all accumulated objects by class: byte[] ×400 (20,009,600 bytes)');
    expect(text).toContain('2. thread java.lang.Thread stack-holder @ 0xc1449348: 4,000,304 bytes (15.19%)');
  });
});

describe.skipIf(!existsSync(BASICS))('heapdrop held-by and strings', () => {
  it("held-by groups a class's objects by their immediate dominator's class, as MAT's query", () => {
    // The same numbers as MAT's dominator tree gives (src/core/parity/immediate-dominators.test.ts).
    const doc = JSON.parse(cli('held-by', BASICS, 'byte[]', '--json').stdout);
    expect(doc.className).toBe('byte[]');
    expect(doc.objects).toBe(7756);
    expect(doc.skip).toBe('java\\..*|javax\\..*|com\\.sun\\..*|sun\\..*|jdk\\..*');
    expect(doc.rows[0]).toMatchObject({
      className: '<ROOT>',
      dominators: 0,
      dominated: 7743,
      dominatedShallowBytes: 20347696,
      largest: [],
    });
    const unskipped = JSON.parse(cli('held-by', BASICS, 'byte[]', '--skip', '', '--json').stdout);
    expect(unskipped.rows[0]).toMatchObject({
      className: 'java.util.HashMap$Node',
      dominators: 206,
      dominated: 206,
      dominatedShallowBytes: 20003488,
    });
    expect(unskipped.rows[0].largest).toHaveLength(5);
    const text = cli('held-by', BASICS, 'Basics$ListNode').stdout;
    expect(text).toContain('Basics$ListNode: 50,000 objects');
    expect(text).toMatch(/49,999 +1,199,976 +49,999 {2}Basics\$ListNode/);
  });

  it('held-by refuses an unknown class and a bad pattern in one line, exit 2', () => {
    for (const args of [['Nope'], ['byte[]', '--skip', '(']]) {
      const r = cli('held-by', BASICS, ...args);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    // An unknown option: the line names it, and the usage follows.
    const r = cli('held-by', BASICS, 'byte[]', '--no-such-option');
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toEqual([
      'heapdrop: unknown option --no-such-option',
      expect.stringMatching(/^usage: heapdrop held-by /),
    ]);
    expect(r.stdout).toBe('');
  });

  it('diff gives what grew between two dumps, largest growth in bytes first', () => {
    // basics against references (two corpus dumps whose histograms equal MAT's): the totals and first rows.
    const references = corpusFile('references.hprof.gz');
    const doc = JSON.parse(cli('diff', references, BASICS, '--json', '--top', '3').stdout);
    expect(doc.total).toEqual({ instances: 32088, shallowBytes: 23137256 });
    expect(doc.gone.classes).toBe(150);
    // Two programs: the tree diff warns.
    expect(doc.tree.warning).toMatch(/do not look like one program/);
    expect(doc.grown.every((r: { retainedBytes: unknown }) => typeof r.retainedBytes === 'number')).toBe(true);
    expect(
      doc.grown.map((r: Record<string, unknown>) => ({ className: r.className, instances: r.instances, shallowBytes: r.shallowBytes })),
    ).toEqual([
      { className: 'byte[]', instances: -1752, shallowBytes: 18276344 },
      { className: 'int[]', instances: -15, shallowBytes: 4003288 },
      { className: 'Basics$ListNode', instances: 50000, shallowBytes: 1200000 },
    ]);
    const r = cli('diff', BASICS);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('usage: heapdrop diff');
  });

  it('paths prints the merged shortest paths from the GC roots to a class’s objects', () => {
    // All 50,000 list nodes hang off Basics.LIST_HEAD (corpus programs/Basics.java). The tree's depths are checked
    // against the one-object path search in src/core/parity/merged-paths.test.ts.
    const doc = JSON.parse(cli('paths', BASICS, 'Basics$ListNode', '--json', '--depth', '8').stdout);
    expect([doc.objects, doc.reached, doc.excludeWeak]).toEqual([50000, 50000, true]);
    const chain: { field: string | null; count: number }[] = [];
    for (let node = doc.roots[0]; node; node = node.children[0]) chain.push({ field: node.field, count: node.count });
    expect(chain).toHaveLength(8);
    const head = chain.findIndex((s) => s.field === '<static> LIST_HEAD');
    expect(chain.slice(head, head + 3)).toEqual([
      { field: '<static> LIST_HEAD', count: 50000 },
      { field: 'next', count: 49999 },
      { field: 'next', count: 49998 },
    ]);
    expect(cli('paths', BASICS, 'Basics$ListNode', '--depth', '5').stdout).toMatch(
      /<static> LIST_HEAD -> Basics\$ListNode @ 0x[0-9a-f]+ {2}\[50,000 objects, 1,200,000 bytes\]/,
    );
    expect(cli('paths', BASICS, 'Basics$ListNode', '--width', '0').code).toBe(2);
  });

  it('strings lists duplicated String values, largest waste first', () => {
    // The same numbers as decoding every String one by one (src/core/parity/duplicate-strings.test.ts).
    const doc = JSON.parse(cli('strings', BASICS, '--json', '--top', '3').stdout);
    expect(doc).toMatchObject({ strings: 7471, unreadable: 0, distinct: 7394, duplicatedValues: 61, duplicates: 77, wastedBytes: 4040 });
    expect(doc.groups).toHaveLength(3);
    expect(doc.groups[0]).toMatchObject({ value: 'reinvoke_L', chars: 10, strings: 5, wastedBytes: 224 });
    const text = cli('strings', BASICS, '--top', '2').stdout;
    expect(text).toContain('7,471 Strings, 7,394 distinct values; 61 held more than once');
    expect(text).toMatch(/ 5 +224 {2}"reinvoke_L" @ 0x[0-9a-f]+/);
  });
});

describe('heapdrop on files it cannot read', () => {
  it('a hard limit exits 3 with a message naming it; a bzip2 dump exits 2 naming bzip2 and bunzip2', async () => {
    const { HprofWriter } = await import('../core/testing/hprof-writer.ts');
    const dir = mkdtempSync(join(tmpdir(), 'heapdrop-cli-'));
    // An instance declaring 2 GiB of field bytes, in a segment declaring 4 GiB: past the reader's record limit.
    const w = new HprofWriter(8);
    w.beginSegment().instance(0x1000, 0x2000, [], 0x7ffffff0).endSegment(0xfffffff0);
    const huge = join(dir, 'huge-record.hprof');
    writeFileSync(huge, w.bytes());
    const r = cli('analyze', huge);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/^heapdrop: limit reached: INSTANCE DUMP of 2147483657 bytes is larger than the reader accepts/);
    const bz2 = corpusFile('external', 'more', 'example-java.hprof.bz2');
    if (existsSync(bz2)) {
      const b = cli('analyze', bz2);
      expect(b.code).toBe(2);
      expect(b.stderr).toMatch(/compressed with bzip2.*bunzip2 example-java\.hprof\.bz2/);
    }
  });
});
