/** The request/reply layer: a promise per reply, ids kept inside, stale replies dropped. */
import { describe, expect, it } from 'vitest';
import type { FromWorker } from './protocol';
import { RequestTable } from './requests';

const velocitiesReply = (id: number, u: number): FromWorker => ({ type: 'velocitiesResult', id, velocities: new Float32Array([u, 0]), t: 0.5 });

describe('RequestTable', () => {
  it('stamps fresh ids and resolves each promise with the reply that carries its id, in any order', async () => {
    const table = new RequestTable();
    const a = table.open({ type: 'velocities', points: new Float32Array([1, 2]), t: 0.5 });
    const b = table.open({ type: 'velocities', points: new Float32Array([3, 4]), t: 0.5 });
    const ida = (a.msg as { id: number }).id;
    const idb = (b.msg as { id: number }).id;
    expect(ida).not.toBe(idb);
    expect(a.msg.type).toBe('velocities');
    expect(table.settle(velocitiesReply(idb, 2))).toBe(true);
    expect(table.settle(velocitiesReply(ida, 1))).toBe(true);
    expect((await a.reply).velocities[0]).toBe(1);
    expect((await b.reply).velocities[0]).toBe(2);
    expect(table.size).toBe(0);
  });

  it('passes on messages that are not replies, and drops replies nobody waits for', async () => {
    const table = new RequestTable();
    expect(table.settle({ type: 'cloudsApplied' })).toBe(false);
    expect(table.settle({ type: 'reset', step: 0 })).toBe(false);
    // A reply to an id never opened (a replaced worker's), or answered twice.
    expect(table.settle(velocitiesReply(99, 0))).toBe(true);
    const r = table.open({ type: 'density', t: 0.5, gridSize: 4, source: { kind: 'kde' } });
    const id = (r.msg as { id: number }).id;
    // A reply of another type with the same id is not this request's answer.
    expect(table.settle(velocitiesReply(id, 0))).toBe(true);
    expect(table.size).toBe(1);
  });

  it('a superseding request drops older ones of its type only; clear drops everything', async () => {
    const table = new RequestTable();
    const answered: number[] = [];
    const old = table.open({ type: 'velocities', points: new Float32Array(2), t: 0 });
    void old.reply.then(() => answered.push(1));
    const probe = table.open({ type: 'probe', x: 0, y: 0, t: 0 });
    const newer = table.open({ type: 'velocities', points: new Float32Array(2), t: 0 }, { supersede: true });
    void newer.reply.then(() => answered.push(2));
    expect(table.size).toBe(2);
    table.settle(velocitiesReply((old.msg as { id: number }).id, 0));
    table.settle(velocitiesReply((newer.msg as { id: number }).id, 0));
    await Promise.resolve();
    expect(answered).toEqual([2]);
    expect(table.size).toBe(1);
    table.clear();
    expect(table.size).toBe(0);
    expect(table.settle({ type: 'probeResult', id: (probe.msg as { id: number }).id, trajectory: new Float32Array(2), steps: 0, velocity: [0, 0], x: 0, y: 0, t: 0 })).toBe(true);
  });
});
