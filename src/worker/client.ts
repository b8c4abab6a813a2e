/**
 * The UI side of the worker: typed send, one listener, and crash detection. Arrays passed to send
 * are transferred (the caller must not reuse them), so callers pass copies of what they keep.
 */
import { transferablesOf, type FromWorker, type ToWorker } from './protocol';

export interface WorkerClient {
  send(msg: ToWorker): void;
  terminate(): void;
  /** The Web Lock this worker holds while alive (sent to it in 'init'). */
  readonly lock: string;
  /** Start watching the worker's life lock; call once the worker said it is ready (it takes the lock before saying so). */
  watchLife(): void;
}

export interface WorkerClientHandlers {
  onMessage(msg: FromWorker): void;
  /** The worker died (script error, out of memory, terminated): the caller restarts it. */
  onCrash(reason: string): void;
}

let workerCount = 0;

export function createWorkerClient(handlers: WorkerClientHandlers): WorkerClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'fm-trainer' });
  const lock = `fm-trainer-${Date.now().toString(36)}-${++workerCount}`;
  let dead = false;
  let watching = false;
  const crash = (reason: string) => {
    if (dead) return;
    dead = true;
    worker.terminate();
    handlers.onCrash(reason);
  };
  worker.onmessage = (ev: MessageEvent<FromWorker>) => handlers.onMessage(ev.data);
  worker.onerror = (ev: ErrorEvent) => {
    ev.preventDefault();
    crash(ev.message || 'the training worker stopped with an error');
  };
  worker.onmessageerror = () => crash('a message from the training worker could not be read');
  return {
    send(msg) {
      if (!dead) worker.postMessage(msg, transferablesOf(msg));
    },
    terminate() {
      dead = true;
      worker.terminate();
    },
    lock,
    watchLife() {
      if (watching || typeof navigator === 'undefined' || !('locks' in navigator)) return;
      watching = true;
      // Granted only when the worker lets go of its lock, which happens when it dies in any way:
      // an error, self.close(), the browser killing it, a crash of its thread.
      void navigator.locks.request(lock, async () => {
        if (!dead) crash('the training worker stopped unexpectedly');
      });
    },
  };
}
