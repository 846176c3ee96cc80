// The read-only engine answers the views' queries from a snapshot, and says what was not shared.
import { wholePath as whole } from '../../../core/api.ts';
import { describe, expect, it } from 'vitest';
import { collectSnapshot, DEFAULT_CHOICES } from './collect-snapshot.ts';
import { redactSnapshot } from './redact.ts';
import { buildHtmlReport, gatherReport } from '../../../core/report/html-report.ts';
import { snapshotEngine } from './snapshot-engine.ts';
import { fixtureSource, SESSION_INDEX } from './test-fixture.ts';

const snapshot = (depth: number) =>
  collectSnapshot(
    fixtureSource(),
    { ...DEFAULT_CHOICES, dominators: { depth, maxNodes: 100 }, title: 'billing.hprof.gz', objectIndex: SESSION_INDEX },
    1_800_000_000_000,
  );

describe('snapshotEngine', () => {
  it('pages dominator children as the live engine does, largest retained first', async () => {
    const engine = snapshotEngine(await snapshot(4));
    expect(engine.readOnly).toBe(true);
    expect(engine.title).toBe('billing.hprof.gz');
    const top = await engine.dominatorChildren(-1, 0, 2);
    expect(top.total).toBe(3);
    expect(top.items.map((r) => r.className)).toEqual(['com.acme.billing.InvoiceCache', 'java.lang.Thread']);
    expect((await engine.dominatorChildren(-1, 2, 10)).items.map((r) => r.className)).toEqual(['java.lang.Object[]']);
    const table = (await engine.dominatorChildren(2, 0, 10)).items[0];
    expect(table.className).toBe('java.util.HashMap$Node[]');
    expect(table.dominatedCount).toBe(6);
    // Nodes at the shared depth keep their true child count; their pages say the children were left out.
    const nodes = await engine.dominatorChildren(table.index, 0, 10);
    expect(nodes.items.length).toBe(6);
    expect(nodes.omitted).toBeUndefined();
    for (const n of nodes.items) {
      const below = await engine.dominatorChildren(n.index, 0, 10);
      expect(below.total).toBe(0);
      expect(below.omitted ?? 0).toBe(n.dominatedCount);
    }
    expect(nodes.items.some((n) => n.dominatedCount > 0)).toBe(true);
    expect(whole(await engine.dominatorPath(nodes.items[0].index)).map((r) => r.className)).toEqual([
      'com.acme.billing.InvoiceCache',
      'java.util.HashMap',
      'java.util.HashMap$Node[]',
      'java.util.HashMap$Node',
    ]);
  });

  it('serves summary, histogram, treemap and the shared object; finds shared addresses', async () => {
    const snap = redactSnapshot(await snapshot(4), { values: true, classNames: false });
    const engine = snapshotEngine(snap);
    expect((await engine.summary()).objects).toBe(26);
    expect((await engine.histogram()).length).toBe(10);
    expect((await engine.treemap(-1)).children!.length).toBe(3);
    const details = await engine.objectDetails(SESSION_INDEX);
    expect(details.row.className).toBe('com.acme.auth.SessionToken');
    expect(details.fields.map((f) => `${f.name}=${f.value}`)).toEqual(['token=null', 'createdMillis=(redacted)', 'userId=(redacted)']);
    expect(details.fields[0].ref?.className).toBe('java.lang.String');
    // The shared object's references come from its fields; the referenced String is a shared tree node.
    const out = await engine.outgoing(SESSION_INDEX, 0, 10);
    expect(out.items.map((r) => `${r.field} -> ${r.object.className} ${r.object.retainedBytes}`)).toEqual(['token -> java.lang.String 72']);
    await expect(engine.outgoing(0, 0, 10)).rejects.toThrow('Outgoing references are not included');
    expect(await engine.findObject(snap.object!.row.address)).toBe(SESSION_INDEX);
    expect(await engine.findObject(snap.object!.row.address.slice(2).toUpperCase())).toBe(SESSION_INDEX);
    expect(await engine.findObject('0xdeadbeef')).toBeNull();
    // The suspects, redacted as the rest: the thread's name is a value.
    const suspects = await engine.leakSuspects();
    expect(suspects.suspects.map((x) => `${x.kind} ${x.retainedBytes}`)).toEqual(['class 50000', 'thread 9000', 'group 7000']);
    expect(suspects.suspects[1].object!.label).toBeUndefined();
  });

  it('rejects queries for what the sharer left out, naming it', async () => {
    const engine = snapshotEngine({ v: 1, createdAt: 1, title: 'bare' });
    await expect(engine.histogram()).rejects.toThrow('The class histogram is not included in this shared analysis');
    await expect(engine.dominatorChildren(-1, 0, 10)).rejects.toThrow(/dominator tree is not included/);
    await expect(engine.treemap(-1)).rejects.toThrow(/treemap is not included/);
    await expect(engine.referrers(0, 0, 10)).rejects.toThrow('Referrers are not included in this shared analysis');
    await expect(engine.objectDetails(0)).rejects.toThrow(/not included/);
    await expect(engine.leakSuspects()).rejects.toThrow('The leak suspects are not included in this shared analysis');
    await expect(engine.retainedSet({ kind: 'class', classIndex: 0 }, 0, 10)).rejects.toThrow(
      'Retained sets are not included in this shared analysis',
    );
    await expect(engine.unreachableHistogram()).rejects.toThrow(
      'The unreachable objects histogram is not included in this shared analysis',
    );
    // A report of it says which sections it lacks.
    const html = buildHtmlReport(await gatherReport(engine, 'bare'));
    expect(html).toContain('Not available: The leak suspects are not included in this shared analysis');
    expect(html).toContain('Not available: The duplicate strings are not included in this shared analysis');
    const summary = await engine.summary();
    expect(summary.warnings[0]).toMatch(/did not include the summary/);
  });

  it("counts what the shared tree leaves out: top-level dominators and each cut node's children", async () => {
    // Depth 2 and 5 nodes: the 3 top-level dominators are all shared; below them only the 2 largest children.
    const snap = await collectSnapshot(fixtureSource(), {
      ...DEFAULT_CHOICES,
      dominators: { depth: 2, maxNodes: 5 },
      title: 't',
      objectIndex: null,
    });
    expect(snap.dominators!.topLevel).toBe(3);
    const live = fixtureSource();
    const engine = snapshotEngine(snap);
    const top = await engine.dominatorChildren(-1, 0, 1000);
    expect(top.total).toBe(3);
    expect(top.omitted).toBeUndefined();
    let cut = 0;
    for (const node of snap.dominators!.nodes) {
      const all = (await live.dominatorChildren(node.index, 0, 1000)).total;
      const shared = await engine.dominatorChildren(node.index, 0, 1000);
      expect(all).toBe(node.dominatedCount);
      expect(shared.total + (shared.omitted ?? 0)).toBe(all);
      if (all > shared.total) cut++;
    }
    expect(cut).toBeGreaterThan(0);
  });

  it('keeps the top-level count of a snapshot cut at the top, and copes with older snapshots without it', async () => {
    const snap = await collectSnapshot(fixtureSource(), {
      ...DEFAULT_CHOICES,
      dominators: { depth: 1, maxNodes: 2 },
      title: 't',
      objectIndex: null,
    });
    expect(await snapshotEngine(snap).dominatorChildren(-1, 0, 10)).toMatchObject({ total: 2, omitted: 1 });
    const older = { ...snap, dominators: { nodes: snap.dominators!.nodes, depth: 1 } };
    const olderTop = await snapshotEngine(older).dominatorChildren(-1, 0, 10);
    expect(olderTop.total).toBe(2);
    expect(olderTop.omitted).toBeUndefined();
  });
});
