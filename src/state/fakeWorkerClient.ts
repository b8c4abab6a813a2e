/**
 * For the session's unit tests: a stand-in for worker/client that records what the session sends and
 * lets a test deliver the worker's messages. In a test file:
 *   vi.mock('../worker/client', () => import('./fakeWorkerClient'));
 */
import type { FromWorker, ToWorker } from '../worker/protocol';

export const fakeWorker: { sent: ToWorker[]; handlers: { onMessage(m: FromWorker): void } | null } = { sent: [], handlers: null };

export function createWorkerClient(h: { onMessage(m: FromWorker): void }) {
  fakeWorker.handlers = h;
  return { send: (m: ToWorker) => fakeWorker.sent.push(m), request: () => new Promise(() => {}), terminate() {}, lock: 'test-lock', watchLife() {} };
}
