/**
 * A small read-only window into the stage for end-to-end tests and the benchmark: where particles
 * are drawn at the current t, and how many frames the clock has rendered.
 */
import { positionAt } from '../core/solvers';
import { useTraining } from '../state/trainingStore';
import { clock } from './clock';
import { injectFault } from '../state/session';
import type { StageRenderer } from './stageRenderer';

export interface FmDebug {
  t(): number;
  frames(): number;
  drawnParticles(): number;
  snapshotStep(): number | null;
  /** Particle positions (data units) at the clock's t, for the first n particles. */
  particles(n?: number): number[][];
  /** End points (t = 1) of the first n trajectories. */
  endPoints(n?: number): number[][];
  /** Fault drills for reliability tests. */
  fault(kind: 'throw' | 'close' | 'deviceLost'): void;
  /** The worker's last reported tfjs memory. */
  workerMemory(): { numTensors: number; numBytes: number } | null;
  /** Recorded losses as [step, loss] pairs. */
  losses(): number[][];
  renderer: StageRenderer;
}

declare global {
  interface Window {
    __fm?: FmDebug;
  }
}

export function installDebugHooks(renderer: StageRenderer): () => void {
  const at = (t: number, n: number): number[][] => {
    const s = useTraining.getState().snapshot;
    if (!s) return [];
    const out: [number, number] = [0, 0];
    const res: number[][] = [];
    for (let i = 0; i < Math.min(n, s.particles); i++) {
      positionAt(s.trajectories, s.steps, i, t, out);
      res.push([out[0], out[1]]);
    }
    return res;
  };
  window.__fm = {
    t: () => clock.t,
    frames: () => clock.frames,
    drawnParticles: () => renderer.drawnParticles,
    snapshotStep: () => useTraining.getState().snapshot?.step ?? null,
    particles: (n = 50) => at(clock.t, n),
    endPoints: (n = 50) => at(1, n),
    fault: (kind) => injectFault(kind),
    workerMemory: () => useTraining.getState().workerMemory,
    losses: () => {
      const h = useTraining.getState().history;
      return Array.from({ length: h.length }, (_, i) => [h.steps[i], h.values[i]]);
    },
    renderer,
  };
  return () => {
    delete window.__fm;
  };
}
