// The landing page's "keep unreachable objects" option against MAT's two modes on basics-all (corpus README).
import { expect, test } from '@playwright/test';
import { corpus, openDumpReady } from './helpers.ts';

test('basics-all: default mode and keep-unreachable mode match MAT', async ({ page }) => {
  await openDumpReady(page, corpus('basics-all.hprof.gz'));
  await expect(page.getByTestId('summary')).toContainText('76,301'); // objects, MAT default
  await expect(page.getByTestId('summary')).toContainText('26,338,256 bytes'); // used heap, MAT default

  await page.goto('/#/');
  await page.reload();
  await page.getByTestId('keep-unreachable-option').check();
  await openDumpReady(page, corpus('basics-all.hprof.gz'));
  const summary = page.getByTestId('summary');
  await expect(summary).toContainText('83,190'); // objects, MAT keep_unreachable_objects
  await expect(summary).toContainText('28,374,224 bytes');
  await expect(summary).toContainText('2,553'); // GC roots, of which 1,952 "Unreachable"
});
