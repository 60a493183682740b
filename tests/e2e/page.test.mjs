// Page-level end-to-end test: the release build in `dist/`, served on loopback under a
// sub-path, opened in headless Chromium. Screenshots go to target/e2e/ for people to look at.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { serve } from './serve.mjs';
import { download, edgeOnDiagram, perfWindows, pngSize, served, watch } from './browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOTS = join(ROOT, 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

const at = served();

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

/** The figures a lane's map states in its text alternative. */
async function laneLabel(page, i) {
  return page.getAttribute(`#heatmap-${i}`, 'aria-label');
}

/** Train loss of lane i, read from its map's text alternative. */
async function trainLoss(page, i) {
  const label = await laneLabel(page, i);
  const m = label.match(/train loss ([0-9.e+-]+)/);
  assert.ok(m, `no train loss in "${label}"`);
  return Number(m[1]);
}

test('the playground opens from a sub-path, races three lanes fairly, and survives bad input', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  const opened = Date.now();
  await page.goto(`${at.server.url}#v=1`, { waitUntil: 'load' }); // `#v=1`: the defaults, whatever this browser kept
  await page.waitForFunction(() => document.querySelectorAll('body[data-ready] #lanes .lane').length === 3, null, { timeout: 15_000 });
  console.log(`# lanes drawn ${Date.now() - opened} ms after navigation`);
  assert.match(await page.textContent('#version'), /^v\d+\.\d+\.\d+$/);

  // Same data, same initial weights: every lane starts at the same loss.
  const start = [await trainLoss(page, 0), await trainLoss(page, 1), await trainLoss(page, 2)];
  assert.equal(start[0], start[1]);
  assert.equal(start[0], start[2]);
  for (let i = 0; i < 3; i++) {
    const share = await inkedShare(page, `#heatmap-${i}`);
    assert.ok(share > 0.5, `map ${i} is nearly blank`);
  }
  await page.screenshot({ path: join(SHOTS, 'page-start.png'), fullPage: true });

  // Nothing measured yet: the status line has dashes, not zeros.
  await page.waitForFunction(() => /first heatmap after \d+ ms/.test(document.getElementById('perf').textContent));
  assert.match(await page.textContent('#perf'), /^– fps · – training steps\/s per lane · first heatmap after \d+ ms$/);

  // Space plays, space pauses; every lane's loss falls well below its start.
  await page.locator('#speed').fill('1000');
  await page.locator('body').click({ position: { x: 5, y: 5 } });
  await page.keyboard.press('Space');
  await page.waitForFunction(() => /step (\d+)/.exec(document.getElementById('counter').textContent)?.[1] >= 10000
    && /^\d+ fps/.test(document.getElementById('perf').textContent), null, { timeout: 60_000 });
  await page.keyboard.press('Space');
  assert.equal(await page.textContent('#play'), 'Play');
  const steps = Number(/step (\d+)/.exec(await page.textContent('#counter'))[1]);
  const end = [await trainLoss(page, 0), await trainLoss(page, 1), await trainLoss(page, 2)];
  console.log(`# after ${steps} steps train loss: ${end.map((x) => x.toFixed(4)).join(', ')} (start ${start[0]})`);
  for (let i = 0; i < 3; i++) assert.ok(end[i] < 0.75 * start[i], `lane ${i}: ${start[i]} -> ${end[i]}`);
  assert.ok(end[2] < 0.2 * start[2], `Adam learns the spiral: ${start[2]} -> ${end[2]}`);
  assert.ok(await inkedShare(page, '#chart-train') > 0.02, 'the loss chart is blank');
  assert.match(await page.textContent('#perf'),
    /^paused, last measured: \d+ fps · \d+ training steps\/s per lane · first heatmap after \d+ ms$/);

  // Follow a weight: the inspector shows its optimizer state and the rule with numbers.
  await page.selectOption('#inspect-lane', '2');
  const edge = await edgeOnDiagram(page);
  assert.ok(edge, 'no edge drawn in the network diagram');
  await page.mouse.click(edge.x, edge.y);
  await page.click('[data-action=epoch]');
  assert.match(await page.textContent('#weight-title'), /Adam of lane Adam/);
  assert.ok(await page.locator('#rule math').count() >= 3, 'the rule is written in MathML');
  assert.match(await page.innerHTML('#rule'), /exp_avg_sq/);

  // The README's picture: the trained race at the top of the page.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(SHOTS, 'page-trained.png') });

  // A bad value says why next to the field and changes nothing.
  await page.fill('#noise', 'lots');
  await page.press('#noise', 'Tab');
  assert.equal(await page.textContent('#noise ~ .field-error'), '"lots" is not a number');
  assert.equal(await page.getAttribute('#noise', 'aria-invalid'), 'true');

  // A diverging lane gets a badge while the others go on.
  await page.click('[data-action=add-lane]');
  assert.equal(await page.locator('#lanes .lane').count(), 4);
  await page.click('#details-0 summary');
  await page.fill('[data-field="lane.0.param.lr"]', '1e300');
  await page.press('[data-field="lane.0.param.lr"]', 'Tab');
  const stepOf = async (i) => Number(/at step (\d+)/.exec(await laneLabel(page, i))[1]);
  const before = await stepOf(1);
  await page.click('#play');
  await page.waitForFunction((b) => Number(/at step (\d+)/.exec(
    document.getElementById('heatmap-1').getAttribute('aria-label'))[1]) > b + 500, before, { timeout: 30_000 });
  await page.click('#play');
  const badge = await page.textContent('#badge-0');
  assert.match(badge, /^diverged at step \d+: (loss became (NaN|infinite)|loss passed 1e10); lower the learning rate$/);
  assert.ok(await page.isHidden('#badge-1'));
  assert.ok(await stepOf(0) < 10, 'the diverged lane stopped');
  assert.ok(await stepOf(1) > before + 500, 'the other lanes kept training');
  // Playing frames redraw one part at a time; a pause shows every part at the step it stopped on.
  const ruleStep = await page.evaluate(() => /(?:^|[^a-z_])t=(\d+)/.exec(document.getElementById('rule').textContent)?.[1]);
  assert.equal(Number(ruleStep), await stepOf(2), 'the followed weight is shown at the paused step');

  await page.screenshot({ path: join(SHOTS, 'page-desktop.png'), fullPage: true });
  await page.setViewportSize({ width: 360, height: 740 });
  await page.waitForTimeout(200);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `the phone layout scrolls sideways by ${overflow} px`);
  await page.screenshot({ path: join(SHOTS, 'page-phone.png'), fullPage: true });

  assert.deepEqual(problems, []);
  // Everything came from the sub-path: no absolute URL escaped it.
  assert.ok(at.server.requests.every((p) => p.startsWith('/course/unit-1/playground/') || p === '/favicon.ico'),
    `requests outside the sub-path: ${at.server.requests}`);
  await page.close();
});

test('speed: four lanes at full speed (figures for the README)', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1`, { waitUntil: 'load' }); // `#v=1`: the defaults, whatever this browser kept
  await page.waitForFunction(() => document.querySelectorAll('body[data-ready] #lanes .lane').length === 3, null, { timeout: 15_000 });
  await page.click('[data-action=add-lane]');
  await page.locator('#speed').fill('1000');
  await page.click('#play');
  await page.waitForTimeout(1_000); // start-up: the first window holds the first draws
  // Five one-second windows of the status line, each read once.
  const windows = await perfWindows(page, /([\d.]+) fps · (\d+) training steps\/s per lane · first heatmap after (\d+) ms/);
  await page.click('#play');
  const median = (xs) => [...xs].sort((a, b) => a - b)[2];
  const figures = {
    fps: median(windows.map((w) => w[0])),
    fps_lowest: Math.min(...windows.map((w) => w[0])),
    steps_per_second_per_lane: median(windows.map((w) => w[1])),
    first_heatmap_ms: windows[0][2],
  };
  console.log(`# speed, 4 lanes, default set-up, full speed: ${JSON.stringify(figures)}`);
  writeFileSync(join(SHOTS, 'speed.json'), JSON.stringify(figures, null, 2));
  assert.ok(figures.fps > 20, `the page stays fluid while training (${figures.fps} fps)`);
  assert.deepEqual(problems, []);
  await page.close();
});

/** `lanes=N` and each `lane.I.name` of a link's hash. */
function lanesOf(link) {
  const params = new URLSearchParams(link.replace(/^.*#/, ''));
  const n = Number(params.get('lanes'));
  return { view: params.get('view'), names: Array.from({ length: n }, (_, i) => params.get(`lane.${i}.name`)) };
}

test('every lesson link opens the page in its state and runs', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1`, { waitUntil: 'load' }); // `#v=1`: the defaults, whatever this browser kept
  await page.waitForFunction(() => document.querySelectorAll('#lessons a[data-lesson]').length > 0, null, { timeout: 15_000 });
  const links = await page.$$eval('#lessons a[data-lesson]', (as) => as.map((a) => [a.dataset.lesson, a.getAttribute('href')]));
  assert.ok(links.length >= 12, `${links.length} lessons`);
  const shots = new Set(['feature-scale', 'momentum-nesterov', 'adagrad-rmsprop']);
  for (const [id, href] of links) {
    await page.goto(at.server.url + href, { waitUntil: 'load' });
    const want = lanesOf(href);
    await page.waitForFunction((n) => document.querySelectorAll('body[data-ready] #lanes .lane').length === n, want.names.length, { timeout: 15_000 });
    const names = await page.$$eval('#lanes .lane-head input', (is) => is.map((i) => i.value));
    assert.deepEqual(names, want.names, `lesson ${id}: lanes`);
    assert.ok(await page.isChecked(`input[name=view][value=${want.view}]`), `lesson ${id}: view ${want.view}`);
    assert.ok(await page.isHidden('#error-banner'), `lesson ${id}: ${await page.textContent('#error-banner')}`);
    // The digits' lesson trains once their file has come.
    await page.waitForFunction(() => !document.body.classList.contains('digits')
      || Number(document.getElementById('heatmap-0')?.getAttribute('data-total')) > 0, null, { timeout: 15_000 });
    await page.click('#play');
    await page.waitForTimeout(1200);
    if (await page.textContent('#play') === 'Pause') await page.click('#play');
    const counter = await page.textContent('#counter');
    assert.match(counter, /^step [1-9]/, `lesson ${id} ran: ${counter}`);
    if (shots.has(id)) {
      await page.evaluate(() => window.scrollTo(0, 0));
      await page.screenshot({ path: join(SHOTS, `lesson-${id}.png`), fullPage: true });
    }
  }
  assert.deepEqual(problems, []);
  await page.close();
});

test('a 64 x 64 hyperparameter map of 200 steps on Rosenbrock, computed while the page draws', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1`, { waitUntil: 'load' }); // `#v=1`: the defaults, whatever this browser kept
  await page.waitForFunction(() => document.querySelectorAll('body[data-ready] #lanes .lane').length === 3, null, { timeout: 15_000 });
  await page.check('input[name=view][value=landscape]');
  await page.selectOption('#surface', 'rosenbrock');
  await page.selectOption('#focus-lane', '1'); // SGD with momentum: lr across, momentum up
  await page.click('#hypermap-box summary');
  assert.equal(await page.inputValue('#map-x'), 'lr');
  assert.equal(await page.inputValue('#map-y'), 'momentum');
  // Count animation frames while the map computes.
  await page.evaluate(() => {
    window.__frames = 0;
    const tick = () => { window.__frames++; requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  });
  const t0 = await page.evaluate(() => [performance.now(), window.__frames]);
  await page.click('[data-action=map-run]');
  await page.waitForFunction(() => /cells of/.test(document.getElementById('map-status').textContent), null, { timeout: 30_000 });
  const t1 = await page.evaluate(() => [performance.now(), window.__frames]);
  const status = await page.textContent('#map-status');
  const m = /^(\d+) cells of (\d+) steps in ([\d.]+) s$/.exec(status);
  assert.ok(m, status);
  assert.equal(Number(m[1]), 4096);
  assert.equal(Number(m[2]), 200);
  const seconds = Number(m[3]);
  const fps = ((t1[1] - t0[1]) * 1000) / (t1[0] - t0[0]);
  console.log(`# hyperparameter map: 64 x 64 cells x 200 steps on Rosenbrock in ${seconds} s; page at ${fps.toFixed(0)} fps meanwhile`);
  writeFileSync(join(SHOTS, 'hypermap.json'), JSON.stringify({ seconds, fps }, null, 2));
  assert.ok(seconds < 2, `the map took ${seconds} s`);
  assert.ok(fps > 20, `the page kept drawing (${fps.toFixed(0)} fps)`);
  assert.ok(await inkedShare(page, '#hypermap') > 0.5, 'the map is drawn');
  // A click on a cell gives the lane those values.
  await page.locator('#hypermap').click({ position: { x: 40, y: 280 } });
  assert.match(await page.textContent('#map-status'), /^lane Momentum now has lr = [\d.e-]+, momentum = [\d.e-]+$/);
  await page.locator('#hypermap-box').scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(SHOTS, 'landscape-hypermap.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('a course page embeds the playground and drives it with messages', async () => {
  const host = await serve(join(ROOT, 'tests', 'e2e', 'host'), '/course/unit-1/');
  const page = await at.browser.newPage();
  const problems = watch(page);
  try {
    const src = `${at.server.url}#v=1&embed=true&autoplay=true&speed=50`;
    await page.goto(`${host.url}host.html?src=${encodeURIComponent(src)}`, { waitUntil: 'load' });
    const messages = (type) => page.evaluate((t) => window.received.filter((m) => m.type === t), type);
    await page.waitForFunction(() => window.received.some((m) => m.type === 'ready'), null, { timeout: 15_000 });
    await page.waitForFunction(() => window.received.filter((m) => m.type === 'progress').length >= 6, null, { timeout: 15_000 });
    const progress = await messages('progress');
    for (const m of progress) {
      assert.equal(m.source, 'optimizer-playground');
      assert.equal(m.version, 1);
      assert.equal(m.lanes.length, 3);
      assert.ok(typeof m.perf.fps === 'number');
    }
    const first = progress[0];
    const last = progress.at(-1);
    assert.ok(last.step > first.step, 'steps advance');
    for (let i = 0; i < 3; i++) {
      assert.ok(last.lanes[i].train_loss < first.lanes[i].train_loss || last.lanes[i].train_loss < 0.7,
        `lane ${i} loss falls: ${first.lanes[i].train_loss} -> ${last.lanes[i].train_loss}`);
    }
    // Messages arrive at most 4 times a second.
    const times = await page.evaluate(() => window.received.length);
    assert.ok(times > 0);

    // Pause: progress stops.
    await page.evaluate(() => window.send('pause'));
    await page.waitForTimeout(400);
    const paused = (await messages('progress')).length;
    await page.waitForTimeout(800);
    assert.equal((await messages('progress')).length, paused, 'no progress while paused');

    // Load another state: two lanes on the moons.
    await page.evaluate(() => window.send('load', { state: 'v=1&embed=true&dataset=moons&lanes=2' }));
    const frame = page.frameLocator('#playground');
    await frame.locator('body[data-ready] #lanes .lane').nth(1).waitFor();
    assert.equal(await frame.locator('#lanes .lane').count(), 2);
    assert.equal(await frame.locator('#dataset').inputValue(), 'moons');
    // Embedded: the page chrome is gone.
    assert.ok(await frame.locator('.brand').isHidden());
    // A wrong message gets an error back, and nothing breaks.
    await page.evaluate(() => window.send('dance'));
    await page.waitForFunction(() => window.received.some((m) => m.type === 'error'), null, { timeout: 5_000 });
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
    await host.close();
  }
});

test('a course launches it by query string: embedded, playing, in Russian; lessons and loads keep the launch', async () => {
  const host = await serve(join(ROOT, 'tests', 'e2e', 'host'), '/course/unit-2/');
  const page = await at.browser.newPage();
  const problems = watch(page);
  try {
    // A learner who never opened it before: nothing kept in this browser.
    await page.goto(`${at.server.url}#v=1`, { waitUntil: 'load' });
    await page.evaluate(() => localStorage.clear());
    const src = `${at.server.url}?embed=1&autoplay=1&lang=ru`;
    await page.goto(`${host.url}host.html?src=${encodeURIComponent(src)}`, { waitUntil: 'load' });
    const messages = (type) => page.evaluate((t) => window.received.filter((m) => m.type === t), type);
    await page.waitForFunction(() => window.received.some((m) => m.type === 'ready'), null, { timeout: 15_000 });
    const [ready] = await messages('ready');
    assert.deepEqual(ready.launch, { embed: true, show: null, lock: [], autoplay: true, lang: 'ru', course: null });
    await page.waitForFunction(() => window.received.filter((m) => m.type === 'progress').length >= 6, null, { timeout: 15_000 });
    const progress = await messages('progress');
    const [first, last] = [progress[0], progress.at(-1)];
    assert.ok(last.step > first.step, 'steps advance');
    for (let i = 0; i < 3; i++) {
      assert.ok(last.lanes[i].train_loss < first.lanes[i].train_loss, `lane ${i}: ${first.lanes[i].train_loss} -> ${last.lanes[i].train_loss}`);
    }
    const frame = page.frameLocator('#playground');
    assert.equal(await frame.locator('html').getAttribute('lang'), 'ru');
    assert.equal(await frame.locator('#race-h').textContent(), 'Дорожки');
    assert.ok(await frame.locator('.brand').isHidden(), 'embedded: no page chrome');

    // The README's example: a host loads another experiment; embed mode and Russian stay.
    await page.evaluate(() => window.send('load', { state: 'v=1&dataset=moons&lanes=2' }));
    const inner = () => page.frames().find((f) => f.url().startsWith(at.server.url));
    await inner().waitForFunction(() => document.querySelectorAll('body[data-ready] #lanes .lane').length === 2);
    assert.ok(await frame.locator('.brand').isHidden(), 'still embedded after a load');
    assert.equal(await frame.locator('#race-h').textContent(), 'Дорожки');
    // A load that brings its own launch settings replaces the page's.
    await page.evaluate(() => window.send('load', { state: 'v=1', launch: { embed: false, lang: 'en' } }));
    await inner().waitForFunction(() => document.documentElement.lang === 'en');
    assert.ok(await frame.locator('.brand').isVisible());

    // A locked exercise: a lesson link the learner opens cannot unlock or change what is fixed.
    const locked = `${at.server.url}#v=1&embed=true&lock=network,lane.0.param.lr&show=lanes,charts,lessons,network`;
    await page.evaluate((u) => { document.getElementById('playground').src = u; }, locked);
    await frame.locator('#lesson-network-basics summary').click();
    await frame.locator('#lesson-network-basics a[data-lesson]').click();
    await page.waitForTimeout(300);
    await inner().waitForFunction(() => /dataset=circle/.test(location.hash));
    const hash = await inner().evaluate(() => decodeURIComponent(location.hash));
    assert.match(hash, /embed=true/);
    assert.match(hash, /lock=network,lane\.0\.param\.lr/);
    assert.match(hash, /show=lanes,charts,lessons,network/);
    assert.match(hash, /dataset=circle/, 'the lesson opened');
    assert.match(hash, /init=xavier_uniform/, 'the locked network kept its initialisation');
    assert.match(hash, /lane\.0\.param\.lr=0\.03(&|$)/, 'the locked learning rate stayed');
    assert.ok(await frame.locator('#init').isDisabled(), 'the network panel is still locked');
    assert.ok(await frame.locator('[data-field="lane.0.param.lr"]').isDisabled());
    assert.ok(await frame.locator('[data-panel=data]').isHidden(), 'the hidden Data panel stays hidden');
    assert.match(await frame.locator('#error-banner').textContent(), /teacher fixed/);
    assert.deepEqual(problems, []);
  } finally {
    await page.close();
    await host.close();
  }
});

test('a damaged link still trains and says what it ignored; a reload keeps the state', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1&seed=7&noise=lots&bogus=1&lanes=2`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelectorAll('body[data-ready] #lanes .lane').length === 2, null, { timeout: 15_000 });
  const banner = await page.textContent('#error-banner');
  assert.match(banner, /not used.*noise=lots: "lots" is not a number.*bogus=1: unknown field "bogus"/);
  assert.equal(await page.inputValue('#seed'), '7');
  await page.click('[data-action=epoch]');
  assert.match(await page.textContent('#counter'), /^step 20 /);

  // Edit, then reload without the hash: the state comes back from this browser's storage.
  await page.fill('#noise', '0.2');
  await page.press('#noise', 'Tab');
  await page.goto(at.server.url, { waitUntil: 'load' });
  await page.waitForFunction(() => document.querySelectorAll('body[data-ready] #lanes .lane').length === 2, null, { timeout: 15_000 });
  assert.equal(await page.inputValue('#noise'), '0.2');
  assert.equal(await page.inputValue('#seed'), '7');
  assert.match(page.url(), /#v=1&/);
  assert.deepEqual(problems, []);
  await page.close();
});

/** Clicks `selector` and returns the downloaded file's name and bytes. */
test('exports download files that match the race; imports restore it and refuse bad rows', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1`, { waitUntil: 'load' }); // `#v=1`: the defaults, whatever this browser kept
  await page.waitForFunction(() => document.querySelectorAll('body[data-ready] #lanes .lane').length === 3, null, { timeout: 15_000 });
  await page.click('[data-action=epoch]');
  await page.click('#share-box summary');
  assert.match(await page.inputValue('#share-link'), /^http:\/\/127\.0\.0\.1:\d+\/course\/unit-1\/playground\/#v=1&/);
  assert.match(await page.inputValue('#share-iframe'), /^<iframe src="http:.*#v=1&amp;.*embed=true.*" width="1100"/);
  // The embed options as check boxes: hide the inspector, fix the network, pick Russian.
  await page.uncheck('#share-show-inspector');
  await page.check('#share-lock-network');
  await page.selectOption('#share-lang', 'ru');
  const snippet = await page.inputValue('#share-iframe');
  assert.match(snippet, /show=share,data,network,surface,lessons,lanes,charts,landscape&amp;lock=network&amp;lang=ru/);

  const png = await download(page, '[data-action=export-png]');
  assert.equal(png.name, 'optimizer-playground-comparison.png');
  const [w, h] = pngSize(png.bytes);
  // ... and the browser decodes it to the same size.
  const decoded = await page.evaluate(async (b64) => {
    const img = new Image();
    img.src = `data:image/png;base64,${b64}`;
    await img.decode();
    return [img.naturalWidth, img.naturalHeight];
  }, png.bytes.toString('base64'));
  assert.deepEqual(decoded, [w, h]);
  assert.ok(w > 900 && h > 300, `${w} x ${h}`);
  const chart = await download(page, '[data-action=export-chart]');
  assert.deepEqual(pngSize(chart.bytes), [420, 240]);

  const metrics = (await download(page, '[data-action=export-metrics]')).bytes.toString('utf8').trim().split('\n');
  assert.equal(metrics[0], 'step,lane,optimizer,learning_rate,train_loss,test_loss,train_accuracy,test_accuracy');
  assert.equal(metrics.length, 1 + 3 * 3, 'steps 0, 10, 20 for three lanes');
  const last = metrics.at(-1).split(',');
  assert.equal(last[0], '20');
  assert.equal(last[1], 'Adam');
  const label = await page.getAttribute('#heatmap-2', 'aria-label');
  assert.ok(label.includes(`train loss ${Number(last[4]).toPrecision(4).replace(/\.?0+$/, '')}`), `${label} vs ${last[4]}`);

  const data = (await download(page, '[data-action=export-data]')).bytes.toString('utf8').trim().split('\n');
  assert.equal(data[0], 'x,y,label,set');
  assert.equal(data.length, 1 + 400);

  const race = JSON.parse((await download(page, '[data-action=export-config]')).bytes.toString('utf8'));
  assert.equal(race.format, 'optimizer-playground');
  assert.equal(race.lanes.length, 3);
  assert.equal(race.lanes[0].steps, 20);

  // Open the race on a fresh default page: it comes back at step 20 with the same weights.
  await page.goto(`${at.server.url}#v=1&seed=9`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.getElementById('seed').value === '9');
  await page.setInputFiles('#import-config', { name: 'race.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(race)) });
  await page.waitForFunction(() => /^step 20 /.test(document.getElementById('counter').textContent), null, { timeout: 10_000 });
  assert.equal(await page.inputValue('#seed'), '1');
  assert.ok(await page.isHidden('#error-banner'), 'replayed exactly, no notice');
  const again = JSON.parse((await download(page, '[data-action=export-config]')).bytes.toString('utf8'));
  assert.deepEqual(again.lanes.map((l) => l.weights), race.lanes.map((l) => l.weights));

  // The learner's own points: good rows in, a bad row refused with its number.
  const csv = 'x,y,label\n1,1,0\n-1,-1,1\n2,oops,0\n1.5,1.2,0\n-1.4,-0.8,1\n';
  await page.setInputFiles('#import-points', { name: 'points.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.waitForFunction(() => !document.getElementById('error-banner').hidden, null, { timeout: 10_000 });
  assert.match(await page.textContent('#error-banner'), /4 points read; 1 rows refused: row 4: "oops" is not a number/);
  assert.match(await page.textContent('#counter'), /^step 0 /);
  assert.deepEqual(problems, []);
  await page.close();
});

test('Persian lays the page out right to left; Russian translates it too', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.goto(`${at.server.url}#v=1&lang=fa`, { waitUntil: 'load' });
  await page.waitForFunction(() => document.documentElement.dir === 'rtl', null, { timeout: 15_000 });
  assert.equal(await page.getAttribute('html', 'lang'), 'fa');
  assert.equal(await page.textContent('#play'), 'اجرا');
  assert.equal(await page.textContent('[data-i18n=dataset]'), 'مجموعه داده');
  assert.match(await page.textContent('#lesson-learning-rate summary'), /نرخ یادگیری/);
  // Right to left: the settings column sits right of the lanes.
  const settings = await page.locator('aside.settings').boundingBox();
  const lanes = await page.locator('#lanes').boundingBox();
  assert.ok(settings.x > lanes.x, `settings at ${settings.x}, lanes at ${lanes.x}`);
  await page.click('#play');
  await page.waitForTimeout(1500);
  await page.click('#play');
  assert.match(await page.textContent('#counter'), /^گام [۰-۹]+ · دوره [۰-۹]+$/);
  assert.match(await page.textContent('#metrics-0'), /هزینهٔ آموزش/);
  await page.screenshot({ path: join(SHOTS, 'page-persian.png'), fullPage: true });

  await page.selectOption('#lang', 'ru');
  await page.waitForFunction(() => document.documentElement.dir === 'ltr');
  // The Russian catalog is fetched when first asked for; its words follow it.
  await page.waitForFunction(() => document.getElementById('play').textContent === 'Пуск', null, { timeout: 10_000 });
  assert.match(await page.textContent('#lesson-learning-rate summary'), /Шаг обучения/);
  assert.match(page.url(), /lang=ru/);
  // Back to English: words only the HTML writes come back from it, text, name and tooltip.
  await page.selectOption('#lang', 'en');
  await page.waitForFunction(() => document.documentElement.lang === 'en');
  assert.equal(await page.textContent('[data-action=new-seed]'), 'New seed');
  assert.equal(await page.getAttribute('[data-action=reset]', 'title'), 'Back to the same initial weights');
  assert.equal(await page.getAttribute('.tabs', 'aria-label'), 'View');
  assert.equal(await page.textContent('#play'), 'Play');
  assert.deepEqual(problems, []);
  await page.close();
});
