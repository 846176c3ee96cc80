// `heapdrop threads` and the thread suspect in `heapdrop analyze`, run as a user runs them, on the OOM fixture
// (test-fixtures/threads: OomChain.java, whose Collector.collect holds the heap in a local list).

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const OOM = join(ROOT, 'test-fixtures/threads/oom.hprof.gz');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/heapdrop.mjs'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('heapdrop threads', () => {
  it('--json: every thread, its frames and the retained size of each local; the text prints the same', () => {
    const r = cli('threads', OOM, '--json');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const main = doc.threads[0];
    expect(main).toMatchObject({ name: 'main', className: 'java.lang.Thread', daemon: false, priority: 5 });
    const collect = main.frames.find((f: { method: string }) => f.method === 'collect');
    expect(collect.text).toBe('OomChain$Collector.collect(OomChain.java:38)');
    const list = collect.locals[0];
    expect(list.className).toBe('java.util.ArrayList');
    expect(list.retainedBytes).toBeGreaterThan(0.9 * doc.usedHeapBytes);
    expect(collect.maxLocalRetainedBytes).toBe(list.retainedBytes);

    const text = cli('threads', OOM);
    expect(text.code).toBe(0);
    const lines = text.stdout.split('\n');
    const at = lines.indexOf('    at OomChain$Collector.collect(OomChain.java:38)');
    expect(at).toBeGreaterThan(0);
    expect(lines[at + 1]).toBe(
      `        local java.util.ArrayList @ ${list.objectId}  retains ${list.retainedBytes.toLocaleString('en-US')} bytes (${((100 * list.retainedBytes) / doc.usedHeapBytes).toFixed(2)}%)`,
    );
    expect(lines.some((l) => l.startsWith('"main" prio=5 RUNNABLE  java.lang.Thread @ '))).toBe(true);
    // Compiler threads have no Java frame and no stack trace in the dump.
    expect(text.stdout).toContain('(the dump has no stack trace for this thread)');
  });

  it('a usage mistake is one line and exit code 2', () => {
    const r = cli('threads');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('heapdrop: usage: heapdrop threads <dump> [--json] [--keep-unreachable]\n');
  });
});

describe('heapdrop analyze, thread suspect', () => {
  it('names the significant frame and its local with the retained size, in text and JSON', () => {
    const doc = JSON.parse(cli('analyze', OOM, '--json', '--top', '3').stdout);
    const s = doc.leakSuspects[0];
    expect(s.kind).toBe('thread');
    expect(s.thread.name).toBe('main');
    expect(s.thread.frames).toHaveLength(1);
    expect(s.thread.frames[0]).toMatchObject({
      frame: 'OomChain$Collector.collect(OomChain.java:38)',
      matFrame: 'OomChain$Collector.collect(Ljava/lang/String;)I (OomChain.java:38)',
    });
    const list = s.thread.frames[0].locals[0];
    expect(list.className).toBe('java.util.ArrayList');
    const text = cli('analyze', OOM, '--top', '3').stdout;
    expect(text).toContain('     significant frame OomChain$Collector.collect(OomChain.java:38) holds:');
    expect(text).toContain(`       java.util.ArrayList @ ${list.objectId}: ${list.retainedBytes.toLocaleString('en-US')} bytes`);
  });
});
