/**
 * The velocity network: an MLP with SiLU hidden layers, forward and hand-written backward pass.
 * Backprop by hand (instead of autodiff) lets each backend use the matMul form it is fast at
 * (the wasm backend is ~10x slower on transposed matMuls) and keeps the kernel count per step low.
 */
import * as tf from '@tensorflow/tfjs-core';
import { createRng } from '../core/rng';
import { inputSize, layerSizes, sameShape, type MlpShape } from '../core/networkShape';
import { outputGrad, siluGrad, transposeInto } from '../core/mlpBackward';
import { hostBackendName, hostCompute } from './hostData';
import { webgpuKernels } from './webgpuPrograms';

export { layerSizes, type MlpShape } from '../core/networkShape';

export interface MlpOptions {
  /** Transpose with an explicit kernel before a plain matMul (fast on wasm) rather than using matMul's flags. */
  explicitTranspose: boolean;
}

/** Parameters as plain arrays, in order W0, b0, W1, b1, ... (for saving and restoring). */
export interface MlpWeights {
  shape: MlpShape;
  arrays: Float32Array[];
}

/** Glorot-uniform weights and zero biases from a seed (the last layer scaled down so v starts near 0). */
export function initWeights(shape: MlpShape, seed: number): MlpWeights {
  const rng = createRng(seed);
  const sizes = layerSizes(shape);
  const arrays: Float32Array[] = [];
  for (let l = 0; l + 1 < sizes.length; l++) {
    const fanIn = sizes[l];
    const fanOut = sizes[l + 1];
    const last = l + 2 === sizes.length;
    const limit = Math.sqrt(6 / (fanIn + fanOut)) * (last ? 0.1 : 1);
    const w = new Float32Array(fanIn * fanOut);
    for (let i = 0; i < w.length; i++) w[i] = (2 * rng.uniform() - 1) * limit;
    arrays.push(w, new Float32Array(fanOut));
  }
  return { shape, arrays };
}

export class Mlp {
  readonly shape: MlpShape;
  readonly params: tf.Variable[];
  private readonly opts: MlpOptions;
  private readonly ones = new Map<number, tf.Tensor2D>();
  /** Use the custom WebGPU kernels when on WebGPU (false: plain tfjs ops everywhere, for checks). */
  useCustomKernels = true;
  /**
   * On wasm and cpu, the backward pass's elementwise work, bias sums and transposes in host loops
   * (gradientsHost). false: the tfjs-ops form below (the reference, and the form on other backends).
   */
  hostBackward = true;

  constructor(weights: MlpWeights, opts: MlpOptions) {
    this.shape = weights.shape;
    this.opts = opts;
    const sizes = layerSizes(weights.shape);
    this.params = weights.arrays.map((a, i) => {
      const l = i >> 1;
      const shp: [number, number] | [number] = i % 2 === 0 ? [sizes[l], sizes[l + 1]] : [sizes[l + 1]];
      if (a.length !== (shp.length === 2 ? shp[0] * shp[1] : shp[0])) {
        throw new Error(`weight ${i} has ${a.length} values, expected ${shp.join('x')}`);
      }
      // tidy: the initial tensor goes once the variable holds its data (else it stays allocated).
      return tf.tidy(() => tf.variable(tf.tensor(a, shp), true));
    });
  }

  get layerCount(): number {
    return this.params.length >> 1;
  }

  /** Inputs per row: the point (dim), the time features, plus the one-hot label of a conditional network. */
  get inputSize(): number {
    return inputSize(this.shape);
  }

  /** Network output in network units (prediction / targetScale) for inputs [B][inputSize]. */
  forward(x: tf.Tensor2D): tf.Tensor2D {
    return tf.tidy((): tf.Tensor2D => {
      let h: tf.Tensor2D = x;
      const last = this.layerCount - 1;
      for (let l = 0; l < last; l++) {
        const z = tf.fused.matMul({ a: h, b: this.params[2 * l] as tf.Tensor2D, bias: this.params[2 * l + 1] });
        h = tf.mul(z, tf.sigmoid(z)) as tf.Tensor2D;
      }
      return tf.fused.matMul({ a: h, b: this.params[2 * last] as tf.Tensor2D, bias: this.params[2 * last + 1] }) as tf.Tensor2D;
    });
  }

  /** a^T b, in the form that is fast on this backend. */
  private matMulTA(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
    return this.opts.explicitTranspose ? tf.matMul(tf.transpose(a), b) : tf.matMul(a, b, true, false);
  }

  /** a b^T, in the form that is fast on this backend. */
  private matMulTB(a: tf.Tensor2D, b: tf.Tensor2D): tf.Tensor2D {
    return this.opts.explicitTranspose ? tf.matMul(a, tf.transpose(b)) : tf.matMul(a, b, false, true);
  }

  /**
   * Gradients of the mean squared error mean((out - y)^2) over all B x dim entries, in parameter order.
   * Also returns the per-entry residual so the caller can compute the loss only when it wants it.
   * Call inside tf.tidy.
   */
  gradients(x: tf.Tensor2D, y: tf.Tensor2D): { grads: tf.Tensor[]; residual: tf.Tensor2D } {
    const { grads, residual } = this.gradientsFor(x, y, true);
    return { grads, residual: residual! };
  }

  /** Make the kept tensors a batch of b needs (before a compile-only pass, which runs no kernel). */
  prepare(b: number): void {
    if (webgpuKernels()) this.onesRow(b);
  }

  /** A row of ones [1, B] (kept): bias gradients as one plain matMul, ones x g. */
  private onesRow(b: number): tf.Tensor2D {
    const have = this.ones.get(b);
    if (have) return have;
    const t = tf.keep(tf.ones([1, b]) as tf.Tensor2D);
    this.ones.set(b, t);
    return t;
  }

  /**
   * gradients(), with the residual only when asked. rowWeights (one per batch row, optional) weights
   * the loss as mean(w_i (out_i - y_i)^2) (the score target's sigma^2); the residual then is sqrt(w) r.
   * Without them the step is exactly the unweighted one. (it costs a kernel on WebGPU, where the output
   * gradient is computed directly). On WebGPU, SiLU, its derivative and the scaled residual are single
   * custom dispatches (webgpuPrograms.ts); elsewhere they are plain tfjs ops with the same math.
   */
  gradientsFor(x: tf.Tensor2D, y: tf.Tensor2D, withResidual: boolean, rowWeights?: Float32Array): { grads: tf.Tensor[]; residual: tf.Tensor2D | null } {
    const gpu = this.useCustomKernels && !rowWeights ? webgpuKernels() : null;
    if (!gpu && this.hostBackward && hostBackendName()) return this.gradientsHost(x, y, withResidual, rowWeights);
    const last = this.layerCount - 1;
    const b = x.shape[0];
    const hs: tf.Tensor2D[] = [x];
    const zs: tf.Tensor2D[] = [];
    const sig: tf.Tensor2D[] = [];
    let h: tf.Tensor2D = x;
    for (let l = 0; l < last; l++) {
      const z = tf.fused.matMul({ a: h, b: this.params[2 * l] as tf.Tensor2D, bias: this.params[2 * l + 1] }) as tf.Tensor2D;
      if (gpu) {
        h = gpu.silu(z);
        zs.push(z);
      } else {
        const s = tf.sigmoid(z) as tf.Tensor2D;
        h = tf.mul(z, s) as tf.Tensor2D;
        sig.push(s);
      }
      hs.push(h);
    }
    const out = tf.fused.matMul({ a: h, b: this.params[2 * last] as tf.Tensor2D, bias: this.params[2 * last + 1] });
    // d mean(r^2) / d out = 2 r / (2B) = r / B.
    let g: tf.Tensor2D;
    let residual: tf.Tensor2D | null = null;
    if (gpu) {
      g = gpu.scaledDiff(out as tf.Tensor2D, y, 1 / b);
      if (withResidual) residual = tf.mul(g, tf.scalar(b)) as tf.Tensor2D;
    } else if (rowWeights) {
      // Weighted loss mean(w_i r^2): g = w r / B; the residual returned is sqrt(w) r, whose mean square is the loss.
      const r = tf.sub(out, y) as tf.Tensor2D;
      const w = tf.tensor2d(rowWeights, [b, 1]);
      g = tf.mul(r, tf.mul(w, tf.scalar(1 / b))) as tf.Tensor2D;
      residual = tf.mul(r, tf.sqrt(w)) as tf.Tensor2D;
    } else {
      residual = tf.sub(out, y) as tf.Tensor2D;
      g = tf.mul(residual, tf.scalar(1 / b)) as tf.Tensor2D;
    }
    const grads: tf.Tensor[] = new Array(this.params.length);
    for (let l = last; l >= 0; l--) {
      const width = g.shape[1];
      if (gpu) {
        grads[2 * l] = tf.matMul(hs[l], g, true, false);
        grads[2 * l + 1] = tf.reshape(tf.matMul(this.onesRow(b), g), [width]);
      } else {
        grads[2 * l] = this.matMulTA(hs[l], g);
        grads[2 * l + 1] = tf.sum(g, 0);
      }
      if (l === 0) break;
      if (gpu) {
        g = gpu.siluGrad(tf.matMul(g, this.params[2 * l] as tf.Tensor2D, false, true) as tf.Tensor2D, zs[l - 1]);
      } else {
        const dh = this.matMulTB(g, this.params[2 * l] as tf.Tensor2D);
        // silu'(z) = s + z s (1 - s) = s + h (1 - s), with h = z s.
        const s = sig[l - 1];
        const hl = hs[l];
        g = tf.mul(dh, tf.add(s, tf.mul(hl, tf.sub(1, s)))) as tf.Tensor2D;
      }
    }
    return { grads, residual };
  }

  /**
   * gradientsFor on a host-readable backend (wasm, cpu). The forward pass is the same kernels; the
   * backward runs its elementwise work in host loops (src/core/mlpBackward.ts), one pass per layer,
   * which also sums the bias gradient, writes the gradient transposed (g^T) for the weight gradient
   * dW^T = g^T h (a plain matMul), and transposes the small matrices W and dW^T. Kernels per hidden
   * layer: 2 plain matMuls (was ~11: transposes of h and W, Sum, 4 elementwise ops, 2 matMuls).
   * Every matMul packs its right operand; only dW^T = g^T h packs a batch-sized one (h).
   */
  private gradientsHost(x: tf.Tensor2D, y: tf.Tensor2D, withResidual: boolean, rowWeights?: Float32Array): { grads: tf.Tensor[]; residual: tf.Tensor2D | null } {
    const last = this.layerCount - 1;
    const b = x.shape[0];
    const hs: tf.Tensor2D[] = [x];
    const sig: tf.Tensor2D[] = [];
    let h: tf.Tensor2D = x;
    for (let l = 0; l < last; l++) {
      const z = tf.fused.matMul({ a: h, b: this.params[2 * l] as tf.Tensor2D, bias: this.params[2 * l + 1] }) as tf.Tensor2D;
      const s = tf.sigmoid(z) as tf.Tensor2D;
      h = tf.mul(z, s) as tf.Tensor2D;
      sig.push(s);
      hs.push(h);
    }
    const wLast = this.params[2 * last] as tf.Tensor2D;
    const out = tf.fused.matMul({ a: h, b: wLast, bias: this.params[2 * last + 1] }) as tf.Tensor2D;
    const [nIn, n] = wLast.shape;
    // d mean(r^2) / d out = 2 r / (2B) = r / B; its bias and weight gradients; W^T for dh = g W^T.
    const shapes = [[b, n], [n], [nIn, n], [n, nIn]];
    if (withResidual) shapes.push([b, n]);
    const outs = hostCompute([out, y, h, wLast], shapes, ([o, yv, hv, wv], [g, db, dW, wT, r]) => {
      if (rowWeights) {
        // out is this step's own tensor: move it to y + w (out - y), so outputGrad's residual is w r.
        for (let i = 0; i < b; i++) {
          const w = rowWeights[i];
          const sw = Math.sqrt(w);
          for (let j = 0; j < n; j++) {
            const k = i * n + j;
            const rk = o[k] - yv[k];
            if (r) r[k] = sw * rk;
            o[k] = yv[k] + w * rk;
          }
        }
        outputGrad(o, yv, hv, b, n, nIn, g, db, dW);
      } else outputGrad(o, yv, hv, b, n, nIn, g, db, dW, r);
      transposeInto(wv, nIn, n, wT);
    });
    const grads: tf.Tensor[] = new Array(this.params.length);
    [grads[2 * last], grads[2 * last + 1]] = [outs[2], outs[1]];
    const residual = withResidual ? (outs[4] as tf.Tensor2D) : null;
    let g = outs[0] as tf.Tensor2D;
    let wT = outs[3] as tf.Tensor2D;
    const dWTs: tf.Tensor2D[] = [];
    for (let l = last - 1; l >= 0; l--) {
      // Gradient wrt hs[l + 1], through SiLU to z_l = hs[l] W_l + b_l.
      const dh = tf.matMul(g, wT) as tf.Tensor2D;
      const w = dh.shape[1];
      const rows = hs[l].shape[1];
      const w_l = this.params[2 * l] as tf.Tensor2D;
      const more = l > 0;
      const res = hostCompute(more ? [dh, sig[l], hs[l + 1], w_l] : [dh, sig[l], hs[l + 1]], more ? [[w, b], [w], [b, w], [w, rows]] : [[w, b], [w]], ([d, sv, hv, wv], [gT, db, gRow, wTl]) => {
        siluGrad(d, sv, hv, b, w, gT, db, gRow);
        if (wv) transposeInto(wv, rows, w, wTl);
      });
      grads[2 * l + 1] = res[1];
      dWTs.push(tf.matMul(res[0] as tf.Tensor2D, hs[l]) as tf.Tensor2D);
      if (more) [g, wT] = [res[2] as tf.Tensor2D, res[3] as tf.Tensor2D];
    }
    // dW^T -> dW for every hidden layer in one pass (dWTs[k] is layer last - 1 - k).
    const dWs = hostCompute(
      dWTs,
      dWTs.map((t) => [t.shape[1], t.shape[0]]),
      (ins, outs2) => ins.forEach((a, k) => transposeInto(a, dWTs[k].shape[0], dWTs[k].shape[1], outs2[k])),
    );
    dWs.forEach((t, k) => (grads[2 * (last - 1 - k)] = t));
    return { grads, residual };
  }

  async getWeights(): Promise<MlpWeights> {
    const arrays = await Promise.all(this.params.map((p) => p.data() as Promise<Float32Array>));
    return { shape: { ...this.shape }, arrays: arrays.map((a) => Float32Array.from(a)) };
  }

  setWeights(w: MlpWeights): void {
    if (!sameShape(w.shape, this.shape)) {
      throw new Error('weights do not fit this network');
    }
    tf.tidy(() => w.arrays.forEach((a, i) => this.params[i].assign(tf.tensor(a, this.params[i].shape))));
  }

  dispose(): void {
    this.params.forEach((p) => p.dispose());
    this.ones.forEach((t) => t.dispose());
    this.ones.clear();
  }
}
