/**
 * Adam with bias correction folded into one scalar step size:
 *   m <- b1 m + (1 - b1) g,  v <- b2 v + (1 - b2) g^2,  p <- p - step_t m / (sqrt(v) + eps),
 *   step_t = lr sqrt(1 - b2^t) / (1 - b1^t).
 * Three implementations of the same update, chosen by backend:
 * - webgpu: fused. Moments of all parameters live in one flat buffer; one WebGPU program updates the
 *   moments of up to 7 parameters in place, then one small program per parameter updates it in place
 *   (10 dispatches for an 8-tensor MLP instead of ~100 elementwise kernels).
 * - wasm, cpu: fused on the host. The moments are plain Float32Arrays and one JS loop updates each
 *   parameter (in place in the wasm heap; by assignment on cpu): no kernels at all.
 * - anything else (webgl), or mode 'ops': plain tfjs elementwise ops, 12 kernels per parameter.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';
import { hostCompute } from './hostData';
import { flatDispatch } from './webgpuPrograms';

export interface AdamOptions {
  learningRate: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  /** 'auto' (default): the fused form the backend supports; 'ops': plain tfjs ops everywhere (reference). */
  mode?: 'auto' | 'ops';
}

type Mode = 'webgpu' | 'host-wasm' | 'host-cpu' | 'ops';

/** Most storage buffers one WebGPU dispatch may bind by default (8), less the output. */
const MAX_GROUP = 7;

/** m, v of a group of parameters, in place in the flat moments buffer [m (N) | v (N)]. */
class MomentsProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  readonly baseKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;
  private readonly code: string;

  constructor(total: number, offsets: number[], sizes: number[], beta1: number, beta2: number) {
    const start = offsets[0];
    const count = offsets[offsets.length - 1] + sizes[sizes.length - 1] - start;
    this.variableNames = offsets.map((_, i) => `G${i}`);
    this.outputShape = [2 * total];
    this.dispatchLayout = { x: [0] };
    this.dispatch = flatDispatch(count, this.workgroupSize[0]);
    this.baseKey = `flowAdamMoments_${total}_${offsets.join('_')}_${sizes.join('_')}_${beta1}_${beta2}`;
    this.shaderKey = this.baseKey;
    const f = (x: number) => (Number.isInteger(x) ? `${x}.0` : `${x}`);
    const pick = offsets
      .map((o, i) => `${i === 0 ? '' : 'else '}if (j < ${o + sizes[i]}) { g = G${i}[j - ${o}]; }`)
      .join('\n          ');
    this.code = `
      fn main(index : i32) {
        // (uniforms.size is referenced so that the 'auto' pipeline layout keeps the uniform binding.)
        if (index < ${count} && uniforms.size > 0) {
          let j = index + ${start};
          var g = 0.0;
          ${pick}
          let m = ${f(beta1)} * result[j] + ${f(1 - beta1)} * g;
          let v = ${f(beta2)} * result[j + ${total}] + ${f(1 - beta2)} * g * g;
          result[j] = m;
          result[j + ${total}] = v;
        }
      }`;
  }

  getUserCode(): string {
    return this.code;
  }
}

/** One parameter p (flat view of n values at offset o of the moments), in place. */
class UpdateProgram {
  variableNames = ['MV'];
  outputShape: number[];
  shaderKey: string;
  readonly baseKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;
  uniforms = 'lrStep : f32,';
  private readonly code: string;

  constructor(total: number, offset: number, n: number, epsilon: number) {
    this.outputShape = [n];
    this.dispatchLayout = { x: [0] };
    this.dispatch = flatDispatch(n, this.workgroupSize[0]);
    this.baseKey = `flowAdamUpdate_${total}_${offset}_${n}_${epsilon}`;
    this.shaderKey = this.baseKey;
    this.code = `
      fn main(index : i32) {
        if (index < ${n}) {
          let m = MV[index + ${offset}];
          let v = MV[index + ${offset + total}];
          result[index] = result[index] - uniforms.lrStep * (m / (sqrt(v) + ${epsilon.toExponential()}));
        }
      }`;
  }

  getUserCode(): string {
    return this.code;
  }
}

export class Adam {
  learningRate: number;
  private readonly beta1: number;
  private readonly beta2: number;
  private readonly epsilon: number;
  private readonly mode: Mode;
  private readonly sizes: number[];
  private readonly offsets: number[];
  private readonly total: number;
  // ops mode
  private m: tf.Variable[] = [];
  private v: tf.Variable[] = [];
  private scalars: tf.Scalar[] = [];
  // host modes
  private hostM: Float32Array[] = [];
  private hostV: Float32Array[] = [];
  // webgpu mode
  private mv: tf.Tensor1D | null = null;
  private momentsPrograms: { program: MomentsProgram; first: number; count: number }[] = [];
  private updatePrograms: UpdateProgram[] = [];
  private t = 0;

  constructor(params: readonly tf.Variable[], opts: AdamOptions) {
    this.learningRate = opts.learningRate;
    this.beta1 = opts.beta1 ?? 0.9;
    this.beta2 = opts.beta2 ?? 0.999;
    this.epsilon = opts.epsilon ?? 1e-8;
    this.sizes = params.map((p) => p.size);
    this.offsets = [];
    let total = 0;
    for (const n of this.sizes) {
      this.offsets.push(total);
      total += n;
    }
    this.total = total;
    const backend = tf.getBackend();
    this.mode =
      opts.mode === 'ops' ? 'ops' : backend === 'webgpu' ? 'webgpu' : backend === 'wasm' ? 'host-wasm' : backend === 'cpu' ? 'host-cpu' : 'ops';
    if (this.mode === 'ops') {
      // tidy: the zero tensors go once the variables hold their data.
      this.m = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
      this.v = params.map((p) => tf.tidy(() => tf.variable(tf.zerosLike(p), false)));
      this.scalars = [this.beta1, this.beta2, 1 - this.beta1, 1 - this.beta2, this.epsilon].map((x) => tf.keep(tf.scalar(x)));
    } else if (this.mode === 'webgpu') {
      this.mv = tf.keep(tf.zeros([2 * total]) as tf.Tensor1D);
      for (let first = 0; first < params.length; first += MAX_GROUP) {
        const count = Math.min(MAX_GROUP, params.length - first);
        const offs = this.offsets.slice(first, first + count);
        const szs = this.sizes.slice(first, first + count);
        this.momentsPrograms.push({ program: new MomentsProgram(total, offs, szs, this.beta1, this.beta2), first, count });
      }
      this.updatePrograms = params.map((_, i) => new UpdateProgram(total, this.offsets[i], this.sizes[i], this.epsilon));
    } else {
      this.hostM = this.sizes.map((n) => new Float32Array(n));
      this.hostV = this.sizes.map((n) => new Float32Array(n));
    }
  }

  get iterations(): number {
    return this.t;
  }

  /** Which implementation runs (the benchmark and tests report it). */
  get implementation(): Mode {
    return this.mode;
  }

  /** One update of params from grads (same order). Call inside tf.tidy. */
  apply(params: readonly tf.Variable[], grads: readonly tf.Tensor[]): void {
    this.t += 1;
    const step = (this.learningRate * Math.sqrt(1 - this.beta2 ** this.t)) / (1 - this.beta1 ** this.t);
    if (this.mode === 'webgpu') this.applyWebGpu(params, grads, step);
    else if (this.mode === 'ops') this.applyOps(params, grads, step);
    else this.applyHost(params, grads, step);
  }

  /** Run the update's programs without counting a step (for a compile-only pass: nothing executes). */
  compile(params: readonly tf.Variable[], grads: readonly tf.Tensor[]): void {
    if (this.mode === 'webgpu') this.applyWebGpu(params, grads, this.learningRate);
  }

  private applyOps(params: readonly tf.Variable[], grads: readonly tf.Tensor[], step: number): void {
    const [b1, b2, c1, c2, eps] = this.scalars;
    const lr = tf.scalar(-step);
    for (let i = 0; i < params.length; i++) {
      const g = grads[i];
      const m = tf.add(tf.mul(this.m[i], b1), tf.mul(g, c1));
      const v = tf.add(tf.mul(this.v[i], b2), tf.mul(tf.square(g), c2));
      this.m[i].assign(m);
      this.v[i].assign(v);
      params[i].assign(tf.add(params[i], tf.mul(lr, tf.div(m, tf.add(tf.sqrt(v), eps)))));
    }
  }

  private applyHost(params: readonly tf.Variable[], grads: readonly tf.Tensor[], step: number): void {
    const b1 = Math.fround(this.beta1);
    const b2 = Math.fround(this.beta2);
    const c1 = Math.fround(1 - this.beta1);
    const c2 = Math.fround(1 - this.beta2);
    const eps = Math.fround(this.epsilon);
    for (let i = 0; i < params.length; i++) {
      const m = this.hostM[i];
      const v = this.hostV[i];
      // The update goes to a new tensor, written in place on the heap (no copies): never into the
      // variable's own memory, since the wasm backend's XNNPACK matMul caches packed weights per
      // tensor, and in-place writes would leave the forward pass on stale weights.
      const [next] = hostCompute([params[i], grads[i]], [params[i].shape], ([p, g], [out]) => {
        for (let j = 0; j < p.length; j++) {
          const gj = g[j];
          const mj = (m[j] = b1 * m[j] + c1 * gj);
          const vj = (v[j] = b2 * v[j] + c2 * gj * gj);
          out[j] = p[j] - (step * mj) / (Math.sqrt(vj) + eps);
        }
      });
      params[i].assign(next);
    }
  }

  private applyWebGpu(params: readonly tf.Variable[], grads: readonly tf.Tensor[], step: number): void {
    const backend = tf.backend() as unknown as WebGPUBackend;
    const mv = this.mv!;
    const mvInfo: tf.TensorInfo = { dataId: mv.dataId, shape: mv.shape, dtype: 'float32' };
    // tfjs appends the inputs' description to program.shaderKey on every run: start from the base key.
    for (const { program, first, count } of this.momentsPrograms) {
      program.shaderKey = program.baseKey;
      backend.runWebGPUProgram(program, grads.slice(first, first + count), 'float32', [], mvInfo);
    }
    const uniform = [{ type: 'float32', data: [step] }];
    const tensorMap = (backend as unknown as { tensorMap: { get(id: object): { values: unknown } } }).tensorMap;
    params.forEach((p, i) => {
      const program = this.updatePrograms[i];
      program.shaderKey = program.baseKey;
      const out: tf.TensorInfo = { dataId: p.dataId, shape: [p.size], dtype: 'float32' };
      backend.runWebGPUProgram(program, [mv], 'float32', uniform, out);
      // Updated in place on the GPU: drop any copy a previous read cached on the CPU.
      tensorMap.get(p.dataId).values = null;
    });
  }

  /** Forget the moments (after the weights are replaced). */
  reset(): void {
    this.t = 0;
    tf.tidy(() => {
      for (const m of this.m) m.assign(tf.zerosLike(m));
      for (const v of this.v) v.assign(tf.zerosLike(v));
    });
    this.hostM.forEach((m) => m.fill(0));
    this.hostV.forEach((v) => v.fill(0));
    if (this.mv) {
      this.mv.dispose();
      this.mv = tf.keep(tf.zeros([2 * this.total]) as tf.Tensor1D);
    }
  }

  dispose(): void {
    [...this.m, ...this.v, ...this.scalars].forEach((x) => x.dispose());
    this.mv?.dispose();
    this.mv = null;
  }
}

/**
 * The fused Adam of this backend against the plain-ops one on the same random parameters and
 * gradients (3 steps): the largest absolute difference of the parameters.
 */
export async function checkFusedAdam(
  shapes: number[][] = [[11, 128], [128], [128, 128], [128], [128, 2], [2]],
  steps = 3,
): Promise<{ maxAbsErr: number; fused: string; perParam: number[] }> {
  const init = shapes.map((s) => tf.randomNormal(s, 0, 0.5, 'float32', 1));
  // tidy: the copies (and the scalar 0) go once the variables hold their data.
  const a = init.map((x) => tf.tidy(() => tf.variable(tf.add(x, 0), true)));
  const b = init.map((x) => tf.tidy(() => tf.variable(tf.add(x, 0), true)));
  const fused = new Adam(a, { learningRate: 1e-2 });
  const plain = new Adam(b, { learningRate: 1e-2, mode: 'ops' });
  for (let step = 0; step < steps; step++) {
    tf.tidy(() => {
      const grads = shapes.map((s, i) => tf.randomNormal(s, 0, 1, 'float32', 100 * step + i));
      fused.apply(a, grads);
      plain.apply(b, grads);
    });
  }
  const perParam: number[] = [];
  for (let i = 0; i < shapes.length; i++) {
    const [x, y] = await Promise.all([a[i].data(), b[i].data()]);
    let e = 0;
    for (let j = 0; j < x.length; j++) e = Math.max(e, Math.abs(x[j] - y[j]));
    perParam.push(e);
  }
  const maxAbsErr = Math.max(...perParam);
  const impl = fused.implementation;
  fused.dispose();
  plain.dispose();
  [...init, ...a, ...b].forEach((x) => x.dispose());
  return { maxAbsErr, fused: impl, perParam };
}
