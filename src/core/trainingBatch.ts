/**
 * One flow-matching batch, built in plain JS so the GPU sees a single upload per step:
 * draw x0 from the source and x1 from the target, draw t ~ U[0, 1), put x_t on the path,
 * and regress the network on the path's velocity. Coordinates are divided by DATA_SCALE so the
 * network works at unit scale; the engine multiplies its output back.
 */
import type { TrainConfig } from './config';
import { interpolatePairs, type PathName } from './paths';
import { resample, type Points } from './points';
import type { Rng } from './rng';
import { INPUT_SIZE, writeTimeFeatures } from './timeFeatures';

/** Data units per network unit: stage coordinates span about [-5, 5]. */
export const DATA_SCALE = 4;

/** Re-pairs x1 against x0 in place (minibatch OT); identity for independent pairs. */
export type Coupler = (x0: Float32Array, x1: Float32Array) => void;

export interface BatchBuffers {
  x0: Float32Array;
  x1: Float32Array;
  t: Float32Array;
  xt: Float32Array;
  ut: Float32Array;
  noise: Float32Array;
  /** Network input [B][INPUT_SIZE]: x_t / DATA_SCALE then the time features. */
  inputs: Float32Array;
  /** Regression target [B][2]: u_t / DATA_SCALE. */
  targets: Float32Array;
}

export function createBatchBuffers(batchSize: number): BatchBuffers {
  return {
    x0: new Float32Array(2 * batchSize),
    x1: new Float32Array(2 * batchSize),
    t: new Float32Array(batchSize),
    xt: new Float32Array(2 * batchSize),
    ut: new Float32Array(2 * batchSize),
    noise: new Float32Array(2 * batchSize),
    inputs: new Float32Array(INPUT_SIZE * batchSize),
    targets: new Float32Array(2 * batchSize),
  };
}

/** Write the network input row for point (x, y) at time t. */
export function writeInputRow(x: number, y: number, t: number, out: Float32Array, row: number): void {
  const o = row * INPUT_SIZE;
  out[o] = x / DATA_SCALE;
  out[o + 1] = y / DATA_SCALE;
  writeTimeFeatures(t, out, o + 2);
}

/** Fill `buf` with a fresh batch. Both clouds must be non-empty. */
export function fillBatch(
  buf: BatchBuffers,
  source: Points,
  target: Points,
  cfg: Pick<TrainConfig, 'jitter' | 'sigmaMin'> & { path: PathName },
  rng: Rng,
  couple?: Coupler,
): void {
  const b = buf.t.length;
  resample(source, b, cfg.jitter, rng, buf.x0);
  resample(target, b, cfg.jitter, rng, buf.x1);
  if (couple) couple(buf.x0, buf.x1);
  for (let i = 0; i < b; i++) buf.t[i] = rng.uniform();
  if (cfg.sigmaMin > 0) for (let i = 0; i < 2 * b; i++) buf.noise[i] = rng.normal();
  interpolatePairs(cfg.path, buf.x0, buf.x1, buf.t, buf.xt, buf.ut, cfg.sigmaMin, buf.noise);
  for (let i = 0; i < b; i++) {
    writeInputRow(buf.xt[2 * i], buf.xt[2 * i + 1], buf.t[i], buf.inputs, i);
    buf.targets[2 * i] = buf.ut[2 * i] / DATA_SCALE;
    buf.targets[2 * i + 1] = buf.ut[2 * i + 1] / DATA_SCALE;
  }
}
