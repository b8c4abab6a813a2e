/** Loading weights (a scene, the end of a lesson): the step readout shows the loaded step, never the old model's. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { FromWorker } from '../worker/protocol';
import { fakeWorker } from './fakeWorkerClient';

vi.mock('../worker/client', () => import('./fakeWorkerClient'));

beforeAll(() => {
  (globalThis as { document?: unknown }).document ??= { addEventListener() {}, hidden: false };
});

describe('loading weights', () => {
  it('ignores the old model’s progress and weights until the worker confirms the loaded step', async () => {
    const { startSession, loadWeights, getSavedWeights } = await import('./session');
    const { useTraining } = await import('./trainingStore');
    startSession({ train: {}, sample: {}, errors: [] });
    const progress = (step: number): FromWorker => ({ type: 'progress', step, losses: new Float32Array([step, 0.5]), stepsPerSecond: 10, running: false });
    fakeWorker.handlers!.onMessage(progress(6000));
    expect(useTraining.getState().step).toBe(6000);
    loadWeights({ weights: { shape: { hiddenLayers: 1, width: 2 }, arrays: [] }, step: 183 });
    expect(useTraining.getState().step).toBe(183);
    // The old model's last reports, already on their way when the weights were sent.
    fakeWorker.handlers!.onMessage(progress(6000));
    expect(useTraining.getState().step).toBe(183);
    fakeWorker.handlers!.onMessage({ type: 'weights', weights: { shape: { hiddenLayers: 1, width: 2 }, arrays: [] }, step: 6000 });
    expect(getSavedWeights()!.step).toBe(183);
    // The worker's fresh start (step 0), then its answer to the load.
    fakeWorker.handlers!.onMessage({ type: 'reset', step: 0 });
    expect(useTraining.getState().step).toBe(183);
    fakeWorker.handlers!.onMessage({ type: 'reset', step: 183 });
    fakeWorker.handlers!.onMessage(progress(190));
    expect(useTraining.getState().step).toBe(190);
  });
});
