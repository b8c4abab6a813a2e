/**
 * Small custom WebGPU programs for the training step, registered as tfjs kernels of the 'webgpu'
 * backend only (callers fall back to plain tfjs ops elsewhere):
 * - FlowSilu: h = z sigmoid(z) in one dispatch (tfjs: sigmoid + mul);
 * - FlowSiluGrad: dh silu'(z) = dh (s + z s (1 - s)), s = sigmoid(z), in one dispatch (tfjs: 4-5);
 * - FlowScaledDiff: (a - b) * scale in one dispatch (tfjs: sub + mul).
 * No gradients are registered: these serve the hand-written backward pass, never autodiff.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { WebGPUBackend } from '@tensorflow/tfjs-backend-webgpu';

export function flatDispatch(n: number, workgroup: number): [number, number, number] {
  return [Math.max(1, Math.ceil(n / workgroup)), 1, 1];
}

class ElementwiseProgram {
  variableNames: string[];
  outputShape: number[];
  shaderKey: string;
  dispatchLayout: { x: number[] };
  dispatch: [number, number, number];
  workgroupSize: [number, number, number] = [64, 1, 1];
  size = true;
  uniforms?: string;
  private readonly code: string;

  constructor(key: string, names: string[], shape: number[], body: string, uniforms?: string) {
    this.variableNames = names;
    this.outputShape = shape;
    const n = shape.reduce((a, b) => a * b, 1);
    this.dispatchLayout = { x: shape.map((_, i) => i) };
    this.dispatch = flatDispatch(n, this.workgroupSize[0]);
    this.shaderKey = key;
    if (uniforms) this.uniforms = uniforms;
    this.code = `
      fn main(index : i32) {
        if (index < uniforms.size) {
          ${body}
        }
      }`;
  }

  getUserCode(): string {
    return this.code;
  }
}

type KernelArgs = { inputs: tf.NamedTensorInfoMap; backend: unknown; attrs?: tf.NamedAttrMap };

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  const kernels: { name: string; fn: (a: KernelArgs) => tf.TensorInfo }[] = [
    {
      name: 'FlowSilu',
      fn: ({ inputs, backend }) => {
        const z = inputs.z as tf.TensorInfo;
        const program = new ElementwiseProgram('flowSilu', ['Z'], z.shape, 'let z = Z[index];\n          result[index] = z / (1.0 + exp(-z));');
        return (backend as WebGPUBackend).runWebGPUProgram(program, [z], 'float32');
      },
    },
    {
      name: 'FlowSiluGrad',
      fn: ({ inputs, backend }) => {
        const dh = inputs.dh as tf.TensorInfo;
        const z = inputs.z as tf.TensorInfo;
        const program = new ElementwiseProgram(
          'flowSiluGrad',
          ['DH', 'Z'],
          z.shape,
          'let z = Z[index];\n          let s = 1.0 / (1.0 + exp(-z));\n          result[index] = DH[index] * (s + z * s * (1.0 - s));',
        );
        return (backend as WebGPUBackend).runWebGPUProgram(program, [dh, z], 'float32');
      },
    },
    {
      name: 'FlowScaledDiff',
      fn: ({ inputs, backend, attrs }) => {
        const a = inputs.a as tf.TensorInfo;
        const b = inputs.b as tf.TensorInfo;
        const program = new ElementwiseProgram('flowScaledDiff', ['A', 'B'], a.shape, 'result[index] = (A[index] - B[index]) * uniforms.scale;', 'scale : f32,');
        return (backend as WebGPUBackend).runWebGPUProgram(program, [a, b], 'float32', [{ type: 'float32', data: [attrs!.scale as number] }]);
      },
    },
  ];
  for (const k of kernels) {
    if (!tf.getKernel(k.name, 'webgpu')) tf.registerKernel({ kernelName: k.name, backendName: 'webgpu', kernelFunc: k.fn as unknown as tf.KernelFunc });
  }
}

/** The custom kernels when the active backend is WebGPU, else null (use plain tfjs ops). */
export function webgpuKernels(): {
  silu(z: tf.Tensor2D): tf.Tensor2D;
  siluGrad(dh: tf.Tensor2D, z: tf.Tensor2D): tf.Tensor2D;
  scaledDiff(a: tf.Tensor2D, b: tf.Tensor2D, scale: number): tf.Tensor2D;
} | null {
  if (tf.getBackend() !== 'webgpu') return null;
  register();
  const run = (name: string, inputs: tf.NamedTensorMap, attrs: tf.NamedAttrMap = {}) => tf.engine().runKernel(name, inputs, attrs) as tf.Tensor2D;
  return {
    silu: (z) => run('FlowSilu', { z }),
    siluGrad: (dh, z) => run('FlowSiluGrad', { dh, z }),
    scaledDiff: (a, b, scale) => run('FlowScaledDiff', { a, b }, { scale }),
  };
}
