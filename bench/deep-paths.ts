// Long paths in Node, as the CLI and `heapdrop serve` answer them: `node --import tsx bench/deep-paths.ts [length]`
// writes a linked list `length` nodes deep (default 5,000,000; src/core/testing/deep-dumps.ts) to a temporary file,
// analyses it from the file, then times each bounded query on it (the dominator path of the last node, a page from
// its middle, the path from the GC roots, the accumulation chain, the treemap zoomed into the middle, the leak
// suspects) and prints one line per query: milliseconds, the answer's size as JSON, and the process's RSS after it.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { analyzeFile } from '../src/core/analysis.node.ts';
import { NODE_ARRAY_LIMIT, setArrayLimit } from '../src/core/limits.ts';
import { DEEP_LIST, deepListDump } from '../src/core/testing/deep-dumps.ts';
import { toHex } from '../src/core/units.ts';

setArrayLimit(NODE_ARRAY_LIMIT);
const length = Number(process.argv[2] ?? 5_000_000);
const dir = mkdtempSync(join(tmpdir(), 'heapdrop-bench-deep-'));
const file = join(dir, 'deep-list.hprof');
const mib = (bytes: number): string => `${(bytes / 2 ** 20).toFixed(0)} MiB`;
try {
  let t0 = performance.now();
  writeFileSync(file, deepListDump(length));
  console.log(`wrote ${statSync(file).size.toLocaleString('en-US')} bytes in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  t0 = performance.now();
  const a = await analyzeFile(file);
  console.log(`analysed in ${((performance.now() - t0) / 1000).toFixed(1)} s, rss ${mib(process.memoryUsage().rss)}`);
  const last = a.findObject(toHex(DEEP_LIST.node(length - 1)))!;
  const middle = a.findObject(toHex(DEEP_LIST.node(Math.floor(length / 2))))!;
  const holder = a.findObject(toHex(DEEP_LIST.holder))!;
  const time = async (name: string, ask: () => unknown): Promise<void> => {
    const start = performance.now();
    const answer = await ask();
    const ms = performance.now() - start;
    console.log(
      `${name}: ${ms.toFixed(0)} ms, answer ${JSON.stringify(answer).length.toLocaleString('en-US')} chars of JSON, rss ${mib(process.memoryUsage().rss)}`,
    );
  };
  await time('dominatorPath(last)', () => a.dominatorPath(last));
  await time('dominatorPath(last, middle page of 20)', () => a.dominatorPath(last, { offset: length / 2, head: 20, tail: 0 }));
  await time('dominatorPath(middle)', () => a.dominatorPath(middle));
  await time('pathToRoots(last) (search)', () => a.pathToRoots(last));
  await time('pathToRoots(last, middle page of 50) (kept path)', () => a.pathToRoots(last, { offset: length / 2, head: 50, tail: 0 }));
  await time('accumulationPath(holder)', () => a.accumulationPath(holder));
  await time('treemap(middle)', () => a.treemap(middle, { depth: 4, maxNodes: 1500 }));
  await time('treemap(middle) again (chain kept)', () => a.treemap(middle, { depth: 4, maxNodes: 1500 }));
  await time('dominatorChain(middle)', () => a.dominatorChain(middle));
  await time('leakSuspects()', () => a.leakSuspects());
} finally {
  rmSync(dir, { recursive: true, force: true });
}
