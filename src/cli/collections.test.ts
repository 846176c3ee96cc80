// `heapdrop collections`, run as a user runs it, on the collections fixture (test-fixtures/collections).

import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const DUMP = join(ROOT, 'test-fixtures/collections/collections.hprof.gz');
const CACHE = mkdtempSync(join(tmpdir(), 'heapdrop-collections-'));

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/heapdrop.mjs'), ...args, '--cache', CACHE], {
    encoding: 'utf8',
    maxBuffer: 64 << 20,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('heapdrop collections', () => {
  it('--json: the classes with their size bins and waste; the text table prints the same rows', () => {
    const r = cli('collections', DUMP, '--json', '--top', '100');
    expect(r.code).toBe(0);
    const doc = JSON.parse(r.stdout);
    const lists = doc.classes.find((c: { className: string }) => c.className === 'java.util.ArrayList');
    expect(lists).toMatchObject({ layout: 'ArrayList', kind: 'list' });
    // CollectionsFixture.sparseArrayList: 3 of 1,000 slots.
    const sparse = lists.largestWaste.find((w: { capacity: number }) => w.capacity === 1000);
    expect(sparse.size).toBe(3);
    expect(doc.wastedBytes).toBe(doc.classes.reduce((s: number, c: { wastedBytes: number }) => s + c.wastedBytes, 0));

    const text = cli('collections', DUMP, '--top', '100');
    expect(text.code).toBe(0);
    expect(text.stdout.split('\n')[0]).toBe(
      `${doc.collections.toLocaleString('en-US')} collections, ${doc.wastedBytes.toLocaleString('en-US')} bytes wasted in their backing arrays; by class, largest waste first`,
    );
    expect(text.stdout).toContain(`${sparse.objectId}: 3 of 1,000 slots, ${sparse.wastedBytes.toLocaleString('en-US')} bytes wasted`);
    expect(text.stdout).toMatch(/java\.util\.LinkedHashMap \(HashMap\)\n/);
  });

  it('a usage mistake is one line and exit code 2', () => {
    const r = cli('collections', DUMP, '--top', 'x');
    expect(r.code).toBe(2);
    expect(r.stderr).toBe('heapdrop: usage: heapdrop collections <dump> [--top N] [--json] [--keep-unreachable]\n');
  });
});
