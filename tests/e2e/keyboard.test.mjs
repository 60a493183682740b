// Every pointer action on a canvas has a keyboard path (issue 16): following a weight in the
// network diagram, moving the landscape's start, giving a lane a hyperparameter map's cell and
// drawing and erasing points on a lane's map, each done here with the keyboard alone: every
// canvas is reached by Tab, no mouse is used, and the effect is read where a learner sees it
// (the followed weight's title and rule, the link, the caption, the lane's fields, the data
// export). Screenshots of each cursor at desktop and phone widths go to target/e2e/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { served, watch } from './browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOTS = join(ROOT, 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

const at = served();

/** A fresh page at `hash`, its lanes shown. */
async function open(hash) {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#${hash}`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelectorAll('body[data-ready] #lanes .lane').length === 3, null, { timeout: 15_000 });
  return { page, problems };
}

/** Presses Tab until `selector` has the focus: it is reachable from the keyboard. */
async function tabTo(page, selector, limit = 400) {
  for (let k = 0; k < limit; k++) {
    if (await page.evaluate((s) => document.activeElement?.matches(s) ?? false, selector)) return;
    await page.keyboard.press('Tab');
  }
  assert.fail(`${selector} is not reached by Tab`);
}

const focused = (page) => page.evaluate(() => document.activeElement?.id);
const text = (page, selector) => page.textContent(selector);
const hash = (page) => page.evaluate(() => decodeURIComponent(location.hash));
const stepOf = async (page) => Number(/(\d+)/.exec(await text(page, '#counter'))[1]);

/** The canvas and the lines under it, at 1280 and at 360 pixels wide. */
async function shoot(page, selector, name) {
  // The box around the canvas and its lines, with room for the focus outline outside it.
  const snap = async (path) => {
    // From the page's top, so the sticky top bar is drawn where it is, not over the box.
    await page.evaluate(() => window.scrollTo(0, 0));
    const b = await page.locator(selector).locator('xpath=..').boundingBox();
    const clip = { x: Math.max(0, b.x - 8), y: Math.max(0, b.y - 8), width: b.width + 16, height: b.height + 16 };
    await page.screenshot({ path, clip, fullPage: true });
  };
  await snap(join(SHOTS, `keys-${name}-1280.png`));
  await page.setViewportSize({ width: 360, height: 800 });
  await snap(join(SHOTS, `keys-${name}-360.png`));
  const wide = await page.evaluate(() => document.documentElement.scrollWidth);
  assert.ok(wide <= 360, `nothing runs off a phone's screen (${wide} px)`);
  await page.setViewportSize({ width: 1280, height: 800 });
}

/** The focus is drawn: the browser's ring around the canvas. */
async function ringed(page, selector) {
  const style = await page.$eval(selector, (c) => [c.matches(':focus-visible'), getComputedStyle(c).outlineStyle]);
  assert.deepEqual(style, [true, 'solid'], `${selector} shows its focus`);
}

test('the network diagram: arrows move among the weights, Enter and Space follow one', async () => {
  const { page, problems } = await open('v=1');
  const title = await text(page, '#weight-title');
  assert.match(title, /click a weight/);
  const rule = await page.innerHTML('#rule');
  await tabTo(page, '#network');
  await ringed(page, '#network');
  assert.match(await page.getAttribute('#network', 'aria-keyshortcuts'), /Enter/);
  assert.equal(await page.getAttribute('#network', 'role'), 'application');
  // The ring starts on the first weight and says which it is and its value.
  assert.match(await text(page, '#network-cursor'), /^Weight from input x1 to unit 1 of hidden layer 1: -?[\d.e-]+$/);
  assert.equal(await text(page, '#kbd-live'), await text(page, '#network-cursor'), 'a screen reader hears it');

  await page.keyboard.press('Enter');
  assert.match(await text(page, '#weight-title'), /^SGD of lane SGD: weight from input x1 to unit 1 of hidden layer 1$/);
  assert.notEqual(await page.innerHTML('#rule'), rule, 'the rule shows the followed weight');
  assert.equal(await text(page, '#kbd-live'), 'Following: weight from input x1 to unit 1 of hidden layer 1.');

  // Down within the layer, Right along the path into the next layer; Space follows.
  await page.keyboard.press('ArrowDown');
  assert.match(await text(page, '#network-cursor'), /^Weight from input x2 to unit 1 of hidden layer 1: /);
  await page.keyboard.press('ArrowRight');
  assert.match(await text(page, '#network-cursor'), /^Weight from unit 1 of hidden layer 1 to unit 1 of hidden layer 2: /);
  await page.keyboard.press('PageDown');
  assert.match(await text(page, '#network-cursor'), /^Weight from unit 1 of hidden layer 1 to unit 2 of hidden layer 2: /);
  await page.keyboard.press('End');
  await page.keyboard.press('ArrowRight');
  assert.match(await text(page, '#network-cursor'), /^Weight from unit 8 of hidden layer 2 to output 1: /);
  await page.keyboard.press('Space');
  assert.match(await text(page, '#weight-title'), /: weight from unit 8 of hidden layer 2 to output 1$/);
  assert.equal(await stepOf(page), 0, 'Space and → on the diagram neither play nor step');
  assert.equal(await page.textContent('#play'), 'Play');
  assert.equal(await focused(page), 'network');
  await shoot(page, '#network', 'network');

  // Away from the diagram, → steps again; the followed weight's numbers come in.
  await page.keyboard.press('Shift+Tab');
  assert.notEqual(await focused(page), 'network');
  assert.equal(await text(page, '#network-cursor'), '', 'the line goes with the focus');
  await page.evaluate(() => document.activeElement.blur());
  await page.keyboard.press('ArrowRight');
  assert.equal(await stepOf(page), 1);
  assert.ok(await page.locator('#rule .numbers').count() >= 1, 'the rule has the numbers of step 1');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the landscape: arrows move the start, which the link, the walkers and the caption follow', async () => {
  const { page, problems } = await open('v=1&view=landscape');
  await page.waitForFunction(() => document.getElementById('start-text').textContent !== '');
  // One step first, so the caption has something to lose.
  await page.keyboard.press('ArrowRight');
  await page.waitForFunction(() => /^Step 1/.test(document.getElementById('caption').textContent));
  const caption = await text(page, '#caption');
  const startText = await text(page, '#start-text');
  assert.doesNotMatch(await hash(page), /start=/);

  await tabTo(page, '#landscape');
  await ringed(page, '#landscape');
  const [x0, y0] = /\(([-\d.e]+), ([-\d.e]+)\)/.exec(await text(page, '#landscape-cursor')).slice(1).map(Number);
  assert.match(await text(page, '#kbd-live'), /^Start at \(/);
  const start = async () => /start=([-\d.e]+),([-\d.e]+)/.exec(await hash(page)).slice(1).map(Number);

  await page.keyboard.press('ArrowRight');
  const [x1, y1] = await start();
  assert.ok(x1 > x0 && Math.abs(y1 - y0) < 1e-3, `→ moves the start right: (${x0}, ${y0}) to (${x1}, ${y1})`);
  assert.notEqual(await text(page, '#start-text'), startText);
  assert.notEqual(await text(page, '#caption'), caption, 'every lane walks again from the new start');
  assert.match(await text(page, '#caption'), /waits at the start/);
  assert.equal(await stepOf(page), 0);
  assert.match(await text(page, '#landscape-cursor'), new RegExp(`^Start at \\(${x1}, `));

  await page.keyboard.press('ArrowUp');
  const [, y2] = await start();
  await page.keyboard.press('Shift+ArrowUp');
  const [x3, y3] = await start();
  assert.equal(x3, x1);
  const ratio = (y3 - y2) / (y2 - y1);
  assert.ok(Math.abs(ratio - 5) < 0.25, `Shift moves five times as far (${ratio})`);
  assert.equal(await focused(page), 'landscape', 'the focus stays on the map');

  // Zoomed in twice (by keyboard), an arrow moves a fiftieth of what is seen: a quarter as far;
  // the zoom stays through a new start.
  await tabTo(page, '[data-action=zoom-in]');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Enter');
  // The zoom centres on the view's middle and leaves the start out of sight: the focus brings it
  // back into view, and the start moves on from where it was (it does not jump into the view).
  await tabTo(page, '#landscape');
  await page.keyboard.press('ArrowUp');
  const [x4, y4] = await start();
  await page.keyboard.press('ArrowUp');
  const [x5, y5] = await start();
  assert.deepEqual([x4, x5], [x3, x3], 'up moves the start up only');
  for (const [a, b] of [[y3, y4], [y4, y5]]) {
    const r = (b - a) / (y2 - y1);
    assert.ok(Math.abs(r - 0.25) < 0.05, `zoomed in, a quarter of the step (${r})`);
  }
  await shoot(page, '#landscape', 'landscape');

  // A reload comes back with the moved start.
  await page.reload({ waitUntil: 'load' });
  await page.waitForFunction(() => /start=/.test(location.hash) && document.getElementById('start-text').textContent !== '');
  assert.deepEqual(await start(), [x3, y5]);
  assert.deepEqual(problems, []);
  await page.close();
});

test('the hyperparameter map: a cell cursor, and Enter gives the lane the cell\'s values', async () => {
  const { page, problems } = await open('v=1&view=landscape');
  await tabTo(page, '#hypermap-box summary');
  await page.keyboard.press('Enter');
  // Before a map: the keys say there is none.
  await tabTo(page, '#hypermap');
  await page.keyboard.press('ArrowUp');
  assert.equal(await text(page, '#hypermap-cursor'), 'No map yet: compute one first.');
  await page.keyboard.press('Shift+Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.action), 'map-run');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /cells of/.test(document.getElementById('map-status').textContent), null, { timeout: 30_000 });
  const axis = {
    x: { low: Number(await page.inputValue('#map-x-low')), high: Number(await page.inputValue('#map-x-high')), log: true },
    y: { low: Number(await page.inputValue('#map-y-low')), high: Number(await page.inputValue('#map-y-high')), log: false },
  };
  const n = Number(await page.inputValue('#map-n'));
  assert.equal(n, 64);
  assert.equal(await page.inputValue('#map-x'), 'lr');
  assert.equal(await page.inputValue('#map-y'), 'momentum');
  const value = (a, i) => {
    const t = (i + 0.5) / n;
    return a.log ? a.low * (a.high / a.low) ** t : a.low + (a.high - a.low) * t;
  };

  await tabTo(page, '#hypermap');
  await ringed(page, '#hypermap');
  assert.equal(await page.getAttribute('#hypermap', 'aria-label'), 'Hyperparameter map');
  // The cursor starts in the middle cell, (32, 32); its values and final loss are said.
  assert.match(await text(page, '#hypermap-cursor'), /^Cell: lr = [\d.e-]+, momentum = [\d.]+; (final loss [\d.e-]+|diverged)\.$/);
  for (const key of ['ArrowLeft', 'ArrowLeft', 'ArrowLeft', 'ArrowUp', 'ArrowUp', 'PageUp', 'Home', 'ArrowRight']) {
    await page.keyboard.press(key);
  }
  const [i, j] = [1, 32 + 2 + 8];
  const lr = value(axis.x, i);
  const momentum = value(axis.y, j);
  const said = await text(page, '#hypermap-cursor');
  const shown = /lr = ([\d.e-]+), momentum = ([\d.]+)/.exec(said).slice(1).map(Number);
  assert.ok(Math.abs(shown[0] / lr - 1) < 1e-2 && Math.abs(shown[1] - momentum) < 1e-3, `${said} is cell (${i}, ${j})`);
  await shoot(page, '#hypermap', 'hypermap');

  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /^lane SGD now has/.test(document.getElementById('map-status').textContent));
  const field = async (name) => Number(await page.inputValue(`[data-field="lane.0.param.${name}"]`));
  assert.ok(Math.abs(await field('lr') / lr - 1) < 1e-12, `lr ${await field('lr')} is the cell's ${lr}`);
  assert.ok(Math.abs(await field('momentum') - momentum) < 1e-12, `momentum ${await field('momentum')} is the cell's ${momentum}`);
  const link = await hash(page);
  assert.equal(Number(/lane\.0\.param\.lr=([^&]+)/.exec(link)[1]), await field('lr'));
  assert.equal(Number(/lane\.0\.param\.momentum=([^&]+)/.exec(link)[1]), await field('momentum'));
  assert.equal(await focused(page), 'hypermap', 'the focus stays on the map');
  assert.deepEqual(problems, []);
  await page.close();
});

test('a lane\'s map: arrows move a crosshair, digits add points, Delete erases; the link and the export follow', async () => {
  const { page, problems } = await open('v=1');
  await tabTo(page, '[data-action=clear-points]');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /custom=!/.test(decodeURIComponent(location.hash)));
  const points = async () => {
    const m = /custom=([^&!]*)!/.exec(await hash(page));
    return m[1] === '' ? [] : m[1].split(';');
  };
  assert.deepEqual(await points(), []);

  await tabTo(page, '#heatmap-0');
  await ringed(page, '#heatmap-0');
  assert.match(await text(page, '#cursor-0'), /^Crosshair at \(0, 0\)\. A lane's map: the arrows/);
  assert.equal(await text(page, '#kbd-live'), 'Crosshair at (0, 0).');
  // The map's side is 12 wide: an arrow moves the crosshair 0.24, with Shift 1.2.
  await page.keyboard.press('Shift+ArrowLeft');
  await page.keyboard.press('0');
  assert.equal(await text(page, '#kbd-live'), 'Added a point of class 0 at (-1.2, 0).');
  await page.keyboard.press('Shift+ArrowUp');
  await page.keyboard.press('0');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('Shift+ArrowRight');
  await page.keyboard.press('1');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('Enter'); // the chosen class, 1 by default
  assert.deepEqual(await points(), ['-1.2,0,0', '-1.2,1.2,0', '1.2,1.2,1', '1.2,0.96,1']);
  await page.keyboard.press('2');
  assert.equal(await text(page, '#cursor-0'), 'There is no class 2: the data has 2 classes.');
  assert.equal((await points()).length, 4);
  await shoot(page, '#heatmap-0', 'lane-map');

  // Delete erases the point nearest the crosshair; with none near, it says so.
  await page.keyboard.press('Delete');
  assert.equal(await text(page, '#cursor-0'), 'Erased the point nearest to (1.2, 0.96).');
  assert.deepEqual(await points(), ['-1.2,0,0', '-1.2,1.2,0', '1.2,1.2,1']);
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Shift+ArrowDown');
  await page.keyboard.press('Backspace');
  assert.equal(await text(page, '#cursor-0'), 'No point near (1.2, -1.44) to erase.');
  assert.equal((await points()).length, 3);
  assert.equal(await focused(page), 'heatmap-0');
  assert.equal(await stepOf(page), 0, '→ on a map moves the crosshair, not the race');

  // The data export has exactly those points, by keyboard too.
  await tabTo(page, '#share-box summary');
  await page.keyboard.press('Enter');
  await tabTo(page, '[data-action=export-data]');
  const [file] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const csv = readFileSync(await file.path(), 'utf8').trim().split('\n');
  assert.deepEqual(csv, ['x,y,label,set', '-1.2,0,0,train', '-1.2,1.2,0,train', '1.2,1.2,1,train']);
  assert.deepEqual(problems, []);
  await page.close();
});
