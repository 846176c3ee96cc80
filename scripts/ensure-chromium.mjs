// Makes sure the e2e tests have a Chromium to drive, on a fresh machine too.
// Order: HEAPDROP_CHROMIUM (a path) > /usr/bin/chromium > Playwright's own browser > install one
// (Debian's package where apt-get is usable as root, else `npx playwright install chromium`).
import { existsSync } from 'node:fs';
import { execSync } from 'node:child_process';
import { chromiumPath } from './chromium-path.mjs';

function run(cmd) {
  console.log(`ensure-chromium: ${cmd}`);
  execSync(cmd, { stdio: 'inherit' });
}

if (chromiumPath()) {
  console.log(`ensure-chromium: using ${chromiumPath() === 'playwright' ? "Playwright's bundled Chromium" : chromiumPath()}`);
  process.exit(0);
}
const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
if (existsSync('/usr/bin/apt-get') && isRoot) {
  try {
    run('apt-get update -qq');
  } catch {
    console.warn('ensure-chromium: apt-get update failed, trying the install anyway');
  }
  run('DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium');
} else {
  run('npx playwright install chromium');
}
if (!chromiumPath()) {
  console.error('ensure-chromium: no Chromium could be found or installed; set HEAPDROP_CHROMIUM to a Chromium binary');
  process.exit(1);
}
