/**
 * Counts kernels: every tfjs kernel an op launches (engine.runKernel), and on WebGPU every compute
 * program the backend dispatches (runWebGPUProgram), which is what costs CPU time per kernel on a GPU.
 */
import * as tf from '@tensorflow/tfjs-core';

interface Counts {
  kernels: number;
  programs: number;
  names: Map<string, number>;
}

const counts: Counts = { kernels: 0, programs: 0, names: new Map() };
let installedEngine = false;
let installedBackend: object | null = null;

export function installKernelCounter(): void {
  const eng = tf.engine() as unknown as { runKernel: (name: string, ...rest: unknown[]) => unknown };
  if (!installedEngine) {
    const orig = eng.runKernel;
    eng.runKernel = function (this: unknown, name: string, ...rest: unknown[]) {
      counts.kernels += 1;
      counts.names.set(name, (counts.names.get(name) ?? 0) + 1);
      return orig.call(this, name, ...rest);
    };
    installedEngine = true;
  }
  const backend = tf.backend() as unknown as { runWebGPUProgram?: (...a: unknown[]) => unknown };
  if (backend.runWebGPUProgram && installedBackend !== backend) {
    const orig = backend.runWebGPUProgram;
    backend.runWebGPUProgram = function (this: unknown, ...a: unknown[]) {
      counts.programs += 1;
      return orig.apply(this, a);
    };
    installedBackend = backend;
  }
}

/** Kernels (and GPU programs) launched while `fn` runs. */
export async function countKernels(fn: () => Promise<unknown>): Promise<{ kernels: number; programs: number; byName: Record<string, number> }> {
  counts.kernels = 0;
  counts.programs = 0;
  counts.names.clear();
  await fn();
  return { kernels: counts.kernels, programs: counts.programs, byName: Object.fromEntries(counts.names) };
}
