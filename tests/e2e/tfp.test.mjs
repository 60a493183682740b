// What TensorFlow Playground shows that the page now has too (issue 20): the discretised map and
// the sliders beside the data's fields.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { served, watch } from './browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOTS = join(ROOT, 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

const at = served();
const ready = (page, lanes) => page.waitForFunction((n) =>
  document.querySelectorAll('body[data-ready] #lanes .lane').length === n, lanes, { timeout: 15_000 });

/** The share of lane `i`'s map pixels painted exactly in one of the two classes' full tints. */
const fullTint = (page, i) => page.evaluate((id) => {
  const c = document.getElementById(id);
  const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
  const tints = [[235, 168, 63], [63, 123, 179]];
  let n = 0;
  for (let k = 0; k < d.length; k += 4) {
    if (tints.some(([r, g, b]) => d[k] === r && d[k + 1] === g && d[k + 2] === b)) n++;
  }
  return n / (d.length / 4);
}, `heatmap-${i}`);

test('discretise output paints the class decided at full colour, in the link', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1&dataset=circle`);
  await ready(page, 3);
  for (let e = 0; e < 5; e++) await page.click('[data-action=epoch]');
  const shaded = await fullTint(page, 2);
  await page.check('#discretize');
  await page.waitForFunction(() => location.hash.includes('discretize=true'));
  const discrete = await fullTint(page, 2);
  assert.ok(shaded < 0.3 && discrete > 0.7, `full-colour pixels: ${shaded} shaded, ${discrete} discretised`);
  await page.locator('#lane-2').screenshot({ path: join(SHOTS, 'discretize-lane.png') });
  // A reload keeps it; unticked, the shading is back.
  await page.reload();
  await ready(page, 3);
  assert.equal(await page.isChecked('#discretize'), true);
  await page.uncheck('#discretize');
  await page.waitForFunction(() => location.hash.includes('discretize=false'));
  assert.deepEqual(problems, []);
  await page.close();
});

test('the data sliders move their fields and the race, by pointer and by keys, and follow the fields', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1&dataset=circle&points=200`);
  await ready(page, 3);
  // The batch slider reaches all 100 training points.
  assert.equal(await page.getAttribute('#batch_size-slider', 'max'), '100');
  assert.equal(await page.inputValue('#batch_size-slider'), '10');
  // By keys: three steps up from 10.
  await page.focus('#batch_size-slider');
  for (let k = 0; k < 3; k++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.hash.includes('batch_size=13'));
  assert.equal(await page.inputValue('#batch_size'), '13');
  // By pointer: the train share's slider dragged to its right end.
  const box = await page.locator('#train_ratio-slider').boundingBox();
  await page.mouse.click(box.x + box.width - 1, box.y + box.height / 2);
  await page.waitForFunction(() => document.getElementById('train_ratio').value === '0.9');
  assert.match(await page.evaluate(() => location.hash), /train_ratio=0\.9/);
  assert.equal(await page.getAttribute('#batch_size-slider', 'max'), '180', 'more training points, a longer batch slider');
  // Noise by keys; the field typed in moves the slider.
  await page.focus('#noise-slider');
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => location.hash.includes('noise=0.01'));
  await page.fill('#noise', '0.5');
  await page.press('#noise', 'Enter');
  await page.waitForFunction(() => document.getElementById('noise-slider').value === '0.5');
  await page.click('[data-action=epoch]');
  assert.match(await page.getAttribute('#heatmap-0', 'aria-label'), /at step 14:/, '180 points in batches of 13');
  await page.locator('[data-panel=data]').screenshot({ path: join(SHOTS, 'sliders.png') });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.locator('[data-panel=data]').screenshot({ path: join(SHOTS, 'sliders-360.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

/** Where neuron `unit` of column `column` sits on the network diagram, in page coordinates
 * (the diagram's own layout: view/network.rs). */
const nodeAt = (page, sizes, column, unit) => page.evaluate(([sizes, column, unit]) => {
  const c = document.getElementById('network');
  const [w, h] = [c.width, c.height];
  const margin = 12;
  const tile = Math.min(Math.max(Math.min((h - 2 * margin) / Math.max(...sizes) * 0.7, (w - 2 * margin) / sizes.length * 0.45), 4), 36);
  const x = margin + tile / 2 + (w - 2 * margin - tile) * column / (sizes.length - 1);
  const y = margin + (h - 2 * margin) / sizes[column] * (unit + 0.5);
  const r = c.getBoundingClientRect();
  return [r.left + (x * r.width) / w, r.top + (y * r.height) / h];
}, [sizes, column, unit]);

test('a neuron under the pointer or the keyboard shows its output on the inspected lane\'s map', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1&dataset=circle&inspect_lane=1`);
  await ready(page, 3);
  for (let e = 0; e < 3; e++) await page.click('[data-action=epoch]');
  const label = () => page.getAttribute('#heatmap-1', 'aria-label');
  const pixels = () => page.evaluate(() => {
    const c = document.getElementById('heatmap-1');
    return Array.from(c.getContext('2d').getImageData(0, 0, c.width, c.height).data.filter((_, k) => k % 97 === 0)).join();
  });
  assert.match(await label(), /^Decision boundary of lane Momentum/);
  const before = await pixels();
  await page.locator('#network').scrollIntoViewIfNeeded();
  // Unit 3 of the second hidden layer (2 → 8 → 8 → 1).
  await page.mouse.move(...await nodeAt(page, [2, 8, 8, 1], 2, 2));
  await page.waitForFunction(() => /the output of unit 3 of hidden layer 2/.test(document.getElementById('heatmap-1').getAttribute('aria-label')));
  assert.notEqual(await pixels(), before, 'the map shows the neuron');
  assert.match(await page.getAttribute('#heatmap-0', 'aria-label'), /^Decision boundary of lane SGD/, 'other lanes keep their classes');
  await page.screenshot({ path: join(SHOTS, 'neuron-hover-1280.png') });
  // An input's tile: x2 itself.
  await page.mouse.move(...await nodeAt(page, [2, 8, 8, 1], 0, 1));
  await page.waitForFunction(() => /the output of input x2/.test(document.getElementById('heatmap-1').getAttribute('aria-label')));
  // Leaving the diagram brings the classes back.
  await page.mouse.move(5, 5);
  await page.waitForFunction(() => /^Decision boundary of lane Momentum/.test(document.getElementById('heatmap-1').getAttribute('aria-label')));
  assert.equal(await pixels(), before);
  // The keyboard: the ring on a weight shows the neuron it enters.
  await page.focus('#network');
  await page.keyboard.press('ArrowDown');
  await page.waitForFunction(() => /the output of unit \d of hidden layer 1/.test(document.getElementById('heatmap-1').getAttribute('aria-label')));
  await page.keyboard.press('Tab');
  await page.waitForFunction(() => /^Decision boundary/.test(document.getElementById('heatmap-1').getAttribute('aria-label')));
  assert.deepEqual(problems, []);
  await page.close();
});
