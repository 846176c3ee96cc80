// The portable gzip path in a real Chromium: its DecompressionStream rejects bytes after the first member, so a
// JVM `-gz` dump must be split into members (a WHATWG Compression Streams stream is one member; Node accepts
// several, Chromium throws on the rest). A Node-only test cannot see this.

import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { describe, expect, it } from 'vitest';

interface ChromiumPathModule {
  chromiumPath(): string | null;
  launchOptions(): { executablePath?: string; args: string[] };
}
// A plain .mjs without types: imported by a computed specifier so the type checker does not resolve it.
const chromiumModule = '../../../scripts/chromium-path.mjs';
const { chromiumPath, launchOptions } = (await import(/* @vite-ignore */ chromiumModule)) as ChromiumPathModule;

const GZ = fileURLToPath(new URL('../../../test-fixtures/graph/graph.hprof.gz', import.meta.url));
const browserPath = chromiumPath();

const ENTRY = `
import { readHprof } from './hprof/read-hprof.ts';
import { blobSource } from './io/blob-source.ts';
import { inflateStreamPortable } from './io/inflate.ts';
globalThis.check = async (b64) => {
  const bytes = Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
  let singleStream;
  try {
    let n = 0;
    for await (const c of inflateStreamPortable((async function* () { yield bytes; })())) n += c.length;
    singleStream = 'ok ' + n;
  } catch (e) { singleStream = 'error: ' + e.message; }
  const { parsed, randomAccess } = await readHprof(blobSource(new Blob([bytes])));
  const tags = [];
  for (let o = 0; o < parsed.objectCount; o += 997) tags.push((await randomAccess.read(parsed.objectOffset(o), 1))[0]);
  return { singleStream, objects: parsed.objectCount, truncated: parsed.truncated, bytesRead: parsed.bytesRead, tags };
};
`;

describe.skipIf(browserPath === null)('gzip in Chromium', () => {
  it('splits a -gz dump into members where one DecompressionStream fails', async () => {
    const { chromium } = await import('@playwright/test');
    const bundle = await build({
      stdin: { contents: ENTRY, resolveDir: fileURLToPath(new URL('..', import.meta.url)), loader: 'ts' },
      bundle: true,
      format: 'iife',
      write: false,
      logLevel: 'silent',
    });
    const browser = await chromium.launch(launchOptions());
    try {
      const page = await browser.newPage();
      await page.goto('about:blank');
      await page.addScriptTag({ content: bundle.outputFiles[0].text });
      const b64 = readFileSync(GZ).toString('base64');
      const r = await page.evaluate((b) => (globalThis as unknown as { check(b: string): Promise<Record<string, unknown>> }).check(b), b64);
      expect(r.singleStream).toMatch(/^error/); // Chromium stops after the first member
      const { readHprofFile } = await import('../hprof/read-file.node.ts');
      const { parsed } = await readHprofFile(GZ);
      expect(r.objects).toBe(parsed.objectCount);
      expect(r.bytesRead).toBe(parsed.bytesRead);
      expect(r.truncated).toBe(false);
      expect((r.tags as number[]).every((t) => t === 0x21 || t === 0x22 || t === 0x23)).toBe(true);
    } finally {
      await browser.close();
    }
  });
});
