// The page's size goal, held in `make test`: the release Wasm at most 250 KiB gzipped (node's
// zlib at level 9, as `make bench` reports it), so the next feature that crosses it is seen.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { DIST } from './browser.mjs';

const LIMIT = 250 * 1024;

test('the page\'s Wasm is at most 250 KiB gzipped', () => {
  const file = readdirSync(DIST).find((n) => n.endsWith('.wasm'));
  assert.ok(file, 'no Wasm in dist/: build first');
  const size = gzipSync(readFileSync(join(DIST, file)), { level: 9 }).length;
  console.log(`# the Wasm: ${size} bytes gzipped, ${LIMIT - size} under the limit`);
  assert.ok(size <= LIMIT, `${size} bytes gzipped, over the limit of ${LIMIT} by ${size - LIMIT}`);
});
