/** The editing tools: which cloud is edited, with which tool, and the brush's size and density. */
import { create } from 'zustand';
import type { Side } from './sceneStore';

export type Tool = 'brush' | 'point' | 'erase' | 'move' | 'inspect';

export interface EditState {
  side: Side;
  tool: Tool;
  /** Brush and eraser radius in data units. */
  radius: number;
  /** Points sprayed per brush dab (one dab per pointer event, at most one per frame). */
  density: number;
  setSide(side: Side): void;
  setTool(tool: Tool): void;
  setRadius(r: number): void;
  setDensity(d: number): void;
}

export const BRUSH_LIMITS = { radius: { min: 0.1, max: 2.5 }, density: { min: 1, max: 60 } } as const;

const clamp = (v: number, r: { min: number; max: number }) => Math.min(Math.max(Number.isFinite(v) ? v : r.min, r.min), r.max);

export const useEdit = create<EditState>((set) => ({
  side: 'target',
  tool: 'move',
  radius: 0.6,
  density: 12,
  setSide: (side) => set({ side }),
  setTool: (tool) => set({ tool }),
  setRadius: (r) => set({ radius: clamp(r, BRUSH_LIMITS.radius) }),
  setDensity: (d) => set({ density: Math.round(clamp(d, BRUSH_LIMITS.density)) }),
}));
