// Gathering a snapshot from an analysis: what is included, the best-first dominator walk and its limits.
import { describe, expect, it } from 'vitest';
import { collectDominators, collectSnapshot, DEFAULT_CHOICES } from './collect-snapshot.ts';
import { fixtureSource, fixtureSuspects, SECRET_STRING_INDEX, SESSION_INDEX } from './test-fixture.ts';
import { validateSnapshot } from './validate-snapshot.ts';

describe('collectDominators', () => {
  it('takes the N largest nodes within the depth, parents before children', async () => {
    const { nodes, topLevel } = await collectDominators(fixtureSource(), 3, 5);
    expect(topLevel).toBe(3);
    expect(nodes.map((n) => `${n.className} ${n.retainedBytes} <- ${n.parent}`)).toEqual([
      'com.acme.billing.InvoiceCache 50000 <- -1',
      'java.util.HashMap 49000 <- 1',
      'java.util.HashMap$Node[] 48000 <- 2',
      'java.lang.Thread 9000 <- -1',
      'com.acme.auth.SessionToken 8000 <- 0',
    ]);
  });

  it('stops at the depth limit', async () => {
    const calls: string[] = [];
    const { nodes } = await collectDominators(fixtureSource(calls), 1, 100);
    expect(nodes.map((n) => n.className)).toEqual(['com.acme.billing.InvoiceCache', 'java.lang.Thread', 'java.lang.Object[]']);
    expect(calls).toEqual(['top(1, 100)']);
  });

  it('takes the whole tree when the limits allow', async () => {
    const { nodes } = await collectDominators(fixtureSource(), 10, 1000);
    expect(nodes.length).toBe(26); // every object of the fixture
    const seen = new Set([-1]);
    for (const n of nodes) {
      expect(seen.has(n.parent)).toBe(true);
      seen.add(n.index);
    }
  });
});

describe('collectSnapshot', () => {
  it('includes only the chosen parts, and the result passes the validator', async () => {
    const snap = await collectSnapshot(
      fixtureSource(),
      { ...DEFAULT_CHOICES, title: 'billing.hprof.gz', histogramTop: 3, treemap: null, objectIndex: null },
      1_800_000_000_000,
    );
    expect(snap.v).toBe(1);
    expect(snap.createdAt).toBe(1_800_000_000_000);
    expect(snap.histogram!.map((h) => h.className)).toEqual(['java.lang.Object[]', 'java.util.HashMap$Node[]', 'com.acme.billing.Invoice']);
    expect(snap.dominators!.depth).toBe(4);
    expect(snap.treemap).toBeUndefined();
    expect(snap.object).toBeUndefined();
    expect(validateSnapshot(JSON.parse(JSON.stringify(snap)))).toEqual(snap);
  });

  it('includes the leak suspects, each accumulation chain cut to its ends', async () => {
    const calls: string[] = [];
    const snap = await collectSnapshot(fixtureSource(calls), {
      ...DEFAULT_CHOICES,
      title: 't',
      histogramTop: 0,
      dominators: null,
      treemap: null,
      objectIndex: null,
    });
    expect(calls).toContain('suspects');
    const full = fixtureSuspects.suspects;
    expect(snap.suspects!.suspects.map((s) => s.kind)).toEqual(['class', 'thread', 'group']);
    expect(snap.suspects!.suspects[0].accumulation!.map((r) => r.address)).toEqual([
      full[0].accumulation![0].address,
      full[0].accumulation![2].address,
    ]);
    expect(snap.suspects!.suspects[1].accumulation).toEqual(full[1].accumulation);
    expect(snap.suspects!.suspects[2]).toEqual(full[2]);
    expect(validateSnapshot(JSON.parse(JSON.stringify(snap)))).toEqual(snap);
    const without = await collectSnapshot(fixtureSource(), { ...DEFAULT_CHOICES, title: 't', objectIndex: null, suspects: false });
    expect(without.suspects).toBeUndefined();
  });

  it('includes the viewed object with its fields, string value and dominator path', async () => {
    const snap = await collectSnapshot(fixtureSource(), {
      title: 't',
      summary: false,
      histogramTop: 0,
      dominators: null,
      treemap: { depth: 2, maxNodes: 100 },
      objectIndex: SECRET_STRING_INDEX,
      suspects: false,
    });
    expect(snap.summary).toBeUndefined();
    expect(snap.histogram).toBeUndefined();
    expect(snap.object!.row.label).toBe('password=hunter2-XYZ');
    expect(snap.object!.fields.map((f) => `${f.name}:${f.type}=${f.value}`)).toEqual([
      'value:object=null',
      'hash:int=-1288270520',
      'coder:byte=0',
    ]);
    expect(snap.object!.dominatorPath!.map((r) => r.className)).toEqual([
      'java.lang.Thread',
      'com.acme.auth.SessionToken',
      'java.lang.String',
    ]);
    expect(snap.treemap!.children!.length).toBe(3);
    expect(validateSnapshot(JSON.parse(JSON.stringify(snap)))).toEqual(snap);
    const session = await collectSnapshot(fixtureSource(), { ...DEFAULT_CHOICES, title: 't', objectIndex: SESSION_INDEX });
    expect(session.object!.fields[0]).toMatchObject({ name: 'token', refClassName: 'java.lang.String' });
  });
});
