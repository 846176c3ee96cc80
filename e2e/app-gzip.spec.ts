// gzip in the tab: a single-member gzip (as gzip(1) writes) opens like the plain dump and the inspector reads
// its objects from the OPFS spool; a gzip bomb is inflated with backpressure, so the tab's memory stays bounded
// (measured as the summed RSS of Chromium's processes, not timed); bzip2 is refused by name.
import { expect, test } from '@playwright/test';
import { readdirSync, readFileSync } from 'node:fs';
import { constants, deflateRawSync, gunzipSync, gzipSync } from 'node:zlib';
import { corpus, openDump, openDumpReady, screenshot, tempDump } from './helpers.ts';

/** MAT's top dominator-tree root of basics.hprof.gz (first data line of the TSV). */
function matTopRoot(): { address: string; retained: string } {
  const [, first] = readFileSync(corpus('basics.mat-dominator-roots.tsv'), 'utf8').split('\n');
  const [address, , , retained] = first.split('\t');
  return { address, retained };
}

/** Chromium's processes: the descendants of this test worker (the web server is the runner's child). */
function chromiumRssBytes(): number {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      children.set(ppid, [...(children.get(ppid) ?? []), Number(entry)]);
    } catch {
      /* the process ended */
    }
  }
  let sum = 0;
  for (const queue = [...(children.get(process.pid) ?? [])]; queue.length > 0;) {
    const pid = queue.pop()!;
    queue.push(...(children.get(pid) ?? []));
    try {
      sum += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch {
      /* the process ended */
    }
  }
  return sum;
}

/**
 * A gzip bomb: one member whose deflate data is the same self-contained piece (64 MiB of zeros, ended by a full
 * flush) repeated, so about 5 MB inflate to 5 GiB. It is not a heap dump: the reader stops at its first bytes.
 */
function gzipBomb(): Buffer {
  const piece = deflateRawSync(Buffer.alloc(64 << 20), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 2, 3]);
  const finalEmptyBlock = Buffer.from([0x03, 0x00]);
  const trailer = Buffer.alloc(8); // CRC32 left 0: the inflater would only find out at the end
  return Buffer.concat([header, ...Array<Buffer>(80).fill(piece), finalEmptyBlock, trailer]);
}

test('a single-member gzip opens like the plain dump; the inspector reads its objects from OPFS', async ({ page }) => {
  const plain = gunzipSync(readFileSync(corpus('basics.hprof.gz')));
  await openDumpReady(page, tempDump('basics-gzip1.hprof.gz', gzipSync(plain, { level: 1 })));
  const top = matTopRoot();
  await page.goto(`/#/object/${top.address}`);
  await expect(page.getByTestId('inspector-class')).toHaveText('class Basics');
  await expect(page.getByTestId('inspector-retained')).toHaveAttribute('title', `${Number(top.retained).toLocaleString('en-US')} bytes`);
  await expect(page.getByTestId('outgoing').getByTestId('object-link').first()).toBeVisible();
  await expect(page.locator('body')).not.toContainText('re-inflates the file');
  await screenshot(page, 'gzip1-inspector');
  // The spool is a file of the origin's private file system while the analysis is open.
  const files = await page.evaluate(async () => {
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle('heapdrop-spool');
    const sizes: number[] = [];
    for await (const [, handle] of folder as unknown as AsyncIterable<[string, FileSystemFileHandle]>)
      sizes.push((await handle.getFile()).size);
    return sizes;
  });
  expect(files).toContain(plain.length);
});

test("a gzip bomb in the tab: memory bounded by the inflater's backpressure, then a clear error", async ({ page }) => {
  const bomb = gzipBomb();
  expect(bomb.length).toBeGreaterThan(4e6);
  expect(bomb.length).toBeLessThan(7e6);
  await page.goto('/');
  await page.waitForFunction(() => (window as unknown as { __heapdrop?: unknown }).__heapdrop !== undefined);
  const baseline = chromiumRssBytes();
  let peak = baseline;
  const sampler = setInterval(() => (peak = Math.max(peak, chromiumRssBytes())), 100);
  try {
    await openDump(page, tempDump('bomb.hprof.gz', bomb));
  } finally {
    clearInterval(sampler);
  }
  peak = Math.max(peak, chromiumRssBytes());
  const error = page.getByTestId('analysis-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-code', 'FORMAT');
  await screenshot(page, 'gzip-bomb');
  const grewMiB = Math.round((peak - baseline) / 2 ** 20);
  console.log(
    `gzip bomb (${bomb.length} bytes, 5 GiB inflated): Chromium RSS ${Math.round(baseline / 2 ** 20)} MiB before, peak ${Math.round(peak / 2 ** 20)} MiB (+${grewMiB} MiB)`,
  );
  // Unbounded, the first 2 MB read from the file would queue about 2 GB of output at once.
  expect(grewMiB).toBeLessThan(250); // measured: +47 MiB fed in 32 KiB slices, +528 MiB fed as the file is read
});

test('a bzip2 dump is refused by name, with the command to decompress it', async ({ page }) => {
  await page.goto('/');
  await openDump(page, corpus('external/more/example-java.hprof.bz2'));
  const error = page.getByTestId('analysis-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-code', 'UNSUPPORTED_COMPRESSION');
  await expect(error).toContainText('bzip2');
  await expect(error).toContainText('bunzip2 example-java.hprof.bz2');
  await screenshot(page, 'bzip2-refused');
});
