// The query surface on a real dump: queries by name give the analysis's own answers with labels filled, failures
import { wholePath as whole } from './api.ts';
// come back as data with their code, an interactive query asked while a long pass runs is answered before the
// pass ends, and a cancelled pass rejects with CANCELLED and runs again when asked again.
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeFile } from './analysis.node.ts';
import type { HeapAnalysis } from './analysis.ts';
import type { DuplicateStrings, ObjectRow, PassState, Page } from './api.ts';
import { QUERIES, QueryService } from './service.ts';

const DUMP = fileURLToPath(new URL('../../../shared/corpus/basics.hprof.gz', import.meta.url));

describe.skipIf(!existsSync(DUMP))('QueryService', () => {
  let analysis: HeapAnalysis;
  beforeAll(async () => {
    analysis = await analyzeFile(DUMP, {});
  }, 120_000);

  it('answers by name what the analysis answers, with the labels that need the dump filled', async () => {
    const service = new QueryService(analysis);
    const outcome = await service.ask('dominatorChildren', [-1, 0, 200]);
    expect(outcome.ok).toBe(true);
    const page = (outcome as { value: Page<ObjectRow> }).value;
    const direct = analysis.dominatorChildren(-1, 0, 200);
    expect(page.items.map((r) => r.index)).toEqual(direct.items.map((r) => r.index));
    const stringClass = analysis.histogram().find((r) => r.className === 'java.lang.String')!.classIndex;
    const strings = (await service.answer('instancesOf', [stringClass, 0, 50])).items;
    expect(strings.length).toBe(50);
    // Every String carries its value; the synchronous query now gives the same labels from the cache it filled.
    expect(strings.every((r) => typeof r.label === 'string')).toBe(true);
    expect(strings.map((r) => r.label)).toEqual(analysis.instancesOf(stringClass, 0, 50).items.map((r) => r.label));
    expect((await service.ask('summary', [])).ok && (await service.answer('summary', [])).objects).toBe(analysis.summary().objects);
  });

  it('names each class loader in the histogram rows (no lookup per loader in the app)', () => {
    const rows = analysis.histogram();
    const boot = rows.filter((r) => r.loaderAddress === '0x0');
    expect(boot.length).toBeGreaterThan(100);
    expect(boot.every((r) => r.loaderClassName === undefined)).toBe(true);
    const loaded = rows.filter((r) => r.loaderAddress !== '0x0');
    expect(loaded.length).toBeGreaterThan(0);
    expect(new Set(loaded.map((r) => r.loaderClassName))).toContain('jdk.internal.loader.ClassLoaders$AppClassLoader');
    for (const r of loaded) {
      const index = analysis.findObject(r.loaderAddress);
      if (index !== null) expect(r.loaderClassName).toBe(whole(analysis.dominatorPath(index)).at(-1)!.className);
    }
  });

  it('returns failures as data with their code', async () => {
    const service = new QueryService(analysis);
    expect(await service.ask('dropTables', [])).toEqual({ ok: false, error: { code: 'INTERNAL', message: 'no query named "dropTables"' } });
    expect(await service.ask('toString', [])).toMatchObject({ ok: false, error: { message: 'no query named "toString"' } });
    const bad = await service.ask('objectDetails', [-7]);
    expect(bad).toMatchObject({ ok: false, error: { code: 'INTERNAL' } });
    expect(bad.ok ? '' : bad.error.message).toMatch(/object index -7 is outside/);
  });

  it('classifies every query (a long pass is never run as an interactive call)', () => {
    expect(
      Object.entries(QUERIES)
        .filter(([, s]) => s.kind === 'pass')
        .map(([k]) => k)
        .sort(),
    ).toEqual(['collections', 'duplicateStrings', 'groupRetained', 'leakSuspects', 'leakSuspectsInHeap', 'mergedPaths', 'retainedSet']);
  });

  it('answers an interactive query asked during a long pass before the pass ends', async () => {
    const fresh = await analyzeFile(DUMP, {});
    const service = new QueryService(fresh);
    const states: PassState[] = [];
    service.watchPasses((s) => states.push(s));
    let passEnded = false;
    const pass = service.ask('duplicateStrings', []).then((o) => {
      passEnded = true;
      return o;
    });
    expect(service.passes().map((p) => p.query)).toEqual(['duplicateStrings']);
    const order: string[] = [];
    await Promise.all([
      service.ask('dominatorChildren', [-1, 0, 50]).then((o) => order.push(`children ${o.ok} pass ended: ${passEnded}`)),
      service.ask('objectDetails', [0]).then((o) => order.push(`details ${o.ok} pass ended: ${passEnded}`)),
    ]);
    expect(order.sort()).toEqual(['children true pass ended: false', 'details true pass ended: false']);
    const outcome = await pass;
    expect(outcome.ok).toBe(true);
    const result = (outcome as { value: DuplicateStrings }).value;
    expect(result.strings).toBeGreaterThan(1000);
    expect(fresh.passes.stats.waits).toBeGreaterThan(0);
    expect(states[0]).toMatchObject({ query: 'duplicateStrings', label: 'Finding duplicate strings', status: 'running' });
    expect(new Set(states.map((s) => s.step))).toContain('reading the Strings');
    expect(states.at(-1)).toMatchObject({ status: 'done' });
    expect(service.passes()).toEqual([]);
  }, 120_000);

  it('cancels a long pass: the call rejects with CANCELLED, and asking again runs it anew', async () => {
    const fresh = await analyzeFile(DUMP, {});
    const service = new QueryService(fresh);
    const states: PassState[] = [];
    service.watchPasses((s) => states.push(s));
    const first = service.ask('duplicateStrings', []);
    expect(service.cancelPass('duplicateStrings')).toBe(true);
    expect(await first).toEqual({ ok: false, error: { code: 'CANCELLED', message: 'Finding duplicate strings cancelled' } });
    expect(states.at(-1)).toMatchObject({ status: 'cancelled' });
    expect(service.cancelPass('duplicateStrings')).toBe(false);
    const again = await service.ask('duplicateStrings', []);
    const reference = await new QueryService(analysis).answer('duplicateStrings', []);
    expect(again).toEqual({ ok: true, value: reference });
  }, 120_000);
});
