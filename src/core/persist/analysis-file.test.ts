// A persisted analysis answers every query exactly as the analysis it was saved from, on every corpus dump; a
// partial or damaged file is a CacheError (never a crash or a wrong answer).

import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { AnalysisQueries } from '../api.ts';
import { analyzeFile } from '../analysis.node.ts';
import { HeapAnalysis } from '../analysis.ts';
import { CacheError, isHeapdropError } from '../errors.ts';
import { nodeFileSource } from '../io/file-source.node.ts';
import { nodeInflaters } from '../io/inflate.node.ts';
import { memorySource } from '../testing/chunking.ts';
import { CORPUS } from '../testing/corpus.node.ts';
import { QueryService } from '../service.ts';
import { dumpKey, loadAnalysis, saveAnalysis, type AnalysisIdentity } from './analysis-file.ts';

const FIXTURE = fileURLToPath(new URL('../../../test-fixtures/graph/graph.hprof.gz', import.meta.url));

/** Every dump of the corpus the engine reads (the Android and multi-dump files included where it does). */
function corpusDumps(): string[] {
  const list = (dir: string, pattern: RegExp) =>
    existsSync(dir)
      ? readdirSync(dir)
          .filter((f) => pattern.test(f))
          .map((f) => dir + f)
      : [];
  return [...list(CORPUS, /\.hprof(\.gz)?$/), ...list(CORPUS + 'external/more/', /\.(hprof|android-hprof)$/)];
}

/** The sections of a persisted analysis, from its section table (the file's last 32 bytes say where it is). */
async function sectionTable(bytes: Uint8Array): Promise<{ name: string; offset: number; bytes: number }[]> {
  const tail = new DataView(bytes.buffer, bytes.byteOffset + bytes.length - 32, 32);
  const at = tail.getFloat64(0, true);
  const table = JSON.parse(new TextDecoder().decode(bytes.subarray(at, at + tail.getUint32(8, true)))) as {
    sections: { name: string; offset: number; bytes: number }[];
  };
  return table.sections;
}

async function saved(analysis: HeapAnalysis, identity: AnalysisIdentity): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const total = await saveAnalysis(analysis, { write: (b) => void parts.push(b.slice()) }, identity);
  const out = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}

/**
 * Every query of AnalysisQueries (the Record's keys make a new query a compile error here until it is covered),
 * asked on a deterministic sample: the top of the dominator tree, every n-th object, the largest classes.
 */
async function answers(a: HeapAnalysis): Promise<unknown> {
  const n = a.graph.nodeCount;
  const step = Math.max(1, Math.floor(n / 23));
  const nodes: number[] = [];
  for (let v = 0; v < n; v += step) nodes.push(v);
  for (const top of a.dominatorChildren(-1, 0, 5).items) nodes.push(top.index);
  const classes = a
    .histogram()
    .slice(0, 4)
    .map((r) => r.classIndex);
  const perNode = async <T>(f: (v: number) => T | Promise<T>): Promise<T[]> => {
    const out: T[] = [];
    for (const v of nodes) out.push(await f(v));
    return out;
  };
  const asked: Record<keyof AnalysisQueries, () => Promise<unknown>> = {
    summary: async () => a.summary(),
    histogram: async () => a.histogram(),
    dominatorChildren: async () => [a.dominatorChildren(-1, 0, 50), ...(await perNode((v) => a.dominatorChildren(v, 0, 20)))],
    dominatorChildrenByClass: async () => [
      a.dominatorChildrenByClass(-1, 0, 50),
      ...(await perNode((v) => a.dominatorChildrenByClass(v, 0, 20))),
    ],
    dominatorChildrenOfClass: async () => classes.map((c) => a.dominatorChildrenOfClass(-1, c, 0, 20)),
    // Android dumps: each heap's top-level dominators and the sample's children; none elsewhere.
    dominatorChildrenInHeap: async () =>
      (a.summary().heaps ?? []).map((_, h) => [
        a.dominatorChildrenInHeap(h, -1, 0, 50),
        ...nodes.map((v) => a.dominatorChildrenInHeap(h, v, 0, 20)),
      ]),
    dominatorChain: () => perNode((v) => a.dominatorChain(v)),
    dominatorTop: async () => [a.dominatorTop(4, 300), a.dominatorTop(1, 20)],
    referenceNames: () =>
      perNode((v) =>
        a.referenceNames(
          v,
          a.dominatorChildren(v, 0, 20).items.map((r) => r.index),
        ),
      ),
    dominatorPath: () => perNode((v) => [a.dominatorPath(v), a.dominatorPath(v, { offset: 1, head: 1, tail: 1 })]),
    accumulationPath: () => perNode((v) => [a.accumulationPath(v), a.accumulationPath(v, { head: 1, tail: 1 })]),
    objectDetails: () => perNode((v) => a.objectDetails(v)),
    outgoing: () => perNode((v) => a.outgoing(v, 0, 40)),
    referrers: () => perNode((v) => a.referrers(v, 0, 40)),
    pathToRoots: () =>
      perNode(async (v) => {
        const first = await a.pathToRoots(v);
        const step = first?.head[0];
        const exclude = first && first.length > 1 && step ? [{ className: step.object.className, field: step.field ?? '' }] : [];
        return [
          first,
          await a.pathToRoots(v, { excludeWeak: false }),
          await a.pathToRoots(v, { offset: 1, head: 1, tail: 1 }),
          await a.pathToRoots(v, { nth: 1 }),
          await a.pathToRoots(v, { exclude }),
        ];
      }),
    findObject: () => perNode((v) => a.findObject(a.dominatorPath(v).tail.at(-1)?.address ?? '0x0')),
    instancesOf: async () => classes.map((c) => a.instancesOf(c, 0, 30)),
    treemap: async () => [a.treemap(-1, { depth: 3, maxNodes: 300 }), ...(await perNode((v) => a.treemap(v, { depth: 2, maxNodes: 50 })))],
    leakSuspects: () => a.leakSuspects(),
    // Android dumps: each heap's suspects; none elsewhere.
    leakSuspectsInHeap: () => Promise.all((a.summary().heaps ?? []).map((_, h) => a.leakSuspectsInHeap(h))),
    immediateDominators: async () => classes.map((c) => [a.immediateDominators(c), a.immediateDominators(c, { skip: '' })]),
    duplicateStrings: () => a.duplicateStrings(),
    threads: () => a.threads(),
    gcRoots: async () => a.gcRoots(),
    gcRootObjects: async () => a.gcRoots().map((t) => a.gcRootObjects(t.type, 0, 20)),
    collections: () => a.collections(),
    // The sampled objects (most are no collection: null), and two collections of each class of the report, a
    // first page and one further on.
    collectionContents: async () => {
      const out: unknown[] = await perNode((v) => a.collectionContents(v, 0, 20));
      for (const row of (await a.collections()).classes) {
        for (const c of a.instancesOf(row.classIndex, 0, 2).items)
          out.push(await a.collectionContents(c.index, 0, 10), await a.collectionContents(c.index, 3, 5));
      }
      return out;
    },
    groupRetained: async () => {
      const all = a.histogram().map((r) => r.classIndex);
      return a.groupRetained([all, classes, ...classes.map((c) => [c]), all.filter((c) => c % 2 === 0)]);
    },
    retainedSet: async () => {
      const out = [];
      for (const v of nodes.slice(0, 6)) out.push(await a.retainedSet({ kind: 'objects', indices: [v] }, 0, 10));
      out.push(await a.retainedSet({ kind: 'objects', indices: nodes.slice(0, 8) }, 0, 20));
      for (const c of classes) {
        out.push(await a.retainedSet({ kind: 'class', classIndex: c }, 0, 20));
        out.push(await a.retainedSet({ kind: 'class', classIndex: c, largest: 3 }, 1, 5));
        const held = a.immediateDominators(c).rows[0];
        if (held) out.push(await a.retainedSet({ kind: 'held-by', classIndex: c, holderClassIndex: held.classIndex, side: 'held' }, 0, 10));
      }
      const top = await a.mergedPaths(classes[0], -1, 0, 2);
      for (const row of top.page.items)
        out.push(await a.retainedSet({ kind: 'merged-path', classIndex: classes[0], node: row.node }, 0, 10));
      return out;
    },
    unreachableHistogram: async () => a.unreachableHistogram(),
    mergedPaths: async () => {
      const out = [];
      for (const c of classes.slice(0, 2)) {
        const top = await a.mergedPaths(c, -1, 0, 10);
        out.push(top);
        for (const row of top.page.items.slice(0, 2)) out.push(await a.mergedPaths(c, row.node, 0, 10, { excludeWeak: false }));
      }
      return out;
    },
  };
  const out: Record<string, unknown> = {};
  for (const [name, ask] of Object.entries(asked)) out[name] = await ask();
  // A synchronous page carries a label read from the dump only once decoded (the decodes it starts finish in
  // their own time): fill every row's, as the worker does before it replies.
  const objectRows: { index: number; label?: string }[] = [];
  const collect = (x: unknown): void => {
    if (Array.isArray(x)) x.forEach(collect);
    else if (x !== null && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (typeof o.index === 'number' && typeof o.address === 'string' && typeof o.className === 'string')
        objectRows.push(o as { index: number });
      Object.values(o).forEach(collect);
    }
  };
  collect(out);
  await a.fillLabels(objectRows.filter((r) => r.index >= 0));
  // Labels read from the dump's bytes (String values, thread names) through the reopened random access.
  const rows = nodes.map((v) => ({ index: v, label: undefined as string | undefined }));
  await a.fillLabels(rows);
  out.labels = rows;
  return out;
}

describe('a persisted analysis', () => {
  const dumps = corpusDumps();

  it('finds the corpus', () => {
    expect(dumps.length).toBeGreaterThanOrEqual(4);
  });

  for (const path of dumps) {
    it(`answers every query as the fresh analysis: ${path.slice(CORPUS.length)}`, async () => {
      let fresh: HeapAnalysis;
      try {
        fresh = await analyzeFile(path);
      } catch (e) {
        // A dump the engine refuses (e.g. two dumps in one file) has no analysis to persist.
        expect(isHeapdropError(e)).toBe(true);
        return;
      }
      const source = nodeFileSource(path);
      const identity = { engine: 'test', key: await dumpKey(source, 0) };
      const bytes = await saved(fresh, identity);
      // Asked in the same order on both, so the lazily built indexes and label caches see the same requests.
      const expected = await answers(fresh);
      const reloaded = await loadAnalysis(memorySource(bytes), identity, source, nodeInflaters);
      expect(reloaded.graph.nodeCount).toBe(fresh.graph.nodeCount);
      expect(Array.from(reloaded.graph.allIds())).toEqual(Array.from(fresh.graph.allIds()));
      expect(await answers(reloaded)).toEqual(expected);
    }, 240_000);
  }
});

describe('a damaged persisted analysis', () => {
  it('is rejected when cut short at any point or when any of its bytes is changed', async () => {
    const fresh = await analyzeFile(FIXTURE);
    const source = nodeFileSource(FIXTURE);
    const identity = { engine: 'test', key: await dumpKey(source, 0) };
    const bytes = await saved(fresh, identity);
    const expected = await answers(fresh);
    expect(await answers(await loadAnalysis(memorySource(bytes), identity, source, nodeInflaters))).toEqual(expected);
    // Read straight into the columns (the tab's OPFS handle), and with the references and offsets deferred: the
    // first views' queries answer before those are in, the others once they are, all as the fresh analysis.
    const direct = {
      ...memorySource(bytes),
      readInto: (target: Uint8Array, at: number) => {
        const part = bytes.subarray(at, at + target.length);
        target.set(part);
        return part.length;
      },
    };
    // Small pieces: the deferred checks and reads give way to the queries many times over.
    const deferred = await loadAnalysis(direct, identity, source, nodeInflaters, {}, { defer: true, pieceBytes: 256 });
    expect(deferred.pending).not.toBeNull();
    const early = new QueryService(deferred).answer('dominatorChildren', [-1, 0, 50]);
    const late = new QueryService(deferred).answer('referrers', [fresh.dominatorChildren(-1, 0, 1).items[0].index, 0, 40]);
    expect(await early).toEqual(fresh.dominatorChildren(-1, 0, 50));
    expect(await late).toEqual(await fresh.referrers(fresh.dominatorChildren(-1, 0, 1).items[0].index, 0, 40));
    await deferred.pending;
    expect(deferred.pending).toBeNull();
    expect(await answers(deferred)).toEqual(expected);
    // A deterministic pseudo-random sequence of positions (xorshift), plus every section boundary region.
    let seed = 0x2545f491;
    const random = (below: number): number => {
      seed ^= seed << 13;
      seed ^= seed >>> 17;
      seed ^= seed << 5;
      return (seed >>> 0) % below;
    };
    const expectRejected = async (damaged: Uint8Array, what: string): Promise<void> => {
      let error: unknown = null;
      try {
        await loadAnalysis(memorySource(damaged), identity, source, nodeInflaters);
      } catch (e) {
        error = e;
      }
      expect(error, what).toBeInstanceOf(CacheError);
      // Reading the references and offsets after the first answers: the damage is seen then, at the latest.
      error = null;
      try {
        await (
          await loadAnalysis(memorySource(damaged), identity, source, nodeInflaters, {}, { defer: true })
        ).pending;
      } catch (e) {
        error = e;
      }
      expect(error, `${what}, deferred`).toBeInstanceOf(CacheError);
    };
    // One byte changed in each section, whichever part of the load reads it: rejected, and with `defer` every
    // query fails once the damage is seen, the first view's too.
    const sections = await sectionTable(bytes);
    expect(sections.length).toBeGreaterThan(15);
    for (const s of sections) {
      if (s.bytes === 0) continue;
      const flipped = bytes.slice();
      flipped[s.offset + random(s.bytes)] ^= 0x10;
      await expectRejected(flipped, `a byte of section ${s.name} changed`);
      const reopened = await loadAnalysis(memorySource(flipped), identity, source, nodeInflaters, {}, { defer: true }).catch(
        (e: unknown) => e,
      );
      if (reopened instanceof HeapAnalysis) {
        await reopened.pending!.catch(() => undefined);
        expect(reopened.damaged, s.name).toBeInstanceOf(CacheError);
        await expect(new QueryService(reopened).answer('dominatorChildren', [-1, 0, 5]), s.name).rejects.toBeInstanceOf(CacheError);
      } else {
        expect(reopened, s.name).toBeInstanceOf(CacheError);
      }
    }
    for (let k = 0; k < 40; k++) {
      const cut = random(bytes.length);
      await expectRejected(bytes.slice(0, cut), `cut at ${cut}`);
    }
    for (let k = 0; k < 150; k++) {
      const at = random(bytes.length);
      const flipped = bytes.slice();
      flipped[at] ^= 1 + random(255);
      await expectRejected(flipped, `byte ${at} changed`);
    }
    // Another engine's or another dump's analysis is not used either.
    await expect(loadAnalysis(memorySource(bytes), { ...identity, engine: 'other' }, source, nodeInflaters)).rejects.toBeInstanceOf(
      CacheError,
    );
    await expect(loadAnalysis(memorySource(bytes), { ...identity, key: 'other' }, source, nodeInflaters)).rejects.toBeInstanceOf(
      CacheError,
    );
  }, 120_000);
});
