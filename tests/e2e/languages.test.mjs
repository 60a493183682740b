// Every word in the learner's language: the page walked in Russian and in Persian through the
// states a learner reaches (lanes, a diverged lane, the inspector following a weight, the loss
// landscape with a hyperparameter map, the lessons and the share panel open, notices about a
// damaged link and damaged files), failing on any visible or accessible text, or text drawn on
// a canvas, that is still English (names and formulas aside), and on numbers written the
// English way.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { edgeOnDiagram, served, watch } from './browser.mjs';
import { englishWords, foreignNumbers, readableText, recordCanvasText } from './words.mjs';

const at = served();

/** Loads the page afresh at `hash` and waits for its lanes and its words. */
async function open(page, hash, lanes) {
  await page.goto('about:blank');
  await page.goto(`${at.server.url}#${hash}`, { waitUntil: 'load' });
  await page.waitForFunction((n) => document.querySelectorAll('body[data-ready] #lanes .lane').length === n, lanes);
  await page.waitForFunction(() => document.getElementById('play').textContent !== 'Play');
}

const openAll = (page) => page.evaluate(() => {
  for (const d of document.querySelectorAll('details')) d.open = true;
});

for (const lang of ['ru', 'fa']) {
  test(`in ${lang === 'ru' ? 'Russian' : 'Persian'} no word is left in English and numbers read the ${lang} way`, async () => {
    const page = await at.browser.newPage();
    await page.addInitScript(recordCanvasText);
    const problems = watch(page);
    const english = new Set();
    const numbers = new Set();
    const read = async (state) => {
      const text = await readableText(page);
      for (const w of englishWords(text)) english.add(`${state}: ${w}`);
      for (const n of foreignNumbers(lang, text)) numbers.add(`${state}: ${n}`);
    };

    // Three lanes with every panel open, trained an epoch.
    await open(page, `v=1&lang=${lang}`, 3);
    await openAll(page);
    await page.click('[data-action=epoch]');
    await read('three lanes');

    // Six lanes, one diverged; the inspector following a weight.
    await open(page, `v=1&lang=${lang}&lanes=6&lane.0.param.lr=1e6`, 6);
    await openAll(page);
    for (let k = 0; k < 3; k++) await page.click('[data-action=epoch]');
    await page.waitForFunction(() => !document.getElementById('badge-0').hidden);
    const before = await page.textContent('#weight-title');
    const edge = await edgeOnDiagram(page);
    assert.ok(edge, 'no edge drawn in the network diagram');
    await page.mouse.click(edge.x, edge.y);
    await page.waitForFunction((b) => document.getElementById('weight-title').textContent !== b, before);
    await page.click('[data-action=step]');
    await read('six lanes, one diverged, a weight followed');

    // The handwritten digits: each lane's confusion matrix, the pixels' scaling.
    await open(page, `v=1&lang=${lang}&dataset=digits&layers=20&activation=relu`, 3);
    await page.waitForFunction(() => /\d/.test(document.getElementById('heatmap-0').getAttribute('data-total') ?? ''));
    await openAll(page);
    await page.click('[data-action=epoch]');
    await read('the handwritten digits');

    // The loss landscape with a small hyperparameter map, a cell picked.
    await open(page, `v=1&lang=${lang}&view=landscape`, 3);
    await openAll(page);
    await page.click('[data-action=epoch]');
    await page.fill('#map-n', '8');
    await page.fill('#map-steps', '20');
    await page.click('[data-action=map-run]');
    await page.waitForFunction(() => !/…/.test(document.getElementById('map-status').textContent));
    const map = await page.locator('#hypermap').boundingBox();
    await page.mouse.click(map.x + map.width / 3, map.y + map.height / 3);
    await read('the landscape and a hyperparameter map');

    // Notices: a link with parts that cannot be used, a points file with refused rows, a
    // damaged race file, a map that is too large.
    await open(page, `v=1&lang=${lang}&lanes=99&speed=fast&noise=0.1&frobnicate=1`, 3);
    await page.waitForFunction(() => !document.getElementById('error-banner').hidden);
    await read('a damaged link');
    await openAll(page);
    const csv = 'x,y,label\n0.5,0.5,0\n-0.5,-0.5,1\n1,1,7\nabc,1,0\n2,2\n0.1,0.2,1,train\n';
    await page.setInputFiles('#import-points', { name: 'p.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
    await page.waitForFunction(() => /7/.test(document.getElementById('error-banner').textContent) || /۷/.test(document.getElementById('error-banner').textContent));
    await read('a points file with refused rows');
    const race = '{"format":"optimizer-playground","version":1,"state":"v=1","lanes":[{"name":"a","optimizer":"sgd","steps":1,"weights":[1,2]}]}';
    await page.setInputFiles('#import-config', { name: 'race.json', mimeType: 'application/json', buffer: Buffer.from(race) });
    await page.waitForTimeout(300);
    await read('a damaged race file');

    assert.deepEqual([...english], [], `English left in ${lang}`);
    assert.deepEqual([...numbers], [], `numbers written the English way in ${lang}`);
    assert.deepEqual(problems, []);
    await page.close();
  });
}
