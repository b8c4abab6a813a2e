/**
 * A cloud is a flat Float32Array of interleaved coordinates [x0, y0, x1, y1, ...].
 * Flat arrays cross the worker boundary as transferables and feed canvases without allocation.
 */
export type Points = Float32Array;

export const pointCount = (p: Points): number => p.length >> 1;

/** Mean of a cloud (NaN for an empty cloud). */
export function centroid(p: Points): [number, number] {
  const n = pointCount(p);
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < n; i++) {
    sx += p[2 * i];
    sy += p[2 * i + 1];
  }
  return [sx / n, sy / n];
}

/** Draw n points from a cloud with replacement, adding isotropic Gaussian jitter of std `jitter`. */
export function resample(
  p: Points,
  n: number,
  jitter: number,
  rng: { int(n: number): number; normal(): number },
  out: Float32Array = new Float32Array(2 * n),
): Float32Array {
  const m = pointCount(p);
  if (m === 0) throw new Error('cannot resample an empty cloud');
  for (let i = 0; i < n; i++) {
    const j = rng.int(m);
    let x = p[2 * j];
    let y = p[2 * j + 1];
    if (jitter > 0) {
      x += jitter * rng.normal();
      y += jitter * rng.normal();
    }
    out[2 * i] = x;
    out[2 * i + 1] = y;
  }
  return out;
}

/** True when every coordinate is a finite number. */
export function allFinite(p: ArrayLike<number>): boolean {
  for (let i = 0; i < p.length; i++) if (!Number.isFinite(p[i])) return false;
  return true;
}
