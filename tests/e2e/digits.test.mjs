// The handwritten digits in the page: fetched beside it when a learner picks them, raced in six
// lanes with a confusion matrix each, in links; a missing or damaged file is said and the
// dataset before it keeps running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { download, perfWindows, served, watch } from './browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOTS = join(ROOT, 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

const at = served();

// ConvNetJS's trainer comparison, six of its trainers.
const TRAINERS = [
  ['SGD', 'sgd', 0.01, ''],
  ['Momentum', 'sgd', 0.01, '&param.momentum=0.9'],
  ['Nesterov', 'sgd', 0.01, '&param.momentum=0.9&param.nesterov=true'],
  ['Adagrad', 'adagrad', 0.01, ''],
  ['RMSprop', 'rmsprop', 0.001, ''],
  ['Adam', 'adam', 0.001, ''],
];
const RACE = 'v=1&dataset=digits&layers=20,20&activation=relu&init=he_normal&l2=0.001&batch_size=8&lanes=6' +
  TRAINERS.map(([name, opt, lr, extra], i) =>
    `&lane.${i}.name=${name}&lane.${i}.optimizer=${opt}&lane.${i}.param.lr=${lr}${extra.replaceAll('&param.', `&lane.${i}.param.`)}`).join('');

const ready = (page, lanes) => page.waitForFunction((n) =>
  document.querySelectorAll('body[data-ready] #lanes .lane').length === n, lanes, { timeout: 15_000 });
const label = (page, i) => page.getAttribute(`#heatmap-${i}`, 'aria-label');
const accuracy = async (page, i) => Number(/test accuracy ([0-9.]+)%/.exec(await label(page, i))[1]);

test('six lanes race on the digits, each with its confusion matrix over the test set', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  const fetched = page.waitForResponse((r) => r.url().endsWith('/data/digits.bin'));
  await page.goto(`${at.server.url}#${RACE}`);
  assert.equal((await fetched).status(), 200, 'the file beside the page, fetched for the digits');
  await ready(page, 6);
  await page.waitForFunction(() => /Confusion matrix/.test(document.getElementById('heatmap-5').getAttribute('aria-label') ?? ''), null, { timeout: 15_000 });
  // Every lane's matrix counts the whole test set: half of the 1,797 digits, split per class.
  for (let i = 0; i < 6; i++) assert.equal(await page.getAttribute(`#heatmap-${i}`, 'data-total'), '901');
  assert.equal(await page.isVisible('#pixels'), true, 'the pixels choice shows for the digits');
  assert.equal(await page.isVisible('[data-field="points"]'), false, 'the plane\'s settings do not');
  for (let e = 0; e < 6; e++) await page.click('[data-action=epoch]');
  const acc = [];
  for (let i = 0; i < 6; i++) acc.push(await accuracy(page, i));
  assert.ok(acc[1] > 85 && acc[5] > 85, `momentum and Adam learn the digits: ${acc}`);
  assert.ok(acc.every((a) => a > 20), `every lane learns: ${acc}`);
  assert.match(await page.getAttribute('#heatmap-1', 'aria-label'), /lane Momentum at step 672/);
  // The link keeps the digits and how their pixels are scaled.
  await page.selectOption('#pixels', 'standard');
  await page.waitForFunction(() => location.hash.includes('pixels=standard') && location.hash.includes('dataset=digits'));
  await page.screenshot({ path: join(SHOTS, 'digits-1280.png') });
  // The page's own figures with six digit lanes at full speed: five one-second windows.
  await page.locator('#speed').fill('1000');
  await page.click('#play');
  await page.waitForTimeout(1_000);
  const windows = await perfWindows(page, /([\d.]+) fps · (\d+) training steps\/s per lane/);
  await page.click('#play');
  const median = (xs) => [...xs].sort((a, b) => a - b)[2];
  const figures = {
    fps: median(windows.map((w) => w[0])),
    steps_per_second_per_lane: median(windows.map((w) => w[1])),
    digits_view_ms: Number(await page.getAttribute('body', 'data-digits-ms')),
  };
  console.log(`# speed, six digit lanes, full speed: ${JSON.stringify(figures)}`);
  writeFileSync(join(SHOTS, 'digits-speed.json'), JSON.stringify(figures, null, 2));
  assert.ok(figures.fps > 20, `the page stays fluid while training (${figures.fps} fps)`);
  await page.setViewportSize({ width: 360, height: 740 });
  await page.screenshot({ path: join(SHOTS, 'digits-360.png') });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a missing or damaged digits file is said, and the dataset before it keeps running', async () => {
  const good = readFileSync(join(ROOT, 'www', 'data', 'digits.bin'));
  for (const [name, reply, says] of [
    ['missing', { status: 404, body: 'not here' }, /could not be loaded \(HTTP 404\)/],
    ['cut short', { status: 200, body: good.subarray(0, 5000) }, /cut short or damaged/],
    ['damaged', { status: 200, body: Buffer.concat([good.subarray(0, 500), Buffer.from([good[500] ^ 1]), good.subarray(501)]) }, /checksum/],
  ]) {
    const page = await at.browser.newPage();
    await page.route('**/data/digits.bin', (r) => r.fulfill(reply));
    await page.goto(`${at.server.url}#v=1&dataset=moons`);
    await ready(page, 3);
    await page.selectOption('#dataset', 'digits');
    await page.waitForFunction(() => !document.getElementById('error-banner').hidden, null, { timeout: 10_000 });
    assert.match(await page.textContent('#error-banner'), says, name);
    await page.waitForFunction(() => document.getElementById('dataset').value === 'moons');
    assert.match(await page.evaluate(() => location.hash), /dataset=moons/, `${name}: the link goes back`);
    await page.click('[data-action=epoch]');
    assert.match(await label(page, 0), /Decision boundary of lane SGD at step 20/, `${name}: the moons still train`);
    await page.close();
  }
});

test('a link naming the digits with a drawn point drops the point with a notice', async () => {
  const page = await at.browser.newPage();
  await page.goto(`${at.server.url}#v=1&dataset=digits&custom=1,1,0!2,2,1`);
  await ready(page, 3);
  assert.match(await page.textContent('#error-banner'), /custom=.*the digits take no drawn points/);
  await page.waitForFunction(() => /Confusion matrix/.test(document.getElementById('heatmap-0').getAttribute('aria-label') ?? ''), null, { timeout: 15_000 });
  assert.doesNotMatch(await page.evaluate(() => location.hash), /custom=/);
  await page.close();
});

test('a digits lane shows its guesses on test digits and its first-layer units; the pad is read by every lane', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#${RACE}`);
  await ready(page, 6);
  await page.waitForFunction(() => /Confusion matrix/.test(document.getElementById('heatmap-5').getAttribute('aria-label') ?? ''), null, { timeout: 15_000 });
  // The page's own figure: from the start (the fetch and decoding included) to the digits drawn.
  const ms = Number(await page.getAttribute('body', 'data-digits-ms'));
  assert.ok(Number.isFinite(ms) && ms > 0, `the digits view's time is measured (${ms} ms)`);
  assert.match(await page.textContent('#perf'), /digits view after \d+ ms$/);
  for (let e = 0; e < 6; e++) await page.click('[data-action=epoch]');

  // Test digits with each lane's guess: the wrong ones named, in a sample of 36.
  await page.selectOption('#digit_view', 'digits');
  await page.waitForFunction(() => location.hash.includes('digit_view=digits'));
  const digitsLabel = await label(page, 5);
  const [, wrong, shown] = /lane Adam at step 672: (\d+) of the (\d+) shown are guessed wrong/.exec(digitsLabel) ?? [];
  assert.equal(shown, '36', digitsLabel);
  assert.ok(Number(wrong) <= 9, `Adam after six epochs gets most of the sample right: ${digitsLabel}`);
  const sgdWrong = Number(/(\d+) of the 36/.exec(await label(page, 0))[1]);
  assert.ok(sgdWrong >= Number(wrong), 'plain SGD is no better than Adam on the sample');
  // The canvas is drawn: some ink, some white.
  const inked = await page.evaluate(() => {
    const c = document.getElementById('heatmap-5');
    const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) if (d[i] < 60 && d[i + 1] < 60 && d[i + 2] < 60) dark++;
    return dark / (d.length / 4);
  });
  assert.ok(inked > 0.05 && inked < 0.6, `the digits are drawn (${inked} of the pixels dark)`);
  await page.screenshot({ path: join(SHOTS, 'digits-guesses-1280.png') });

  // First-layer units: 20 of them, drawn in orange and blue.
  await page.selectOption('#digit_view', 'units');
  assert.match(await label(page, 1), /First-layer units of lane Momentum at step 672: each of its 20 units/);
  await page.screenshot({ path: join(SHOTS, 'digits-units-1280.png') });

  // A new link opens in the view it names; a plane dataset drops it.
  assert.match(await page.evaluate(() => location.hash), /digit_view=units/);

  // The pad: empty, then a drawn stroke that every lane reads.
  assert.match(await page.textContent('#pad-guesses'), /Draw a digit on the pad/);
  const pad = await page.$('#pad');
  await pad.scrollIntoViewIfNeeded();
  const box = await pad.boundingBox();
  const at8 = (col, row) => [box.x + ((col + 0.5) * box.width) / 8, box.y + ((row + 0.5) * box.height) / 8];
  // A "1": one stroke down the middle.
  await page.mouse.move(...at8(4, 0));
  await page.mouse.down();
  for (let r = 0; r < 8; r++) await page.mouse.move(...at8(4, r), { steps: 3 });
  await page.mouse.up();
  await page.waitForFunction(() => document.querySelectorAll('#pad-guesses li[data-guess]').length === 6);
  const guesses = async () => page.$$eval('#pad-guesses li[data-guess]', (li) => li.map((l) => l.dataset.guess));
  const first = await guesses();
  // Then a "0": a ring, drawn with the keyboard (the arrows and Enter twice: full ink).
  await page.click('[data-action=pad-clear]');
  await page.waitForFunction(() => !document.querySelector('#pad-guesses li[data-guess]'));
  await page.focus('#pad');
  const ring = [[2, 1], [3, 1], [4, 1], [5, 1], [6, 2], [6, 3], [6, 4], [6, 5], [5, 6], [4, 6], [3, 6], [2, 6], [1, 5], [1, 4], [1, 3], [1, 2]];
  // To the top-left corner first: the arrows stop at the edges.
  for (let k = 0; k < 8; k++) { await page.keyboard.press('ArrowUp'); await page.keyboard.press('ArrowLeft'); }
  let cur = [0, 0];
  for (const [c, r] of ring) {
    while (cur[0] < c) { await page.keyboard.press('ArrowRight'); cur[0]++; }
    while (cur[0] > c) { await page.keyboard.press('ArrowLeft'); cur[0]--; }
    while (cur[1] < r) { await page.keyboard.press('ArrowDown'); cur[1]++; }
    while (cur[1] > r) { await page.keyboard.press('ArrowUp'); cur[1]--; }
    await page.keyboard.press('9');
  }
  assert.match(await page.textContent('#pad-cursor'), /Row 3, column 2: ink 16 of 16/);
  await page.waitForFunction(() => document.querySelectorAll('#pad-guesses li[data-guess]').length === 6);
  const second = await guesses();
  console.log(`# the pad: a stroke read as ${first.join(' ')}; a ring as ${second.join(' ')} (lanes SGD to Adam); digits view after ${ms} ms`);
  assert.equal(first[5], '1', `Adam reads the stroke as a 1: ${first}`);
  assert.equal(second[5], '0', `Adam reads the ring as a 0: ${second}`);
  assert.ok(first.some((g, i) => g !== second[i]), 'the guesses change with the drawing');
  assert.match(await page.textContent('#pad-guesses'), /Adam\s*0\s*\d+%/);
  await page.screenshot({ path: join(SHOTS, 'digits-pad-1280.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await pad.scrollIntoViewIfNeeded();
  await page.waitForTimeout(500); // the narrow layout painted whole before the picture
  await page.screenshot({ path: join(SHOTS, 'digits-pad-360.png') });

  // Switching to a plane dataset hides the pad and drops the view from the link.
  await page.selectOption('#dataset', 'circle');
  await page.waitForFunction(() => !location.hash.includes('digit_view'));
  assert.equal(await page.isVisible('#pad'), false);
  assert.deepEqual(problems, []);
  await page.close();
});

test('a race on the digits exported and opened on a page that has not fetched them yet', async () => {
  const page = await at.browser.newPage();
  await page.goto(`${at.server.url}#v=1&dataset=digits&layers=20&lanes=2&lane.1.optimizer=adam&lane.1.param.lr=0.001`);
  await ready(page, 2);
  await page.waitForFunction(() => document.getElementById('heatmap-1').getAttribute('data-total') === '901', null, { timeout: 15_000 });
  await page.click('[data-action=epoch]');
  const wanted = await label(page, 1);
  await page.click('#share-box summary');
  const race = (await download(page, '[data-action=export-config]')).bytes;
  assert.equal(JSON.parse(race.toString('utf8')).lanes[1].steps, 90);
  await page.close();

  // A fresh page on the moons: the file names the digits, which come first, then the race.
  const fresh = await at.browser.newPage();
  const problems = watch(fresh);
  await fresh.goto(`${at.server.url}#v=1&dataset=moons`);
  await ready(fresh, 3);
  const fetched = fresh.waitForResponse((r) => r.url().endsWith('/data/digits.bin'));
  await fresh.click('#share-box summary');
  await fresh.setInputFiles('#import-config', { name: 'race.json', mimeType: 'application/json', buffer: race });
  await fetched;
  await fresh.waitForFunction((w) => document.getElementById('heatmap-1')?.getAttribute('aria-label') === w, wanted, { timeout: 20_000 });
  assert.match(await fresh.evaluate(() => location.hash), /dataset=digits/);
  assert.equal(await fresh.isVisible('#error-banner'), false);
  assert.deepEqual(problems, []);
  await fresh.close();
});
