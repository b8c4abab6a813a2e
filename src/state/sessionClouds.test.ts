/** The session coalesces cloud updates: a long stroke sends the worker a few, never one per pointer move. */
import { beforeAll, describe, expect, it, vi } from 'vitest';
import type { ToWorker } from '../worker/protocol';
import { fakeWorker } from './fakeWorkerClient';

vi.mock('../worker/client', () => import('./fakeWorkerClient'));
const { sent } = fakeWorker;

const clouds = () => sent.filter((m): m is Extract<ToWorker, { type: 'setClouds' }> => m.type === 'setClouds');

beforeAll(() => {
  (globalThis as { document?: unknown }).document ??= { addEventListener() {}, hidden: false };
});

describe('cloud updates to the worker', () => {
  it('keeps at most one in flight, sends the newest when the worker acknowledges, and flushes before other commands', async () => {
    const { startSession, setTraining } = await import('./session');
    const { useScene } = await import('./sceneStore');
    startSession({ train: {}, sample: {}, errors: [] });
    expect(clouds()).toHaveLength(1); // the worker's first clouds (a new scene)
    expect(clouds()[0].warmStart).toBe(false);
    // A 120-move stroke while the first update is unacknowledged: nothing more goes out yet.
    let target = useScene.getState().target;
    for (let i = 0; i < 120; i++) {
      target = Float32Array.from([...target, i, i]);
      useScene.getState().editCloud('target', target);
    }
    expect(clouds()).toHaveLength(1);
    fakeWorker.handlers!.onMessage({ type: 'cloudsApplied' });
    expect(clouds()).toHaveLength(2);
    expect(clouds()[1].warmStart).toBe(true);
    expect(Array.from(clouds()[1].target)).toEqual(Array.from(target));
    // More edits while that one is in flight: one pending update, sent before the Train command.
    for (let i = 0; i < 10; i++) useScene.getState().editCloud('target', (target = Float32Array.from([...target, -i, -i])));
    expect(clouds()).toHaveLength(2);
    setTraining(true);
    const last = sent.slice(-2);
    expect(last.map((m) => m.type)).toEqual(['setClouds', 'train']);
    expect(Array.from((last[0] as Extract<ToWorker, { type: 'setClouds' }>).target)).toEqual(Array.from(target));
    // A new scene (cold) is never held back behind a warm update in flight.
    useScene.getState().setSeed(7);
    expect(clouds().at(-1)!.warmStart).toBe(false);
  });
});
