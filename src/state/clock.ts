/**
 * The animation clock: owns t in [0, 1] (state: the session, scene files and lessons read and set
 * it) and drives the frame loop, outside React. Frame listeners (the stage, the slider) read t each
 * frame; nothing here allocates per frame. Frames come from requestAnimationFrame in the page.
 */
export type FrameListener = (t: number) => void;

/** Where frames come from: requestAnimationFrame in the page, a fake in unit tests. */
export interface FrameScheduler {
  request(cb: (now: number) => void): number;
  cancel(id: number): void;
}

const browserFrames: FrameScheduler = {
  request: (cb) => requestAnimationFrame(cb),
  cancel: (id) => cancelAnimationFrame(id),
};

/** Play speeds offered for slow-motion explaining (1 = t from 0 to 1 in `duration` seconds). */
export const PLAY_SPEEDS = [0.1, 0.25, 0.5, 1, 2] as const;

export class AnimationClock {
  t = 0;
  playing = false;
  /** Seconds from t = 0 to t = 1 at speed 1. */
  duration = 3;
  /** Play rate: 0.25 takes four times as long from t = 0 to t = 1. */
  speed = 1;
  /**
   * Shortest time between two drawn frames (0: every display frame). Training on a 2-core machine
   * caps the stage at 30 fps: drawing costs ~10 ms of main-thread CPU a frame, and both cores train.
   */
  minFrameMs = 0;
  /** Frames drawn since start (tests read it to check the loop runs). */
  frames = 0;
  private listeners: FrameListener[] = [];
  private last = 0;
  private rafId = 0;
  private dirty = true;

  constructor(private readonly frames_: FrameScheduler = browserFrames) {}

  start(): void {
    if (this.rafId) return;
    const frame = (now: number) => {
      this.rafId = this.frames_.request(frame);
      // A frame cap: skip this frame, t catches up on the next drawn one (1 ms slack for rAF jitter).
      if (this.minFrameMs > 0 && this.last && now - this.last < this.minFrameMs - 1) return;
      if (this.playing) {
        const dt = this.last ? Math.min((now - this.last) / 1000, 0.1) : 0;
        this.t += (dt * this.speed) / this.duration;
        if (this.t > 1) this.t -= 1; // loop
        this.dirty = true;
      }
      this.last = now;
      if (!this.dirty) return;
      this.dirty = false;
      this.frames++;
      for (let i = 0; i < this.listeners.length; i++) this.listeners[i](this.t);
    };
    this.rafId = this.frames_.request(frame);
  }

  stop(): void {
    this.frames_.cancel(this.rafId);
    this.rafId = 0;
  }

  setT(t: number): void {
    this.t = Math.min(Math.max(Number.isFinite(t) ? t : 0, 0), 1);
    this.dirty = true;
  }

  /** Redraw on the next frame even if t did not move (new snapshot, resize). */
  invalidate(): void {
    this.dirty = true;
  }

  subscribe(fn: FrameListener): () => void {
    this.listeners.push(fn);
    this.dirty = true;
    return () => {
      this.listeners = this.listeners.filter((f) => f !== fn);
    };
  }
}

export const clock = new AnimationClock();
