/**
 * Per-step cost of the three trainers at equal width and batch, in Node on one thread: flow matching
 * (the product step), the maximum-likelihood CNF (RK4 through the exact divergence, backpropagated) and
 * RealNVP (K couplings, each a SiLU MLP of the same width). CPU ms per step (less distorted by other
 * processes than wall time), best of rounds, with network evaluations per step.
 * With "race S": then trains each model for S wall seconds on gaussian -> moons and prints its held-out
 * NLL (a fresh draw of 1,000 moons points, each by its own exact route) at five checkpoints.
 * Run: node scripts/flows-cost.mjs [wasm|cpu] [rounds] [race S] [--json]   (it bundles this file: tsx in
 * Node loads tfjs-core's CommonJS build, which has no gradients, and autodiff needs them).
 * --json: one JSON record a line instead of the tables (npm run bench's `flows` part reads them).
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

const json = process.argv.includes('--json');
const argv = process.argv.filter((a) => a !== '--json');
const backend = (argv[2] ?? 'wasm') as NodeBackend;
const rounds = Number(argv[3] ?? 3);
const raceSeconds = argv[4] === 'race' ? Number(argv[5] ?? 20) : 0;
/** Held-out NLL the race reports the time to reach (nats per point on gaussian -> moons). */
const NLL_GOAL = 3.5;
const say = (text: string): void => {
  if (!json) console.log(text);
};
const record = (r: Record<string, unknown>): void => {
  if (json) console.log(JSON.stringify(r));
};
const HELD_OUT = samplePreset(parsePreset('moons'), 1000, 13);
const SOURCE = samplePreset(parsePreset('gaussian'), 2000, 11);
const TARGET = samplePreset(parsePreset('moons'), 2000, 12);
const GAUSS = { mean: [0, 0] as [number, number], std: 1 };

interface Row {
  name: string;
  /** Short name in JSON records. */
  key: string;
  nfe: string;
  /** Network evaluations per training step, as a number. */
  evals: number;
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
    { name: 'flow matching', key: 'fm', nfe: '1 (forward + hand-written backward)', evals: 1, steps: 40, run: (n) => fm.train(n, 1000) },
    {
      name: 'flow matching, naive step (autodiff, src/bench/naive.ts)',
      key: 'fm-naive',
      nfe: '1 (forward + autodiff backward)',
      evals: 1,
      steps: 20,
      run: async (n) => {
        for (let i = 0; i < n; i++) await naive.step();
      },
    },
    { name: `CNF, max. likelihood (RK4 x ${DEFAULT_CNF_STEPS})`, key: 'cnf', nfe: `${cnf.evalsPerStep} (each with 2 tangents; autodiff through the solve)`, evals: cnf.evalsPerStep, steps: 3, run: (n) => cnf.train(n, 1000) },
    { name: `RealNVP (K = ${DEFAULT_REALNVP_SHAPE.couplings}, ${DEFAULT_REALNVP_SHAPE.hiddenLayers} x ${cfg.width})`, key: 'realnvp', nfe: `${nvp.evalsPerStep} coupling nets (autodiff)`, evals: nvp.evalsPerStep, steps: 10, run: (n) => nvp.train(n, 1000) },
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
  say(`backend ${info.label}, MLP ${cfg.hiddenLayers} x ${cfg.width}, batch ${cfg.batchSize}, best of ${rounds} rounds, CPU ms per step; tensors left ${tf.memory().numTensors}`);
  say('| trainer | network evaluations per step | ms per step | x flow matching |');
  say('|---|---|---|---|');
  rows.forEach((r, i) => say(`| ${r.name} | ${r.nfe} | ${best[i].toFixed(1)} | ${(best[i] / best[0]).toFixed(1)} |`));
  const where = `node ${info.label}, one thread`;
  rows.forEach((r, i) =>
    record({
      metric: 'flows_step_ms',
      backend: where,
      workload: `${r.name}, MLP ${cfg.hiddenLayers} x ${cfg.width}, batch ${cfg.batchSize}, gaussian -> moons, CPU ms per step, best of ${rounds}`,
      trainer: r.key,
      value: best[i],
      unit: 'ms',
      ratioToFm: best[i] / best[0],
      evalsPerStep: r.evals,
    }),
  );
  cnf.dispose();
  nvp.dispose();
  if (raceSeconds > 0) await race(fm, cfg, common, where, [rows[0], rows[2], rows[3]]);
}

/**
 * Fresh models of each kind, trained for raceSeconds of wall time each; held-out NLL at five
 * checkpoints, and the training seconds each took to first reach NLL_GOAL (at a checkpoint).
 */
async function race(fm: Trainer, cfg: typeof DEFAULT_TRAIN, common: { seed: number; learningRate: number; batchSize: number; source: typeof GAUSS }, where: string, rows: Row[]): Promise<void> {
  fm.reset(7);
  const cnf = new CnfTrainer({ ...common, shape: cfg, explicitTranspose: true, steps: DEFAULT_CNF_STEPS, solver: 'rk4' });
  cnf.setTarget(TARGET);
  const nvp = new RealNvpTrainer({ ...DEFAULT_REALNVP_SHAPE, width: cfg.width }, common);
  nvp.setTarget(TARGET);
  const runs: Record<string, (n: number) => Promise<unknown>> = {
    fm: (n) => fm.train(n, 1000),
    cnf: (n) => cnf.train(n, 1000),
    realnvp: (n) => nvp.train(n, 1000),
  };
  const models = [
    { row: rows[0], nll: () => mlpHeldOutNll(fm.model, HELD_OUT, GAUSS, { steps: 32, solver: 'rk4' }), step: () => fm.step, route: 'RK4 x 32 with the exact divergence' },
    { row: rows[1], nll: () => cnf.heldOutNll(HELD_OUT), step: () => cnf.step, route: `its own RK4 x ${DEFAULT_CNF_STEPS} with the exact divergence` },
    { row: rows[2], nll: () => nvp.heldOutNll(HELD_OUT), step: () => nvp.step, route: 'its exact inverse' },
  ];
  say(`\nrace on gaussian -> moons, ${raceSeconds} s of training (wall time, evaluations not counted) each, held-out NLL (nats per point; flow matching's by RK4 x 32, the CNF's by its own RK4 x ${DEFAULT_CNF_STEPS}, RealNVP's by its inverse)`);
  for (const m of models) {
    const marks: { seconds: number; steps: number; nll: number }[] = [];
    // Training time only: the held-out evaluations are not counted.
    let trained = 0;
    for (let c = 1; c <= 5; c++) {
      const until = (raceSeconds * 1000 * c) / 5;
      while (trained < until) {
        const t0 = performance.now();
        // One CNF step is most of a second: chunks of one keep its checkpoints near their times.
        await runs[m.row.key](m.row.key === 'cnf' ? 1 : Math.max(1, Math.min(m.row.steps, 20)));
        trained += performance.now() - t0;
      }
      marks.push({ seconds: trained / 1000, steps: m.step(), nll: await m.nll() });
    }
    say(`${m.row.name}: ${marks.map((k) => `${k.seconds.toFixed(0)} s / ${k.steps} steps: ${k.nll.toFixed(3)}`).join('; ')}`);
    const last = marks[marks.length - 1];
    const reached = marks.find((k) => k.nll <= NLL_GOAL);
    record({
      metric: 'flows_heldout_nll',
      backend: where,
      workload: `${m.row.name}, ${raceSeconds} s of training on gaussian -> moons, held-out 1,000 points by ${m.route}`,
      trainer: m.row.key,
      value: last.nll,
      unit: 'nats',
      steps: last.steps,
      marks,
    });
    record({
      metric: 'flows_seconds_to_nll',
      backend: where,
      workload: `${m.row.name}: training seconds to a held-out NLL <= ${NLL_GOAL} (first of 5 checkpoints; null: not within ${raceSeconds} s)`,
      trainer: m.row.key,
      value: reached ? reached.seconds : null,
      unit: 's',
    });
  }
  cnf.dispose();
  nvp.dispose();
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
