/**
 * Clouds as pixels: each point is a small square written straight into a coverage buffer, and the
 * two clouds are composed into RGBA once. A canvas path of 20,000 squares cost the software
 * rasteriser ~300 ms per redraw (a long task on every brush move); this costs a few ms.
 * Overlapping squares of one cloud cover their union (the larger coverage wins), as one filled path
 * does, so a dense cloud does not saturate.
 */

/** Affine map from data units to device pixels: X = sx x + tx, Y = sy y + ty. */
export interface PixelMap {
  sx: number;
  tx: number;
  sy: number;
  ty: number;
}

/**
 * Cover squares of half-width `half` pixels centred on each point into `cover` (w x h, one byte per
 * pixel, 255 = fully covered), with anti-aliased edges. Points off the buffer are skipped.
 */
export function coverSquares(
  cover: Uint8Array,
  w: number,
  h: number,
  pts: Float32Array,
  map: PixelMap,
  half: number,
  /** A labelled cloud: each pixel remembers the class of the point that covers it most (in `klass`). */
  labels: Uint8Array | null = null,
  klass: Uint8Array | null = null,
): void {
  const classed = labels !== null && klass !== null;
  const { sx, tx, sy, ty } = map;
  for (let i = 0; i + 1 < pts.length; i += 2) {
    const cx = sx * pts[i] + tx;
    const cy = sy * pts[i + 1] + ty;
    const x0 = cx - half;
    const x1 = cx + half;
    const y0 = cy - half;
    const y1 = cy + half;
    // NaN fails every comparison: such points are skipped too.
    if (!(x1 > 0 && y1 > 0 && x0 < w && y0 < h)) continue;
    const c0 = Math.max(0, Math.floor(x0));
    const c1 = Math.min(w - 1, Math.ceil(x1) - 1);
    const r0 = Math.max(0, Math.floor(y0));
    const r1 = Math.min(h - 1, Math.ceil(y1) - 1);
    for (let r = r0; r <= r1; r++) {
      const fy = Math.min(y1, r + 1) - Math.max(y0, r);
      const row = r * w;
      for (let c = c0; c <= c1; c++) {
        const fx = Math.min(x1, c + 1) - Math.max(x0, c);
        const v = (255 * fx * fy + 0.5) | 0;
        if (v > cover[row + c]) {
          cover[row + c] = v;
          if (classed) klass[row + c] = labels[i >> 1];
        }
      }
    }
  }
}

/** A cloud's colour (0-255 channels) and the opacity of full coverage (0-1). */
export interface CloudPaint {
  r: number;
  g: number;
  b: number;
  alpha: number;
}

/**
 * Compose two coverage buffers into non-premultiplied RGBA (ImageData layout): `top` painted over
 * `bottom` with source-over. Uncovered pixels are transparent.
 */
export function composeCovers(
  out: Uint8ClampedArray,
  bottom: Uint8Array,
  bottomPaint: CloudPaint,
  top: Uint8Array,
  topPaint: CloudPaint,
  /** Labelled clouds: each pixel's class (coverSquares) picks its paint from the class paints (opacity stays the cloud's). */
  classes: { bottom?: Uint8Array | null; top?: Uint8Array | null; paints?: readonly CloudPaint[] } = {},
): void {
  const ab = bottomPaint.alpha / 255;
  const at = topPaint.alpha / 255;
  const paints = classes.paints ?? [];
  const kb = paints.length > 0 ? classes.bottom : null;
  const kt = paints.length > 0 ? classes.top : null;
  for (let i = 0, o = 0; i < bottom.length; i++, o += 4) {
    const cb = bottom[i];
    const ct = top[i];
    if (cb === 0 && ct === 0) {
      out[o + 3] = 0;
      continue;
    }
    const bp = kb ? paints[kb[i]] ?? bottomPaint : bottomPaint;
    const tp = kt ? paints[kt[i]] ?? topPaint : topPaint;
    const a1 = ct * at;
    const a0 = cb * ab * (1 - a1);
    const a = a1 + a0;
    out[o] = (tp.r * a1 + bp.r * a0) / a;
    out[o + 1] = (tp.g * a1 + bp.g * a0) / a;
    out[o + 2] = (tp.b * a1 + bp.b * a0) / a;
    out[o + 3] = 255 * a;
  }
}
