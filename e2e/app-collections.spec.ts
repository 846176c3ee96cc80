// Collections on the JDK 17 fixture (test-fixtures/collections: CollectionsFixture.java): a map's contents in the
// inspector, key → value rows linking to each object, paged; and the Collections view, by class, whose rows open
// into the collections that waste the most.
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { analyzeFile } from '../src/core/analysis.node.ts';
import type { HeapAnalysis } from '../src/core/analysis.ts';
import { BasicType } from '../src/core/model/parsed-heap.ts';
import { openDumpReady, repoRoot, screenshot } from './helpers.ts';

const DUMP = path.join(repoRoot, 'test-fixtures/collections/collections.hprof.gz');

/** The address held by a static field of CollectionsFixture. */
function fixtureField(a: HeapAnalysis, field: string): string {
  const cls = a.graph.parsed.classes.find((c) => c.name === 'CollectionsFixture')!;
  const f = cls.staticFields.find((s) => s.name === field && s.type === BasicType.Object)!;
  return '0x' + Number(f.value).toString(16);
}

test('inspector: a map’s contents as key → value rows that link to each object, paged', async ({ page }) => {
  const analysis = await analyzeFile(DUMP);
  const linked = fixtureField(analysis, 'linkedHashMap');
  const big = fixtureField(analysis, 'concurrentHashMap');

  await openDumpReady(page, DUMP);
  await page.goto(page.url().replace(/#.*$/, `#/object/${linked}`));
  const contents = page.getByTestId('collection-contents');
  await expect(contents.getByTestId('contents-size')).toHaveText('5');
  await expect(contents.getByTestId('contents-capacity')).toHaveText('16');
  await expect(contents.getByTestId('contents-fill')).toHaveText('0.31');
  // Insertion order, as the program put them: zeta → 4, alpha → 5, mu → 2, beta → 4, omega → 5.
  const keys = contents.getByTestId('contents-key');
  await expect(keys).toHaveCount(5);
  await expect(keys.first()).toContainText('"zeta"');
  await expect(contents.getByTestId('contents-value').first()).toContainText('4');
  await expect(keys.nth(4)).toContainText('"omega"');
  await screenshot(page, 'collections-inspector-map');

  // A key links to its String in the inspector.
  await keys.nth(1).getByTestId('object-link').click();
  await expect(page).toHaveURL(/#\/object\/0x[0-9a-f]+$/);
  await expect(page.getByTestId('string-value')).toHaveText('alpha');
  await expect(page.getByTestId('collection-contents')).toHaveCount(0);

  // 30 entries: a first page of 50 holds them all; the fill ratio is of a 64-slot table.
  await page.goto(page.url().replace(/#.*$/, `#/object/${big}`));
  await expect(page.getByTestId('contents-row')).toHaveCount(30);
  await expect(page.getByTestId('contents-capacity')).toHaveText('64');
});

test('inspector: a long set pages with "show more"; an object that is no collection shows its fields only', async ({ page }) => {
  const analysis = await analyzeFile(DUMP);
  // The JDK's largest Set.of table (its module graph's): longer than a page.
  const report = await analysis.collections();
  const sets = report.classes.find((r) => r.className === 'java.util.ImmutableCollections$SetN')!;
  const big = sets.largestWaste[0];
  expect(big.size).toBeGreaterThan(100);
  const long = { address: big.object.address, size: big.size };
  await openDumpReady(page, DUMP);
  await page.goto(page.url().replace(/#.*$/, `#/object/${long.address}`));
  const rows = page.getByTestId('contents-row');
  await expect(rows).toHaveCount(50);
  await page.getByTestId('contents-more').click();
  await expect(rows).toHaveCount(100);
  await expect(page.getByTestId('contents-more')).toHaveText(`Show 50 more of ${long.size}`);
  await expect(page.getByTestId('contents-key')).toHaveCount(0); // a set: elements, no keys

  const holder = analysis.graph.parsed.classes.find((c) => c.name === 'CollectionsFixture$Collider')!;
  const collider = analysis.instancesOf(
    analysis.histogram().find((r) => r.classAddress === '0x' + holder.id.toString(16))!.classIndex,
    0,
    1,
  ).items[0];
  await page.goto(page.url().replace(/#.*$/, `#/object/${collider.address}`));
  await expect(page.getByTestId('inspector-fields')).toContainText('id');
  await expect(page.getByTestId('collection-contents')).toHaveCount(0);
});

test('collections view: classes by waste; a class opens into its most wasteful collections', async ({ page }) => {
  const analysis = await analyzeFile(DUMP);
  const report = await analysis.collections();
  const maps = report.classes.find((r) => r.className === 'java.util.HashMap')!;

  await openDumpReady(page, DUMP);
  await page.getByTestId('tab-collections').click();
  await expect(page).toHaveURL(/#\/collections$/);
  const view = page.getByTestId('view-collections');
  await expect(view.getByTestId('collection-class-name').first()).toHaveText(report.classes[0].className);
  await expect(view.getByTestId('collection-class')).toHaveCount(report.classes.length);
  const row = view
    .getByTestId('collection-class')
    .filter({ has: page.getByTestId('collection-class-name').getByText('java.util.HashMap', { exact: true }) });
  await row.getByTestId('collection-class-name').click();
  await expect(page).toHaveURL(new RegExp(`#/collections\\?class=${maps.classIndex}$`));
  // The HashMap grown to 1,000 entries and cleared: its 2,048-slot table is all waste.
  const waste = row.getByTestId('collection-waste');
  await expect(waste).toContainText('of 2,048 slots');
  await expect(waste.getByTestId('object-link').first()).toContainText(maps.largestWaste[0].object.address);
  await screenshot(page, 'collections-view');
  await waste.getByTestId('object-link').first().click();
  await expect(page.getByTestId('contents-capacity')).toHaveText('2,048');
  await expect(page.getByTestId('contents-size')).toHaveText('0');
});
