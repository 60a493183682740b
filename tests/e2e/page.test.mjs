// Page-level end-to-end test: the release build in `dist/`, served on loopback under a
// sub-path, opened in headless Chromium. Screenshots go to target/e2e/ for people to look at.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { serve } from './serve.mjs';
import { launch, watch } from './browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const DIST = join(ROOT, 'dist');
const SHOTS = join(ROOT, 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

let server;
let browser;
before(async () => {
  server = await serve(DIST);
  browser = await launch();
});
after(async () => {
  await browser?.close();
  await server?.close();
});

/** Share of canvas pixels that are not white (0..1). */
async function inkedShare(page, selector) {
  return page.$eval(selector, (c) => {
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let inked = 0;
    for (let i = 0; i < d.length; i += 4) {
      if (d[i + 3] > 0 && (d[i] < 240 || d[i + 1] < 240 || d[i + 2] < 240)) inked++;
    }
    return inked / (d.length / 4);
  });
}

test('the page loads from a sub-path without errors and draws the chart', async () => {
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(server.url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('version')?.textContent.startsWith('v'), null, {
    timeout: 15_000,
  });
  const version = await page.textContent('#version');
  assert.match(version, /^v\d+\.\d+\.\d+$/);

  const share = await inkedShare(page, '#chart');
  assert.ok(share > 0.02, `the chart is nearly blank (${(share * 100).toFixed(2)}% inked)`);
  const label = await page.getAttribute('#chart', 'aria-label');
  assert.match(label, /lr = 0\.05: loss/);

  await page.screenshot({ path: join(SHOTS, 'page-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(SHOTS, 'page-phone.png'), fullPage: true });

  assert.deepEqual(problems, []);
  // Everything came from the sub-path: no absolute URL escaped it.
  assert.ok(server.requests.every((p) => p.startsWith('/course/unit-1/playground/') || p === '/favicon.ico'),
    `requests outside the sub-path: ${server.requests}`);
  await page.close();
});
