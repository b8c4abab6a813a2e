/** The laboratory's state: which costly views are on, and what the worker measured for them. */
import { create } from 'zustand';
import type { LabMetrics, SourceDensityModel } from '../worker/protocol';

export interface DensityResult {
  t: number;
  gridSize: number;
  extent: number;
  logDensity: Float32Array;
  source: SourceDensityModel['kind'];
  ms: number;
}

export interface LabState {
  reverse: boolean;
  density: boolean;
  trueField: boolean;
  metricsOpen: boolean;
  metrics: LabMetrics | null;
  densityResult: DensityResult | null;
  densityBusy: boolean;
  reflowRound: number;
  reflowStepsLeft: number;
  set(patch: Partial<Pick<LabState, 'reverse' | 'density' | 'trueField' | 'metricsOpen'>>): void;
}

export const useLab = create<LabState>((set) => ({
  reverse: false,
  density: false,
  trueField: false,
  metricsOpen: false,
  metrics: null,
  densityResult: null,
  densityBusy: false,
  reflowRound: 0,
  reflowStepsLeft: 0,
  set: (patch) => set(patch),
}));
