// The CLI's analysis cache as a user meets it: a second command on the same dump reads the saved analysis (same
// answer), a damaged entry is named in one line and made again, --no-cache keeps nothing.

import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GZ = join(ROOT, 'test-fixtures/graph/graph.hprof.gz');

function cli(...args: string[]) {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/heapdrop.mjs'), ...args], { encoding: 'utf8', maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the CLI analysis cache', () => {
  it('is reused by a second command, and a damaged entry is reported and made again', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapdrop-cache-test-'));
    const first = cli('analyze', GZ, '--json', '--cache', dir);
    expect(first.code).toBe(0);
    const entries = readdirSync(dir);
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatch(/\.analysis$/);
    const second = cli('analyze', GZ, '--json', '--cache', dir);
    expect(second.code).toBe(0);
    expect(second.stderr).toBe('');
    expect(second.stdout).toBe(first.stdout);
    // Another command on the same dump uses it too.
    expect(cli('held-by', GZ, 'java.lang.String', '--json', '--cache', dir).code).toBe(0);
    expect(readdirSync(dir)).toEqual(entries);

    const file = join(dir, entries[0]);
    const bytes = new Uint8Array(readFileSync(file));
    bytes[Math.floor(bytes.length / 2)] ^= 0x40;
    writeFileSync(file, bytes);
    const third = cli('analyze', GZ, '--json', '--cache', dir);
    expect(third.code).toBe(0);
    expect(third.stdout).toBe(first.stdout);
    const notice = third.stderr.trim().split('\n');
    expect(notice).toHaveLength(1);
    expect(notice[0]).toMatch(/^heapdrop: ignoring the saved analysis .* fails its checksum.*; analysing the dump again$/);
    // Made again, sound: the next run is quiet.
    expect(cli('analyze', GZ, '--json', '--cache', dir).stderr).toBe('');
  }, 180_000);

  it('--no-cache keeps nothing; --cache without a directory is a usage error', () => {
    const dir = mkdtempSync(join(tmpdir(), 'heapdrop-cache-test-'));
    const home = { ...process.env, XDG_CACHE_HOME: dir };
    const r = spawnSync(process.execPath, [join(ROOT, 'bin/heapdrop.mjs'), 'held-by', GZ, 'java.lang.String', '--no-cache'], {
      encoding: 'utf8',
      env: home,
    });
    expect(r.status).toBe(0);
    expect(readdirSync(dir)).toEqual([]);
    const bad = cli('held-by', GZ, 'java.lang.String', '--cache');
    expect(bad.code).toBe(2);
    expect(bad.stderr).toBe('heapdrop: --cache needs a directory\n');
  }, 120_000);
});
