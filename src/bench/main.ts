/**
 * The benchmark page (bench.html): renders on the page with the app's StageRenderer, and runs the
 * training / sampling benchmarks in a module Worker like the app does. scripts/bench.mjs drives it
 * through window.flowBench and receives records through window.benchReport (when exposed).
 */
import { parsePreset, samplePreset } from '../core/presets';
import { DEFAULT_LAYERS } from '../core/layers';
import { StageRenderer } from '../view/stageRenderer';
import type { Snapshot } from '../worker/protocol';
import type { BenchRecord, BenchRequest, FromBench, ImagesBenchRequest } from './protocol';
import type { BrushBenchOptions } from './brushBench';

declare global {
  interface Window {
    benchReport?: (r: BenchRecord) => void;
    benchLog?: (m: string) => void;
    flowBench: {
      probeGpu(): Promise<{ available: boolean; software: boolean; description: string | null }>;
      render(opts?: { frames?: number; particles?: number; grid?: number }): Promise<BenchRecord[]>;
      worker(req: BenchRequest): Promise<BenchRecord[]>;
      images(req: ImagesBenchRequest): Promise<BenchRecord[]>;
      brush(opts: BrushBenchOptions): Promise<BenchRecord[]>;
      trainingPage(seconds: number, untilFirstStep?: boolean): Promise<BenchRecord[]>;
      timeToFit(factor: number, maxSeconds: number): Promise<BenchRecord[]>;
    };
  }
}

const logEl = document.getElementById('log')!;
function log(m: string): void {
  logEl.textContent += `${m}\n`;
  window.benchLog?.(m);
}
function report(r: BenchRecord, into: BenchRecord[]): void {
  into.push(r);
  log(JSON.stringify(r).slice(0, 200));
  window.benchReport?.(r);
}

interface AdapterLike {
  isFallbackAdapter?: boolean;
  info?: { vendor?: string; architecture?: string; description?: string; isFallbackAdapter?: boolean };
}

async function probeGpu(): Promise<{ available: boolean; software: boolean; description: string | null }> {
  const gpu = (navigator as unknown as { gpu?: { requestAdapter(o?: object): Promise<AdapterLike | null> } }).gpu;
  if (!gpu) return { available: false, software: false, description: null };
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' }).catch(() => null);
  if (!adapter) return { available: false, software: false, description: null };
  const info = adapter.info ?? {};
  const description = [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'unknown GPU';
  const software = adapter.isFallbackAdapter === true || info.isFallbackAdapter === true || /swiftshader|llvmpipe|software/i.test(description);
  return { available: true, software, description };
}

/** A snapshot like the worker's: smooth curved trajectories from a Gaussian onto two moons, and a field grid. */
function syntheticSnapshot(particles: number, steps: number, grid: number): Snapshot {
  const x0 = samplePreset(parsePreset('gaussian'), particles, 21);
  const x1 = samplePreset(parsePreset('moons'), particles, 22);
  const stride = 2 * (steps + 1);
  const trajectories = new Float32Array(particles * stride);
  for (let i = 0; i < particles; i++) {
    for (let k = 0; k <= steps; k++) {
      const t = k / steps;
      const bend = 0.8 * Math.sin(Math.PI * t);
      const ax = x0[2 * i];
      const ay = x0[2 * i + 1];
      const bx = x1[2 * i];
      const by = x1[2 * i + 1];
      trajectories[i * stride + 2 * k] = (1 - t) * ax + t * bx - bend * (by - ay) * 0.1;
      trajectories[i * stride + 2 * k + 1] = (1 - t) * ay + t * by + bend * (bx - ax) * 0.1;
    }
  }
  const times = 21;
  const fieldTimes = new Float32Array(times).map((_, i) => i / (times - 1));
  const field = new Float32Array(times * grid * grid * 2);
  const extent = 6;
  for (let k = 0; k < times; k++) {
    const t = fieldTimes[k];
    for (let r = 0; r < grid; r++) {
      for (let c = 0; c < grid; c++) {
        const x = -extent + ((c + 0.5) * 2 * extent) / grid;
        const y = -extent + ((r + 0.5) * 2 * extent) / grid;
        const o = 2 * ((k * grid + r) * grid + c);
        field[o] = Math.sin(0.5 * y + 2 * t) * 2 - 0.3 * x;
        field[o + 1] = Math.cos(0.5 * x - t) * 2 - 0.3 * y;
      }
    }
  }
  return {
    step: 1000,
    trajectories,
    particles,
    steps,
    solver: 'euler',
    field,
    fieldTimes,
    gridSize: grid,
    gridExtent: extent,
    fit: 0.1,
    fitFloor: 0.05,
    fitFloorSpread: 0.01,
    timings: { integrateMs: 0, fieldMs: 0, fitMs: 0 },
  };
}

function stats(xs: number[]): { median: number; p95: number; mean: number } {
  const s = [...xs].sort((a, b) => a - b);
  return { median: s[s.length >> 1], p95: s[Math.min(s.length - 1, Math.floor(0.95 * s.length))], mean: xs.reduce((a, b) => a + b, 0) / xs.length };
}

async function render(opts: { frames?: number; particles?: number; grid?: number } = {}): Promise<BenchRecord[]> {
  const frames = opts.frames ?? 300;
  const particles = opts.particles ?? 5000;
  const grid = opts.grid ?? 32;
  const out: BenchRecord[] = [];
  // The app's stage at a 1280x800 viewport: min(width, 100vh - 170px) = 630 CSS px square.
  const size = Math.max(200, Math.min(window.innerWidth - 32, window.innerHeight - 170));
  const stage = document.getElementById('stage')!;
  stage.style.width = `${size}px`;
  stage.style.height = `${size}px`;
  const [clouds, trails, frame] = [0, 1, 2].map(() => stage.appendChild(document.createElement('canvas')));
  const renderer = new StageRenderer({ clouds, trails, frame });
  renderer.resize(size);
  renderer.setClouds(samplePreset(parsePreset('gaussian'), 2000, 1), samplePreset(parsePreset('moons'), 2000, 2));
  renderer.setLayers({ ...DEFAULT_LAYERS });
  const snap = syntheticSnapshot(particles, 50, grid);
  const flush = (c: HTMLCanvasElement) => c.getContext('2d')!.getImageData(0, 0, 1, 1);
  // One-off: a new snapshot redraws the trails layer (and ranks the field's speeds).
  const trailMs: number[] = [];
  const trailFlushMs: number[] = [];
  for (let i = 0; i < 12; i++) {
    const t0 = performance.now();
    renderer.setSnapshot(snap);
    const t1 = performance.now();
    flush(trails);
    trailMs.push(t1 - t0);
    trailFlushMs.push(performance.now() - t0);
  }
  const label = `${particles} particles, trails, ${grid}x${grid} arrows, ${size}px stage (1280x800 viewport, dpr ${window.devicePixelRatio})`;
  report({ metric: 'render_trails_ms', backend: 'canvas2d', workload: label, value: stats(trailMs.slice(2)).median, unit: 'ms', withRasterFlush: stats(trailFlushMs.slice(2)).median }, out);
  // drawFrame every animation frame, like the app's clock.
  const draw: number[] = [];
  const frameGap: number[] = [];
  await new Promise<void>((resolve) => {
    let n = 0;
    let last = 0;
    const tick = (now: number) => {
      const t = (n % 180) / 180;
      const t0 = performance.now();
      renderer.drawFrame(t);
      draw.push(performance.now() - t0);
      if (last) frameGap.push(now - last);
      last = now;
      n += 1;
      if (n < frames) requestAnimationFrame(tick);
      else resolve();
    };
    requestAnimationFrame(tick);
  });
  const d = stats(draw.slice(5));
  report({ metric: 'render_frame_ms', backend: 'canvas2d', workload: label, value: d.median, unit: 'ms', p95: d.p95, frames: draw.length, frameIntervalMedianMs: stats(frameGap).median }, out);
  // The same, each frame followed by a 1-pixel read that forces the canvas to rasterise (software canvas here).
  const full: number[] = [];
  for (let i = 0; i < Math.min(frames, 200); i++) {
    const t0 = performance.now();
    renderer.drawFrame((i % 180) / 180);
    flush(frame);
    full.push(performance.now() - t0);
  }
  const f = stats(full.slice(5));
  report({ metric: 'render_frame_with_raster_ms', backend: 'canvas2d', workload: label, value: f.median, unit: 'ms', p95: f.p95, frames: full.length }, out);
  return out;
}

function worker(req: BenchRequest): Promise<BenchRecord[]> {
  return runWorker(new Worker(new URL('./bench.worker.ts', import.meta.url), { type: 'module' }), req);
}

/** The Images benchmark, in its own worker. */
function images(req: ImagesBenchRequest): Promise<BenchRecord[]> {
  return runWorker(new Worker(new URL('./images.worker.ts', import.meta.url), { type: 'module' }), req);
}

/** Post the request, collect the worker's records until it says done. */
function runWorker(w: Worker, req: BenchRequest | ImagesBenchRequest): Promise<BenchRecord[]> {
  const out: BenchRecord[] = [];
  return new Promise<BenchRecord[]>((resolve, reject) => {
    w.onmessage = (ev: MessageEvent<FromBench>) => {
      const m = ev.data;
      if (m.type === 'record') report(m.record, out);
      else if (m.type === 'log') log(m.message);
      else if (m.type === 'done') {
        w.terminate();
        resolve(out);
      } else {
        w.terminate();
        reject(new Error(m.message));
      }
    };
    w.onerror = (e) => {
      w.terminate();
      reject(new Error(`worker error: ${e.message}`));
    };
    w.postMessage(req);
  });
}

/** The brush on the whole app (mounted into this page, so run it on a fresh page load). */
async function brush(opts: BrushBenchOptions): Promise<BenchRecord[]> {
  const out: BenchRecord[] = [];
  const { brushBench } = await import('./brushBench');
  await brushBench(opts, (r) => report(r, out));
  return out;
}

/** The default scene training on the whole app (mounted into this page: run it on a fresh page load). */
async function trainingPage(seconds: number, untilFirstStep = false): Promise<BenchRecord[]> {
  const out: BenchRecord[] = [];
  const { trainingPageBench } = await import('./trainingPageBench');
  await trainingPageBench(seconds, (r) => report(r, out), untilFirstStep);
  return out;
}

/** Time to fit on the whole app (mounted into this page: run it on a fresh page load, ?seed=N). */
async function timeToFit(factor: number, maxSeconds: number): Promise<BenchRecord[]> {
  const out: BenchRecord[] = [];
  const { timeToFitBench } = await import('./timeToFitBench');
  await timeToFitBench(factor, maxSeconds, (r) => report(r, out));
  return out;
}

window.flowBench = { probeGpu, render, worker, images, brush, trainingPage, timeToFit };
log(`benchmark page ready (crossOriginIsolated=${window.crossOriginIsolated})`);
