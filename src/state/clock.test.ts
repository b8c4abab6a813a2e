import { describe, expect, it } from 'vitest';
import { AnimationClock, type FrameScheduler } from './clock';

/** Frames on demand: each call to frame(ms) advances the fake time and runs the pending callback. */
function fakeFrames(): FrameScheduler & { frame(dtMs: number): void } {
  let pending: ((now: number) => void) | null = null;
  let now = 1000;
  return {
    request(cb) {
      pending = cb;
      return 1;
    },
    cancel() {
      pending = null;
    },
    frame(dtMs) {
      now += dtMs;
      const cb = pending;
      pending = null;
      cb?.(now);
    },
  };
}

function tAfter(speed: number, seconds: number): number {
  const frames = fakeFrames();
  const clock = new AnimationClock(frames);
  clock.duration = 3;
  clock.speed = speed;
  clock.playing = true;
  clock.start();
  frames.frame(0); // the first frame only sets the time origin
  for (let i = 0; i < seconds * 60; i++) frames.frame(1000 / 60);
  clock.stop();
  return clock.t;
}

describe('animation clock', () => {
  it('advances t at the play speed: 0.25x is four times slower than 1x', () => {
    const normal = tAfter(1, 0.6);
    const slow = tAfter(0.25, 0.6);
    expect(normal).toBeCloseTo(0.2, 6); // 0.6 s of a 3 s loop
    expect(slow).toBeCloseTo(0.05, 6);
    expect(normal / slow).toBeCloseTo(4, 6);
    expect(tAfter(0.1, 0.6)).toBeCloseTo(0.02, 6);
    expect(tAfter(2, 0.6)).toBeCloseTo(0.4, 6);
  });

  it('stands still when paused and loops past 1', () => {
    const frames = fakeFrames();
    const clock = new AnimationClock(frames);
    clock.start();
    frames.frame(0);
    for (let i = 0; i < 30; i++) frames.frame(16);
    expect(clock.t).toBe(0);
    clock.playing = true;
    clock.speed = 2;
    for (let i = 0; i < 120; i++) frames.frame(1000 / 60); // 2 s at 2x = 4/3 of a loop
    expect(clock.t).toBeCloseTo(1 / 3, 5);
  });
});

describe('animation clock frame cap', () => {
  it('draws at most one frame per minFrameMs and t still follows wall time', () => {
    const frames = fakeFrames();
    const clock = new AnimationClock(frames);
    let drawn = 0;
    clock.subscribe(() => drawn++);
    clock.duration = 3;
    clock.playing = true;
    clock.minFrameMs = 1000 / 30;
    clock.start();
    frames.frame(0);
    drawn = 0;
    for (let i = 0; i < 60; i++) frames.frame(1000 / 60); // one second of 60 Hz display frames
    expect(drawn).toBe(30);
    expect(clock.t).toBeCloseTo(1 / 3, 5);
    clock.minFrameMs = 0;
    drawn = 0;
    for (let i = 0; i < 60; i++) frames.frame(1000 / 60);
    expect(drawn).toBe(60);
  });
});
