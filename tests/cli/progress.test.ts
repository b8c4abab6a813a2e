/** fm train's progress line: in place on a terminal, a line every few seconds elsewhere. */
import { describe, expect, it } from 'vitest';
import { formatDuration, formatProgress, TrainProgress } from '../../src/cli/progress';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { isTTY, writes, write: (t: string) => writes.push(t) };
}

describe('formatProgress', () => {
  it('shows steps, loss, steps/s and the time left; the time taken when done', () => {
    expect(formatProgress({ step: 1200, total: 2000, loss: 1.23456, stepsPerSecond: 80, elapsedS: 15, done: false })).toBe(
      'step 1,200/2,000  loss 1.2346  80.0 steps/s  10 s left',
    );
    expect(formatProgress({ step: 2000, total: 2000, loss: 1.1, stepsPerSecond: 123.4, elapsedS: 16.2, done: true })).toBe(
      'step 2,000/2,000  loss 1.1000  123 steps/s  in 16.2 s',
    );
    // Steps are padded to the total's width so the line does not jump while it counts up.
    expect(formatProgress({ step: 5, total: 2000, loss: NaN, stepsPerSecond: 0, elapsedS: 0, done: false })).toBe('step     5/2,000');
  });

  it('names the loss of the likelihood trainers "nll"', () => {
    expect(formatProgress({ step: 10, total: 20, loss: 1.4521, stepsPerSecond: 5, elapsedS: 2, done: false, lossLabel: 'nll' })).toBe(
      'step 10/20  nll 1.4521  5.0 steps/s  2 s left',
    );
    let now = 0;
    const s = fakeStream(false);
    const p = new TrainProgress({ total: 4, stream: s, now: () => now, lossLabel: 'nll' });
    now = 1000;
    p.update(4, [2.5]);
    p.finish();
    expect(s.writes).toEqual(['fm: step 4/4  nll 2.5000  4.0 steps/s  in 1.0 s\n']);
  });

  it('formats long durations in minutes and hours', () => {
    expect(formatDuration(8.4)).toBe('8 s');
    expect(formatDuration(125)).toBe('2 min 05 s');
    expect(formatDuration(3725)).toBe('1 h 02 min');
  });
});

describe('TrainProgress', () => {
  it('on a terminal rewrites one line in place and ends it with a newline', () => {
    let now = 0;
    const s = fakeStream(true);
    const p = new TrainProgress({ total: 100, stream: s, now: () => now });
    now = 100;
    p.update(10, [2]);
    // Too soon after the start: nothing yet.
    expect(s.writes).toEqual([]);
    now = 1000;
    p.update(50, [1, 3]);
    expect(s.writes).toHaveLength(1);
    expect(s.writes[0]).toMatch(/^\rfm: step  50\/100 {2}loss 2\.0000 {2}50\.0 steps\/s {2}1 s left\x1b\[K$/);
    now = 2000;
    p.update(100, [1]);
    p.finish();
    const last = s.writes[s.writes.length - 1];
    expect(last).toMatch(/^\rfm: step 100\/100 .* in 2\.0 s\x1b\[K\n$/);
    expect(s.writes.slice(0, -1).every((w) => !w.includes('\n'))).toBe(true);
  });

  it('elsewhere writes whole lines, at most one every few seconds, and one at the end', () => {
    let now = 0;
    const s = fakeStream(false);
    const p = new TrainProgress({ total: 1000, stream: s, now: () => now, intervalMs: 5000 });
    for (let step = 10; step <= 1000; step += 10) {
      now += 100;
      p.update(step, [1]);
    }
    p.finish();
    // 10 s of training: a line at 5 s, then the final one (at 10 s, the last step: once, not twice).
    expect(s.writes).toHaveLength(2);
    expect(s.writes.every((w) => /^fm: step .*\n$/.test(w) && w.indexOf('\n') === w.length - 1)).toBe(true);
    expect(s.writes[0]).toMatch(/^fm: step {3}500\/1,000 {2}loss 1\.0000 {2}100 steps\/s {2}5 s left\n$/);
    expect(s.writes[1]).toMatch(/^fm: step 1,000\/1,000 {2}loss 1\.0000 {2}100 steps\/s {2}in 10\.0 s\n$/);
  });

  it('an error mid-run ends an open terminal line, so the message starts on its own line', () => {
    let now = 0;
    const s = fakeStream(true);
    const p = new TrainProgress({ total: 100, stream: s, now: () => now });
    now = 500;
    p.update(10, [1]);
    p.abort();
    expect(s.writes[s.writes.length - 1]).toBe('\n');
    p.update(20, [1]);
    p.finish();
    expect(s.writes[s.writes.length - 1]).toBe('\n');
  });
});
