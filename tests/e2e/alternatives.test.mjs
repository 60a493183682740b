// Text alternatives that carry the numbers: each chart and lane map is named with its current
// figures, "show as table" gives the curves and a lane's points as tables whose numbers are the
// page's own, progress is said politely now and then while the race plays, and a divergence is
// said at once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { served, watch } from './browser.mjs';

const at = served();

async function open(page, hash, lanes = 3) {
  await page.goto('about:blank');
  await page.goto(`${at.server.url}#${hash}`, { waitUntil: 'load' });
  await page.waitForFunction((n) => document.querySelectorAll('body[data-ready] #lanes .lane').length === n, lanes);
}

test('the curves and a lane map read as tables with the figures the page shows', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await open(page, 'v=1&dataset=moons&points=120&train_ratio=0.5&show_test=true');
  await page.click('[data-action=epoch]');
  await page.click('[data-action=epoch]');
  const steps = Number((await page.textContent('#counter')).match(/\d+/)[0]);
  assert.ok(steps > 0);

  // The chart's name carries the figures now shown.
  const label = await page.getAttribute('#chart-train', 'aria-label');
  const sgd = label.match(/SGD ([\d.e-]+)/);
  assert.ok(sgd, `the chart names each lane's latest loss: ${label}`);

  // Curves as tables: three, one per chart, a row per sampled step and a column per lane;
  // the last row is the latest step and holds the figure the chart's name says.
  await page.click('#curves-table summary');
  await page.waitForFunction(() => document.querySelectorAll('#curves-table-body table').length === 3);
  const table = await page.evaluate(() => [...document.querySelectorAll('#curves-table-body table')].map((t) => ({
    caption: t.caption.textContent,
    head: [...t.tHead.rows[0].cells].map((c) => c.textContent),
    rows: [...t.tBodies[0].rows].map((r) => [...r.cells].map((c) => c.textContent)),
  })));
  assert.deepEqual(table.map((t) => t.caption), ['Train loss', 'Test loss', 'Test accuracy']);
  assert.deepEqual(table[0].head, ['Step', 'SGD', 'Momentum', 'Adam']);
  const rows = table[0].rows;
  assert.ok(rows.length >= 2 && rows.length <= 21, `${rows.length} rows`);
  assert.equal(rows[0][0], '0');
  // The last row is the latest evaluated step (the history evaluates every few steps) and
  // holds the figure the chart's name says.
  assert.ok(Number(rows.at(-1)[0]) <= steps && Number(rows.at(-1)[0]) > 0, `last row at step ${rows.at(-1)[0]} of ${steps}`);
  assert.equal(rows.at(-1)[1], sgd[1], 'the same figure as the chart says');
  assert.match(table[2].rows.at(-1)[1], /^\d+(\.\d+)?%$/);

  // A lane's points: one row per point (train and test), its class and the lane's prediction;
  // a wrong prediction says so in words.
  await page.click('#points-table-0 summary');
  await page.waitForFunction(() => document.querySelector('#points-table-body-0 tbody')?.rows.length > 0);
  const points = await page.evaluate(() => [...document.querySelector('#points-table-body-0 tbody').rows]
    .map((r) => [...r.cells].map((c) => c.textContent)));
  assert.equal(points.length, 120, 'every point, train and test');
  assert.equal(points.filter((r) => r[3] === 'test').length, 60);
  for (const [x, y, cls, , predicted] of points) {
    assert.ok(Number.isFinite(Number(x)) && Number.isFinite(Number(y)));
    assert.match(cls, /^[01]$/);
    assert.match(predicted, /^[01]( \(wrong\))?$/);
    assert.equal(predicted.includes('wrong'), predicted[0] !== cls);
  }
  // The map's name holds the accuracy the table implies.
  const mapLabel = await page.getAttribute('#heatmap-0', 'aria-label');
  const trainRows = points.filter((r) => r[3] === 'train');
  const right = trainRows.filter((r) => !r[4].includes('wrong')).length / trainRows.length;
  const said = Number(mapLabel.match(/train accuracy ([\d.]+)%/)[1]) / 100;
  assert.ok(Math.abs(said - right) < 0.006, `map says ${said}, the table shows ${right}`);
  assert.deepEqual(problems, []);
  await page.close();
});

test('progress is said now and then while playing, a divergence at once', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await open(page, 'v=1&lane.0.param.lr=1e300');
  assert.equal(await page.getAttribute('#say-progress', 'aria-live'), 'polite');
  assert.equal(await page.getAttribute('#say-alert', 'role'), 'alert');
  // Record every change of the progress region with its time.
  await page.evaluate(() => {
    window.__said = [];
    new MutationObserver(() => window.__said.push([performance.now(), document.getElementById('say-progress').textContent]))
      .observe(document.getElementById('say-progress'), { childList: true, characterData: true, subtree: true });
  });
  await page.click('#play');
  await page.waitForFunction(() => /Lane SGD: diverged/.test(document.getElementById('say-alert').textContent));
  await page.waitForFunction(() => window.__said.length >= 2, null, { timeout: 20_000 });
  await page.click('#play');
  const said = await page.evaluate(() => window.__said);
  for (const [, text] of said) assert.match(text, /^Step \d+\. Train loss: SGD diverged, Momentum [\d.e-]+, Adam [\d.e-]+\.$/);
  for (let k = 1; k < said.length; k++) {
    assert.ok(said[k][0] - said[k - 1][0] >= 4900, `said ${said[k][0] - said[k - 1][0]} ms apart`);
  }
  // Said once: the alert does not repeat while the lane stays diverged.
  const alert = await page.textContent('#say-alert');
  await page.click('[data-action=epoch]');
  assert.equal(await page.textContent('#say-alert'), alert);
  assert.deepEqual(problems, []);
  await page.close();
});
