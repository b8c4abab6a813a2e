/**
 * Minibatch OT that respects classes. Plain minibatch OT pairs each target point with the nearest
 * source points whatever its class, so the pairs of class c start only in the part of the source next
 * to class c; the conditional field v(x, t, c) then learns to move that part, while sampling class c
 * starts from the whole source. Pairing inside each class keeps, for every class, a random share of
 * the source and re-pairs only within it.
 *
 * With an unlabelled source (noise), the source rows are split into consecutive blocks, one per class
 * and as large as that class's share of the batch (the rows are independent draws, so each block is a
 * random sample of the source). With a labelled source, source and target points of a class are paired
 * with each other and the batch must hold as many of each class on both sides.
 * Couple before dropping labels: the pairing uses the true classes.
 */
import { otPairing } from './otAssignment';

/** Re-pairs x1 (and its labels) against x0 in place, within classes. */
export type LabelledCoupler = (x0: Float32Array, x1: Float32Array, labels1: Uint8Array, labels0?: Uint8Array) => void;

/** Indices of each label value present, in ascending label order. */
function groups(labels: Uint8Array): Map<number, number[]> {
  const byClass = new Map<number, number[]>();
  for (let i = 0; i < labels.length; i++) {
    const list = byClass.get(labels[i]);
    if (list) list.push(i);
    else byClass.set(labels[i], [i]);
  }
  return new Map([...byClass.entries()].sort((a, b) => a[0] - b[0]));
}

function gather(points: Float32Array, idx: number[]): Float32Array {
  const out = new Float32Array(2 * idx.length);
  idx.forEach((j, i) => {
    out[2 * i] = points[2 * j];
    out[2 * i + 1] = points[2 * j + 1];
  });
  return out;
}

/**
 * The within-class OT pairing: x0[i] goes with x1[perm[i]], every pair shares a class, and inside each
 * class the summed squared distance is minimal.
 */
export function classOtPairing(x0: Float32Array, x1: Float32Array, labels1: Uint8Array, labels0?: Uint8Array): Int32Array {
  const n = labels1.length;
  if (x0.length !== 2 * n || x1.length !== 2 * n) throw new Error(`class OT needs ${n} points on both sides`);
  const cols = groups(labels1);
  const rows = new Map<number, number[]>();
  if (labels0) {
    if (labels0.length !== n) throw new Error(`${labels0.length} source labels for ${n} points`);
    const src = groups(labels0);
    for (const [c, idx] of cols) {
      const r = src.get(c) ?? [];
      if (r.length !== idx.length) throw new Error(`class ${c}: ${r.length} source points but ${idx.length} target points`);
      rows.set(c, r);
    }
    if (src.size !== cols.size) throw new Error('source and target batches hold different classes');
  } else {
    let start = 0;
    for (const [c, idx] of cols) {
      rows.set(c, Array.from({ length: idx.length }, (_, k) => start + k));
      start += idx.length;
    }
  }
  const perm = new Int32Array(n);
  for (const [c, colIdx] of cols) {
    const rowIdx = rows.get(c)!;
    const local = otPairing(gather(x0, rowIdx), gather(x1, colIdx));
    for (let k = 0; k < rowIdx.length; k++) perm[rowIdx[k]] = colIdx[local[k]];
  }
  return perm;
}

/** A coupler that applies classOtPairing to x1 and labels1 in place (scratch buffers reused). */
export function createClassOtCoupler(): LabelledCoupler {
  let pts = new Float32Array(0);
  let lab = new Uint8Array(0);
  return (x0, x1, labels1, labels0) => {
    const perm = classOtPairing(x0, x1, labels1, labels0);
    if (pts.length !== x1.length) pts = new Float32Array(x1.length);
    if (lab.length !== labels1.length) lab = new Uint8Array(labels1.length);
    for (let i = 0; i < perm.length; i++) {
      const j = perm[i];
      pts[2 * i] = x1[2 * j];
      pts[2 * i + 1] = x1[2 * j + 1];
      lab[i] = labels1[j];
    }
    x1.set(pts);
    labels1.set(lab);
  };
}
