/**
 * A/B of the product step on wasm in Node (one thread): CPU ms per step of the tfjs-ops backward
 * (hostBackward=false) and the host backward, alternated, best of rounds. CPU time, not wall time,
 * so that other processes on a loaded machine distort it less.
 * Run: npx tsx scripts/ab-step.ts [rounds]
 */
import { startNodeBackend } from '../src/cli/nodeBackend';
import { DEFAULT_TRAIN } from '../src/core/config';
import { parsePreset, samplePreset } from '../src/core/presets';
import { Trainer } from '../src/engine/trainer';
import { WORKLOADS, workloadLabel } from '../src/bench/protocol';

const rounds = Number(process.argv[2] ?? 3);
const only = process.env.PROFILE_ONLY ? Number(process.env.PROFILE_ONLY) : -1;
const SOURCE = samplePreset(parsePreset('gaussian'), 2000, 11);
const TARGET = samplePreset(parsePreset('moons'), 2000, 12);

async function main(): Promise<void> {
  await startNodeBackend('wasm');
  for (const [i, w] of WORKLOADS.entries()) {
    if (only >= 0 && only !== i) continue;
    const cfg = { ...DEFAULT_TRAIN, batchSize: w.batch, hiddenLayers: w.hiddenLayers, width: w.width };
    const make = (host: boolean) => {
      const t = new Trainer({ config: cfg, seed: 7, explicitTranspose: true });
      t.setClouds(SOURCE, TARGET);
      t.model.hostBackward = host;
      return t;
    };
    const trainers = [make(false), make(true)];
    for (const t of trainers) await t.train(5, 10);
    const steps = Math.max(5, Math.round(200 / (w.batch * w.width * w.width) * 256 * 64 * 64));
    const best = [Infinity, Infinity];
    for (let r = 0; r < rounds; r++) {
      for (let k = 0; k < trainers.length; k++) {
        const c0 = process.cpuUsage();
        await trainers[k].train(steps, 10);
        const c = process.cpuUsage(c0);
        best[k] = Math.min(best[k], (c.user + c.system) / 1000 / steps);
      }
    }
    console.log(`${workloadLabel(w)}: CPU ms/step ops ${best[0].toFixed(3)}, host ${best[1].toFixed(3)}: ${(best[0] / best[1]).toFixed(2)}x (${steps} steps x ${rounds})`);
    trainers.forEach((t) => t.dispose());
  }
}
main();
