/**
 * Where a wasm training step's time goes, in Node (wasm SIMD, one thread): steps/s of the product
 * (and the naive baseline with PROFILE_NAIVE=1, where tfjs-core's gradients load in Node) per workload, then per-kernel and per-phase time of the product's step.
 * Run: npx tsx scripts/profile-step.ts [seconds]
 */
import * as tf from '@tensorflow/tfjs-core';
import { startNodeBackend } from '../src/cli/nodeBackend';
import { DEFAULT_TRAIN } from '../src/core/config';
import { parsePreset, samplePreset } from '../src/core/presets';
import { Trainer } from '../src/engine/trainer';
import { createBatchBuffers, fillBatch } from '../src/core/trainingBatch';
import { createRng } from '../src/core/rng';
import { WORKLOADS, workloadLabel } from '../src/bench/protocol';

const seconds = Number(process.argv[2] ?? 2);
const only = process.env.PROFILE_ONLY ? Number(process.env.PROFILE_ONLY) : -1;
const SOURCE = samplePreset(parsePreset('gaussian'), 2000, 11);
const TARGET = samplePreset(parsePreset('moons'), 2000, 12);

async function sps(run: (n: number) => Promise<unknown>): Promise<number> {
  await run(3);
  const w0 = performance.now();
  await run(2);
  const chunk = Math.max(1, Math.min(1000, Math.round(250 / Math.max((performance.now() - w0) / 2, 0.05))));
  let steps = 0;
  const t0 = performance.now();
  while (performance.now() - t0 < seconds * 1000) {
    await run(chunk);
    steps += chunk;
  }
  return (steps * 1000) / (performance.now() - t0);
}

/** Process CPU time in ms (less distorted than wall time by other processes on a loaded machine). */
function cpuMs(): number {
  const c = process.cpuUsage();
  return (c.user + c.system) / 1000;
}

const kernelMs = new Map<string, { n: number; ms: number }>();
let profiling = false;
function installTimer(): void {
  const eng = tf.engine() as unknown as { runKernel: (name: string, ...rest: unknown[]) => unknown };
  const orig = eng.runKernel;
  eng.runKernel = function (this: unknown, name: string, ...rest: unknown[]) {
    if (!profiling) return orig.call(this, name, ...rest);
    const t0 = cpuMs();
    const out = orig.call(this, name, ...rest);
    if (process.env.PROFILE_SHAPES && (name === 'BatchMatMul' || name === '_FusedMatMul' || name === 'Transpose')) {
      const inp = rest[0] as Record<string, tf.Tensor>;
      const attrs = rest[1] as Record<string, unknown> | undefined;
      name = `${name} ${Object.values(inp).filter(Boolean).map((t) => t.shape.join('x')).join(',')}${attrs?.transposeA || attrs?.transposeB ? ' T' : ''}`;
    }
    const e = kernelMs.get(name) ?? { n: 0, ms: 0 };
    e.n += 1;
    e.ms += cpuMs() - t0;
    kernelMs.set(name, e);
    return out;
  };
}

async function main(): Promise<void> {
  const info = await startNodeBackend('wasm');
  console.log(info.label);
  installTimer();
  for (const [i, w] of WORKLOADS.entries()) {
    if (only >= 0 && only !== i) continue;
    const cfg = { ...DEFAULT_TRAIN, batchSize: w.batch, hiddenLayers: w.hiddenLayers, width: w.width };
    const trainer = new Trainer({ config: cfg, seed: 7, explicitTranspose: true });
    trainer.setClouds(SOURCE, TARGET);
    if (process.env.PROFILE_REF) trainer.model.hostBackward = false;
    const prod = await sps((n) => trainer.train(n, 10));
    let base = NaN;
    if (process.env.PROFILE_NAIVE) {
      const { NaiveTrainer } = await import('../src/bench/naive');
      const naive = new NaiveTrainer(w, w.batch, DEFAULT_TRAIN.learningRate, SOURCE, TARGET, 7);
      base = await sps(async (n) => {
        for (let k = 0; k < n; k++) await naive.step();
      });
      naive.dispose();
    }
    kernelMs.clear();
    const opt = (trainer as unknown as { optimizer: { apply: (...a: unknown[]) => void } }).optimizer;
    const apply = opt.apply.bind(opt);
    let adamMs = 0;
    opt.apply = (...a: unknown[]) => {
      const a0 = cpuMs();
      apply(...a);
      adamMs += cpuMs() - a0;
    };
    profiling = true;
    const steps = w.batch >= 2048 ? 20 : 100;
    const t0 = cpuMs();
    await trainer.train(steps, 10);
    const total = (cpuMs() - t0) / steps;
    profiling = false;
    const buf = createBatchBuffers(w.batch);
    const rng = createRng(1);
    const f0 = cpuMs();
    // The profiled recipe is a plain flow-matching path (fillBatch knows straight and cosine only).
    const plain = { ...cfg, path: cfg.path === 'cosine' ? ('cosine' as const) : ('straight' as const) };
    for (let k = 0; k < steps; k++) fillBatch(buf, SOURCE, TARGET, plain, rng);
    const fillMs = (cpuMs() - f0) / steps;
    let inKernels = 0;
    const rows = [...kernelMs.entries()].sort((a, b) => b[1].ms - a[1].ms);
    for (const [, e] of rows) inKernels += e.ms;
    console.log(`${workloadLabel(w)}: product ${prod.toFixed(1)} steps/s, naive ${base.toFixed(1)}, ratio ${(prod / base).toFixed(2)}x; profiled step ${total.toFixed(3)} CPU ms, in kernels ${(inKernels / steps).toFixed(3)} ms`);
    console.log(`  Adam (host) ${(adamMs / steps).toFixed(3)} ms/step (its assign kernels included), batch fill ${fillMs.toFixed(3)} ms/step`);
    for (const [name, e] of rows) console.log(`  ${name.padEnd(34)} ${(e.n / steps).toFixed(1).padStart(5)}/step ${((e.ms / steps) * 1000).toFixed(0).padStart(7)} us/step`);
    trainer.dispose();
  }
}
main();
