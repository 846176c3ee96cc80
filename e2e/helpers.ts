// Page helpers for the e2e specs: where the corpus is, opening a dump through the file input, waiting on the
// app's idle signal (never a fixed sleep), screenshots of each view.
import { expect, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CORPUS } from '../src/core/testing/corpus.node.ts';

export const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The parity corpus: beside the repository (`../shared/corpus`), or HEAPDROP_CORPUS. */
export const corpusDir = CORPUS;

export function corpus(name: string): string {
  return path.join(corpusDir, name);
}

export type DumpFile = string | { name: string; mimeType: string; buffer: Buffer };

/** Writes a generated dump to a fresh temporary folder; returns its path (for setInputFiles). */
export function tempDump(name: string, bytes: Uint8Array): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'heapdrop-e2e-')), name);
  writeFileSync(file, bytes);
  return file;
}

type Hook = { __heapdrop?: { idle: boolean; runs: number } };

/** Waits until no analysis is running (window.__heapdrop.idle). */
export async function waitForIdle(page: Page): Promise<void> {
  await page.waitForFunction(() => (window as unknown as Hook).__heapdrop?.idle === true);
}

/** Runs `action` (which starts an analysis) and waits until that analysis has settled (results or error). */
export async function afterNextRun(page: Page, action: () => Promise<void>): Promise<void> {
  await page.waitForFunction(() => (window as unknown as Hook).__heapdrop !== undefined);
  const before = await page.evaluate(() => (window as unknown as Hook).__heapdrop!.runs);
  await action();
  await page.waitForFunction((n) => {
    const hook = (window as unknown as Hook).__heapdrop;
    return hook !== undefined && hook.runs > n && hook.idle;
  }, before);
}

/** Opens a dump through the always-present file input and waits for that analysis to settle (results or error). */
export async function openDump(page: Page, file: DumpFile): Promise<void> {
  if (!page.url().startsWith('http')) await page.goto('/');
  await afterNextRun(page, () => page.locator('input[type=file][data-testid=dump-input]').setInputFiles(file));
}

/** Opens a dump and expects the results to be shown. */
export async function openDumpReady(page: Page, file: DumpFile): Promise<void> {
  await openDump(page, file);
  await expect(page.getByTestId('analysis-ready')).toBeVisible();
}

export async function screenshot(page: Page, name: string): Promise<void> {
  const dir = process.env.HEAPDROP_SCREENSHOT_DIR ?? path.join(repoRoot, 'test-results', 'screenshots');
  mkdirSync(dir, { recursive: true });
  await page.screenshot({ path: path.join(dir, `${name}.png`) });
}
