// Where the Chromium for e2e tests and the browser bench lives.
// Returns an executable path, 'playwright' for Playwright's own download, or null when none is present.
import { existsSync, readdirSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export function chromiumPath() {
  const fromEnv = process.env.HEAPDROP_CHROMIUM;
  if (fromEnv) return fromEnv === 'playwright' || existsSync(fromEnv) ? fromEnv : null;
  for (const p of ['/usr/bin/chromium', '/usr/bin/chromium-browser']) if (existsSync(p)) return p;
  const cache = process.env.PLAYWRIGHT_BROWSERS_PATH || join(homedir(), '.cache', 'ms-playwright');
  try {
    if (readdirSync(cache).some((d) => d.startsWith('chromium'))) return 'playwright';
  } catch {
    /* no Playwright browser cache */
  }
  return null;
}

/** Flags needed to run as root in a closed network (see README). */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-quic',
];

export function launchOptions() {
  const path = chromiumPath();
  return path && path !== 'playwright' ? { executablePath: path, args: CHROMIUM_ARGS } : { args: CHROMIUM_ARGS };
}
