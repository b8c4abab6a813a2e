import { describe, expect, it } from 'vitest';
import { appendLabels, classCountOf, eraseLabels } from './cloudLabels';
import { erasePoints } from './cloudEdits';

describe('cloud labels under edits', () => {
  it('appends the brush class, labelling an unlabelled cloud class 0', () => {
    expect(appendLabels(null, 2, 3, null)).toBeNull();
    expect(Array.from(appendLabels(null, 2, 3, 2)!)).toEqual([0, 0, 2, 2, 2]);
    expect(Array.from(appendLabels(new Uint8Array([1, 3]), 2, 1, 1)!)).toEqual([1, 3, 1]);
    // An unlabelled brush on a labelled cloud keeps the cloud labelled (class A).
    expect(Array.from(appendLabels(new Uint8Array([2]), 1, 2, null)!)).toEqual([2, 0, 0]);
  });

  it('erases the labels of exactly the points erasePoints drops', () => {
    const cloud = new Float32Array([0, 0, 1, 0, 3, 0, 0.5, 0.5]);
    const labels = new Uint8Array([0, 1, 2, 3]);
    const kept = eraseLabels(cloud, labels, 0, 0, 1);
    expect(Array.from(kept!)).toEqual([2]);
    expect(erasePoints(cloud, 0, 0, 1).length / 2).toBe(kept!.length);
    expect(eraseLabels(cloud, null, 0, 0, 1)).toBeNull();
  });

  it('counts the classes a cloud uses', () => {
    expect(classCountOf(null)).toBe(0);
    expect(classCountOf(new Uint8Array([0, 3, 1]))).toBe(4);
  });
});
