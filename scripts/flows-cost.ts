/**
 * Per-step cost of the three trainers at equal width and batch, in Node on one thread: flow matching
 * (the product step), the maximum-likelihood CNF (RK4 through the exact divergence, backpropagated) and
 * RealNVP (K couplings, each a SiLU MLP of the same width). CPU ms per step (less distorted by other
 * processes than wall time), best of rounds, with network evaluations per step.
 * With "race S": then trains each model for S wall seconds on gaussian -> moons and prints its held-out
 * NLL (a fresh draw of 1,000 moons points, each by its own exact route) at five checkpoints.
 * Run: node scripts/flows-cost.mjs [wasm|cpu] [rounds] [race S]   (it bundles this file: tsx in Node loads
 * tfjs-core's CommonJS build, which has no gradients, and autodiff needs them).
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { startNodeBackend, type NodeBackend } from '../src/cli/nodeBackend';
import { DEFAULT_TRAIN } from '../src/core/config';
import { parsePreset, samplePreset } from '../src/core/presets';
import { Trainer } from '../src/engine/trainer';
import { NaiveTrainer } from '../src/bench/naive';
import { CnfTrainer, DEFAULT_CNF_STEPS } from '../src/engine/cnfTrainer';
import { RealNvpTrainer, DEFAULT_REALNVP_SHAPE } from '../src/engine/realnvp';
import { mlpHeldOutNll } from '../src/engine/cnfTrainer';

const backend = (process.argv[2] ?? 'wasm') as NodeBackend;
const rounds = Number(process.argv[3] ?? 3);
const raceSeconds = process.argv[4] === 'race' ? Number(process.argv[5] ?? 20) : 0;
const HELD_OUT = samplePreset(parsePreset('moons'), 1000, 13);
const SOURCE = samplePreset(parsePreset('gaussian'), 2000, 11);
const TARGET = samplePreset(parsePreset('moons'), 2000, 12);
const GAUSS = { mean: [0, 0] as [number, number], std: 1 };

interface Row {
  name: string;
  nfe: string;
  steps: number;
  run: (n: number) => Promise<unknown>;
}

async function main(): Promise<void> {
  const info = await startNodeBackend(backend);
  const cfg = DEFAULT_TRAIN;
  const common = { seed: 7, learningRate: cfg.learningRate, batchSize: cfg.batchSize, source: GAUSS };
  const fm = new Trainer({ config: cfg, seed: 7, explicitTranspose: true });
  fm.setClouds(SOURCE, TARGET);
  const cnf = new CnfTrainer({ ...common, shape: cfg, explicitTranspose: true, steps: DEFAULT_CNF_STEPS, solver: 'rk4' });
  cnf.setTarget(TARGET);
  const nvp = new RealNvpTrainer({ ...DEFAULT_REALNVP_SHAPE, width: cfg.width }, common);
  nvp.setTarget(TARGET);
  // Flow matching written as plainly as the two likelihood trainers (autodiff, tf.train.adam): the
  // part of the gap that is the objective, not the hand-written step.
  const naive = new NaiveTrainer(cfg, cfg.batchSize, cfg.learningRate, SOURCE, TARGET, 7);
  const rows: Row[] = [
    { name: 'flow matching', nfe: '1 (forward + hand-written backward)', steps: 40, run: (n) => fm.train(n, 1000) },
    {
      name: 'flow matching, naive step (autodiff, src/bench/naive.ts)',
      nfe: '1 (forward + autodiff backward)',
      steps: 20,
      run: async (n) => {
        for (let i = 0; i < n; i++) await naive.step();
      },
    },
    { name: `CNF, max. likelihood (RK4 x ${DEFAULT_CNF_STEPS})`, nfe: `${cnf.evalsPerStep} (each with 2 tangents; autodiff through the solve)`, steps: 3, run: (n) => cnf.train(n, 1000) },
    { name: `RealNVP (K = ${DEFAULT_REALNVP_SHAPE.couplings}, ${DEFAULT_REALNVP_SHAPE.hiddenLayers} x ${cfg.width})`, nfe: `${nvp.evalsPerStep} coupling nets (autodiff)`, steps: 10, run: (n) => nvp.train(n, 1000) },
  ];
  for (const r of rows) await r.run(2); // warm-up: kernels, buffers
  const best = rows.map(() => Infinity);
  for (let k = 0; k < rounds; k++) {
    for (const [i, r] of rows.entries()) {
      const c0 = process.cpuUsage();
      await r.run(r.steps);
      const c = process.cpuUsage(c0);
      best[i] = Math.min(best[i], (c.user + c.system) / 1000 / r.steps);
    }
  }
  console.log(`backend ${info.label}, MLP ${cfg.hiddenLayers} x ${cfg.width}, batch ${cfg.batchSize}, best of ${rounds} rounds, CPU ms per step; tensors left ${tf.memory().numTensors}`);
  console.log('| trainer | network evaluations per step | ms per step | x flow matching |');
  console.log('|---|---|---|---|');
  rows.forEach((r, i) => console.log(`| ${r.name} | ${r.nfe} | ${best[i].toFixed(1)} | ${(best[i] / best[0]).toFixed(1)} |`));
  if (raceSeconds > 0) await race(fm, cnf, nvp, [rows[0], rows[2], rows[3]]);
}

/** Fresh models of each kind, trained for raceSeconds of wall time each; held-out NLL at five checkpoints. */
async function race(fm: Trainer, cnf: CnfTrainer, nvp: RealNvpTrainer, rows: Row[]): Promise<void> {
  fm.reset(7);
  const models = [
    { row: rows[0], nll: () => mlpHeldOutNll(fm.model, HELD_OUT, GAUSS, { steps: 32, solver: 'rk4' }), step: () => fm.step },
    { row: rows[1], nll: () => cnf.heldOutNll(HELD_OUT), step: () => cnf.step },
    { row: rows[2], nll: () => nvp.heldOutNll(HELD_OUT), step: () => nvp.step },
  ];
  // The CNF and RealNVP above have taken a few timing steps: a race from where they stand is close
  // enough to a fresh start for a figure (a handful of steps out of hundreds or thousands).
  console.log(`\nrace on gaussian -> moons, ${raceSeconds} s of training (wall time, evaluations not counted) each, held-out NLL (nats per point; flow matching's by RK4 x 32, the CNF's by its own RK4 x ${DEFAULT_CNF_STEPS}, RealNVP's by its inverse)`);
  for (const m of models) {
    const marks: string[] = [];
    // Training time only: the held-out evaluations are not counted.
    let trained = 0;
    for (let c = 1; c <= 5; c++) {
      const until = (raceSeconds * 1000 * c) / 5;
      while (trained < until) {
        const t0 = performance.now();
        await m.row.run(Math.max(1, Math.min(m.row.steps, 20)));
        trained += performance.now() - t0;
      }
      marks.push(`${(trained / 1000).toFixed(0)} s / ${m.step()} steps: ${(await m.nll()).toFixed(3)}`);
    }
    console.log(`${m.row.name}: ${marks.join('; ')}`);
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
