/**
 * What the stage shows. The current time t is not here: it changes every frame while playing, so it
 * lives in the animation clock (state/clock.ts), outside React.
 */
import { create } from 'zustand';
import { prefersReducedMotion } from './displayStore';
import { PLAY_SPEEDS } from './clock';
import { DEFAULT_LAYERS, type Layers } from '../core/layers';

const SPEED_KEY = 'fm-play-speed';

/** The saved play speed, if it is one of the offered ones. */
function savedSpeed(): number {
  try {
    const v = Number(globalThis.localStorage?.getItem(SPEED_KEY));
    return (PLAY_SPEEDS as readonly number[]).includes(v) ? v : 1;
  } catch {
    return 1;
  }
}

export type { Layers } from '../core/layers';

export interface ViewState {
  playing: boolean;
  /** Seconds for t to run from 0 to 1 while playing. */
  duration: number;
  layers: Layers;
  /** Play rate of t (slow motion for explaining), one of PLAY_SPEEDS; kept across reloads. */
  speed: number;
  setPlaying(playing: boolean): void;
  setSpeed(speed: number): void;
  toggleLayer(layer: keyof Layers): void;
}

export const useView = create<ViewState>((set) => ({
  // With reduced motion asked for, nothing moves until the user presses Play.
  playing: !prefersReducedMotion(),
  duration: 3,
  layers: { ...DEFAULT_LAYERS },
  speed: savedSpeed(),
  setPlaying: (playing) => set({ playing }),
  setSpeed: (speed) => {
    if (!(PLAY_SPEEDS as readonly number[]).includes(speed)) return;
    try {
      globalThis.localStorage?.setItem(SPEED_KEY, String(speed));
    } catch {
      // Storage full or blocked: the speed still applies for this visit.
    }
    set({ speed });
  },
  toggleLayer: (layer) => set((s) => ({ layers: { ...s.layers, [layer]: !s.layers[layer] } })),
}));
