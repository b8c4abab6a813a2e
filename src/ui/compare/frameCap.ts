/**
 * While compare models train on a CPU backend on a few cores, the panels draw at 30 fps, as the
 * stage does while the playground trains (session.ts): three panels a frame compete with the worker.
 */
import { useEffect } from 'react';
import { clock } from '../../state/clock';
import { useCompare } from '../../state/compareStore';
import { useTraining } from '../../state/trainingStore';

function capFrames(): void {
  const c = useCompare.getState();
  const running = c.objectives.some((o) => c.models[o]?.running);
  const fewCores = (globalThis.navigator?.hardwareConcurrency || 2) <= 4;
  clock.minFrameMs = fewCores && running && useTraining.getState().backend?.name !== 'webgpu' ? 1000 / 30 : 0;
}

export function useCompareFrameCap(): void {
  useEffect(() => {
    capFrames();
    const unsubs = [useCompare.subscribe((s, p) => s.models !== p.models && capFrames()), useTraining.subscribe((s, p) => s.backend !== p.backend && capFrames())];
    return () => {
      unsubs.forEach((u) => u());
      // Back to the playground, whose model is paused while the compare view is open.
      clock.minFrameMs = 0;
    };
  }, []);
}
