/** The scheduler with fake runs and a fake postMessage: message order, coalescing, time slices, pauses, errors. */
import { describe, expect, it } from 'vitest';
import type { FromWorker, ToWorker } from './protocol';
import { Scheduler, type ScheduledRun } from './scheduler';

/** A run that records what it was asked to do into a shared log; training stops after `chunks` chunks. */
class FakeRun implements ScheduledRun {
  running = false;
  snapshotWanted = false;
  chunksDone = 0;
  disposed = false;
  constructor(
    readonly id: string,
    private readonly log: string[],
    public chunks = Infinity,
    public fail = false,
  ) {}
  ready() {
    return true;
  }
  async trainChunk() {
    if (this.fail) throw new Error(`${this.id} broke`);
    this.chunksDone += 1;
    this.log.push(`${this.id}:chunk`);
    if (this.chunksDone >= this.chunks) {
      this.running = false;
      this.snapshotWanted = true;
    }
  }
  async refresh(training: boolean) {
    if (this.snapshotWanted && !training) {
      this.snapshotWanted = false;
      this.log.push(`${this.id}:snapshot`);
    }
  }
  pending() {
    return this.snapshotWanted;
  }
  dispose() {
    this.disposed = true;
  }
}

function setup() {
  const posted: FromWorker[] = [];
  const log: string[] = [];
  const errors: unknown[] = [];
  let scheduler: Scheduler<FakeRun>;
  const apply = async (msg: ToWorker) => {
    log.push(`apply:${msg.type}${msg.type === 'setClouds' ? `:${msg.source[0]}` : ''}`);
    if (msg.type === 'train') for (const r of scheduler.all()) r.running = msg.running;
  };
  scheduler = new Scheduler<FakeRun>({ post: (m) => posted.push(m), apply, onError: (e) => errors.push(e) });
  /** Resolves once the loop has gone to sleep (nothing owed). */
  const idle = async () => {
    for (let i = 0; i < 1000; i++) {
      await new Promise((r) => setTimeout(r, 0));
      if (scheduler.queued === 0 && !scheduler.all().some((r) => r.running || r.pending())) return;
    }
    throw new Error('the scheduler never went idle');
  };
  return { scheduler, posted, log, errors, idle };
}

const clouds = (x: number, warmStart: boolean): ToWorker => ({ type: 'setClouds', source: new Float32Array([x, 0]), target: new Float32Array([0, x]), targetLabels: null, warmStart });

describe('Scheduler', () => {
  it('applies messages in order, keeps only the newest of queued warm cloud updates, and acknowledges each', async () => {
    const { scheduler, posted, log, idle } = setup();
    scheduler.add(new FakeRun('a', log));
    scheduler.enqueue(clouds(1, true));
    scheduler.enqueue(clouds(2, true));
    scheduler.enqueue({ type: 'requestSnapshot' });
    scheduler.enqueue(clouds(3, true));
    scheduler.enqueue(clouds(4, false));
    await idle();
    // 1 starts the loop at once (nothing behind it yet); 2 and 3 have newer updates behind them; 4 is cold.
    expect(log).toEqual(['apply:setClouds:1', 'apply:requestSnapshot', 'apply:setClouds:4']);
    // Every cloud update is acknowledged once, applied or dropped.
    expect(posted.filter((m) => m.type === 'cloudsApplied')).toHaveLength(4);
  });

  it('a cold cloud update is never dropped for a newer one', async () => {
    const { scheduler, log, idle } = setup();
    scheduler.add(new FakeRun('a', log));
    scheduler.enqueue(clouds(1, false));
    scheduler.enqueue(clouds(2, true));
    await idle();
    expect(log.filter((l) => l.startsWith('apply:setClouds'))).toEqual(['apply:setClouds:1', 'apply:setClouds:2']);
  });

  it('trains a running run chunk by chunk until it stops, then draws and sleeps', async () => {
    const { scheduler, log, idle } = setup();
    const run = scheduler.add(new FakeRun('a', log, 3));
    scheduler.enqueue({ type: 'train', running: true });
    await idle();
    expect(log).toEqual(['apply:train', 'a:chunk', 'a:chunk', 'a:chunk', 'a:snapshot']);
    expect(run.running).toBe(false);
  });

  it('applies a message that arrives while training before the next chunk', async () => {
    const { scheduler, log, idle } = setup();
    scheduler.add(new FakeRun('a', log));
    scheduler.enqueue({ type: 'train', running: true });
    while (!log.includes('a:chunk')) await new Promise((r) => setTimeout(r, 0));
    scheduler.enqueue({ type: 'train', running: false });
    await idle();
    const stop = log.indexOf('apply:train', 1);
    expect(stop).toBeGreaterThan(0);
    expect(log.slice(stop + 1).filter((l) => l === 'a:chunk')).toHaveLength(0);
  });

  it('time-slices between the runs it holds: one chunk each per pass', async () => {
    const { scheduler, log, idle } = setup();
    scheduler.add(new FakeRun('a', log, 3));
    scheduler.add(new FakeRun('b', log, 2));
    scheduler.enqueue({ type: 'train', running: true });
    await idle();
    expect(log.filter((l) => l.endsWith(':chunk'))).toEqual(['a:chunk', 'b:chunk', 'a:chunk', 'b:chunk', 'a:chunk']);
    expect(log.filter((l) => l.endsWith(':snapshot')).sort()).toEqual(['a:snapshot', 'b:snapshot']);
  });

  it('while hidden no run trains; shown again, training resumes', async () => {
    const { scheduler, log, idle } = setup();
    const run = scheduler.add(new FakeRun('a', log, 2));
    scheduler.hidden = true;
    scheduler.enqueue({ type: 'train', running: true });
    await new Promise((r) => setTimeout(r, 20));
    expect(log).toEqual(['apply:train']);
    expect(run.running).toBe(true);
    scheduler.hidden = false;
    scheduler.wake();
    await idle();
    expect(log.filter((l) => l === 'a:chunk')).toHaveLength(2);
  });

  it('an error stops every run and is reported; the next message starts the loop again', async () => {
    const { scheduler, log, errors, idle } = setup();
    const a = scheduler.add(new FakeRun('a', log, Infinity, true));
    const b = scheduler.add(new FakeRun('b', log));
    scheduler.enqueue({ type: 'train', running: true });
    await idle();
    expect(errors).toHaveLength(1);
    expect(String(errors[0])).toContain('a broke');
    expect(a.running || b.running).toBe(false);
    scheduler.enqueue({ type: 'requestSnapshot' });
    await idle();
    expect(log.at(-1)).toBe('apply:requestSnapshot');
  });

  it('holds runs by id, refuses a second run of the same id, and disposes a removed run', () => {
    const { scheduler, log } = setup();
    const a = scheduler.add(new FakeRun('a', log));
    expect(() => scheduler.add(new FakeRun('a', log))).toThrow(/already held/);
    expect(scheduler.get('a')).toBe(a);
    scheduler.remove('a');
    expect(a.disposed).toBe(true);
    expect(scheduler.get('a')).toBeUndefined();
    expect(scheduler.all()).toHaveLength(0);
  });
});
