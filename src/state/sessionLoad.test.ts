/** Loading weights (a scene, the end of a lesson): the step readout shows the loaded step, never the old model's. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { FromWorker, ToWorker } from '../worker/protocol';

const sent: ToWorker[] = [];
let handlers: { onMessage(m: FromWorker): void } | null = null;

vi.mock('../worker/client', () => ({
  createWorkerClient: (h: { onMessage(m: FromWorker): void }) => {
    handlers = h;
    return { send: (m: ToWorker) => sent.push(m), request: () => new Promise(() => {}), terminate() {}, lock: 'test-lock', watchLife() {} };
  },
}));

beforeAll(() => {
  (globalThis as { document?: unknown }).document ??= { addEventListener() {}, hidden: false };
});

describe('loading weights', () => {
  it('ignores the old model’s progress and weights until the worker confirms the loaded step', async () => {
    const { startSession, loadWeights, getSavedWeights } = await import('./session');
    const { useTraining } = await import('./trainingStore');
    startSession({ train: {}, sample: {}, errors: [] });
    const progress = (step: number): FromWorker => ({ type: 'progress', step, losses: new Float32Array([step, 0.5]), stepsPerSecond: 10, running: false });
    handlers!.onMessage(progress(6000));
    expect(useTraining.getState().step).toBe(6000);
    loadWeights({ weights: { shape: { hiddenLayers: 1, width: 2 }, arrays: [] }, step: 183 });
    expect(useTraining.getState().step).toBe(183);
    // The old model's last reports, already on their way when the weights were sent.
    handlers!.onMessage(progress(6000));
    expect(useTraining.getState().step).toBe(183);
    handlers!.onMessage({ type: 'weights', weights: { shape: { hiddenLayers: 1, width: 2 }, arrays: [] }, step: 6000 });
    expect(getSavedWeights()!.step).toBe(183);
    // The worker's fresh start (step 0), then its answer to the load.
    handlers!.onMessage({ type: 'reset', step: 0 });
    expect(useTraining.getState().step).toBe(183);
    handlers!.onMessage({ type: 'reset', step: 183 });
    handlers!.onMessage(progress(190));
    expect(useTraining.getState().step).toBe(190);
  });
});
