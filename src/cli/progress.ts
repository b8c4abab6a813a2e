/**
 * The training progress line of the command line on stderr: steps, loss, steps/s and time left.
 * On a terminal one line is rewritten in place; otherwise (a pipe, a log file) a line is written
 * every few seconds, and always one at the end.
 */

export interface ProgressStream {
  isTTY?: boolean;
  write(text: string): unknown;
}

export interface ProgressOptions {
  /** Steps of the whole run. */
  total: number;
  /** Step the run starts from (0 for a fresh run). */
  first?: number;
  stream: ProgressStream;
  /** Milliseconds since some origin (tests pass a fake clock). */
  now?: () => number;
  /** Gap between lines when the stream is not a terminal. */
  intervalMs?: number;
  /** Gap between rewrites of the line on a terminal. */
  ttyIntervalMs?: number;
  /** What the loss is called on the line: "loss" (flow matching's), "nll" (the likelihood trainers'). */
  lossLabel?: string;
}

const count = (v: number): string => v.toLocaleString('en-US');

/** Recorded losses (one every 10 steps or so) averaged into the loss shown. */
const RECENT = 10;

/** "8 s", "2 min 05 s", "1 h 02 min". */
export function formatDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s`;
  return `${Math.floor(s / 3600)} h ${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} min`;
}

export interface ProgressState {
  step: number;
  total: number;
  /** Mean of the last few recorded losses (NaN: none yet). */
  loss: number;
  stepsPerSecond: number;
  elapsedS: number;
  done: boolean;
  /** Default "loss". */
  lossLabel?: string;
}

/** "step 1,200/2,000  loss 1.2345  68.2 steps/s  12 s left", or "... in 28.6 s" when done. */
export function formatProgress(p: ProgressState): string {
  const width = count(p.total).length;
  const parts = [`step ${count(p.step).padStart(width)}/${count(p.total)}`];
  if (Number.isFinite(p.loss)) parts.push(`${p.lossLabel ?? 'loss'} ${p.loss.toFixed(4)}`);
  if (p.stepsPerSecond > 0) parts.push(`${p.stepsPerSecond >= 100 ? p.stepsPerSecond.toFixed(0) : p.stepsPerSecond.toFixed(1)} steps/s`);
  if (p.done) parts.push(`in ${p.elapsedS.toFixed(1)} s`);
  else if (p.stepsPerSecond > 0) parts.push(`${formatDuration((p.total - p.step) / p.stepsPerSecond)} left`);
  return parts.join('  ');
}

export class TrainProgress {
  private readonly total: number;
  private readonly first: number;
  private readonly stream: ProgressStream;
  private readonly now: () => number;
  private readonly interval: number;
  private readonly lossLabel: string | undefined;
  private readonly started: number;
  private lastShown: number;
  private step: number;
  /** The last RECENT recorded losses (a ring): one batch's loss is noisy. */
  private readonly recent: number[] = [];
  private recentNext = 0;
  /** A terminal line is written and not yet ended with a newline. */
  private open = false;
  private ended = false;

  constructor(opts: ProgressOptions) {
    this.total = opts.total;
    this.first = opts.first ?? 0;
    this.step = this.first;
    this.stream = opts.stream;
    this.now = opts.now ?? (() => performance.now());
    this.interval = opts.stream.isTTY ? (opts.ttyIntervalMs ?? 200) : (opts.intervalMs ?? 5000);
    this.lossLabel = opts.lossLabel;
    this.started = this.now();
    this.lastShown = this.started;
  }

  private state(done: boolean): ProgressState {
    const elapsedS = (this.now() - this.started) / 1000;
    const stepsPerSecond = elapsedS > 0 ? (this.step - this.first) / elapsedS : 0;
    return { step: this.step, total: this.total, loss: this.recent.length > 0 ? this.recent.reduce((a, b) => a + b, 0) / this.recent.length : NaN, stepsPerSecond, elapsedS, done, lossLabel: this.lossLabel };
  }

  private show(done: boolean): void {
    const text = `fm: ${formatProgress(this.state(done))}`;
    if (this.stream.isTTY) {
      this.stream.write(`\r${text}\x1b[K${done ? '\n' : ''}`);
      this.open = !done;
    } else {
      this.stream.write(`${text}\n`);
    }
    this.lastShown = this.now();
  }

  /** After each chunk of training: the step reached and the losses recorded in the chunk. */
  update(step: number, losses: readonly number[]): void {
    if (this.ended) return;
    this.step = step;
    for (const l of losses) {
      this.recent[this.recentNext] = l;
      this.recentNext = (this.recentNext + 1) % RECENT;
    }
    // The last step's line is finish()'s.
    if (step < this.total && this.now() - this.lastShown >= this.interval) this.show(false);
  }

  /** The final line (always written). */
  finish(): void {
    if (this.ended) return;
    this.show(true);
    this.ended = true;
  }

  /** Training stopped early (an error): end an open terminal line so the message starts on its own line. */
  abort(): void {
    if (this.open) this.stream.write('\n');
    this.open = false;
    this.ended = true;
  }
}
