// Headless Debian Chromium through playwright-core; no browser is ever downloaded.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { before, after } from 'node:test';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from './serve.mjs';

/** The release build the tests open. */
export const DIST = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'dist');

export const ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-dev-shm-usage',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** A fresh browser profile; `options` (a viewport, a device scale factor) override the defaults. */
export async function launch(options = {}) {
  return chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'op-chromium-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ARGS,
    viewport: { width: 1280, height: 800 },
    ...options,
  });
}

/**
 * The release build served on loopback and one browser for a test file: started before its
 * first test, closed after its last. Read `.server` and `.browser` inside the tests.
 */
export function served() {
  const at = {};
  before(async () => {
    at.server = await serve(DIST);
    at.browser = await launch();
  });
  after(async () => {
    await at.browser?.close();
    await at.server?.close();
  });
  return at;
}

/**
 * A point on an edge of the network diagram, found by its ink between the first two columns,
 * in page coordinates (for a click), or null when nothing is drawn there.
 */
export async function edgeOnDiagram(page) {
  await page.locator('#network').scrollIntoViewIfNeeded();
  const box = await page.locator('#network').boundingBox();
  const edge = await page.evaluate(() => {
    const c = document.getElementById('network');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    for (let x = Math.round(c.width * 0.12); x < c.width * 0.3; x += 3) {
      for (let y = 0; y < c.height; y++) {
        const k = 4 * (y * c.width + x);
        if (d[k] < 200 || d[k + 2] < 200) return { x, y, w: c.width, h: c.height };
      }
    }
    return null;
  });
  return edge && { x: box.x + (edge.x * box.width) / edge.w, y: box.y + (edge.y * box.height) / edge.h };
}

/** Collects console errors, page errors and requests that left loopback. */
export function watch(page) {
  const problems = [];
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`);
  });
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`));
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['127.0.0.1', 'localhost'].includes(u.hostname) && !['data:', 'blob:'].includes(u.protocol)) {
      problems.push(`network request outside loopback: ${r.url()}`);
    }
  });
  return problems;
}

/** Clicks `selector` and returns the file it downloads: its suggested name and bytes. */
export async function download(page, selector) {
  const [file] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const path = await file.path();
  return { name: file.suggestedFilename(), bytes: readFileSync(path) };
}

/** Width and height of a PNG, after checking its signature. */
export function pngSize(bytes) {
  assert.deepEqual([...bytes.subarray(0, 8)], [137, 80, 78, 71, 13, 10, 26, 10], 'PNG signature');
  assert.equal(bytes.subarray(12, 16).toString('latin1'), 'IHDR');
  return [bytes.readUInt32BE(16), bytes.readUInt32BE(20)];
}

/** The page's own figures over `n` one-second windows of play: the status line read each time
 * it changes, and `pattern`'s numbers taken from it (one array per window). */
export async function perfWindows(page, pattern, n = 5) {
  const windows = [];
  let last = await page.textContent('#perf');
  for (let k = 0; k < n; k++) {
    await page.waitForFunction((t) => document.getElementById('perf').textContent !== t, last, { timeout: 10_000 });
    last = await page.textContent('#perf');
    const m = pattern.exec(last);
    assert.ok(m, last);
    windows.push(m.slice(1).map(Number));
  }
  return windows;
}
