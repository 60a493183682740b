// The SCORM package (`make scorm`, also built by `make test`): unpacked and checked, then run
// inside a fake LMS that provides SCORM 1.2's API object.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { unzip } from './zip.mjs';
import { serve } from './serve.mjs';
import { launch, watch } from './browser.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const PACKAGE = join(ROOT, 'target', 'scorm', 'optimizer-playground-scorm.zip');
const SHOTS = join(ROOT, 'target', 'e2e');

test('the SCORM package has a valid manifest and a launch file that loads its code', () => {
  const files = unzip(readFileSync(PACKAGE));
  const manifest = files.get('imsmanifest.xml')?.toString('utf8');
  assert.ok(manifest, 'imsmanifest.xml at the root');
  assert.match(manifest, /<schema>ADL SCORM<\/schema>\s*<schemaversion>1\.2<\/schemaversion>/);
  assert.match(manifest, /<organizations default="org">/);
  assert.match(manifest, /<item identifier="item" identifierref="playground">/);
  const resource = /<resource identifier="playground" type="webcontent" adlcp:scormtype="sco" href="([^"]+)">/.exec(manifest);
  assert.ok(resource, 'one SCO resource');
  assert.equal(resource[1], 'index.html');
  const listed = [...manifest.matchAll(/<file href="([^"]+)"\/>/g)].map((m) => m[1]);
  const packed = [...files.keys()].filter((n) => n !== 'imsmanifest.xml');
  assert.deepEqual([...listed].sort(), [...packed].sort(), 'the manifest lists exactly the packed files');
  const launch = files.get('index.html').toString('utf8');
  const refs = [...launch.matchAll(/(?:href|src)="\.?\/?([^"#?]+\.(?:js|wasm|css|svg))"/g)].map((m) => m[1]);
  assert.ok(refs.some((r) => r.endsWith('.js')), 'the launch file loads the script');
  for (const ref of refs) assert.ok(files.has(ref), `${ref} is in the package`);
  assert.ok([...files.keys()].some((n) => n.endsWith('.wasm')));
  assert.ok(!/https?:\/\//.test(launch.replace(/xmlns="[^"]*"/g, '')), 'no absolute URL: nothing from the network');
});

test('inside an LMS the activity reports completed after 100 steps', async () => {
  // The LMS page and the unpacked activity share an origin, as in a real LMS.
  const root = mkdtempSync(join(tmpdir(), 'op-lms-'));
  for (const [name, data] of unzip(readFileSync(PACKAGE))) {
    const path = join(root, 'activity', name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, data);
  }
  writeFileSync(join(root, 'lms.html'), `<!doctype html><html><head><meta charset="utf-8"><title>LMS</title>
<link rel="icon" href="data:,"></head><body>
<script>
  window.calls = [];
  window.API = {
    LMSInitialize: (a) => { calls.push(['LMSInitialize', a]); return 'true'; },
    LMSSetValue: (k, v) => { calls.push(['LMSSetValue', k, v]); return 'true'; },
    LMSGetValue: (k) => '',
    LMSCommit: (a) => { calls.push(['LMSCommit', a]); return 'true'; },
    LMSFinish: (a) => { calls.push(['LMSFinish', a]); return 'true'; },
    LMSGetLastError: () => '0', LMSGetErrorString: () => '', LMSGetDiagnostic: () => '',
  };
</script>
<iframe src="activity/index.html#v=1&autoplay=true&speed=20" width="1100" height="700" title="activity"></iframe>
</body></html>`);
  const server = await serve(root, '/lms/');
  const browser = await launch();
  try {
    const page = await browser.newPage();
    const problems = watch(page);
    await page.goto(`${server.url}lms.html`, { waitUntil: 'load' });
    await page.waitForFunction(
      () => window.calls.some((c) => c[1] === 'cmi.core.lesson_status' && c[2] === 'completed'), null, { timeout: 20_000 });
    const calls = await page.evaluate(() => window.calls);
    assert.deepEqual(calls[0], ['LMSInitialize', '']);
    assert.deepEqual(calls[1], ['LMSSetValue', 'cmi.core.lesson_status', 'incomplete']);
    assert.ok(calls.some((c) => c[0] === 'LMSCommit'));
    assert.equal(calls.filter((c) => c[2] === 'completed').length, 1, 'completed once');
    await page.screenshot({ path: join(SHOTS, 'lms-activity.png') });
    assert.deepEqual(problems, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
