// make bench: W1 (train), H1 (heatmap grids), W2 (scale) and W3 (the handwritten digits) for our
// engine in Wasm and natively,
// ConvNetJS and TensorFlow.js (CPU backend), in one run, engines alternating, several repetitions.
// Prints median, min and max per engine and figure, the ratios, our FLOP/s against a measured
// scalar ceiling and the page's gzipped size; writes target/bench/results.json.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const OUT = join(ROOT, 'target', 'bench');
const REPS = Number(process.env.BENCH_REPS ?? 5);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 0.6);

const ours = require(join(OUT, 'pkg', 'optimizer_playground.js'));
const NATIVE = join(ROOT, 'target', 'release', 'bench');
const convnetjs = require('convnetjs');
const tf = require('@tensorflow/tfjs');

// ------------------------------------------------------------------ the shared data
const triples = ours.bench_w1_points();
const POINTS = [];
for (let i = 0; i < triples.length; i += 3) POINTS.push([triples[i], triples[i + 1], triples[i + 2] === 1 ? 1 : -1]);
// The same mini-batch order for the JS engines: the points in a fixed shuffled order.
let seed = 42;
const rand = () => ((seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648);
const ORDER = POINTS.map((_, i) => i).sort(() => rand() - 0.5);
const GRID = [];
for (let j = 0; j < 100; j++) for (let i = 0; i < 100; i++) GRID.push([-6 + 12 * (i + 0.5) / 100, 6 - 12 * (j + 0.5) / 100]);
const FLOPS_W1 = 6 * (2 * 8 + 8 * 8 + 8 * 1); // per training example
// W3: the digits' training part (pixels / 16, the fixed split) as our engine reads it, so every
// engine trains on the same examples.
const DIGIT_BYTES = readFileSync(join(ROOT, 'www', 'data', 'digits.bin'));
const flat = ours.bench_w3_examples(DIGIT_BYTES);
const DIGITS = [];
for (let i = 0; i < flat.length; i += 65) DIGITS.push([flat.slice(i, i + 64), flat[i + 64]]);
const FLOPS_H1 = 10000 * 2 * (2 * 8 + 8 * 8 + 8 * 1); // per grid

/** Runs `work` (returning units done) for about SECONDS; units per second. */
function rate(work) {
  work(); // warm-up
  const start = performance.now();
  let units = 0;
  while (performance.now() - start < SECONDS * 1000) units += work();
  return units / ((performance.now() - start) / 1000);
}

// ------------------------------------------------------------------ engines
const engines = {
  'ours-wasm': {
    'W1-sgd': () => { const t = new ours.BenchTrainer('sgd', 0.03); return rate(() => t.train(500)); },
    'W1-adam': () => { const t = new ours.BenchTrainer('adam', 0.01); return rate(() => t.train(500)); },
    H1: () => { const t = new ours.BenchTrainer('sgd', 0.03); t.train(1000); return rate(() => { t.grid_pass(); return 1; }); },
    'W3-momentum': () => { const t = ours.BenchTrainer.w3(DIGIT_BYTES, 'momentum'); return rate(() => t.train(100)); },
    'W3-adam': () => { const t = ours.BenchTrainer.w3(DIGIT_BYTES, 'adam'); return rate(() => t.train(100)); },
  },
  'ours-native': Object.fromEntries(['W1-sgd', 'W1-adam', 'H1', 'W3-momentum', 'W3-adam'].map((w) => [w, () =>
    JSON.parse(execFileSync(NATIVE, [w, String(SECONDS)]).toString()).value])),
  convnetjs: {
    'W1-sgd': () => convnetW1({ method: 'sgd', learning_rate: 0.03, momentum: 0 }),
    'W1-adam': () => convnetW1({ method: 'adam', learning_rate: 0.01, beta1: 0.9, beta2: 0.999, eps: 1e-8 }),
    H1: () => {
      const net = convnetNet();
      const v = new convnetjs.Vol(1, 1, 2, 0);
      return rate(() => {
        for (const [x, y] of GRID) { v.w[0] = x; v.w[1] = y; net.forward(v, false); }
        return 1;
      });
    },
    'W3-momentum': () => convnetW3({ method: 'sgd', learning_rate: 0.01, momentum: 0.9 }),
    'W3-adam': () => convnetW3({ method: 'adam', learning_rate: 0.001, beta1: 0.9, beta2: 0.999, eps: 1e-8 }),
  },
  tfjs: {
    'W1-sgd': () => tfW1(tf.train.sgd(0.03)),
    'W1-adam': () => tfW1(tf.train.adam(0.01, 0.9, 0.999, 1e-8)),
    H1: () => {
      const model = tfModel();
      const grid = tf.tensor2d(GRID);
      const r = rate(() => { tf.tidy(() => model.predict(grid).dataSync()); return 1; });
      grid.dispose();
      return r;
    },
    'W3-momentum': () => tfW3(tf.train.momentum(0.01, 0.9)),
    'W3-adam': () => tfW3(tf.train.adam(0.001, 0.9, 0.999, 1e-8)),
  },
};

// W3: ConvNetJS's own trainer comparison network (its MNIST demo's optimizers, on the 8x8
// digits): 64 -> 20 -> 20 -> 10, ReLU, softmax, batch 8, L2 0.001.
function convnetW3(options) {
  const net = convnetMake(64, [20, 20], 'relu', { type: 'softmax', num_classes: 10 });
  const trainer = new convnetjs.Trainer(net, { batch_size: 8, l2_decay: 0.001, ...options });
  const v = new convnetjs.Vol(1, 1, 64, 0);
  let k = 0;
  return rate(() => {
    for (let n = 0; n < 800; n++) {
      const [pixels, label] = DIGITS[k];
      k = (k + 1) % DIGITS.length;
      for (let j = 0; j < 64; j++) v.w[j] = pixels[j];
      trainer.train(v, label);
    }
    return 800;
  });
}

function tfW3(optimizer) {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 20, activation: 'relu', inputShape: [64] }));
  model.add(tf.layers.dense({ units: 20, activation: 'relu' }));
  model.add(tf.layers.dense({ units: 10 }));
  const kernels = model.layers.map((l) => l.kernel.read());
  const batches = [];
  for (let b = 0; b + 8 <= DIGITS.length; b += 8) {
    const rows = DIGITS.slice(b, b + 8);
    batches.push([tf.tensor2d(rows.map((r) => Array.from(r[0]))), tf.oneHot(tf.tensor1d(rows.map((r) => r[1]), 'int32'), 10)]);
  }
  let k = 0;
  const r = rate(() => {
    for (let n = 0; n < 20; n++) {
      const [x, y] = batches[k];
      k = (k + 1) % batches.length;
      optimizer.minimize(() => tf.losses.softmaxCrossEntropy(y, model.predict(x))
        .add(tf.addN(kernels.map((w) => w.square().sum())).mul(0.0005)));
    }
    return 160;
  });
  for (const [x, y] of batches) { x.dispose(); y.dispose(); }
  return r;
}

// ConvNetJS has no tanh output under a squared loss: its `regression` layer is a linear unit
// with squared loss, the closest equivalent (said in the README).
const convnetNet = () => convnetMake(2, [8, 8], 'tanh', { type: 'regression', num_neurons: 1 });

/** A ConvNetJS network: `inputs` values, fully connected `hidden` layers, then `output`. */
function convnetMake(inputs, hidden, activation, output) {
  const net = new convnetjs.Net();
  net.makeLayers([
    { type: 'input', out_sx: 1, out_sy: 1, out_depth: inputs },
    ...hidden.map((n) => ({ type: 'fc', num_neurons: n, activation })),
    output,
  ]);
  return net;
}

function convnetW1(options) {
  const net = convnetNet();
  const trainer = new convnetjs.Trainer(net, { batch_size: 10, l2_decay: 0, ...options });
  const v = new convnetjs.Vol(1, 1, 2, 0);
  let k = 0;
  return rate(() => {
    for (let n = 0; n < 5000; n++) {
      const [x, y, t] = POINTS[ORDER[k]];
      k = (k + 1) % ORDER.length;
      v.w[0] = x; v.w[1] = y;
      trainer.train(v, [t]);
    }
    return 5000;
  });
}

function tfModel() {
  const model = tf.sequential();
  model.add(tf.layers.dense({ units: 8, activation: 'tanh', inputShape: [2] }));
  model.add(tf.layers.dense({ units: 8, activation: 'tanh' }));
  model.add(tf.layers.dense({ units: 1, activation: 'tanh' }));
  return model;
}

function tfW1(optimizer) {
  const model = tfModel();
  const batches = [];
  for (let b = 0; b < ORDER.length; b += 10) {
    const rows = ORDER.slice(b, b + 10).map((i) => POINTS[i]);
    batches.push([tf.tensor2d(rows.map((p) => [p[0], p[1]])), tf.tensor2d(rows.map((p) => [p[2]]))]);
  }
  let k = 0;
  const r = rate(() => {
    for (let n = 0; n < 10; n++) {
      const [x, y] = batches[k];
      k = (k + 1) % batches.length;
      optimizer.minimize(() => tf.losses.meanSquaredError(y, model.predict(x)));
    }
    return 100;
  });
  for (const [x, y] of batches) { x.dispose(); y.dispose(); }
  return r;
}

// ------------------------------------------------------------------ the run
await tf.setBackend('cpu');
const figures = {}; // workload -> engine -> [values]
const WORKLOADS = ['W1-sgd', 'W1-adam', 'H1', 'W3-momentum', 'W3-adam'];
const UNITS = { 'W1-sgd': 'examples/s', 'W1-adam': 'examples/s', H1: 'grids/s', W2: 'steps/s per lane', 'W3-momentum': 'examples/s', 'W3-adam': 'examples/s' };
for (let rep = 0; rep < REPS; rep++) {
  for (const w of WORKLOADS) {
    for (const [engine, run] of Object.entries(engines)) {
      ((figures[w] ??= {})[engine] ??= []).push(run[w]());
    }
  }
  process.stdout.write(`repetition ${rep + 1} of ${REPS} done\n`);
}
// W2 and its scaling table (ours only): steps per second per lane.
function w2Wasm(lanes, width, depth) {
  const trainers = Array.from({ length: lanes }, () => ours.BenchTrainer.w2(width, depth));
  return rate(() => { for (const t of trainers) t.train(10); return 10; });
}
const table = [];
for (const [lanes, width, depth] of [[1, 32, 4], [3, 32, 4], [6, 32, 4], [6, 8, 4], [6, 16, 4], [6, 32, 1], [6, 32, 2]]) {
  table.push({ lanes, width, depth, wasm: w2Wasm(lanes, width, depth) });
}
figures.W2 = {
  'ours-wasm': Array.from({ length: REPS }, () => w2Wasm(6, 32, 4)),
  'ours-native': Array.from({ length: REPS }, () =>
    JSON.parse(execFileSync(NATIVE, ['W2:6:32:4', String(SECONDS)]).toString()).value),
};
// Scalar ceilings.
const ceilingWasm = rate(() => ours.bench_ceiling(2_000_000));
const ceilingNative = JSON.parse(execFileSync(NATIVE, ['ceiling', String(SECONDS)]).toString()).value;

// ------------------------------------------------------------------ report
const stats = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[Math.floor(s.length / 2)], min: s[0], max: s.at(-1) };
};
const fmt = (x) => (x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : x >= 1e3 ? `${(x / 1e3).toFixed(1)} k` : x.toFixed(1));
const results = [];
console.log(`\n${REPS} repetitions of about ${SECONDS} s each, engines alternating; node ${process.version}\n`);
for (const [w, byEngine] of Object.entries(figures)) {
  console.log(`${w} (${UNITS[w]})`);
  for (const [engine, values] of Object.entries(byEngine)) {
    const s = stats(values);
    results.push({ workload: w, engine, unit: UNITS[w], ...s });
    console.log(`  ${engine.padEnd(12)} median ${fmt(s.median).padStart(9)}  min ${fmt(s.min).padStart(9)}  max ${fmt(s.max).padStart(9)}`);
  }
  // Against a peer: the median of per-repetition ratios (ours and the peer ran back to back
  // in each repetition, so a slow phase of the shared machine hits both), with its spread.
  const wasm = byEngine['ours-wasm'];
  for (const other of Object.keys(byEngine).filter((e) => e !== 'ours-wasm')) {
    const r = stats(wasm.map((v, i) => v / byEngine[other][i]));
    results.push({ workload: w, ratio: `ours-wasm/${other}`, ...r });
    console.log(`  ours-wasm / ${other}: ${r.median.toFixed(2)}x (median of ${wasm.length} paired runs; min ${r.min.toFixed(2)}x, max ${r.max.toFixed(2)}x)`);
  }
}
const frac = (w, engine, per, ceiling) => (stats(figures[w][engine]).median * per) / ceiling;
console.log(`\nscalar ceiling: Wasm ${fmt(ceilingWasm)}FLOP/s, native ${fmt(ceilingNative)}FLOP/s`);
for (const w of ['W1-sgd', 'W1-adam']) {
  console.log(`${w}: Wasm at ${(100 * frac(w, 'ours-wasm', FLOPS_W1, ceilingWasm)).toFixed(1)}% of its ceiling, native at ${(100 * frac(w, 'ours-native', FLOPS_W1, ceilingNative)).toFixed(1)}%`);
}
console.log(`H1: Wasm at ${(100 * frac('H1', 'ours-wasm', FLOPS_H1, ceilingWasm)).toFixed(1)}% of its ceiling`);
console.log('\nW2 scaling, Wasm, steps/s per lane:');
for (const r of table) console.log(`  ${r.lanes} lanes of 2 → ${Array(r.depth).fill(r.width).join(' → ')} → 1: ${fmt(r.wasm)}`);

// Size of what a learner downloads (the catalogs and lessons in dist/'s folders too).
const dist = join(ROOT, 'dist');
let distGz = 0;
let wasmGz = 0;
const walk = (dir) => {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      walk(path);
      continue;
    }
    const gz = gzipSync(readFileSync(path), { level: 9 }).length;
    distGz += gz;
    if (name.endsWith('.wasm')) wasmGz += gz;
  }
};
walk(dist);
console.log(`\nsize, gzipped: Wasm ${(wasmGz / 1024).toFixed(1)} KiB, whole dist/ ${(distGz / 1024).toFixed(1)} KiB`);

mkdirSync(OUT, { recursive: true });
writeFileSync(join(OUT, 'results.json'), JSON.stringify(results, null, 2));
writeFileSync(join(OUT, 'extra.json'), JSON.stringify({ ceilingWasm, ceilingNative, w2Table: table, wasmGz, distGz }, null, 2));
console.log(`\nwritten: ${join(OUT, 'results.json')}`);
