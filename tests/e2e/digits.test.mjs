// The handwritten digits in the page: fetched beside it when a learner picks them, raced in six
// lanes with a confusion matrix each, in links; a missing or damaged file is said and the
// dataset before it keeps running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { served, watch } from './browser.mjs';

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
