// Thread stacks in share snapshots: a choice (off by default); thread names are values, removed by default;
// masking class names masks an application frame's class, method and source file, keeping JDK frames; the
// validator accepts what the builder makes and the snapshot engine shows it as the threads view expects.
import { describe, expect, it } from 'vitest';
import type { LeakSuspects, ObjectRow, ThreadOverview } from '../../../core/api.ts';
import { collectSnapshot, DEFAULT_CHOICES } from './collect-snapshot.ts';
import { DEFAULT_REDACTION, redactSnapshot } from './redact.ts';
import { snapshotEngine } from './snapshot-engine.ts';
import { fixtureSource } from './test-fixture.ts';
import { validateSnapshot } from './validate-snapshot.ts';

const row = (index: number, className: string, retainedBytes: number, label?: string): ObjectRow => ({
  index,
  address: `0x${(0x1000 + index * 16).toString(16)}`,
  className,
  shallowBytes: 16,
  retainedBytes,
  dominatedCount: 0,
  ...(label ? { label } : {}),
});

const LIST = row(2, 'com.acme.billing.InvoiceList', 900, undefined);
const SECRET = row(3, 'java.lang.String', 56, 'password=hunter2-XYZ');
const appFrame = {
  depth: 1,
  className: 'com.acme.billing.Collector',
  method: 'collect',
  signature: '(Lcom/acme/billing/Invoice;)I',
  sourceFile: 'Collector.java',
  line: 38,
  text: 'com.acme.billing.Collector.collect(Collector.java:38)',
};
const jdkFrame = {
  depth: 0,
  className: 'java.lang.Thread',
  method: 'sleep',
  signature: '(J)V',
  sourceFile: 'Thread.java',
  line: -3,
  text: 'java.lang.Thread.sleep(Native Method)',
};

const overview: ThreadOverview = {
  usedHeapBytes: 1000,
  threads: [
    {
      object: row(1, 'java.lang.Thread', 970, 'payment-worker-7'),
      name: 'payment-worker-7',
      daemon: false,
      priority: 5,
      state: 'TIMED_WAITING',
      stateValue: 0xa1,
      virtual: false,
      frames: [
        { ...jdkFrame, locals: [], maxLocalRetainedBytes: 0 },
        { ...appFrame, locals: [LIST, SECRET], maxLocalRetainedBytes: 900 },
      ],
      otherLocals: [],
    },
    {
      object: row(4, 'java.lang.Thread', 200, 'C2 CompilerThread0'),
      name: 'C2 CompilerThread0',
      daemon: true,
      priority: 9,
      state: 'RUNNABLE',
      stateValue: 5,
      virtual: false,
      frames: null,
      otherLocals: [],
    },
  ],
};

function source() {
  const base = fixtureSource();
  return {
    ...base,
    threads: async () => overview,
    leakSuspects: async (): Promise<LeakSuspects> => ({
      usedHeapBytes: 1000,
      thresholdBytes: 100,
      suspects: [
        {
          kind: 'thread',
          object: overview.threads[0].object,
          retainedBytes: 970,
          topConsumers: [],
          thread: {
            name: 'payment-worker-7',
            frames: [
              {
                frame: appFrame,
                matText: 'com.acme.billing.Collector.collect(Lcom/acme/billing/Invoice;)I (Collector.java:38)',
                locals: [LIST],
              },
            ],
          },
        },
      ],
    }),
  };
}

const collect = (threads: boolean) =>
  collectSnapshot(source(), { ...DEFAULT_CHOICES, title: 't', objectIndex: null, threads }, 1_800_000_000_000);

describe('thread stacks in a share snapshot', () => {
  it('are left out unless chosen', async () => {
    expect(DEFAULT_CHOICES.threads).toBe(false);
    expect((await collect(false)).threads).toBeUndefined();
    expect((await collect(true)).threads).toHaveLength(2);
  });

  it('lose thread names and labels by default (values), keeping frames, states and sizes', async () => {
    const snap = redactSnapshot(await collect(true), DEFAULT_REDACTION);
    const json = JSON.stringify(snap);
    for (const secret of ['payment-worker-7', 'hunter2', 'C2 CompilerThread0']) expect(json).not.toContain(secret);
    const t = snap.threads![0];
    expect(t.name).toBeUndefined();
    expect(t.state).toBe('TIMED_WAITING');
    expect(t.frames!.map((f) => f.text)).toEqual([jdkFrame.text, appFrame.text]);
    expect(t.frames![1].locals.map((l) => [l.className, l.retainedBytes, l.label])).toEqual([
      ['com.acme.billing.InvoiceList', 900, undefined],
      ['java.lang.String', 56, undefined],
    ]);
    expect(snap.suspects!.suspects[0].thread!.name).toBeNull();
    expect(snapshotEngine(snap).threads).toBeDefined();
  });

  it('mask an application frame like its class (method, source file), keep JDK frames and line numbers', async () => {
    const snap = redactSnapshot(await collect(true), { values: false, classNames: true });
    const json = JSON.stringify(snap);
    for (const secret of ['com.acme', 'Collector', 'collect(', 'InvoiceList']) expect(json).not.toContain(secret);
    const [jdk, app] = snap.threads![0].frames!;
    expect(jdk.text).toBe('java.lang.Thread.sleep(Native Method)');
    expect(app.className).toMatch(/^app\d+\.Class\d+$/);
    expect(app).toMatchObject({ method: 'm1', sourceFile: 'File1.java', line: 38, text: `${app.className}.m1(File1.java:38)` });
    expect(snap.threads![0].name).toBe('payment-worker-7'); // values kept on request
    // The suspect's significant frame is masked the same way, its signature (which names classes) dropped.
    const significant = snap.suspects!.suspects[0].thread!.frames![0];
    expect(significant.frame).toMatchObject({ className: app.className, method: 'm1', signature: '', text: app.text });
    expect(significant.matText).toBe(app.text);
  });

  it('pass the validator, and the snapshot engine answers the threads view from them', async () => {
    const snap = redactSnapshot(await collect(true), DEFAULT_REDACTION);
    const checked = validateSnapshot(JSON.parse(JSON.stringify(snap)));
    expect(checked.threads).toEqual(snap.threads);
    expect(checked.suspects!.suspects[0].thread).toEqual(snap.suspects!.suspects[0].thread);
    const shown = await snapshotEngine(checked).threads();
    expect(shown.usedHeapBytes).toBeGreaterThan(0);
    expect(shown.threads[0].frames![1]).toMatchObject({ depth: 1, text: appFrame.text, maxLocalRetainedBytes: 900 });
    expect(shown.threads[1].frames).toBeNull();
    // A frame line that is not an integer, or too many frames, is refused.
    const bad = JSON.parse(JSON.stringify(snap));
    bad.threads[0].frames[0].line = 'x';
    expect(() => validateSnapshot(bad)).toThrow(/threads\[0\]\.frames\[0\]\.line/);
  });
});
