/**
 * A small read-only window into the stage for end-to-end tests and the benchmark: where particles
 * are drawn at the current t, and how many frames the clock has rendered.
 */
import { positionAt } from '../core/solvers';
import { useTraining } from '../state/trainingStore';
import { clock } from '../state/clock';
import { injectFault } from '../state/session';
import { useLab } from '../state/labStore';
import type { LabMetrics } from '../worker/protocol';
import { currentScene, fastSceneJson } from '../state/sceneIO';
import type { StageRenderer } from './stageRenderer';
import { teachingHooks, type TeachingDebug } from './teachingHooks';
import { teachingLayer } from './teachingLayer';
import { historyHooks, type HistoryDebug } from './historyHooks';
import { notify } from '../state/noticeStore';
import { useScene } from '../state/sceneStore';
import { classCounts, MAX_CLASSES } from '../core/labels';

export interface FmDebug extends TeachingDebug, HistoryDebug {
  t(): number;
  frames(): number;
  /** Post a notice, as the app does (tests of the notice stack). */
  notify(level: 'info' | 'warning' | 'error', text: string): void;
  drawnParticles(): number;
  snapshotStep(): number | null;
  /** performance.now() when the latest snapshot arrived. */
  snapshotAt(): number;
  /** Particle positions (data units) at the clock's t, for the first n particles. */
  particles(n?: number): number[][];
  /** End points (t = 1) of the first n trajectories. */
  endPoints(n?: number): number[][];
  /** Start points (t = 0) of the first n trajectories: where the particles are drawn from. */
  startPoints(n?: number): number[][];
  /** The metrics panel's last numbers (null until measured). */
  metrics(): LabMetrics | null;
  /** The last density grid: t, grid size, extent and log densities [row][col]. */
  density(): { t: number; gridSize: number; extent: number; logDensity: number[] } | null;
  /** Fault drills for reliability tests. */
  fault(kind: 'throw' | 'close' | 'deviceLost'): void;
  /** The worker's last reported tfjs memory. */
  workerMemory(): { numTensors: number; numBytes: number } | null;
  /** Recorded losses as [step, loss] pairs. */
  losses(): number[][];
  /** The current scene document (src/core/scene.ts) without weights, as JSON with exact float32 values. */
  sceneJson(): string;
  /** Points per class A-D of a cloud, or null when it is unlabelled. */
  classCounts(side: 'source' | 'target'): number[] | null;
  /** Particles per class A-D in the last snapshot (their colours), or null without classes. */
  particleClassCounts(): number[] | null;
  renderer: StageRenderer;
  /** Type sizes (CSS px) of the text drawn on the stage's canvases: the stop labels (0 when none). */
  canvasFontPx(): number;
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
    notify: (level, text) => notify(level, text),
    drawnParticles: () => renderer.drawnParticles,
    snapshotStep: () => useTraining.getState().snapshot?.step ?? null,
    snapshotAt: () => useTraining.getState().snapshotAt,
    particles: (n = 50) => at(clock.t, n),
    endPoints: (n = 50) => at(1, n),
    startPoints: (n = 50) => at(0, n),
    fault: (kind) => injectFault(kind),
    metrics: () => useLab.getState().metrics,
    density: () => {
      const d = useLab.getState().densityResult;
      return d ? { t: d.t, gridSize: d.gridSize, extent: d.extent, logDensity: Array.from(d.logDensity) } : null;
    },
    workerMemory: () => useTraining.getState().workerMemory,
    losses: () => {
      const h = useTraining.getState().history;
      return Array.from({ length: h.length }, (_, i) => [h.steps[i], h.values[i]]);
    },
    sceneJson: () => fastSceneJson(currentScene({ withWeights: false })),
    classCounts: (side) => {
      const labels = side === 'source' ? useScene.getState().sourceLabels : useScene.getState().targetLabels;
      return labels ? classCounts(labels, MAX_CLASSES) : null;
    },
    particleClassCounts: () => {
      const c = useTraining.getState().snapshot?.classes;
      return c ? classCounts(c, MAX_CLASSES) : null;
    },
    ...teachingHooks(),
    ...historyHooks(),
    renderer,
    canvasFontPx: () => (teachingLayer()?.markers ? teachingLayer()!.markerFontSize : 0),
  };
  return () => {
    // The stage unmounts while the compare view is open: the hooks that read the stores (the lesson,
    // the scene, the worker) stay for tests; the renderer's go.
    const hooks = window.__fm;
    if (hooks?.renderer === renderer) window.__fm = { ...hooks, drawnParticles: () => 0, canvasFontPx: () => 0, renderer: null as unknown as StageRenderer };
  };
}
