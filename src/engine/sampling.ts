/**
 * Sampling with the trained network: batched ODE integration on tensors (one readback at the end),
 * the velocity field on a grid, and the network's velocity at arbitrary points.
 */
import * as tf from '@tensorflow/tfjs-core';
import { TABLEAUX, type SolverName } from '../core/solvers';
import { DATA_SCALE, writeInputRow } from '../core/trainingBatch';
import { INPUT_SIZE, TIME_FEATURE_COUNT, writeTimeFeatures } from '../core/timeFeatures';
import type { Mlp } from './mlp';

/** Velocity in data units at points x [n, 2] (data units) and time t. Call inside tf.tidy. */
export function velocityAt(model: Mlp, x: tf.Tensor2D, t: number): tf.Tensor2D {
  const n = x.shape[0];
  const feats = new Float32Array(TIME_FEATURE_COUNT);
  writeTimeFeatures(t, feats, 0);
  const tf2 = tf.broadcastTo(tf.tensor2d(feats, [1, TIME_FEATURE_COUNT]), [n, TIME_FEATURE_COUNT]);
  const input = tf.concat([tf.mul(x, tf.scalar(1 / DATA_SCALE)), tf2], 1) as tf.Tensor2D;
  return tf.mul(model.forward(input), tf.scalar(DATA_SCALE)) as tf.Tensor2D;
}

export interface TrajectoryRequest {
  start: Float32Array;
  steps: number;
  solver: SolverName;
  t0?: number;
  t1?: number;
}

/** Trajectories [point][step][xy] (steps + 1 positions) of the learned ODE; same tableaux as core/solvers. */
export async function integrateTrajectories(model: Mlp, req: TrajectoryRequest): Promise<Float32Array> {
  const { start, steps, solver, t0 = 0, t1 = 1 } = req;
  const n = start.length >> 1;
  if (n === 0) return new Float32Array(0);
  const tab = TABLEAUX[solver];
  const h = (t1 - t0) / steps;
  const stacked = tf.tidy(() => {
    let x = tf.tensor2d(start, [n, 2]);
    const positions: tf.Tensor2D[] = [x];
    for (let s = 0; s < steps; s++) {
      const t = t0 + s * h;
      const next = tf.tidy(() => {
        const k: tf.Tensor2D[] = [];
        for (let st = 0; st < tab.b.length; st++) {
          let probe = x;
          tab.a[st].forEach((a, q) => {
            if (a !== 0) probe = tf.add(probe, tf.mul(k[q], tf.scalar(h * a))) as tf.Tensor2D;
          });
          k.push(velocityAt(model, probe, t + tab.c[st] * h));
        }
        let dx: tf.Tensor2D | null = null;
        tab.b.forEach((b, st) => {
          if (b === 0) return;
          const term = tf.mul(k[st], tf.scalar(h * b)) as tf.Tensor2D;
          dx = dx ? (tf.add(dx, term) as tf.Tensor2D) : term;
        });
        return tf.add(x, dx!) as tf.Tensor2D;
      });
      positions.push(next);
      x = next;
    }
    return tf.stack(positions, 1);
  });
  const data = (await stacked.data()) as Float32Array;
  stacked.dispose();
  return data;
}

/** Field [time][row][col][uv] at grid cell centres over [-extent, extent]^2, one forward pass for all times. */
export async function fieldGrid(model: Mlp, times: Float32Array, gridSize: number, extent: number): Promise<Float32Array> {
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
export async function velocitiesAt(model: Mlp, points: Float32Array, times: Float32Array): Promise<Float32Array> {
  const n = times.length;
  const inputs = new Float32Array(n * INPUT_SIZE);
  for (let i = 0; i < n; i++) writeInputRow(points[2 * i], points[2 * i + 1], times[i], inputs, i);
  const out = tf.tidy(() => tf.mul(model.forward(tf.tensor2d(inputs, [n, INPUT_SIZE])), tf.scalar(DATA_SCALE)));
  const data = (await out.data()) as Float32Array;
  out.dispose();
  return data;
}
