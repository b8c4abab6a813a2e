/**
 * The worker's scheduler: applies queued messages in order between chunks, then gives each model run
 * it holds one training chunk in turn (about CHUNK_MS each) followed by its snapshot and metrics when
 * due, and sleeps when nothing is owed. It never waits on the page. No tfjs here: Node tests drive it
 * with fake runs and a fake postMessage.
 */
import type { FromWorker, ToWorker } from './protocol';

/** What the scheduler needs of a model run. */
export interface ScheduledRun {
  readonly id: string;
  /** Training is on. */
  running: boolean;
  /** The run can train and draw (its trainer exists). */
  ready(): boolean;
  trainChunk(): Promise<void>;
  /** A snapshot when wanted and due, the metrics when due; `training`: a chunk just ran. */
  refresh(training: boolean): Promise<void>;
  /** Work is owed even while training is off. */
  pending(): boolean;
  dispose(): void;
}

export interface SchedulerOptions {
  post(msg: FromWorker): void;
  /** Apply one message (the dispatcher). */
  apply(msg: ToWorker): Promise<void>;
  /** A pass threw: every run has stopped training; say so unless the error was expected. */
  onError(error: unknown): void;
}

const tick = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

export class Scheduler<R extends ScheduledRun = ScheduledRun> {
  private readonly runs = new Map<string, R>();
  private readonly queue: ToWorker[] = [];
  private active = false;
  /** Page hidden: no run trains (battery), snapshots and answers go on. */
  hidden = false;

  constructor(private readonly opts: SchedulerOptions) {}

  add<T extends R>(run: T): T {
    if (this.runs.has(run.id)) throw new Error(`A model run "${run.id}" is already held.`);
    this.runs.set(run.id, run);
    return run;
  }

  get(id: string): R | undefined {
    return this.runs.get(id);
  }

  all(): R[] {
    return [...this.runs.values()];
  }

  /** Stop holding a run and free it. */
  remove(id: string): void {
    const run = this.runs.get(id);
    if (!run) return;
    this.runs.delete(id);
    run.dispose();
  }

  /** Queue a message; it is applied between chunks, in order. */
  enqueue(msg: ToWorker): void {
    this.queue.push(msg);
    void this.loop();
  }

  /** Another pass is owed (a timer fired, a recovery finished). */
  wake(): void {
    void this.loop();
  }

  /** Messages waiting to be applied. */
  get queued(): number {
    return this.queue.length;
  }

  private async drain(): Promise<void> {
    while (this.queue.length > 0) {
      const msg = this.queue.shift()!;
      // Only the newest warm cloud update matters; each one is acknowledged, so the UI sends the next.
      if (msg.type === 'setClouds' && msg.warmStart && this.queue.some((m) => m.type === 'setClouds')) {
        this.opts.post({ type: 'cloudsApplied' });
        continue;
      }
      await this.opts.apply(msg);
      if (msg.type === 'setClouds') this.opts.post({ type: 'cloudsApplied' });
    }
  }

  /** The single loop: apply queued messages, give each run a chunk and its snapshot, sleep when idle. */
  private async loop(): Promise<void> {
    if (this.active) return;
    this.active = true;
    try {
      for (;;) {
        await this.drain();
        // Each run trains one chunk per pass: runs share the worker in slices of about CHUNK_MS.
        for (const run of this.all()) {
          const training = run.running && !this.hidden && run.ready();
          if (training) await run.trainChunk();
          await run.refresh(training);
        }
        const busy = this.all().some((r) => (r.running && !this.hidden) || r.pending());
        if (!busy && this.queue.length === 0) break;
        await tick();
      }
    } catch (e) {
      for (const run of this.runs.values()) run.running = false;
      this.opts.onError(e);
    } finally {
      this.active = false;
    }
    if (this.queue.length > 0) void this.loop();
  }
}
