// The SCORM packages (`make scorm`, also built by `make test`): unpacked and checked, then
// launched under scorm-again, the SCORM 1.2 and 2004 run-time LMS vendors embed (pinned in
// package-lock.json), as an LMS launches them: the run-time is the host window's `API` or
// `API_1484_11`, the package's launch file runs in a frame. What the run-time recorded is
// what is checked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { strFromU8, unzipSync } from 'fflate';
import { serve } from './serve.mjs';
import { launch, watch } from './browser.mjs';

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = join(HERE, '..', '..');
const SHOTS = join(ROOT, 'target', 'e2e');
mkdirSync(SHOTS, { recursive: true });

const VERSIONS = {
  '1.2': {
    zip: 'optimizer-playground-scorm12.zip',
    runtime: 'scorm12.min.js',
    api: 'API',
    make: 'new Scorm12API(settings)',
    finish: 'LMSFinish',
    init: 'LMSInitialize',
    status: (cmi) => cmi.core.lesson_status,
    sessionTime: (cmi) => cmi.core.session_time,
    exit: (cmi) => cmi.core.exit,
    // A relaunch: the LMS hands the last attempt back.
    relaunch: (cmi) => ({ core: { lesson_status: cmi.core.lesson_status, entry: 'resume' }, suspend_data: cmi.suspend_data }),
    zeroTime: /^0000:00:00(\.0+)?$/,
  },
  '2004': {
    zip: 'optimizer-playground-scorm2004.zip',
    runtime: 'scorm2004.min.js',
    api: 'API_1484_11',
    make: 'new Scorm2004API(settings)',
    finish: 'Terminate',
    init: 'Initialize',
    status: (cmi) => cmi.completion_status,
    sessionTime: (cmi) => cmi.session_time,
    exit: (cmi) => cmi.exit,
    relaunch: (cmi) => ({ completion_status: cmi.completion_status, entry: 'resume', suspend_data: cmi.suspend_data }),
    zeroTime: /^PT(0H)?(0M)?0(\.0+)?S$/,
  },
};

let browser;
before(async () => {
  browser = await launch();
});
after(async () => {
  await browser?.close();
});

function unpack(name, dir = 'scorm') {
  const files = unzipSync(readFileSync(join(ROOT, 'target', dir, name)));
  return new Map(Object.entries(files));
}

for (const [version, v] of Object.entries(VERSIONS)) {
  test(`the SCORM ${version} package: a manifest whose references are exactly the packed files`, () => {
    const files = unpack(v.zip);
    const manifest = strFromU8(files.get('imsmanifest.xml'));
    assert.match(manifest, new RegExp(`<schema>ADL SCORM</schema>\\s*<schemaversion>${version === '1.2' ? '1\\.2' : '2004 4th Edition'}</schemaversion>`));
    const scormType = version === '1.2' ? 'adlcp:scormtype' : 'adlcp:scormType';
    const resource = new RegExp(`<resource identifier="playground" type="webcontent" ${scormType}="sco" href="([^"]+)">`).exec(manifest);
    assert.ok(resource, 'one SCO resource');
    assert.equal(resource[1], 'index.html');
    assert.match(manifest, /<item identifier="item" identifierref="playground">/);
    const listed = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
    const packed = [...files.keys()].filter((n) => n !== 'imsmanifest.xml');
    assert.deepEqual([...listed].sort(), [...packed].sort(), 'the manifest lists exactly the packed files');
    const launchFile = strFromU8(files.get('index.html'));
    const refs = [...launchFile.matchAll(/(?:href|src)="\.?\/?([^"#?]+\.(?:js|wasm|css|svg|json|md))"/g)].map((m) => m[1]);
    assert.ok(refs.some((r) => r.endsWith('.js')), 'the launch file loads the script');
    for (const ref of refs) assert.ok(files.has(ref), `${ref} is in the package`);
    assert.ok(packed.some((n) => n.endsWith('.wasm')));
    assert.ok(!/https?:\/\//.test(launchFile.replace(/xmlns="[^"]*"/g, '')), 'no absolute URL: nothing from the network');
  });
}

/**
 * An LMS page on loopback: the package unpacked under `activity/`, scorm-again's run-time as
 * the window's API (fed `previous`, the last attempt, if given), the launch file in a frame.
 */
async function lms(version, { previous = null, query = '', refuse = false, strip = [], dir = 'scorm' } = {}) {
  const v = VERSIONS[version];
  const root = mkdtempSync(join(tmpdir(), 'op-lms-'));
  for (const [name, data] of unpack(v.zip, dir)) {
    const path = join(root, 'activity', name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }
  copyFileSync(join(HERE, 'node_modules', 'scorm-again', 'dist', v.runtime), join(root, v.runtime));
  writeFileSync(join(root, 'lms.html'), `<!doctype html><html><head><meta charset="utf-8"><title>LMS</title>
<link rel="icon" href="data:,"><script src="${v.runtime}"></script></head><body>
<script>
  const settings = { autocommit: false, logLevel: 5 };
  const api = ${v.make};
  const previous = ${JSON.stringify(previous)};
  if (previous) api.loadFromJSON(previous);
  window.calls = {};
  for (const name of ['${v.init}', '${v.finish}', 'Commit', 'LMSCommit', 'SetValue', 'LMSSetValue', 'GetValue', 'LMSGetValue']) {
    if (typeof api[name] !== 'function') continue;
    const real = api[name].bind(api);
    api[name] = (...args) => { (window.calls[name] ??= []).push(args); return real(...args); };
  }
  // A run-time that refuses the activity's start (already started by someone else): every
  // call the page makes is answered "false" with an error code.
  if (${refuse}) { api.${v.init}(''); api.${v.finish}(''); }
  // A run-time that lacks methods the page needs.
  for (const name of ${JSON.stringify(strip)}) api[name] = undefined;
  window.${v.api} = api;
  window.cmi = () => JSON.parse(JSON.stringify(api.cmi));
  // What the activity tells its host page.
  window.messages = [];
  addEventListener('message', (e) => window.messages.push(e.data));
</script>
<iframe src="activity/index.html${query}" width="1100" height="700" title="activity"></iframe>
</body></html>`);
  const server = await serve(root, '/lms/');
  const page = await browser.newPage();
  const problems = watch(page);
  await page.goto(`${server.url}lms.html`, { waitUntil: 'load' });
  return { page, problems, server, frame: page.frameLocator('iframe') };
}

/** Leaves the activity as a learner closes it: the frame navigates away. */
async function leave(page) {
  await page.evaluate(() => { document.querySelector('iframe').src = 'about:blank'; });
  await page.waitForTimeout(300);
}

const stepOf = async (frame) => Number(/(\d+)/.exec(await frame.locator('#counter').textContent())[1]);

for (const [version, v] of Object.entries(VERSIONS)) {
  test(`SCORM ${version} under scorm-again: completed, timed, finished once; a relaunch resumes the exact state`, async () => {
    // First launch: the learner edits a field, trains past 100 steps and leaves.
    const first = await lms(version, { query: '?autoplay=1' });
    let cmi;
    try {
      const { page, frame } = first;
      await frame.locator('body[data-ready] #lanes .lane').first().waitFor();
      await page.waitForFunction((api) => window[api] && window.calls.SetValue?.length || window.calls.LMSSetValue?.length, v.api);
      await frame.locator('#noise').fill('0.15');
      await frame.locator('#noise').press('Tab'); // a new race from step 0, still playing
      await page.waitForFunction((v12) => {
        const c = window.cmi();
        const t = document.querySelector('iframe').contentDocument.getElementById('counter').textContent;
        return (v12 ? c.core.lesson_status : c.completion_status) === 'completed' && Number(/(\d+)/.exec(t)[1]) >= 100;
      }, version === '1.2', { timeout: 20_000 });
      await frame.locator('#play').click();
      const reached = await stepOf(frame);
      assert.ok(reached >= 100, `${reached} steps`);
      await page.screenshot({ path: join(SHOTS, `lms-scorm${version.replace('.', '')}.png`) });
      await leave(page);
      cmi = await page.evaluate(() => window.cmi());
      const calls = await page.evaluate(() => window.calls);
      assert.equal(calls[v.init].length, 1, 'started once');
      assert.equal(calls[v.finish]?.length, 1, 'finished exactly once');
      assert.equal(v.status(cmi), 'completed');
      assert.doesNotMatch(v.sessionTime(cmi), v.zeroTime, `session time ${v.sessionTime(cmi)} above zero`);
      assert.equal(v.exit(cmi), version === '1.2' ? '' : 'normal', 'a completed attempt ends');
      assert.match(cmi.suspend_data, /^op2~\d+~[^~]*~v=1&/);
      assert.match(cmi.suspend_data, /noise=0\.15/);
      const savedStep = Number(cmi.suspend_data.split('~')[1]);
      assert.ok(savedStep >= reached, `suspend data at step ${savedStep}`);
      if (version === '2004') assert.match(cmi.location, /^classifier@\d+$/);
      assert.deepEqual(first.problems, []);

      // Relaunch with the LMS's record: the same experiment at the same step; completed stays.
      const second = await lms(version, { previous: v.relaunch(cmi) });
      try {
        const { page: p2, frame: f2 } = second;
        await f2.locator('body[data-ready] #lanes .lane').first().waitFor();
        await p2.waitForFunction(() => /\d+/.test(document.querySelector('iframe').contentDocument?.getElementById('counter')?.textContent ?? ''));
        await f2.locator('#noise').waitFor();
        assert.equal(await f2.locator('#noise').inputValue(), '0.15');
        await p2.waitForFunction(async (want) => {
          const t = document.querySelector('iframe').contentDocument.getElementById('counter').textContent;
          return Number(/(\d+)/.exec(t)[1]) === want;
        }, savedStep, { timeout: 20_000 });
        const statusWrites = (await p2.evaluate(() => window.calls.SetValue ?? window.calls.LMSSetValue ?? []))
          .filter(([k]) => k === 'cmi.core.lesson_status' || k === 'cmi.completion_status');
        assert.deepEqual(statusWrites, [], 'a completed learner is never set back to incomplete');
        await leave(p2);
        const again = await p2.evaluate(() => window.cmi());
        assert.equal(v.status(again), 'completed');
        assert.deepEqual(second.problems, []);
      } finally {
        await second.page.close();
        await second.server.close();
      }
    } finally {
      await first.page.close();
      await first.server.close();
    }
  });

  test(`SCORM ${version}: a run-time that refuses every call is reported and the page still trains`, async () => {
    const run = await lms(version, { refuse: true, query: '?autoplay=1' });
    try {
      const { page, frame } = run;
      await frame.locator('body[data-ready] #lanes .lane').first().waitFor();
      await page.waitForFunction(() => {
        const doc = document.querySelector('iframe').contentDocument;
        return /LMS/.test(doc?.getElementById('error-banner')?.textContent ?? '');
      }, null, { timeout: 10_000 });
      const banner = await frame.locator('#error-banner').textContent();
      assert.match(banner, /error \d+/, banner);
      await page.waitForFunction(() => {
        const t = document.querySelector('iframe').contentDocument.getElementById('counter').textContent;
        return Number(/(\d+)/.exec(t)[1]) > 200;
      }, null, { timeout: 20_000 });
      // Nothing thrown out of the page (scorm-again logs its refusals; that is the run-time's).
      assert.deepEqual(run.problems.filter((p) => !/scorm|SCORM|API/.test(p)), []);
    } finally {
      await run.page.close();
      await run.server.close();
    }
  });
}

test('SCORM 1.2: damaged saved state or a run-time without its methods: a notice, and the page works from defaults', async () => {
  const damaged = await lms('1.2', { previous: { core: { lesson_status: 'incomplete', entry: 'resume' }, suspend_data: 'op1~12~v=1&lanes=abc&noise=0.3' } });
  try {
    const { page, frame } = damaged;
    await frame.locator('body[data-ready] #lanes .lane').first().waitFor();
    await page.waitForTimeout(300);
    assert.equal(await frame.locator('#noise').inputValue(), '0.3', 'what could be read came back');
    assert.match(await frame.locator('#error-banner').textContent(), /lanes=abc/);
  } finally {
    await damaged.page.close();
    await damaged.server.close();
  }
  const garbage = await lms('1.2', { previous: { core: { lesson_status: 'incomplete', entry: 'resume' }, suspend_data: '%%not ours%%' } });
  try {
    const { page, frame } = garbage;
    await frame.locator('body[data-ready] #lanes .lane').first().waitFor();
    await page.waitForTimeout(300);
    assert.match(await frame.locator('#error-banner').textContent(), /saved state is not one this page wrote; the page starts afresh/);
    await frame.locator('[data-action=epoch]').click();
    assert.ok(await stepOf(frame) > 0, 'the page trains');
  } finally {
    await garbage.page.close();
    await garbage.server.close();
  }
  const lacking = await lms('1.2', { strip: ['LMSCommit'] });
  try {
    const { frame } = lacking;
    await frame.locator('body[data-ready] #lanes .lane').first().waitFor();
    assert.match(await frame.locator('#error-banner').textContent(), /lacks LMSCommit: the activity works, but nothing is recorded/);
    await frame.locator('[data-action=epoch]').click();
    assert.ok(await stepOf(frame) > 0, 'the page trains');
  } finally {
    await lacking.page.close();
    await lacking.server.close();
  }
});

/**
 * The sample course (tests/course: two lessons, two challenges of 5 points), packed as `make
 * scorm COURSE=tests/course` packs it. The learner fails one challenge and solves the other:
 * the LMS records the score, each challenge as an objective, passed or failed; a relaunch shows
 * the same and a later failure never lowers the score.
 */
for (const [version, v] of Object.entries(VERSIONS)) {
  const objective = (cmi, id) => {
    const list = Object.values(cmi.objectives ?? {});
    const found = list.find((o) => o.id === id);
    assert.ok(found, `objective ${id} in ${JSON.stringify(cmi.objectives)}`);
    return found;
  };
  const score = (cmi) => (version === '1.2' ? cmi.core.score : cmi.score);
  const success = (cmi) => (version === '1.2' ? cmi.core.lesson_status : cmi.success_status);
  const objectiveStatus = (o) => (version === '1.2' ? o.status : o.success_status);

  test(`SCORM ${version}: a course's challenges are checked on the page and graded in the LMS`, async () => {
    const first = await lms(version, { dir: 'scorm-course' });
    let cmi;
    try {
      const { page, frame } = first;
      await frame.locator('#lesson-step-size').waitFor();
      assert.equal(await frame.locator('#lessons details').count(), 2, 'the course\'s two lessons');
      // Open the first lesson: only its free field stays editable.
      await frame.locator('#lesson-step-size summary').click();
      await frame.locator('#lesson-step-size a[data-lesson]').click();
      await frame.locator('#locked-step-size').waitFor({ state: 'visible' });
      assert.equal(await frame.locator('[data-field="lane.0.param.lr"]').isEnabled(), true, 'the free field');
      assert.equal(await frame.locator('#scale').isEnabled(), false, 'a fixed field');
      // The momentum challenge as it stands (this page has no momentum): not yet.
      await frame.locator('#lesson-momentum summary').click();
      await frame.locator('[data-check="momentum"]').click();
      await frame.locator('#verdict-momentum', { hasText: 'Not yet' }).waitFor({ timeout: 20_000 });
      // The step-size challenge with a better rate: passed.
      await frame.locator('[data-field="lane.0.param.lr"]').fill('0.15');
      await frame.locator('[data-field="lane.0.param.lr"]').press('Tab');
      await frame.locator('[data-check="step-size"]').click();
      await frame.locator('#verdict-step-size', { hasText: 'Passed' }).waitFor({ timeout: 20_000 });
      assert.equal(await frame.locator('#passed-step-size').isVisible(), true);
      assert.equal(await frame.locator('#passed-momentum').isVisible(), false);
      assert.match(await frame.locator('#challenge-score').textContent(), /5 of 10 points, 1 of 2 passed/);
      await page.screenshot({ path: join(SHOTS, `lms-course-scorm${version.replace('.', '')}.png`) });
      cmi = await page.evaluate(() => window.cmi());
      assert.deepEqual([score(cmi).raw, score(cmi).min, score(cmi).max].map(Number), [5, 0, 10]);
      if (version === '2004') assert.equal(Number(cmi.score.scaled), 0.5);
      assert.equal(success(cmi), 'failed', 'one of two challenges passed');
      assert.equal(objectiveStatus(objective(cmi, 'step-size')), 'passed');
      assert.equal(Number(objective(cmi, 'step-size').score.raw), 5);
      assert.equal(objectiveStatus(objective(cmi, 'momentum')), 'failed');
      const results = (await page.evaluate(() => window.messages)).filter((m) => m?.type === 'result');
      assert.deepEqual(results.map((r) => [r.challenge, r.passed, r.points]), [['momentum', false, 0], ['step-size', true, 5]]);
      assert.ok(results[1].step > 0 && results[1].step <= 60 && results[1].figures.best <= 1e-6, JSON.stringify(results[1]));
      assert.deepEqual(results[1].score, { raw: 5, max: 10 });
      await leave(page);
      cmi = await page.evaluate(() => window.cmi());
      assert.deepEqual(first.problems, []);
    } finally {
      await first.page.close();
      await first.server.close();
    }

    // Relaunch with what the LMS kept: the passed challenge shows, the other does not; a
    // failed check afterwards never lowers the score.
    const previous = version === '1.2'
      ? { core: { lesson_status: cmi.core.lesson_status, entry: 'resume', score: cmi.core.score }, suspend_data: cmi.suspend_data }
      : { completion_status: cmi.completion_status, success_status: cmi.success_status, entry: 'resume', score: cmi.score, suspend_data: cmi.suspend_data };
    const second = await lms(version, { dir: 'scorm-course', previous });
    try {
      const { page, frame } = second;
      await frame.locator('#lesson-step-size').waitFor();
      await frame.locator('#passed-step-size').waitFor({ state: 'visible' });
      assert.equal(await frame.locator('#passed-momentum').isVisible(), false);
      assert.match(await frame.locator('#challenge-score').textContent(), /5 of 10 points/);
      await frame.locator('#lesson-momentum summary').click();
      await frame.locator('[data-check="momentum"]').click();
      await frame.locator('#verdict-momentum', { hasText: 'Not yet' }).waitFor({ timeout: 20_000 });
      const again = await page.evaluate(() => window.cmi());
      assert.equal(Number(score(again).raw), 5, 'the score is never lowered');
      assert.equal(success(again), 'failed');
      assert.equal(objectiveStatus(objective(again, 'step-size')), 'passed');
      assert.deepEqual(second.problems, []);
    } finally {
      await second.page.close();
      await second.server.close();
    }
  });
}
