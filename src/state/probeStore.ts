/** Probe particles dropped on the stage and the velocity under the pointer, as the worker reports them. */
import { create } from 'zustand';

export interface Probe {
  id: number;
  x: number;
  y: number;
  t: number;
  /** Positions at t = k / steps through the probe point. */
  trajectory: Float32Array;
  steps: number;
  velocity: [number, number];
}

export interface HoverVelocity {
  x: number;
  y: number;
  t: number;
  u: number;
  v: number;
}

interface ProbeState {
  probes: Probe[];
  hover: HoverVelocity | null;
  addProbe(p: Probe): void;
  clearProbes(): void;
  setHover(h: HoverVelocity | null): void;
}

/** Probes kept on the stage at once; the oldest goes first. */
export const MAX_PROBES = 8;

export const useProbes = create<ProbeState>((set) => ({
  probes: [],
  hover: null,
  addProbe: (p) => set((s) => ({ probes: [...s.probes.filter((q) => q.id !== p.id), p].slice(-MAX_PROBES) })),
  clearProbes: () => set({ probes: [] }),
  setHover: (hover) => set({ hover }),
}));
