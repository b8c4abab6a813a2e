/** The animation clock lives in state/clock.ts (t is state); this re-export keeps src/bench's import working. */
export { AnimationClock, clock, PLAY_SPEEDS, type FrameListener, type FrameScheduler } from '../state/clock';
