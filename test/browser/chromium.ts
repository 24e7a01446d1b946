import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

/**
 * The system Chromium that playwright-core drives (it never downloads a browser; `.ci/run` installs Debian's
 * package; CHROMIUM_PATH names another). Undefined where there is none: the browser tests skip with the warning below.
 */
export const CHROMIUM = [process.env['CHROMIUM_PATH'], '/usr/bin/chromium', '/usr/bin/chromium-browser'].find(
  (p) => p !== undefined && p !== '' && existsSync(p),
);
if (!CHROMIUM) {
  console.warn('test/browser: no Chromium at /usr/bin/chromium (or CHROMIUM_PATH) — browser tests skipped');
}

const SHOTS = path.resolve('test-artifacts/screenshots');

export function launchChromium(): Promise<Browser> {
  if (!CHROMIUM) throw new Error('no Chromium: guard the suite with CHROMIUM');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Saves full-page screenshots of one walk as test artifacts: test-artifacts/screenshots/<walk>-<step>.png. */
export function screenshots(walk: string): (page: Page, step: string) => Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  return async (page, step) => {
    await page.screenshot({ path: path.join(SHOTS, `${walk}-${step}.png`), fullPage: true });
  };
}
