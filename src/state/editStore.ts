/** The editing tools: which cloud is edited, with which tool, and the brush's size and density. */
import { create } from 'zustand';
import type { Side } from './sceneStore';
import { MAX_CLASSES } from '../core/labels';

export type Tool = 'brush' | 'point' | 'erase' | 'move' | 'inspect';

export interface EditState {
  side: Side;
  tool: Tool;
  /** Brush and eraser radius in data units. */
  radius: number;
  /** Points sprayed per brush dab (one dab per pointer event, at most one per frame). */
  density: number;
  /**
   * The move tool's box and handles show: the user picked Move or is moving a cloud. Off at load
   * and when a lesson sets the tool, so they never clutter a lesson or a picture.
   */
  moveHandles: boolean;
  /** Class the brush and point tools paint (0..MAX_CLASSES - 1), or null: unlabelled points. */
  brushClass: number | null;
  setBrushClass(c: number | null): void;
  setSide(side: Side): void;
  /** Set the tool without showing the move handles (lessons, start-up). */
  setTool(tool: Tool): void;
  /** The user picks a tool (toolbar): picking Move shows its handles. */
  pickTool(tool: Tool): void;
  showMoveHandles(): void;
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
  moveHandles: false,
  brushClass: null,
  setBrushClass: (c) => set({ brushClass: c === null ? null : Math.min(Math.max(Math.round(c), 0), MAX_CLASSES - 1) }),
  setSide: (side) => set({ side }),
  setTool: (tool) => set({ tool, moveHandles: false }),
  pickTool: (tool) => set({ tool, moveHandles: tool === 'move' }),
  showMoveHandles: () => set((s) => (s.moveHandles || s.tool !== 'move' ? s : { moveHandles: true })),
  setRadius: (r) => set({ radius: clamp(r, BRUSH_LIMITS.radius) }),
  setDensity: (d) => set({ density: Math.round(clamp(d, BRUSH_LIMITS.density)) }),
}));
