#!/usr/bin/env node
/**
 * npm run bench: the built app's benchmark page (dist/bench.html) in headless Chromium, served by
 * `vite preview` with the cross-origin isolation headers (so the wasm backend runs threads).
 * Prints one JSON line per measurement, then a table; writes bench-results/latest.json.
 *
 * `--quick` (or BENCH_QUICK=1): a short run for development (about 2-3 minutes): 1 s per steps/s
 * figure, two of the three training sizes, 1,000 memory steps, one brush stroke at 20,000 points.
 *
 * Env: BENCH_PORT (4300), CHROMIUM_PATH, BENCH_MEMORY_STEPS (20000), BENCH_SECONDS (4),
 *      BENCH_ONLY (comma list of: load, render, brush, page, fit, wasm, wasm-train, webgpu, images; and density, flows, not in the default run), BENCH_TIMEOUT_S (1500; 400 quick).
 *      images: flow matching on 16 x 16 digits (src/bench/images.worker.ts) on wasm: training steps/s and
 *      kernels/step at batch 256 for 3 x 512 and 3 x 256 (BENCH_IMAGE_SIZES, e.g. "3x512,3x256"), memory
 *      (tensors, bytes) before/after BENCH_IMAGE_MEMORY_STEPS (5000; 300 quick) steps at BENCH_IMAGE_MEMORY_SIZE
 *      (3x64: the same step and kernels as the big nets, 5,000 steps in well under a minute), and
 *      the training seconds until 64 guided samples are recognisable (> 80 % nearest-class-mean agreement),
 *      at most BENCH_IMAGE_RECOGNISE_S (180; 60 quick) each; then the same speed figures on WebGPU when a real
 *      (not software) adapter exists, else a record saying there is no real adapter.
 *      flows: flow matching vs the maximum-likelihood CNF (RK4 x 8) and RealNVP (K = 8) in Node on wasm, one
 *      thread (scripts/flows-cost.mjs, not the page's worker): CPU ms per training step at batch 256 on
 *      gaussian -> moons, the ratio to flow matching, network evaluations per step, and the held-out NLL
 *      each reaches in BENCH_FLOWS_SECONDS (10; 4 quick) of training.
 *      wasm-train: the wasm training rows only (kernels/step and steps/s of product and naive per size).
 *      BENCH_OPS_BACKWARD=1: also time the product with its previous backward in tfjs ops (before/after),
 *      interleaved in ~250 ms chunks with the product and the naive loop (ratios that hold under load).
 * It always exits: a watchdog ends a run that overstays, and the preview server's whole process
 * group is stopped on the way out.
 */
import { spawn, spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { chromium } from '@playwright/test';
import { chromiumPath as executablePath, quietFlags } from './chromium.mjs';
import { firstLoadBytes, timeToInteractive } from './first-load.mjs';

const quick = process.argv.includes('--quick') || process.env.BENCH_QUICK === '1';
const port = Number(process.env.BENCH_PORT ?? process.env.E2E_PORT ?? 4300);
const memorySteps = Number(process.env.BENCH_MEMORY_STEPS ?? (quick ? 1000 : 20000));
const seconds = Number(process.env.BENCH_SECONDS ?? (quick ? 1 : 4));
const timeoutS = Number(process.env.BENCH_TIMEOUT_S ?? (quick ? 400 : 1500));
const started = Date.now();
const elapsed = () => `${((Date.now() - started) / 1000).toFixed(0)} s`;
const progress = (m) => console.error(`# [${elapsed()}] ${m}`);
const only = process.env.BENCH_ONLY ? process.env.BENCH_ONLY.split(',') : ['load', 'render', 'brush', 'page', 'fit', 'wasm', 'webgpu', 'images'];
const base = `http://127.0.0.1:${port}`;
const records = [];
const emit = (r) => {
  records.push(r);
  console.log(JSON.stringify(r));
};

async function waitForServer(url, ms) {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer at ${url}`);
}

// vite itself (not through npx, whose child would outlive a kill), in a process group of its own.
const viteBin = fileURLToPath(new URL('../node_modules/vite/bin/vite.js', import.meta.url));
const server = spawn(process.execPath, [viteBin, 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1'], { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
let serverOut = '';
server.stdout.on('data', (d) => (serverOut += d));
server.stderr.on('data', (d) => (serverOut += d));
const stopServer = () => {
  if (server.exitCode !== null || server.signalCode !== null) return;
  try {
    process.kill(-server.pid, 'SIGTERM');
  } catch {
    server.kill('SIGTERM');
  }
};
process.on('exit', stopServer);
let browser;
const watchdog = setTimeout(() => {
  console.error(`# the bench ran past ${timeoutS} s (BENCH_TIMEOUT_S): stopping with what it has`);
  stopServer();
  void browser?.close().catch(() => {});
  process.exit(2);
}, timeoutS * 1000);
watchdog.unref();
progress(`${quick ? 'quick' : 'full'} run: ${only.join(', ')}`);

try {
  await waitForServer(`${base}/bench.html`, 30_000);
  browser = await chromium.launch({ executablePath, args: ['--enable-unsafe-webgpu', ...quietFlags] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
  page.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' || process.env.BENCH_VERBOSE) console.error(`[console] ${m.text()}`);
  });
  await page.exposeFunction('benchLog', (m) => {
    if (!m.startsWith('{')) progress(m);
  });
  await page.goto(`${base}/bench.html`);
  await page.waitForFunction(() => 'flowBench' in window);
  const env = await page.evaluate(() => ({ crossOriginIsolated: window.crossOriginIsolated, userAgent: navigator.userAgent, cores: navigator.hardwareConcurrency }));
  emit({ metric: 'environment', backend: 'browser', value: null, unit: '', ...env, hostCpus: cpus().length, hostCpuModel: cpus()[0]?.model });
  if (!env.crossOriginIsolated) console.error('# warning: the page is not cross-origin isolated: wasm runs without threads');

  if (only.includes('load')) {
    progress('first load');
    for (const r of firstLoadBytes()) emit(r);
    emit(await timeToInteractive(browser, base, 3));
  }
  if (only.includes('render')) progress('render');
  if (only.includes('render')) for (const r of await page.evaluate(() => window.flowBench.render())) emit(r);
  if (only.includes('brush')) {
    progress('brush');
    // The whole app mounts into the page: a page of its own, in a browser without GPU (a laptop
    // without one: canvases draw in software on the page's own thread, where a user feels it).
    const noGpu = await chromium.launch({ executablePath, args: ['--disable-gpu', ...quietFlags] });
    try {
      const app = await noGpu.newPage({ viewport: { width: 1280, height: 800 } });
      app.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
      await app.goto(`${base}/bench.html?source=gaussian:-3,0,0.5`);
      await app.waitForFunction(() => 'flowBench' in window);
      const brushReq = quick ? { points: [20000], moves: 60 } : { points: [2000, 20000], moves: 120 };
      for (const r of await app.evaluate((req) => window.flowBench.brush(req), brushReq)) emit(r);
    } finally {
      await noGpu.close();
    }
  }
  if (only.includes('page')) {
    // The app training the default scene in the test browser (a fresh page: the app mounts into it).
    // Then forced WebGPU (here the SwiftShader software adapter): only its time to first progress
    // is read (every program compiles on the first step), never its speed.
    for (const [query, seconds] of [['', quick ? 4 : 8], ['?backend=webgpu', 60]]) {
      progress(`page${query}`);
      const app = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      try {
        app.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
        await app.goto(`${base}/bench.html${query}`);
        await app.waitForFunction(() => 'flowBench' in window);
        for (const r of await app.evaluate(([s, first]) => window.flowBench.trainingPage(s, first), [seconds, query !== ''])) {
          if (query === '' || r.metric === 'train_first_step_ms') emit(query ? { ...r, workload: `${r.workload}, forced (software adapter here)` } : r);
        }
      } finally {
        await app.close();
      }
    }
  }
  if (only.includes('fit')) {
    // Time to fit on the default scene: a fresh page per seed, the median over the seeds.
    const seeds = quick ? [1] : [1, 2, 3];
    const times = [];
    for (const seed of seeds) {
      progress(`time to fit, seed ${seed}`);
      const app = await browser.newPage({ viewport: { width: 1280, height: 800 } });
      try {
        app.on('pageerror', (e) => console.error(`[page error] ${e.message}`));
        await app.goto(`${base}/bench.html?seed=${seed}${process.env.BENCH_FIT_PARAMS ? `&${process.env.BENCH_FIT_PARAMS}` : ""}`);
        await app.waitForFunction(() => 'flowBench' in window);
        for (const r of await app.evaluate(() => window.flowBench.timeToFit(2, 30))) {
          emit(r);
          times.push(r.value ?? Infinity);
        }
      } finally {
        await app.close();
      }
    }
    const sorted = [...times].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1];
    emit({ metric: 'time_to_fit_median_s', backend: 'wasm', workload: `default scene, sliced W2 <= 2x its floor, median of ${seeds.length} seeds`, value: Number.isFinite(median) ? median : null, unit: 's', runs: times.map((t) => (Number.isFinite(t) ? t : null)) });
  }
  if (only.includes('wasm') || only.includes('wasm-train')) {
    progress('wasm');
    const trainOnly = !only.includes('wasm');
    const withOpsBackward = process.env.BENCH_OPS_BACKWARD === '1';
    for (const r of await page.evaluate((req) => window.flowBench.worker(req), { type: 'run', backend: 'wasm', mode: quick ? 'quick' : 'full', memorySteps, seconds, trainOnly, withOpsBackward })) emit(r);
  }
  if (only.includes('density')) {
    progress('density');
    for (const r of await page.evaluate((req) => window.flowBench.worker(req), { type: 'run', backend: 'wasm', mode: 'density', memorySteps, seconds })) emit(r);
  }
  if (only.includes('flows')) {
    const raceS = Number(process.env.BENCH_FLOWS_SECONDS ?? (quick ? 4 : 10));
    progress(`flows (Node wasm: step cost, then ${raceS} s of training each)`);
    const r = spawnSync(process.execPath, ['scripts/flows-cost.mjs', 'wasm', quick ? '2' : '3', 'race', String(raceS), '--json'], { encoding: 'utf8', timeout: 600_000 });
    if (r.status !== 0) throw new Error(`flows-cost.mjs failed (${r.status}): ${r.stderr}`);
    for (const line of r.stdout.split('\n')) if (line.startsWith('{')) emit(JSON.parse(line));
  }
  if (only.includes('webgpu')) {
    progress('webgpu');
    const gpu = await page.evaluate(() => window.flowBench.probeGpu());
    emit({ metric: 'webgpu_adapter', backend: 'webgpu', value: null, unit: '', ...gpu });
    if (!gpu.available) {
      emit({ metric: 'webgpu_unmeasured', backend: 'webgpu', value: null, unit: '', note: 'no WebGPU adapter: GPU timings are unmeasured on this machine' });
    } else {
      const mode = gpu.software ? 'count' : quick ? 'quick' : 'full';
      if (gpu.software) {
        emit({
          metric: 'webgpu_unmeasured',
          backend: 'webgpu',
          value: null,
          unit: '',
          note: `the WebGPU adapter is a software fallback (${gpu.description}): GPU timings are unmeasured on this machine; kernels are counted only`,
        });
      }
      for (const r of await page.evaluate((req) => window.flowBench.worker(req), { type: 'run', backend: 'webgpu', mode, memorySteps, seconds })) emit(r);
    }
  }
  if (only.includes('images')) {
    const sizes = (process.env.BENCH_IMAGE_SIZES ?? '3x512,3x256').split(',').map((s) => {
      const [hiddenLayers, width] = s.split('x').map(Number);
      return { hiddenLayers, width };
    });
    const [memLayers, memWidth] = (process.env.BENCH_IMAGE_MEMORY_SIZE ?? '3x64').split('x').map(Number);
    const req = {
      type: 'images',
      backend: 'wasm',
      seconds,
      memorySteps: Number(process.env.BENCH_IMAGE_MEMORY_STEPS ?? (quick ? 300 : 5000)),
      memorySize: { hiddenLayers: memLayers, width: memWidth },
      recogniseSeconds: Number(process.env.BENCH_IMAGE_RECOGNISE_S ?? (quick ? 60 : 180)),
      sizes,
    };
    progress(`images on wasm (${sizes.map((s) => `${s.hiddenLayers}x${s.width}`).join(', ')}; memory over ${req.memorySteps} steps at ${memLayers}x${memWidth}; up to ${req.recogniseSeconds} s to recognisable digits each)`);
    for (const r of await page.evaluate((q) => window.flowBench.images(q), req)) emit(r);
    const gpu = await page.evaluate(() => window.flowBench.probeGpu());
    if (gpu.available && !gpu.software) {
      progress('images on webgpu');
      for (const r of await page.evaluate((q) => window.flowBench.images(q), { ...req, backend: 'webgpu', memorySteps: 0, recogniseSeconds: 0 })) emit(r);
    } else {
      emit({ metric: 'images_webgpu_unmeasured', backend: 'webgpu', value: null, unit: '', note: gpu.available ? `no real adapter (a software fallback: ${gpu.description}): WebGPU programs per step unmeasured` : 'no real adapter (no WebGPU adapter at all): WebGPU programs per step unmeasured' });
    }
  }
} catch (e) {
  console.error(e);
  if (serverOut) console.error(serverOut);
  process.exitCode = 1;
} finally {
  await browser?.close();
  stopServer();
}

// The readable table.
const fmt = (v) => (v === null || v === undefined ? '-' : typeof v === 'number' ? (v !== 0 && Math.abs(v) < 0.01 ? v.toExponential(1) : Math.abs(v) >= 100 ? v.toFixed(0) : Math.abs(v) >= 10 ? v.toFixed(1) : v.toFixed(2)) : String(v));
const rows = records.filter((r) => r.value !== null && r.metric !== 'environment');
const lines = [];
lines.push('| backend | metric | workload | value | unit |', '| --- | --- | --- | ---: | --- |');
for (const r of rows) lines.push(`| ${r.backend} | ${r.metric} | ${r.workload ?? ''} | ${fmt(r.value)} | ${r.unit} |`);
for (const r of records.filter((x) => x.metric === 'webgpu_unmeasured' || x.metric === 'images_webgpu_unmeasured')) lines.push(`| webgpu | (timings) | | unmeasured | ${r.note} |`);
console.log(`\n${lines.join('\n')}`);

mkdirSync('bench-results', { recursive: true });
writeFileSync('bench-results/latest.json', JSON.stringify({ date: new Date().toISOString(), quick, records }, null, 2));
console.log(`\nwrote bench-results/latest.json (${elapsed()})`);
// Nothing may keep the process alive (a server pipe, a browser handle): exit with the run's status.
stopServer();
process.exit(process.exitCode ?? 0);
