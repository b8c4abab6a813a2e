/**
 * What the stage shows. The current time t is not here: it changes every frame while playing, so it
 * lives in the animation clock (view/clock.ts), outside React.
 */
import { create } from 'zustand';
import { prefersReducedMotion } from './displayStore';

export interface Layers {
  clouds: boolean;
  particles: boolean;
  trails: boolean;
  field: boolean;
  /** A sample of training pairs (x0, x1) as straight segments (the lessons' layer; off by default). */
  pairs?: boolean;
}

export interface ViewState {
  playing: boolean;
  /** Seconds for t to run from 0 to 1 while playing. */
  duration: number;
  layers: Layers;
  setPlaying(playing: boolean): void;
  toggleLayer(layer: keyof Layers): void;
}

export const useView = create<ViewState>((set) => ({
  // With reduced motion asked for, nothing moves until the user presses Play.
  playing: !prefersReducedMotion(),
  duration: 3,
  layers: { clouds: true, particles: true, trails: true, field: true, pairs: false },
  setPlaying: (playing) => set({ playing }),
  toggleLayer: (layer) => set((s) => ({ layers: { ...s.layers, [layer]: !s.layers[layer] } })),
}));
