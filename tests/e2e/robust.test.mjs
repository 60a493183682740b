// Nothing shown is lost or changed behind the learner's back: what is on screen comes back
// bit for bit from a reload, an imported file and an export imported again; no link or file
// hangs or freezes the page; runaway lanes are called so; exports work from either view.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { download, pngSize, served, watch } from './browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOTS = join(ROOT, 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

const at = served();

const lanesShown = (page, n) =>
  page.waitForFunction((k) => document.querySelectorAll('body[data-ready] #lanes .lane').length === k, n, { timeout: 15_000 });
/** Loads the page afresh at `hash` (a goto that only changes the hash would not reload it). */
async function open(page, hash) {
  await page.goto('about:blank');
  await page.goto(`${at.server.url}#${hash}`, { waitUntil: 'load' });
}
const stepOf = async (page) => Number(/step (\d+)/.exec(await page.textContent('#counter'))[1]);

/** `steps` single steps, by keyboard, as a learner presses → (exactly, unlike Play). */
async function step(page, steps) {
  await page.locator('body').click({ position: { x: 3, y: 3 } });
  const from = await stepOf(page);
  for (let k = 0; k < steps; k++) await page.keyboard.press('ArrowRight');
  await page.waitForFunction((t) => Number(/step (\d+)/.exec(document.getElementById('counter').textContent)[1]) === t, from + steps);
}

/** The data and every lane's weights, exported: what must come back bit for bit. */
async function snapshot(page) {
  await page.locator('#share-box').evaluate((d) => { d.open = true; });
  const data = (await download(page, '[data-action=export-data]')).bytes.toString('utf8');
  const race = JSON.parse((await download(page, '[data-action=export-config]')).bytes.toString('utf8'));
  return { data, weights: race.lanes.map((l) => l.weights), steps: race.lanes.map((l) => l.steps) };
}

/** Clicks a lane's map at a fraction of its size (a drawn point), with the class chosen. */
async function drawAt(page, fx, fy, klass) {
  await page.check(`input[name=draw_class][value="${klass}"]`);
  const box = await page.locator('#heatmap-0').boundingBox();
  await page.mouse.click(box.x + fx * box.width, box.y + fy * box.height);
}

test('drawn points, an imported file and an exported data file all come back bit for bit after a reload', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1`, { waitUntil: 'load' });
  await lanesShown(page, 3);

  // Draw on an empty plane: two points of each class, then one more. The link follows every
  // point at once (a reload used to lose the last one).
  await page.click('[data-action=clear-points]');
  await drawAt(page, 0.3, 0.3, 0);
  await drawAt(page, 0.35, 0.7, 0);
  await drawAt(page, 0.7, 0.4, 1);
  await drawAt(page, 0.66, 0.75, 1);
  assert.match(await page.evaluate(() => decodeURIComponent(location.hash)), /custom=[^&]*;[^&]*;[^&]*;/);
  await step(page, 100);
  const drawn = await snapshot(page);
  assert.equal(drawn.data.trim().split('\n').length, 1 + 4);
  await page.reload({ waitUntil: 'load' });
  await lanesShown(page, 3);
  await step(page, 100);
  assert.deepEqual(await snapshot(page), drawn, 'the same points and, at step 100, the same weights');

  // An imported file with fine decimals: a reload trains on the very same numbers.
  const rows = ['x,y,label', '0.123456789012345,-1.987654321,0', '-2.000000000001,0.5,1', '1.25,1.75,0', '-0.333333333333,-1.1,1', '2.2,-0.7,0', '-1.9,2.4,1'];
  await page.locator('#share-box').evaluate((d) => { d.open = true; });
  await page.setInputFiles('#import-points', { name: 'p.csv', mimeType: 'text/csv', buffer: Buffer.from(rows.join('\n')) });
  await page.waitForFunction(() => /^step 0 /.test(document.getElementById('counter').textContent));
  await step(page, 100);
  const imported = await snapshot(page);
  assert.match(imported.data, /0\.123456789012345,-1\.987654321,0,(train|test)/);
  await page.reload({ waitUntil: 'load' });
  await lanesShown(page, 3);
  await step(page, 100);
  assert.deepEqual(await snapshot(page), imported);

  // The page's own data export imports back as the same sets: the same race as the generated.
  await page.goto(`${at.server.url}#v=1&seed=4`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('seed').value === '4');
  const generated = await snapshot(page);
  await page.setInputFiles('#import-points', { name: 'data.csv', mimeType: 'text/csv', buffer: Buffer.from(generated.data) });
  await page.waitForFunction(() => /custom=/.test(location.hash));
  assert.ok(await page.isHidden('#error-banner'), 'every row of its own export is read');
  await step(page, 100);
  const again = await snapshot(page);
  assert.equal(again.data, generated.data);
  await page.goto(`${at.server.url}#v=1&seed=4`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('seed').value === '4');
  await step(page, 100);
  assert.deepEqual((await snapshot(page)).weights, again.weights, 'imported or generated, the same race');
  assert.deepEqual(problems, []);
  await page.close();
});

test('no link or file hangs or freezes the page', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  // A warm-restart cycle that once wrapped to 0 on the 32-bit Wasm target and never ended.
  await page.goto(`${at.server.url}#v=1&lane.0.schedule=CosineAnnealingWarmRestarts&lane.0.schedule.T_0=2&lane.0.schedule.T_mult=2147483648`, { waitUntil: 'load' });
  await lanesShown(page, 3);
  await page.click('[data-action=epoch]');
  assert.ok(await stepOf(page) > 0);

  // A long link is read whole: its lanes within 300 ms of the Wasm's start (the page's own
  // figure); the largest race there is within a second.
  let long = 'v=1&lanes=6';
  for (let i = 0; i < 6; i++) long += `&lane.${i}.schedule=MultiStepLR&lane.${i}.schedule.milestones=${'10,'.repeat(20)}30`;
  while (long.length < 4000) long += '&noise=0';
  await open(page, long);
  await lanesShown(page, 6);
  const startup = Number(await page.getAttribute('body', 'data-startup-ms'));
  console.log(`# a ${long.length}-byte link: lanes after ${startup} ms`);
  assert.ok(startup < 300, `${startup} ms`);
  await open(page, 'v=1&points=2000&layers=32,32,32,32,32,32&lanes=6');
  await page.waitForFunction(() => document.querySelectorAll('body[data-ready] #lanes .lane').length === 6 && document.body.dataset.startupMs);
  const largest = Number(await page.getAttribute('body', 'data-startup-ms'));
  console.log(`# six lanes of 6 x 32 on 2,000 points: lanes after ${largest} ms`);
  assert.ok(largest < 1000, `${largest} ms`);

  // A damaged race file is refused whole with a reason, and every click still works after it.
  await page.goto(`${at.server.url}#v=1`, { waitUntil: 'load' });
  await lanesShown(page, 3);
  await page.locator('#share-box').evaluate((d) => { d.open = true; });
  for (const file of [
    '{"format":"optimizer-playground","version":1,"state":"v=1","lanes":null}',
    '{"format":"optimizer-playground","version":1,"state":"v=1","lanes":[{"name":"a","optimizer":"sgd","steps":1e12,"weights":[]}]}',
    '{"format":"optimizer-playground","version":1,"state":"v=1","lanes":[{"name":"a","optimizer":"sgd","steps":1,"weights":null}]}',
    '[1,2',
  ]) {
    await page.setInputFiles('#import-config', { name: 'race.json', mimeType: 'application/json', buffer: Buffer.from(file) });
    await page.waitForFunction(() => /not a race exported from this page|race exported/.test(document.getElementById('error-banner').textContent));
    const before = await stepOf(page);
    await page.click('[data-action=step]');
    assert.equal(await stepOf(page), before + 1, `the page still answers after ${file}`);
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('a runaway lane is called unstable; the landscape opens converging; exports work from either view', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1&lane.0.param.lr=100`, { waitUntil: 'load' });
  await lanesShown(page, 3);
  for (let k = 0; k < 8; k++) await page.click('[data-action=epoch]');
  const badge = await page.textContent('#badge-0');
  assert.match(badge, /^unstable since step \d+: the loss stays \d+ times its start/);
  assert.ok(await page.isHidden('#badge-1'));
  await page.screenshot({ path: join(SHOTS, 'unstable.png') });

  // The default lanes on the loss landscape: each walks Rosenbrock down, none diverges.
  await page.goto(`${at.server.url}#v=1&view=landscape`, { waitUntil: 'load' });
  await lanesShown(page, 3);
  for (let k = 0; k < 10; k++) await page.click('[data-action=epoch]');
  for (let i = 0; i < 3; i++) {
    const walk = await page.textContent(`#walk-${i}`);
    assert.match(walk, /^step 500 · loss /, `lane ${i}: ${walk}`);
    const loss = Number(/loss ([0-9.e-]+)/.exec(walk)[1]);
    assert.ok(loss < 6, `lane ${i} walked down from 12.5: ${loss}`);
  }

  // From the landscape, a chart of the classifier; from the classifier, the landscape.
  await page.locator('#share-box').evaluate((d) => { d.open = true; });
  await page.selectOption('#png-target', 'chart-train');
  const chart = await download(page, '[data-action=export-chart]');
  assert.deepEqual(pngSize(chart.bytes), [420, 240]);
  await page.check('input[name=view][value=classifier]');
  await page.selectOption('#png-target', 'landscape');
  const map = await download(page, '[data-action=export-chart]');
  const colours = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    const c = document.createElement('canvas');
    [c.width, c.height] = [img.naturalWidth, img.naturalHeight];
    const ctx = c.getContext('2d');
    ctx.drawImage(img, 0, 0);
    const d = ctx.getImageData(0, 0, c.width, c.height).data;
    const seen = new Set();
    for (let i = 0; i < d.length; i += 400) seen.add(`${d[i]},${d[i + 1]},${d[i + 2]}`);
    return seen.size;
  }, map.bytes.toString('base64'));
  assert.ok(colours > 20, `the landscape exported from the classifier view is drawn (${colours} colours)`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('points of one class wait with a notice; an opened lesson is in view', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1`, { waitUntil: 'load' });
  await lanesShown(page, 3);
  await page.click('[data-action=clear-points]');
  await drawAt(page, 0.3, 0.3, 1);
  await drawAt(page, 0.6, 0.6, 1);
  assert.match(await page.textContent('#error-banner'), /all of one class: the race starts once another class has a point/);
  await page.click('[data-action=step]');
  assert.equal(await stepOf(page), 0, 'no race on one class');
  await drawAt(page, 0.5, 0.2, 0);
  await page.click('[data-action=step]');
  assert.equal(await stepOf(page), 1);

  await page.setViewportSize({ width: 1280, height: 800 });
  await page.locator('#lesson-adam-bias-correction summary').click();
  await page.locator('#lesson-adam-bias-correction a[data-lesson]').click();
  await page.waitForFunction(() => /view=landscape/.test(location.hash));
  await page.waitForTimeout(200);
  const box = await page.locator('#lesson-adam-bias-correction').boundingBox();
  assert.ok(box.y >= 0 && box.y < 800, `the lesson's text is in view (y = ${box.y})`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('lessons come from their files; a damaged or missing one is named and the rest of the course shows', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1`);
  await page.waitForFunction(() => document.querySelectorAll('#lessons details').length === 14);
  assert.match(await page.textContent('#lesson-learning-rate summary'), /^1\. Learning rate/);
  // Their arrival leaves every menu showing the experiment's own value.
  assert.equal(await page.inputValue('#dataset'), 'spiral');
  assert.equal(await page.inputValue('#activation'), 'tanh');

  // A damaged file and a missing one: each named in the notice; the other twelve show.
  await page.route('**/lessons/saddle.md', (r) => r.fulfill({ status: 200, body: 'id: saddle\nstate: v=1&lanes=99\n== en\n# T\nx\n' }));
  await page.route('**/lessons/rprop.md', (r) => r.fulfill({ status: 404, body: '' }));
  await page.goto('about:blank');
  await page.goto(`${at.server.url}#v=1`);
  await page.waitForFunction(() => document.querySelectorAll('#lessons details').length === 12);
  const notice = await page.textContent('#error-banner');
  assert.match(notice, /^Some lessons could not be loaded \(the others are shown\): /);
  assert.match(notice, /lessons\/saddle\.md:2: the state has a part the page can't use: lanes=99/);
  assert.match(notice, /lessons\/rprop\.md: HTTP 404/);
  await page.click('[data-action=step]');
  assert.match(await page.textContent('#counter'), /^step 1 /);

  // No course at all: said once, the page trains.
  await page.unrouteAll();
  await page.route('**/lessons/index.txt', (r) => r.fulfill({ status: 500, body: '' }));
  await page.goto('about:blank');
  await page.goto(`${at.server.url}#v=1`);
  await page.waitForFunction(() => /lessons\/index\.txt: HTTP 500/.test(document.getElementById('error-banner').textContent));
  assert.equal(await page.locator('#lessons details').count(), 0);
  await page.click('[data-action=step]');
  assert.match(await page.textContent('#counter'), /^step 1 /);
  assert.deepEqual(problems.filter((p) => !/404|500/.test(p)), []);
  await page.close();
});

test('a course from a launch link: its lessons in the page\'s language, kept through a lesson click; a course elsewhere is refused', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  const COURSE = join(ROOT, 'tests', 'course');
  await page.route('**/courses/sample/*', (r) => {
    const name = new URL(r.request().url()).pathname.split('/').pop();
    r.fulfill({ status: 200, contentType: 'text/plain; charset=utf-8', body: readFileSync(join(COURSE, name)) });
  });
  await page.goto(`${at.server.url}?course=courses/sample&lang=ru#v=1`);
  await page.waitForFunction(() => document.querySelectorAll('#lessons details').length === 2);
  assert.equal(await page.innerText('#lesson-step-size summary'), 'Шаг на вытянутой чаше');
  assert.match(await page.textContent('#lesson-momentum'), /Поднимите моментум до 0,99/);
  await page.click('#lesson-step-size summary');
  await page.click('#lesson-step-size a[data-lesson]');
  await page.waitForFunction(() => /surface=quadratic/.test(location.hash));
  assert.match(page.url(), /course=courses%2Fsample%2F|course=courses\/sample\//, 'the course stays in the launch');
  assert.equal(await page.locator('#lessons details').count(), 2);

  // A course on another site, or above the page: refused with a notice; the built-in course shows.
  for (const bad of ['https://elsewhere.example/c/', '../up/']) {
    await page.goto('about:blank');
    await page.goto(`${at.server.url}?course=${encodeURIComponent(bad)}#v=1`);
    await page.waitForFunction(() => document.querySelectorAll('#lessons details').length === 14);
    assert.match(await page.textContent('#error-banner'), /a course is a folder beside the page/);
  }
  assert.deepEqual(problems, []);
  await page.close();
});
