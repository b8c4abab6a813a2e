/** Read-only test hooks for the teaching layer, lessons and probes (merged into window.__fm). */
import { useLessons } from '../state/lessonStore';
import { useProbes, type HoverVelocity } from '../state/probeStore';
import { useTraining } from '../state/trainingStore';
import { lessonId } from '../state/lessonActions';
import { teachingLayer } from './teachingLayer';

export interface TeachingDebug {
  /** The open lesson step's id, or null. */
  lesson(): string | null;
  presenter(): boolean;
  /** Probes on the stage, oldest first, with their trajectories as [x, y] per step. */
  probes(): { x: number; y: number; t: number; u: number; v: number; steps: number; trajectory: number[][] }[];
  hover(): HoverVelocity | null;
  /** Training pairs drawn by the pairs layer as [x0, y0, x1, y1] (empty when the layer is off). */
  pairs(): number[][];
  /** The worked example's labelled Euler stops drawn on the stage, or null. */
  markers(): number[][] | null;
  /** Whole trajectories of the first n particles of the latest snapshot, [particle][step][xy]. */
  trajectories(n?: number): { steps: number; solver: string; step: number; paths: number[][][] } | null;
}

const xy = (a: Float32Array): number[][] => Array.from({ length: a.length >> 1 }, (_, i) => [a[2 * i], a[2 * i + 1]]);

export function teachingHooks(): TeachingDebug {
  return {
    lesson: lessonId,
    presenter: () => useLessons.getState().presenter,
    probes: () =>
      useProbes.getState().probes.map((p) => ({ x: p.x, y: p.y, t: p.t, u: p.velocity[0], v: p.velocity[1], steps: p.steps, trajectory: xy(p.trajectory) })),
    hover: () => useProbes.getState().hover,
    pairs: () => {
      const p = teachingLayer()?.pairs;
      if (!p) return [];
      return Array.from({ length: p.count }, (_, i) => [p.x0[2 * i], p.x0[2 * i + 1], p.x1[2 * i], p.x1[2 * i + 1]]);
    },
    markers: () => {
      const m = teachingLayer()?.markers;
      return m ? xy(m.stops) : null;
    },
    trajectories: (n = 10) => {
      const s = useTraining.getState().snapshot;
      if (!s) return null;
      const stride = 2 * (s.steps + 1);
      const paths: number[][][] = [];
      for (let i = 0; i < Math.min(n, s.particles); i++) paths.push(xy(s.trajectories.subarray(i * stride, (i + 1) * stride)));
      return { steps: s.steps, solver: s.solver, step: s.step, paths };
    },
  };
}
