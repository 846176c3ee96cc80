// Sharing end to end: analyse a corpus dump, share it, open the link in a fresh browser context (read-only, same
// top dominators), then the ways a link fails: tampered data, a wrong or truncated key, a deleted share.
import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { corpus, openDumpReady, screenshot } from './helpers.ts';
import { sealSnapshot } from '../src/app/features/share/open-share.ts';
import type { ShareSnapshot } from '../src/app/features/share/snapshot.ts';

/** The first rows of the dominator tree as text: class, address, retained bytes. */
async function topDominators(page: Page, n = 8): Promise<string[]> {
  const rows = page.getByTestId('dominator-row');
  await expect(rows.first()).toBeVisible();
  return rows.evaluateAll(
    (els, count) =>
      els.slice(0, count).map((el) => {
        const cls = el.querySelector('.cls')?.textContent ?? '';
        const addr = el.querySelector('.addr')?.textContent ?? '';
        const nums = Array.from(el.querySelectorAll('.num')).map((c) => c.textContent);
        return `${cls}${addr} | ${nums.join(' | ')}`;
      }),
    n,
  );
}

/** Collects CSP violations and uncaught errors: the app must run under the server's policy. */
function watchForViolations(page: Page, into: string[]) {
  page.on('console', (m) => {
    if (/Content Security Policy|Refused to/i.test(m.text())) into.push(m.text());
  });
  page.on('pageerror', (e) => into.push(`pageerror: ${e.message}`));
}

/** Every in-app link on the page except the brand (which leaves to open a dump) stays under the shared link. */
async function expectLinksUnder(page: Page, prefix: string) {
  const hrefs = await page.locator('a[href^="#/"]:not(.brand)').evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''));
  expect(hrefs.length).toBeGreaterThan(0);
  expect(hrefs.filter((h) => !h.startsWith(prefix + '/'))).toEqual([]);
}

async function expectShareError(page: Page, code: string, text: RegExp) {
  const error = page.getByTestId('share-error');
  await expect(error).toBeVisible();
  await expect(error).toHaveAttribute('data-code', code);
  await expect(error).toContainText(text);
}

test('share an analysis, open it read-only elsewhere, then delete it', async ({ page, browser }) => {
  const violations: string[] = [];
  watchForViolations(page, violations);
  await openDumpReady(page, corpus('basics.hprof.gz'));
  await page.getByTestId('tab-dominators').click();
  const topLevel = await topDominators(page, 3);
  // Open the biggest dominator: its children are within the shared depth and must match too.
  await page.getByTestId('twisty').first().click();
  await expect(page.getByTestId('dominator-row').first()).toHaveAttribute('aria-expanded', 'true');
  await expect.poll(async () => (await topDominators(page, 2))[1]).not.toBe(topLevel[1]);
  const before = await topDominators(page, 12);
  expect(before.length).toBe(12);

  await page.getByTestId('share-button').click();
  await expect(page.getByTestId('share-dialog')).toBeVisible();
  await expect(page.getByTestId('share-redact-values')).toBeChecked();
  await expect(page.getByTestId('share-preview-dominators')).toBeVisible();
  // The collections report joins once its pass (started by the dialog) is done.
  await expect(page.getByTestId('share-preview-collections')).toBeVisible({ timeout: 60_000 });
  await expect(page.getByTestId('share-create')).toBeEnabled();
  await screenshot(page, 'share-dialog');
  await page.getByTestId('share-create').click();
  const link = await page.getByTestId('share-link').inputValue();
  expect(link).toMatch(/\/#\/s\/[A-Za-z0-9_-]{22}\/[A-Za-z0-9_-]{43}$/);
  await page.context().grantPermissions(['clipboard-read', 'clipboard-write']);
  await page.getByTestId('share-copy').click();
  await expect(page.getByTestId('share-copy')).toHaveText('Copied');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(link);
  await screenshot(page, 'share-dialog-link');
  const key = link.split('/').pop()!;

  // A fresh context: no shared state with the sharer's tab.
  const context = await browser.newContext();
  const viewer = await context.newPage();
  watchForViolations(viewer, violations);
  const requested: string[] = [];
  viewer.on('request', (r) => requested.push(r.url() + ' ' + (r.postData() ?? '')));
  await viewer.goto(link);
  await expect(viewer.getByTestId('readonly-banner')).toContainText('basics.hprof.gz');
  await expect(viewer.getByTestId('readonly-banner')).toContainText('read-only');
  await expect(viewer.getByTestId('share-button')).toHaveCount(0);
  // The link opens where the sharer was: the dominator tree.
  await expect(viewer).toHaveURL(`${link}/dominators`);
  expect(await topDominators(viewer, 3)).toEqual(topLevel);
  await viewer.getByTestId('tab-overview').click();
  // The address keeps the link: the views live under its prefix.
  const prefix = link.slice(link.indexOf('#'));
  await expect(viewer).toHaveURL(`${link}/overview`);
  await expect(viewer.getByTestId('tab-histogram')).toHaveAttribute('href', `${prefix}/histogram`);
  await expect(viewer.getByTestId('findings').locator('a').first()).toBeVisible();
  // The leak suspects travel too; values are removed by default, so the thread shows without its name.
  await expect(viewer.getByTestId('readonly-banner')).toContainText('leak suspects (2)');
  await expect(viewer.getByTestId('readonly-banner')).toContainText(/collections \(\d+ classes\)/);
  const suspects = viewer.getByTestId('suspect');
  await expect(suspects).toHaveCount(2);
  await expect(suspects.nth(0)).toContainText('class Basics @ 0xc0e82320');
  await expect(suspects.nth(0)).toContainText('java.util.HashMap$Node[] @ 0xd79f5740');
  await expect(suspects.nth(1)).toContainText('java.lang.Thread @ 0xc1449348');
  await expect(suspects.nth(1)).not.toContainText('stack-holder');
  await expectLinksUnder(viewer, prefix);
  await screenshot(viewer, 'share-viewer-overview');
  await viewer.getByTestId('tab-dominators').click();
  await expect(viewer).toHaveURL(`${link}/dominators`);
  expect(await topDominators(viewer, 3)).toEqual(topLevel);
  await expect(viewer.getByTestId('dominator-row').first().getByTestId('object-link')).toHaveAttribute(
    'href',
    new RegExp(`^${prefix}/object/0x[0-9a-f]+$`),
  );
  // 300 nodes cannot hold every top-level dominator of basics: the toolbar says how many are in.
  await expect(viewer.getByTestId('tree-status')).toHaveText(/^\d+ of [\d,]+ top-level dominators included$/);
  // Reload and Back keep the shared analysis.
  await viewer.reload();
  expect(await topDominators(viewer, 3)).toEqual(topLevel);
  await viewer.goBack();
  await expect(viewer).toHaveURL(`${link}/overview`);
  await expect(viewer.getByTestId('view-overview')).toBeVisible();
  await viewer.goForward();
  await expect(viewer).toHaveURL(`${link}/dominators`);
  await viewer.getByTestId('twisty').first().click();
  await expect(viewer.getByTestId('dominator-row').first()).toHaveAttribute('aria-expanded', 'true');
  // The snapshot holds the 300 largest nodes of the tree, so the biggest dominator shows its largest children:
  // the same rows as the live tree, in the same order, up to where the shared part stops.
  await expect.poll(async () => (await topDominators(viewer, 2))[1]).not.toBe(topLevel[1]);
  const shared = await topDominators(viewer, 12);
  const sharedChildren = shared.slice(1, shared.indexOf(topLevel[1]));
  expect(sharedChildren.length).toBeGreaterThanOrEqual(3);
  expect(sharedChildren).toEqual(before.slice(1, 1 + sharedChildren.length));
  // The biggest dominator has more children than the share holds: a row says how many were left out.
  await expect(viewer.getByTestId('omitted-children').first()).toHaveText(/^[\d,]+ more children? not included in this share$/);
  await expectLinksUnder(viewer, prefix);
  await screenshot(viewer, 'share-viewer-dominators');
  await viewer.getByTestId('tab-histogram').click();
  await expect(viewer).toHaveURL(`${link}/histogram`);
  await expect(viewer.getByTestId('view-histogram')).toBeVisible();
  await expectLinksUnder(viewer, prefix);
  await screenshot(viewer, 'share-viewer-histogram');
  // The collections' waste summary travels: the viewer's Collections view lists the classes.
  await viewer.getByTestId('tab-collections').click();
  await expect(viewer).toHaveURL(`${link}/collections`);
  await expect(viewer.getByTestId('collection-class').first()).toBeVisible();
  await expect(viewer.getByTestId('collections-status')).toHaveText(
    /^[\d,]+ collections? of [\d,]+ class(es)?; .+ wasted in backing arrays$/,
  );
  await expect(viewer.getByTestId('collection-class-name').filter({ hasText: 'java.util.HashMap' }).first()).toBeVisible();
  await screenshot(viewer, 'share-viewer-collections');
  await viewer.getByTestId('tab-treemap').click();
  await expect(viewer).toHaveURL(`${link}/treemap`);
  await expect(viewer.getByTestId('view-treemap')).toBeVisible();
  await expectLinksUnder(viewer, prefix);
  await screenshot(viewer, 'share-viewer-treemap');
  // An object link from the tree opens the inspector under the prefix (objects outside the snapshot say so).
  await viewer.getByTestId('tab-dominators').click();
  await viewer.getByTestId('dominator-row').first().getByTestId('object-link').click();
  await expect(viewer).toHaveURL(new RegExp(`/#/s/[^/]+/${key}/object/0x[0-9a-f]+$`));
  await expect(viewer.getByTestId('view-inspector')).toBeVisible();
  await screenshot(viewer, 'share-viewer-object-outside');
  // "Show in dominator tree" links (`?focus=`) open the shared tree down to the object and select it.
  const childAddress = /@ (0x[0-9a-f]+)/.exec(sharedChildren[0])![1];
  await viewer.goto(`${link}/dominators?focus=${childAddress}`);
  await expect(viewer.locator('[data-testid=dominator-tree] .vrow.selected')).toContainText(childAddress);
  await screenshot(viewer, 'share-viewer-dominators-focus');
  // The key stays in the fragment: it is in no request the viewer made.
  expect(requested.length).toBeGreaterThan(0);
  expect(requested.filter((r) => r.includes(key))).toEqual([]);

  // Delete from the dialog; the link then says it was deleted.
  await page.getByTestId('share-delete').click();
  await expect(page.getByTestId('share-deleted')).toBeVisible();
  const again = await context.newPage();
  await again.goto(link);
  await expectShareError(again, 'DELETED', /deleted/i);
  await screenshot(again, 'share-viewer-deleted');
  await context.close();
  expect(violations).toEqual([]);
});

test('masked class names reach the viewer as pseudonyms, JDK names intact', async ({ page, browser }) => {
  await openDumpReady(page, corpus('basics.hprof.gz'));
  await page.getByTestId('share-button').click();
  await page.getByTestId('share-mask-classes').check();
  await expect(page.getByTestId('share-json')).toContainText('"redaction":{"values":true,"classNames":true}');
  await expect(page.getByTestId('share-create')).toBeEnabled();
  // The whole snapshot (downloadable from the preview) holds no application class name.
  await page.locator('.share-json summary').click();
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('share-download-json').click()]);
  const json = readFileSync(await download.path(), 'utf8');
  const snapshot = JSON.parse(json) as ShareSnapshot;
  expect(snapshot.redaction).toEqual({ values: true, classNames: true });
  expect(snapshot.dominators!.nodes.length).toBe(300);
  expect(json).not.toContain('Basics');
  expect(json).toContain('java.lang.Thread');
  await page.getByTestId('share-create').click();
  const link = await page.getByTestId('share-link').inputValue();
  const context = await browser.newContext();
  const viewer = await context.newPage();
  await viewer.goto(link);
  await viewer.getByTestId('tab-dominators').click();
  const rows = await topDominators(viewer, 20);
  expect(rows[0]).toMatch(/^class Class\d+ @ 0xc0e82320/); // `class Basics` (default package) masked
  expect(rows.join('\n')).not.toContain('Basics');
  expect(rows.some((r) => r.startsWith('java.lang.Thread '))).toBe(true);
  await screenshot(viewer, 'share-viewer-masked');
  await context.close();
});

test.describe('broken links', () => {
  const snapshot: ShareSnapshot = {
    v: 1,
    createdAt: Date.UTC(2026, 10, 26, 9, 30),
    title: 'hand-built.hprof',
    summary: undefined,
    histogram: [{ classIndex: 0, className: 'byte[]', classAddress: '0x1000', loaderAddress: '0x0', instances: 10, shallowBytes: 4096 }],
    redaction: { values: true, classNames: true },
    object: {
      row: { index: 7, address: '0x7000', className: 'app1.Class1', shallowBytes: 24, retainedBytes: 4120, dominatedCount: 1 },
      kind: 'instance',
      fields: [
        { name: 'field1', type: 'int' },
        { name: 'field2', type: 'object', refClassName: 'byte[]', refAddress: '0x7018' },
      ],
    },
  };
  delete snapshot.summary;

  async function upload(page: Page, bytes: Uint8Array): Promise<string> {
    const r = await page.request.post('/api/shares', {
      headers: { 'Content-Type': 'application/octet-stream' },
      data: Buffer.from(bytes),
    });
    expect(r.status()).toBe(201);
    return ((await r.json()) as { id: string }).id;
  }

  test('a valid hand-built share opens', async ({ page }) => {
    const sealed = await sealSnapshot(snapshot);
    const id = await upload(page, sealed.bytes);
    const prefix = `/#/s/${id}/${sealed.keyText}`;
    await page.goto(prefix);
    await expect(page.getByTestId('readonly-banner')).toContainText('hand-built.hprof');
    await page.getByTestId('tab-histogram').click();
    await expect(page.getByTestId('view-histogram')).toContainText('byte[]');
    // The shared object opens in the inspector, straight from its address (a reload, or a copied address).
    await page.goto(`${prefix}/object/0x7000`);
    await expect(page.getByTestId('inspector-class')).toContainText('app1.Class1');
    await expect(page.getByTestId('inspector-fields')).toContainText('(redacted)');
    await expect(page.getByTestId('inspector-fields')).toContainText('field2');
    await screenshot(page, 'share-viewer-object');
    // Objects outside the snapshot say so.
    await page.evaluate(() => (location.hash = location.hash.replace('0x7000', '0x9999')));
    await expect(page.getByTestId('view-inspector')).toBeVisible();
    // Leaving the prefix leaves the shared analysis (the landing page), Back returns to it without a new fetch.
    await page.locator('a.brand').click();
    await expect(page.getByTestId('readonly-banner')).toHaveCount(0);
    await expect(page.getByTestId('tab-overview')).toHaveCount(0);
    await page.goBack();
    await expect(page.getByTestId('view-inspector')).toBeVisible();
    await expect(page.getByTestId('readonly-banner')).toContainText('hand-built.hprof');
  });

  test('tampered data, wrong or truncated keys, unknown ids and newer formats each get their message', async ({ page }) => {
    const sealed = await sealSnapshot(snapshot);
    const tampered = sealed.bytes.slice();
    tampered[tampered.length - 20] ^= 0x40;
    const tamperedId = await upload(page, tampered);
    await page.goto(`/#/s/${tamperedId}/${sealed.keyText}`);
    await expectShareError(page, 'TAMPERED', /altered or corrupted/);
    await screenshot(page, 'share-viewer-tampered');

    const id = await upload(page, sealed.bytes);
    const wrongKey = (sealed.keyText[0] === 'A' ? 'B' : 'A') + sealed.keyText.slice(1);
    await page.goto(`/#/s/${id}/${wrongKey}`);
    await expectShareError(page, 'WRONG_KEY', /key/);

    await page.goto(`/#/s/${id}/${sealed.keyText.slice(0, 30)}`);
    await expectShareError(page, 'BAD_LINK', /incomplete/);
    await screenshot(page, 'share-viewer-truncated');

    // Cut right after the id: still the link's page, not the landing page.
    for (const cut of [`/#/s/${id}`, `/#/s/${id}/`]) {
      await page.goto(cut);
      await expectShareError(page, 'BAD_LINK', /This link is incomplete/);
    }
    await screenshot(page, 'share-viewer-no-key');

    await page.goto(`/#/s/${id.slice(0, 15)}/${sealed.keyText}`);
    await expectShareError(page, 'BAD_LINK', /incomplete|malformed/);

    await page.goto(`/#/s/AAAAAAAAAAAAAAAAAAAAAA/${sealed.keyText}`);
    await expectShareError(page, 'NOT_FOUND', /does not exist/);

    // The share server stores only envelopes of the versions it knows, so a newer one is served by the page's
    // own route here, as a newer server would serve it.
    const newer = sealed.bytes.slice();
    newer[4] = 2; // envelope format version
    const newerId = 'BBBBBBBBBBBBBBBBBBBBBB';
    await page.route(`**/api/shares/${newerId}`, (route) =>
      route.fulfill({ status: 200, contentType: 'application/octet-stream', body: Buffer.from(newer) }),
    );
    await page.goto(`/#/s/${newerId}/${sealed.keyText}`);
    await expectShareError(page, 'NEWER_VERSION', /this link was made by a newer heapdrop \(format v2\)/i);
  });
});
