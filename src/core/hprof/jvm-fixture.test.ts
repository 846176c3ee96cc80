// Our own real-JVM fixture (test-fixtures/graph: Graph.java, make-fixture.sh): counts against the JVM's class
// histogram, the known graph, and plain vs `-gz` giving the same result.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { classHistogram } from '../histogram.ts';
import { decodeRefIds } from '../model/parsed-heap.ts';
import { sizeModel } from '../model/sizes.ts';
import { parseBytes, parsedDigest } from '../testing/chunking.ts';
import { compareWithJcmd, countsRead, jcmdCounts } from '../testing/jcmd-histogram.node.ts';
import { readHprofFile } from './read-file.node.ts';

const DIR = fileURLToPath(new URL('../../../test-fixtures/graph/', import.meta.url));

describe('JVM fixture test-fixtures/graph', () => {
  it('every class count equals jcmd GC.class_histogram, except the documented exceptions', async () => {
    const { parsed } = await readHprofFile(`${DIR}graph.hprof.gz`);
    expect(parsed.truncated).toBe(false);
    const mine = countsRead(parsed);
    const { mismatches, compared } = compareWithJcmd(mine, jcmdCounts(`${DIR}graph.jcmd-histogram.txt`));
    expect(mismatches).toEqual([]);
    expect(compared).toBeGreaterThan(250);
    // MAT's java.lang.Class row: one class object per CLASS DUMP plus the primitive mirrors dumped as instances.
    const classCi = parsed.classes.findIndex((c) => c.name === 'java.lang.Class');
    let mirrors = 0;
    for (let o = 0; o < parsed.objectCount; o++) if (parsed.classByOrdinal[o] === classCi) mirrors++;
    expect(mine.get('java.lang.Class')).toBe(parsed.classes.length + mirrors);
    expect(mirrors).toBe(9);
  });

  it('the known graph: the Item chain, sizes from MAT model', async () => {
    const { parsed } = await readHprofFile(`${DIR}graph.hprof.gz`);
    const sizes = sizeModel(parsed);
    const item = parsed.classes.findIndex((c) => c.name === 'Graph$Item');
    const leaf = parsed.classes.findIndex((c) => c.name === 'Graph$Leaf');
    expect(sizes.instanceSizeByClass[item]).toBe(24); // 12 header + int + 2 compressed refs
    expect(sizes.instanceSizeByClass[leaf]).toBe(48); // 12 + 8 + 8 + 1 + 1 + 2 + 2 + 4 + 4, per-level rounding to 4, align 8
    const itemIds = new Set<number>();
    for (let o = 0; o < parsed.objectCount; o++) if (parsed.classByOrdinal[o] === item) itemIds.add(parsed.idByOrdinal[o]);
    let linked = 0;
    const refIds = decodeRefIds(parsed);
    for (let o = 0; o < parsed.objectCount; o++) {
      if (parsed.classByOrdinal[o] !== item) continue;
      for (let r = parsed.refStart[o]; r < parsed.refStart[o + 1]; r++) if (itemIds.has(refIds[r])) linked++;
    }
    expect(itemIds.size).toBe(1234);
    expect(linked).toBe(1233);
    const grid = parsed.classes.findIndex((c) => c.name === 'long[][]');
    expect(grid).toBeGreaterThanOrEqual(0);
  });

  it('the plain dump and the -gz dump of the same heap give the same objects', async () => {
    const gz = await readHprofFile(`${DIR}graph.hprof.gz`);
    const plain = await readHprofFile(`${DIR}graph.hprof`);
    expect(plain.parsed.compressed).toBe(false);
    const count = (p: typeof gz.parsed) => classHistogram(p, sizeModel(p)).map((r) => `${r.className} ${r.instances} ${r.shallowBytes}`);
    // Two dumps of one live JVM: the same objects unless something ran in between (the program sleeps).
    expect(count(plain.parsed)).toEqual(count(gz.parsed));
    // And one file parsed at several chunk sizes through the push parser.
    const bytes = new Uint8Array(readFileSync(`${DIR}graph.hprof`));
    expect(parsedDigest(parseBytes(bytes, 65536))).toEqual(parsedDigest(parseBytes(bytes, 1 << 20)));
  });
});
