import { describe, expect, it } from 'vitest';
import { moveCursor } from './stageKeyboard';

describe('stage keyboard cursor', () => {
  it('arrow keys move by 0.25 (Shift: 1) in data units, up is +y', () => {
    expect(moveCursor([0, 0], 'ArrowRight', false)).toEqual([0.25, 0]);
    expect(moveCursor([0, 0], 'ArrowUp', false)).toEqual([0, 0.25]);
    expect(moveCursor([0, 0], 'ArrowDown', true)).toEqual([0, -1]);
    expect(moveCursor([1, 1], 'ArrowLeft', true)).toEqual([0, 1]);
  });

  it('repeated steps land on exact values and stop at the stage edge', () => {
    let p: [number, number] = [0, 0];
    for (let i = 0; i < 4; i++) p = moveCursor(p, 'ArrowRight', false)!;
    expect(p).toEqual([1, 0]);
    for (let i = 0; i < 20; i++) p = moveCursor(p, 'ArrowRight', true)!;
    expect(p).toEqual([6, 0]);
  });

  it('other keys are not cursor moves', () => {
    expect(moveCursor([0, 0], 'Enter', false)).toBeNull();
    expect(moveCursor([0, 0], ' ', false)).toBeNull();
  });
});
