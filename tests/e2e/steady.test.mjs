// A steady first view: nothing on the page moves while the Wasm starts and fills it (the HTML
// holds the default lanes' place). Measured as the browser's cumulative layout shift over the
// first three seconds, at phone and desktop widths, in the default view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { served } from './browser.mjs';

const at = served();

async function layoutShift(width, height, hash) {
  const page = await at.browser.newPage();
  await page.setViewportSize({ width, height });
  await page.addInitScript(() => {
    window.__shift = { total: 0, sources: [] };
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        if (e.hadRecentInput) continue;
        window.__shift.total += e.value;
        window.__shift.sources.push(`${e.value.toFixed(3)} at ${Math.round(e.startTime)} ms: ${(e.sources ?? []).map((s) => s.node?.id || s.node?.className || s.node?.nodeName).join(', ')}`);
      }
    }).observe({ type: 'layout-shift', buffered: true });
  });
  await page.goto(`${at.server.url}#${hash}`);
  await page.waitForFunction(() => document.querySelectorAll('body[data-ready] #lanes .lane').length === 3);
  await page.waitForFunction(() => document.querySelectorAll('#lessons details').length > 0);
  await page.waitForTimeout(1500);
  const shift = await page.evaluate(() => window.__shift);
  await page.close();
  return shift;
}

for (const [name, width, height] of [['a phone', 360, 740], ['a tablet', 800, 1024], ['a desktop', 1350, 940]]) {
  test(`the first view does not move on ${name} (${width} px)`, async () => {
    const { total, sources } = await layoutShift(width, height, 'v=1');
    console.log(`# layout shift at ${width} px: ${total.toFixed(3)}`);
    assert.ok(total < 0.02, `cumulative layout shift ${total.toFixed(3)}:\n${sources.join('\n')}`);
  });
}

test('before the Wasm runs, each default lane already shows its training points', async () => {
  const page = await at.browser.newPage();
  await page.setViewportSize({ width: 360, height: 740 });
  // Hold the Wasm back: what shows is the HTML and its stylesheet alone.
  let release;
  const held = new Promise((r) => { release = r; });
  await page.route('**/*.wasm', async (route) => { await held; await route.continue(); });
  const picture = page.waitForResponse((r) => r.url().endsWith('/first-frame.svg'));
  await page.goto(`${at.server.url}#v=1`);
  assert.equal((await picture).status(), 200);
  await page.waitForFunction(() => document.querySelectorAll('.lane-skeleton').length === 3);
  const background = await page.$eval('.lane-skeleton > div', (d) => getComputedStyle(d).backgroundImage);
  assert.match(background, /first-frame\.svg/);
  await page.waitForTimeout(300);
  await page.screenshot({ path: new URL('../../target/e2e/first-paint-360.png', import.meta.url).pathname });
  release();
  await page.waitForFunction(() => document.querySelectorAll('body[data-ready] #lanes .lane').length === 3);
  await page.close();
});
