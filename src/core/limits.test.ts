import { afterEach, describe, expect, it } from 'vitest';
import { analyzeDump } from './analysis.ts';
import { computeDominators } from './dominators/semi-nca.ts';
import { dominatorsCHK } from './dominators/cooper-harvey-kennedy.ts';
import { mulberry32, randomGraph } from './dominators/random-graph.test-util.ts';
import { LimitExceededError } from './errors.ts';
import { grownCapacity, initialCapacity } from './hprof/columns.ts';
import { maxArrayLength, NODE_ARRAY_LIMIT, setArrayLimit, TAB_ARRAY_LIMIT, type ArrayLimit } from './limits.ts';
import { memorySource } from './testing/chunking.ts';
import { deepListDump } from './testing/deep-dumps.ts';

/** A tab-like limit scaled down so that small dumps and graphs reach it: `bytes` per array. */
const small = (bytes: number): ArrayLimit => ({ maxBytes: bytes, maxElements: 2 ** 32 - 1, name: `a ${bytes}-byte column (test)` });

// Every test leaves the default (the tab's) in force, even one that failed.
afterEach(() => {
  setArrayLimit(TAB_ARRAY_LIMIT);
});

function thrown(work: () => unknown): unknown {
  try {
    work();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('the array limit is a runtime parameter', () => {
  it('the tab keeps 1 GiB arrays; Node takes 2^32 - 1 elements of any width', () => {
    expect(maxArrayLength(8, TAB_ARRAY_LIMIT)).toBe(2 ** 27);
    expect(maxArrayLength(4, TAB_ARRAY_LIMIT)).toBe(2 ** 28);
    expect(maxArrayLength(1, TAB_ARRAY_LIMIT)).toBe(2 ** 30);
    expect(maxArrayLength(8, NODE_ARRAY_LIMIT)).toBe(2 ** 32 - 1);
    expect(maxArrayLength(4, NODE_ARRAY_LIMIT)).toBe(2 ** 32 - 1);
  });

  it('column growth stops at the limit in force and names it', () => {
    setArrayLimit(small(64 * 1024));
    // 8-byte columns: 8192 entries at most; growth is clamped to it, one more is refused.
    expect(grownCapacity(6000, 6001, 8, 'objects')).toBe(8192);
    expect(initialCapacity(1e9, 8)).toBe(8192);
    const e = thrown(() => grownCapacity(8192, 8193, 8, 'objects'));
    expect(e).toBeInstanceOf(LimitExceededError);
    expect((e as LimitExceededError).limit).toBe('column');
    expect((e as LimitExceededError).message).toBe('objects: more than 8192 entries (a 65536-byte column (test)) are not supported');
    // The same request under Node's limit grows by 1.5x as usual.
    setArrayLimit(NODE_ARRAY_LIMIT);
    expect(grownCapacity(8192, 8193, 8, 'objects')).toBe(12288);
    expect(grownCapacity(3e9, 3e9 + 1, 8, 'objects')).toBe(2 ** 32 - 1);
    expect(() => grownCapacity(2 ** 32 - 1, 2 ** 32, 4, 'references')).toThrow(
      /more than 4294967295 entries \(a column of 2\^32 - 1 entries/,
    );
  });
});

describe('a dump past the limit', () => {
  // A linked list of 20,000 nodes: 20,002 objects, 20,010 nodes in the graph with classes and the pseudo loader.
  const dump = deepListDump(20_000);

  it("the reader's columns: a tab-sized limit stops it with the limit's name, a larger one passes", async () => {
    setArrayLimit(small(64 * 1024));
    const e = await analyzeDump(memorySource(dump), {}).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(LimitExceededError);
    expect((e as LimitExceededError).limit).toBe('column');
    expect((e as LimitExceededError).message).toMatch(/^objects: more than 8192 entries \(a 65536-byte column \(test\)\)/);
    setArrayLimit(small(1024 * 1024));
    const a = await analyzeDump(memorySource(dump), {});
    setArrayLimit(NODE_ARRAY_LIMIT);
    const b = await analyzeDump(memorySource(dump), {});
    expect(a.summary()).toEqual(b.summary());
    expect(a.summary().objects).toBeGreaterThan(20_002);
    expect(Array.from(a.graph.idomByIndex)).toEqual(Array.from(b.graph.idomByIndex));
    expect(Array.from(a.graph.retainedByIndex)).toEqual(Array.from(b.graph.retainedByIndex));
  });

  it('the dominator step: columns that fit but 2 entries per node that do not stop it with the limit named', async () => {
    // 8 bytes per object fit (20,002 x 8), 2 Uint32 entries per graph node (objects, classes, loader) do not.
    setArrayLimit(small(8 * 20_002));
    const e = await analyzeDump(memorySource(dump), {}).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(LimitExceededError);
    expect((e as LimitExceededError).limit).toBe('dominators');
    expect((e as LimitExceededError).message).toMatch(
      /^dominators: \d+ nodes exceed the 20001 supported \(a 160016-byte column \(test\)\)$/,
    );
    setArrayLimit(NODE_ARRAY_LIMIT);
    expect((await analyzeDump(memorySource(dump), {})).summary().objects).toBeGreaterThan(20_002);
  });
});

describe('SEMI-NCA under the limit in force: packed, split or refused, the same idoms', () => {
  for (const [nodes, perNode] of [
    [50, 1.4],
    [2000, 1.5],
    [20000, 1.3],
  ] as const) {
    it(`${nodes} nodes, ${perNode} edges per node: Cooper-Harvey-Kennedy's idoms in both layouts`, () => {
      for (let seed = 1; seed <= 5; seed++) {
        const g = randomGraph(mulberry32(seed * 613 + nodes), nodes, Math.round(nodes * perNode), 3);
        const chk = dominatorsCHK(g);
        // Packed: 3 entries per node fit. Split: 2 fit, 3 do not (the predecessor lists fit: sparse graphs).
        for (const entries of [3 * (nodes + 1), 2 * (nodes + 1) + 5]) {
          setArrayLimit(small(4 * entries));
          expect(Array.from(computeDominators(g).idom)).toEqual(Array.from(chk));
        }
        setArrayLimit(small(4 * 2 * nodes));
        const e = thrown(() => computeDominators(g));
        expect(e).toBeInstanceOf(LimitExceededError);
        expect((e as LimitExceededError).limit).toBe('dominators');
        expect((e as LimitExceededError).message).toContain(`(a ${8 * nodes}-byte column (test))`);
        setArrayLimit(NODE_ARRAY_LIMIT);
        expect(Array.from(computeDominators(g).idom)).toEqual(Array.from(chk));
      }
    });
  }
});
