/**
 * Labels that follow a cloud through the editing tools: the brush appends points of one class, the
 * eraser drops the labels of the points it drops, moves keep them. A null label array is an
 * unlabelled cloud; painting a class into one labels its earlier points class 0 (A).
 */
import { pointCount, type Points } from './points';

/** Labels of `cloud` followed by `added` points of class `cls`; null stays null when cls is null. */
export function appendLabels(labels: Uint8Array | null, before: number, added: number, cls: number | null): Uint8Array | null {
  if (cls === null) return labels ? (added === 0 ? labels : extend(labels, before, added, 0)) : null;
  return extend(labels, before, added, cls);
}

function extend(labels: Uint8Array | null, before: number, added: number, cls: number): Uint8Array {
  const out = new Uint8Array(before + added);
  if (labels) out.set(labels.subarray(0, Math.min(before, labels.length)));
  out.fill(cls, before);
  return out;
}

/** The labels of the points erasePoints keeps (same disc test, same order); null for an unlabelled cloud. */
export function eraseLabels(cloud: Points, labels: Uint8Array | null, cx: number, cy: number, radius: number): Uint8Array | null {
  if (!labels) return null;
  const n = pointCount(cloud);
  const r2 = radius * radius;
  const out = new Uint8Array(n);
  let m = 0;
  for (let i = 0; i < n; i++) {
    const dx = cloud[2 * i] - cx;
    const dy = cloud[2 * i + 1] - cy;
    if (dx * dx + dy * dy <= r2) continue;
    out[m++] = labels[i];
  }
  return out.slice(0, m);
}

/** Classes a labelled cloud uses: the largest label + 1 (0 for none). */
export function classCountOf(labels: Uint8Array | null): number {
  if (!labels) return 0;
  let max = -1;
  for (let i = 0; i < labels.length; i++) if (labels[i] > max) max = labels[i];
  return max + 1;
}
