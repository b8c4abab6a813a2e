/**
 * Sampling with the trained network: batched ODE integration on tensors (one readback at the end),
 * the velocity field on a grid, and the network's velocity at arbitrary points.
 */
import * as tf from '@tensorflow/tfjs-core';
import { TABLEAUX, type SolverName } from '../core/solvers';
import { DATA_SCALE, writeInputRow } from '../core/trainingBatch';
import { INPUT_SIZE, TIME_FEATURE_COUNT, writeTimeFeatures } from '../core/timeFeatures';
import { integrateDiffusion, isPlainSampling, modelFieldGrid, modelVelocities, scaledStart, type DiffusionSampling, type FieldOptions } from './diffusionSampling';
import type { Mlp } from './mlp';
import { webgpuKernels } from './webgpuPrograms';

/** The network's input rows for points x [n, 2] (data units) at time t: x / DATA_SCALE, then the time features. Call inside tf.tidy. */
export function networkInput(x: tf.Tensor2D, t: number): tf.Tensor2D {
  const n = x.shape[0];
  const feats = new Float32Array(TIME_FEATURE_COUNT);
  writeTimeFeatures(t, feats, 0);
  const time = tf.broadcastTo(tf.tensor2d(feats, [1, TIME_FEATURE_COUNT]), [n, TIME_FEATURE_COUNT]);
  return tf.concat([tf.mul(x, tf.scalar(1 / DATA_SCALE)), time], 1) as tf.Tensor2D;
}

export interface TrajectoryRequest {
  start: Float32Array;
  steps: number;
  solver: SolverName;
  t0?: number;
  t1?: number;
  /**
   * How the model samples (diffusionSampling.ts): prediction kind, path, classes, guidance, SDE noise.
   * Absent: an unconditional velocity model on the ODE, the fast path below.
   */
  diffusion?: DiffusionSampling;
}

/**
 * Trajectories [point][step][xy] (steps + 1 positions) of the learned ODE; same tableaux as core/solvers.
 * Fast path (no autodiff needed here): the state stays in network units (x / DATA_SCALE), the time
 * features' share of the first layer is folded into its bias on the host once per stage time, and the
 * step size is folded into the last layer, so a stage costs the MLP's matMuls and SiLUs plus one add.
 */
export async function integrateTrajectories(model: Mlp, req: TrajectoryRequest): Promise<Float32Array> {
  // A conditional model asked without settings samples its unconditional (null-class) velocity.
  const diffusion = req.diffusion ?? (model.shape.conditional ? ({ kind: 'velocity', path: 'straight' } as const) : undefined);
  if (diffusion) {
    // VE starts from its wide source; anything but the plain velocity ODE takes the general sampler.
    const scaled = { ...req, start: scaledStart(diffusion.path, req.start, req.t0 ?? 0) };
    if (!isPlainSampling(model, diffusion)) return integrateDiffusion(model, { ...scaled, diffusion });
    req = scaled;
  }
  const { start, steps } = req;
  const n = start.length >> 1;
  if (n === 0) return new Float32Array(0);
  const [w0, b0] = (await Promise.all([model.params[0].data(), model.params[1].data()])) as Float32Array[];
  const stacked = trajectoryTensor(model, req, w0, b0);
  const data = (await stacked.data()) as Float32Array;
  stacked.dispose();
  const out = new Float32Array(data.length);
  for (let i = 0; i < data.length; i++) out[i] = data[i] * DATA_SCALE;
  // Keep the exact start positions (the scaling round trip could move them by an ulp).
  const stride = 2 * (steps + 1);
  for (let i = 0; i < n; i++) {
    out[i * stride] = start[2 * i];
    out[i * stride + 1] = start[2 * i + 1];
  }
  return out;
}

/**
 * WebGPU: compile, without running, the programs a snapshot uses (trajectories of n particles, the
 * field grid of `fieldRows` rows), in parallel, before the first snapshot needs them. Call in
 * tfjs's compile-only mode (Trainer.compileStep does); weights are not read.
 */
export function compileSampling(model: Mlp, n: number, req: Omit<TrajectoryRequest, 'start'>, fieldRows: number): void {
  const width = model.params[0].shape[1] as number;
  const zeros = new Float32Array(model.inputSize * width);
  // The fast trajectory programs serve unconditional models only.
  if (!model.shape.conditional) tf.dispose(trajectoryTensor(model, { ...req, start: new Float32Array(2 * n) }, zeros, zeros.subarray(0, width)));
  tf.tidy(() => tf.mul(model.forward(tf.zeros([fieldRows, model.inputSize])), tf.scalar(DATA_SCALE)));
}

/** Positions [n, steps + 1, 2] in network units; w0, b0: the first layer's weights and bias on the host. */
function trajectoryTensor(model: Mlp, req: TrajectoryRequest, w0: Float32Array, b0: Float32Array): tf.Tensor {
  const { start, steps, solver, t0 = 0, t1 = 1 } = req;
  const n = start.length >> 1;
  const tab = TABLEAUX[solver];
  const h = (t1 - t0) / steps;
  const params = model.params;
  const last = model.layerCount - 1;
  const width = params[0].shape[1] as number;
  const feats = new Float32Array(TIME_FEATURE_COUNT);
  const firstBias = (t: number): tf.Tensor1D => {
    writeTimeFeatures(t, feats, 0);
    const c = Float32Array.from(b0);
    for (let k = 0; k < TIME_FEATURE_COUNT; k++) {
      const f = feats[k];
      const row = (2 + k) * width;
      for (let j = 0; j < width; j++) c[j] += f * w0[row + j];
    }
    return tf.tensor1d(c);
  };
  const gpu = webgpuKernels();
  const silu = (z: tf.Tensor2D): tf.Tensor2D => (gpu ? gpu.silu(z) : (tf.mul(z, tf.sigmoid(z)) as tf.Tensor2D));
  const stacked = tf.tidy(() => {
    const w0x = tf.slice(params[0], [0, 0], [2, width]) as tf.Tensor2D;
    const wOut = tf.mul(params[2 * last], tf.scalar(h)) as tf.Tensor2D;
    const bOut = tf.mul(params[2 * last + 1], tf.scalar(h));
    /** h v(x, t) in network units, for x in network units. */
    const stage = (x: tf.Tensor2D, t: number): tf.Tensor2D => {
      let a = silu(tf.fused.matMul({ a: x, b: w0x, bias: firstBias(t) }) as tf.Tensor2D);
      for (let l = 1; l < last; l++) a = silu(tf.fused.matMul({ a, b: params[2 * l] as tf.Tensor2D, bias: params[2 * l + 1] }) as tf.Tensor2D);
      return tf.fused.matMul({ a, b: wOut, bias: bOut }) as tf.Tensor2D;
    };
    const combine = (x: tf.Tensor2D, coeffs: readonly number[], k: tf.Tensor2D[]): tf.Tensor2D => {
      let out = x;
      coeffs.forEach((c, q) => {
        if (c !== 0) out = tf.add(out, c === 1 ? k[q] : tf.mul(k[q], tf.scalar(c))) as tf.Tensor2D;
      });
      return out;
    };
    let x = tf.mul(tf.tensor2d(start, [n, 2]), tf.scalar(1 / DATA_SCALE)) as tf.Tensor2D;
    const positions: tf.Tensor2D[] = [x];
    for (let s = 0; s < steps; s++) {
      const t = t0 + s * h;
      const next = tf.tidy(() => {
        const k: tf.Tensor2D[] = [];
        for (let st = 0; st < tab.b.length; st++) k.push(stage(combine(x, tab.a[st], k), t + tab.c[st] * h));
        return combine(x, tab.b, k);
      });
      positions.push(next);
      x = next;
    }
    return tf.stack(positions, 1);
  });
  return stacked;
}

/**
 * Field [time][row][col][uv] at grid cell centres over [-extent, extent]^2, one forward pass for all times.
 * `field` says how a non-velocity or conditional model's output becomes a velocity (default: velocity, no class).
 */
export async function fieldGrid(model: Mlp, times: Float32Array, gridSize: number, extent: number, field?: FieldOptions): Promise<Float32Array> {
  if (model.shape.conditional || (field && field.kind !== 'velocity')) return modelFieldGrid(model, times, gridSize, extent, field ?? { kind: 'velocity', path: 'straight' });
  const cells = gridSize * gridSize;
  const rows = times.length * cells;
  const inputs = new Float32Array(rows * INPUT_SIZE);
  const step = (2 * extent) / gridSize;
  let r = 0;
  for (const t of times) {
    for (let row = 0; row < gridSize; row++) {
      const y = -extent + (row + 0.5) * step;
      for (let col = 0; col < gridSize; col++) writeInputRow(-extent + (col + 0.5) * step, y, t, inputs, r++);
    }
  }
  const out = tf.tidy(() => tf.mul(model.forward(tf.tensor2d(inputs, [rows, INPUT_SIZE])), tf.scalar(DATA_SCALE)));
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}

/** Velocity (data units) at arbitrary points, each with its own time. */
export async function velocitiesAt(model: Mlp, points: Float32Array, times: Float32Array, field?: FieldOptions): Promise<Float32Array> {
  if (model.shape.conditional || (field && field.kind !== 'velocity')) return modelVelocities(model, points, times, field ?? { kind: 'velocity', path: 'straight' });
  const n = times.length;
  const inputs = new Float32Array(n * INPUT_SIZE);
  for (let i = 0; i < n; i++) writeInputRow(points[2 * i], points[2 * i + 1], times[i], inputs, i);
  const out = tf.tidy(() => tf.mul(model.forward(tf.tensor2d(inputs, [n, INPUT_SIZE])), tf.scalar(DATA_SCALE)));
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}
