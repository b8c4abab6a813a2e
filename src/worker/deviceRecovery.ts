/**
 * Device-loss recovery: when the WebGPU device is lost (driver reset, GPU removed), every model run
 * drops its trainer, the worker moves to the next backend, and each run goes on from its last good
 * weights. Also the fault drill that loses the device on purpose.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { GoodWeights } from './trainingGuard';

interface GpuDeviceLike {
  lost: Promise<{ reason: string; message: string }>;
  destroy(): void;
}

export interface DeviceLossInfo {
  reason: string;
  message: string;
}

const gpuDevice = (): GpuDeviceLike | null => (tf.getBackend() === 'webgpu' ? ((tf.backend() as unknown as { device: GpuDeviceLike }).device ?? null) : null);

/** Fault drill: destroy the WebGPU device (nothing happens on other backends). */
export function loseGpuDevice(): void {
  gpuDevice()?.destroy();
}

/** Call `onLost` once if the current backend's GPU device is lost. */
export function watchGpuDevice(onLost: (info: DeviceLossInfo) => void): void {
  const device = gpuDevice();
  if (!device) return;
  void device.lost.then(onLost);
}

/** What a run needs to go through a device loss. */
export interface RecoverableRun {
  /** The weights to go on from, and whether the user wanted training on. */
  recoveryPoint(): { resume: GoodWeights | null; wasRunning: boolean };
  /** Stop and free the trainer (its buffers went with the device). */
  dropTrainer(): void;
  /** The new backend's trainer is in place: take the weights back (the history after them is gone). */
  restoreWeights(resume: GoodWeights | null): void;
  /** Tell the page the model went back to `resume`, and train again if it was training. */
  carryOn(resume: GoodWeights | null, wasRunning: boolean): void;
}

export interface RecoveryHost {
  runs(): RecoverableRun[];
  /** Errors from the dead device are expected between the loss and the move. */
  setDeviceLost(lost: boolean): void;
  /** Select another backend (never WebGPU) and rebuild every run's trainer on it; returns its name. */
  restartBackend(): Promise<string>;
  notice(level: 'info' | 'warning' | 'error', message: string): void;
  /** Let the scheduler go on. */
  wake(): void;
}

export async function recoverFromDeviceLoss(host: RecoveryHost, info: DeviceLossInfo): Promise<void> {
  const runs = host.runs();
  const points = runs.map((r) => r.recoveryPoint());
  host.setDeviceLost(true);
  for (const r of runs) r.dropTrainer();
  let backendName: string;
  try {
    backendName = await host.restartBackend();
  } catch (e) {
    host.notice('error', `The GPU device was lost and no other backend could start: ${e instanceof Error ? e.message : String(e)}`);
    return;
  }
  runs.forEach((r, i) => {
    const { resume, wasRunning } = points[i];
    r.restoreWeights(resume);
    host.notice(
      'warning',
      `The GPU device was lost (${info.reason || 'unknown'}${info.message ? `: ${info.message}` : ''}). Training moved to ${backendName} and continues from ${resume ? `step ${resume.step}` : 'fresh weights'}.`,
    );
    r.carryOn(resume, wasRunning);
  });
  host.setDeviceLost(false);
  host.wake();
}
