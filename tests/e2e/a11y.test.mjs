// Accessibility as axe-core (the engine behind Lighthouse's audit) sees it, on every view and
// state a learner reaches: zero violations of any impact under the WCAG 2.0/2.1 A and AA rules
// and axe's best practices. A failing run names, per violation, the rule, the element and how
// to fix it. Also: a system that asks for reduced motion gets no autoplay and no animation.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';
import { createRequire } from 'node:module';
import { AxeBuilder } from '@axe-core/playwright';
import { edgeOnDiagram, launch, served, watch } from './browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHOTS = join(ROOT, 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

const TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'];
// axe leaves out the rules it still calls experimental, even when their tags are asked for;
// among them `label-content-name-mismatch` (WCAG 2.5.3, level A), which this page once failed.
// Every experimental rule that carries one of our tags is switched on too.
const axeCore = createRequire(import.meta.url)('axe-core');
const EXPERIMENTAL = Object.fromEntries(
  axeCore.getRules(TAGS)
    .filter((r) => r.tags.includes('experimental'))
    .map((r) => [r.ruleId, { enabled: true }]),
);

const at = served();

/** The violations as a person reads them: rule, impact, element, and what would fix it. */
function describe(state, violations) {
  const out = [`${state}: ${violations.length} axe rule(s) violated`];
  for (const v of violations) {
    out.push('', `  ${v.id} [${v.impact}] ${v.help}`, `    ${v.helpUrl}`);
    for (const node of v.nodes) {
      out.push(`    at ${node.target.join(' >> ')}`);
      out.push(`      ${node.html.replace(/\s+/g, ' ').slice(0, 300)}`);
      for (const line of (node.failureSummary ?? '').split('\n')) out.push(`      ${line}`);
    }
  }
  return out.join('\n');
}

/** Runs axe on the page as it is and fails, readably, on any violation. */
async function audit(page, state) {
  const result = await new AxeBuilder({ page }).options({ rules: EXPERIMENTAL }).withTags(TAGS).analyze();
  console.log(`# axe, ${state}: ${result.passes.length} rules pass, ${result.violations.length} violated, ${result.incomplete.length} to review by hand`);
  // AXE_SOFT=1: list what axe leaves to review by hand, and report violations without failing.
  if (process.env.AXE_SOFT) {
    for (const v of result.incomplete) {
      const nodes = v.nodes.slice(0, 8).map((n) => `${n.target.join(' ')} ${n.any[0]?.message ?? ''}`);
      console.log(`to review ${v.id}: ${nodes.join(' | ')}`);
    }
    if (result.violations.length) console.log(describe(state, result.violations));
    return;
  }
  assert.equal(result.violations.length, 0, describe(state, result.violations));
}

const lanesShown = (page, n) =>
  page.waitForFunction((k) => document.querySelectorAll('body[data-ready] #lanes .lane').length === k, n, { timeout: 15_000 });
/** Loads the page afresh at `hash` (a goto that only changes the hash would not reload it). */
async function open(page, hash, lanes = 3) {
  await page.goto('about:blank');
  await page.goto(`${at.server.url}#${hash}`, { waitUntil: 'load' });
  await lanesShown(page, lanes);
}
/** Every details element matching `selector` unfolded, as a learner's click leaves it. */
const unfold = (page, selector) => page.locator(selector).evaluateAll((ds) => ds.forEach((d) => { d.open = true; }));

test('the classifier with 3 and 6 lanes, a notice, a bad field, lessons and the share panel open', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  // A damaged key brings the notice banner; the first lane's hyperparameters unfolded.
  await open(page, 'v=1&noise=lots');
  await page.click('[data-action=epoch]');
  await unfold(page, '#details-0');
  await page.fill('#points', 'many');
  await page.press('#points', 'Tab');
  assert.ok(await page.isVisible('#error-banner'));
  assert.ok(await page.isVisible('#points ~ .field-error'));
  await audit(page, 'classifier, 3 lanes, a notice and a refused field');

  await unfold(page, '#lessons details');
  await unfold(page, '#share-box');
  await audit(page, 'every lesson and the share panel open');

  // The pictures as tables: the curves' and every lane's points.
  await unfold(page, 'details.as-table');
  await page.waitForFunction(() => document.querySelectorAll('.table-scroll table').length >= 6);
  await audit(page, 'the curves and the lanes\' points as tables');

  await open(page, 'v=1&lanes=6', 6);
  await page.click('[data-action=epoch]');
  assert.ok(await page.isDisabled('#add-lane'));
  await unfold(page, '#lanes details');
  await audit(page, 'classifier, 6 lanes, every lane unfolded');
  await page.screenshot({ path: join(SHOTS, 'a11y-six-lanes.png'), fullPage: true });
  assert.deepEqual(problems, []);
  await page.close();
});

test('the inspector following a weight, and a diverged lane', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  // A learning rate of 1e300: the loss leaves the numbers within an epoch and the lane stops.
  // (At 1e6 the loss only stays high: an "unstable" badge, not a diverged lane.)
  await open(page, 'v=1&lane.0.param.lr=1e300');
  for (let k = 0; k < 20 && !/^diverged/.test(await page.textContent('#badge-0')); k++) {
    await page.click('[data-action=epoch]');
  }
  assert.match(await page.textContent('#badge-0'), /^diverged at step \d+/);
  assert.ok(await page.isVisible('#badge-0'));

  // Follow a weight: probe the diagram for an edge between the first two columns.
  await page.selectOption('#inspect-lane', '2');
  const edge = await edgeOnDiagram(page);
  assert.ok(edge, 'no edge drawn in the network diagram');
  await page.mouse.click(edge.x, edge.y);
  await page.click('[data-action=epoch]');
  assert.match(await page.textContent('#weight-title'), /of lane/);
  await audit(page, 'a diverged lane, the inspector following a weight');
  assert.deepEqual(problems, []);
  await page.close();
});

test('the loss landscape and a computed hyperparameter map', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await open(page, 'v=1&view=landscape&lanes=6', 6);
  for (let k = 0; k < 4; k++) await page.click('[data-action=epoch]');
  await audit(page, 'the loss landscape, 6 lanes');
  await page.locator('#landscape').screenshot({ path: join(SHOTS, 'a11y-landscape-paths.png') });
  await page.locator('#landscape-chart').screenshot({ path: join(SHOTS, 'a11y-landscape-chart.png') });

  await open(page, 'v=1&view=landscape');
  await page.click('#hypermap-box summary');
  await page.fill('#map-n', '16');
  await page.fill('#map-steps', '50');
  await page.click('[data-action=map-run]');
  await page.waitForFunction(() => /cells of/.test(document.getElementById('map-status').textContent), null, { timeout: 30_000 });
  await audit(page, 'the hyperparameter map, computed');
  assert.deepEqual(problems, []);
  await page.close();
});

test('phone width, 200% zoom, Persian and Russian', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  await page.setViewportSize({ width: 360, height: 740 });
  await open(page, 'v=1');
  await page.click('[data-action=epoch]');
  await unfold(page, '#share-box');
  await audit(page, 'phone, 360 px');
  await page.screenshot({ path: join(SHOTS, 'a11y-phone.png'), fullPage: true });
  await open(page, 'v=1&view=landscape');
  await audit(page, 'phone, 360 px, the loss landscape');
  await page.close();

  // 200% zoom as the browser does it: a 1280-px window at 200% lays the page out in 640 CSS
  // pixels, two device pixels each, and its media queries see 640 px. (CSS `zoom` would keep
  // the 1280-px layout and media queries, which no learner's zoom does.)
  const zoomed = await launch({ viewport: { width: 640, height: 400 }, deviceScaleFactor: 2 });
  const zpage = await zoomed.newPage();
  const zproblems = watch(zpage);
  await zpage.goto(`${at.server.url}#v=1`, { waitUntil: 'load' });
  await lanesShown(zpage, 3);
  await zpage.click('[data-action=epoch]');
  const overflow = await zpage.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 1, `at 200% the page scrolls sideways by ${overflow} px`);
  await audit(zpage, '200% zoom (640 CSS px at 2 device pixels each)');
  await zpage.screenshot({ path: join(SHOTS, 'a11y-zoom-200.png') });
  assert.deepEqual(zproblems, []);
  await zoomed.close();

  const fa = await at.browser.newPage();
  const faProblems = watch(fa);
  await open(fa, 'v=1&lang=fa');
  await fa.waitForFunction(() => document.documentElement.dir === 'rtl' && document.getElementById('play').textContent === 'اجرا');
  await fa.click('[data-action=epoch]');
  await unfold(fa, '#details-0');
  await audit(fa, 'Persian, right to left');
  await fa.screenshot({ path: join(SHOTS, 'a11y-persian.png'), fullPage: true });
  await open(fa, 'v=1&lang=fa&view=landscape');
  await fa.waitForFunction(() => document.getElementById('play').textContent === 'اجرا');
  await audit(fa, 'Persian, the loss landscape');

  await open(fa, 'v=1&lang=ru');
  await fa.waitForFunction(() => document.getElementById('play').textContent === 'Пуск');
  await fa.click('[data-action=epoch]');
  await unfold(fa, '#details-0');
  await audit(fa, 'Russian');
  assert.deepEqual([...problems, ...faProblems], []);
  await fa.close();
});

test('a system that asks for reduced motion gets no autoplay and no animation', async () => {
  const page = await at.browser.newPage();
  const problems = watch(page);
  const stepOf = async (i) => Number(/at step (\d+)/.exec(await page.getAttribute(`#heatmap-${i}`, 'aria-label'))[1]);
  const animated = () => page.evaluate(() => {
    const moving = [...document.querySelectorAll('*')].filter((el) => {
      const s = getComputedStyle(el);
      return parseFloat(s.transitionDuration) > 0 || (s.animationName !== 'none' && parseFloat(s.animationDuration) > 0);
    });
    return [...moving.map((el) => el.id || el.tagName), ...document.getAnimations().map((a) => a.animationName ?? 'script')];
  });

  // A course's link asks for autoplay; the learner's system asks for reduced motion.
  await page.emulateMedia({ reducedMotion: 'reduce' });
  await open(page, 'v=1&autoplay=true');
  await page.waitForSelector('#motion-notice', { state: 'visible' });
  await page.waitForTimeout(600);
  assert.equal(await page.getAttribute('#play', 'aria-pressed'), 'false');
  assert.equal(await stepOf(0), 0, 'nothing trains until the learner asks');
  assert.deepEqual(await animated(), []);
  await audit(page, 'reduced motion, autoplay held back with a notice');
  // Play in the notice starts the race and the notice goes.
  await page.click('#motion-notice button');
  await page.waitForFunction(() => document.getElementById('play').getAttribute('aria-pressed') === 'true');
  assert.ok(await page.isHidden('#motion-notice'));
  await page.click('#play');

  // Without the preference, the link's autoplay plays at once, and no notice shows.
  await page.emulateMedia({ reducedMotion: 'no-preference' });
  await open(page, 'v=1&autoplay=true');
  await page.waitForFunction(() => document.getElementById('play').getAttribute('aria-pressed') === 'true');
  assert.ok(await page.isHidden('#motion-notice'));
  await page.click('#play');
  assert.deepEqual(problems, []);
  await page.close();
});
