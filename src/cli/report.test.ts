// `heapdrop report` as a user runs it: one HTML file, written where --out says, that names the dump's figures.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const GZ = join(ROOT, 'test-fixtures/graph/graph.hprof.gz');

function cli(...args: string[]) {
  const home = mkdtempSync(join(tmpdir(), 'heapdrop-report-test-'));
  const r = spawnSync(process.execPath, [join(ROOT, 'bin/heapdrop.mjs'), ...args], {
    encoding: 'utf8',
    env: { ...process.env, XDG_CACHE_HOME: home },
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

it('writes one self-contained HTML file with the analysis', () => {
  const out = join(mkdtempSync(join(tmpdir(), 'heapdrop-report-')), 'graph.html');
  const r = cli('report', GZ, '--out', out, '--top', '5');
  expect(r.stderr).toContain(`report written to ${out}`);
  expect(r.code).toBe(0);
  const html = readFileSync(out, 'utf8');
  expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
  expect(html).toContain('<title>Heap report: graph.hprof.gz</title>');
  const json = JSON.parse(cli('analyze', GZ, '--json').stdout) as { summary: { objects: number } };
  expect(html).toContain(`<dt>Objects</dt><dd>${json.summary.objects.toLocaleString('en-US')}: `);
  expect(html.match(/<section id="top">[\s\S]*?<\/section>/)![0].match(/<tr>/g)).toHaveLength(6);
});

it('refuses a command line it does not understand', () => {
  expect(cli('report').code).toBe(2);
  expect(cli('report', GZ, '--bogus').stderr).toContain('usage: heapdrop report');
});
