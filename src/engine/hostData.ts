/**
 * Tensor values read and written in place on the host, for the backends whose data lives in JS
 * memory: the wasm heap and the CPU backend's arrays. Used where one JS loop is cheaper than several
 * tfjs kernels (the MLP's backward elementwise work, Adam).
 */
import * as tf from '@tensorflow/tfjs-core';

interface WasmHeapBackend {
  typedArrayFromHeap(t: tf.TensorInfo): Float32Array;
  makeOutput(shape: number[], dtype: 'float32'): tf.TensorInfo;
}

interface CpuDataBackend {
  data: { get(dataId: object): { values: Float32Array } };
}

/** Whether the active backend's float32 values can be read on the host (wasm, cpu). */
export function hostBackendName(): 'wasm' | 'cpu' | null {
  const name = tf.getBackend();
  return name === 'wasm' || name === 'cpu' ? name : null;
}

/**
 * New float32 tensors of `shapes`, filled by `fill` from the values of `inputs`, without a kernel.
 * On wasm the outputs are allocated on the heap first and every view is taken after that (an
 * allocation may grow the heap, which detaches older views), so `fill` writes in place; on cpu it
 * writes fresh arrays that become the tensors. Tracked by the enclosing tf.tidy like any result.
 */
export function hostCompute(inputs: readonly tf.Tensor[], shapes: readonly number[][], fill: (ins: Float32Array[], outs: Float32Array[]) => void): tf.Tensor[] {
  const backend = tf.backend();
  if (tf.getBackend() === 'wasm') {
    const wb = backend as unknown as WasmHeapBackend;
    const infos = shapes.map((s) => wb.makeOutput(s, 'float32'));
    fill(
      inputs.map((t) => wb.typedArrayFromHeap(t)),
      infos.map((t) => wb.typedArrayFromHeap(t)),
    );
    return infos.map((t) => tf.engine().makeTensorFromTensorInfo(t));
  }
  const cb = backend as unknown as CpuDataBackend;
  const outs = shapes.map((s) => new Float32Array(s.reduce((a, b) => a * b, 1)));
  fill(
    inputs.map((t) => cb.data.get(t.dataId).values),
    outs,
  );
  return outs.map((o, i) => tf.tensor(o, shapes[i]));
}
