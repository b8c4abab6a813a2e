/**
 * The UI side of the worker: typed send, typed requests (a promise per reply), one listener for what
 * the worker says on its own, and crash detection. Arrays passed to send are transferred (the caller
 * must not reuse them), so callers pass copies of what they keep.
 */
import { transferablesOf, type FromWorker, type Reply, type RequestBody, type RequestType, type ToWorker, type WorkerEvent } from './protocol';
import { RequestTable, type RequestOptions } from './requests';

export interface WorkerClient {
  send(msg: ToWorker): void;
  /**
   * Send a request; the promise resolves with its reply. It never settles when the worker does not
   * answer (no model yet, the worker died) or a newer request superseded it.
   */
  request<K extends RequestType>(body: RequestBody<K> & { type: K }, opts?: RequestOptions): Promise<Reply<K>>;
  terminate(): void;
  /** The Web Lock this worker holds while alive (sent to it in 'init'). */
  readonly lock: string;
  /** Start watching the worker's life lock; call once the worker said it is ready (it takes the lock before saying so). */
  watchLife(): void;
}

export interface WorkerClientHandlers {
  /** Everything but replies (those go to their request's promise). */
  onMessage(msg: WorkerEvent): void;
  /** The worker died (script error, out of memory, terminated): the caller restarts it. */
  onCrash(reason: string): void;
}

let workerCount = 0;

export function createWorkerClient(handlers: WorkerClientHandlers): WorkerClient {
  const worker = new Worker(new URL('./engine.worker.ts', import.meta.url), { type: 'module', name: 'fm-trainer' });
  const lock = `fm-trainer-${Date.now().toString(36)}-${++workerCount}`;
  let dead = false;
  let watching = false;
  const requests = new RequestTable();
  const crash = (reason: string) => {
    if (dead) return;
    dead = true;
    requests.clear();
    worker.terminate();
    handlers.onCrash(reason);
  };
  worker.onmessage = (ev: MessageEvent<FromWorker>) => {
    if (!requests.settle(ev.data)) handlers.onMessage(ev.data as WorkerEvent);
  };
  worker.onerror = (ev: ErrorEvent) => {
    ev.preventDefault();
    crash(ev.message || 'the training worker stopped with an error');
  };
  worker.onmessageerror = () => crash('a message from the training worker could not be read');
  const send = (msg: ToWorker) => {
    if (!dead) worker.postMessage(msg, transferablesOf(msg));
  };
  return {
    send,
    // Typed by WorkerClient: TypeScript cannot match the generic method's signature structurally.
    request: (<K extends RequestType>(body: RequestBody<K> & { type: K }, opts?: RequestOptions) => {
      const { msg, reply } = requests.open<K>(body, opts);
      send(msg);
      return reply;
    }) as WorkerClient['request'],
    terminate() {
      dead = true;
      requests.clear();
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
