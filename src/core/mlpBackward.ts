/**
 * The elementwise parts of the MLP's backward pass, in plain loops over Float32Arrays. The wasm
 * backend runs them on its heap (src/engine/mlp.ts): one pass per layer replaces its ~5 elementwise
 * kernels, the transpose of the activations for the weight gradient and the bias-gradient reduction
 * (tfjs-wasm's Sum over the batch axis transposes first and alone cost ~16% of a step).
 * Each pass also writes the layer's gradient transposed ([width][B]), so that the weight gradient is
 * a plain matMul, dW^T = g^T h (tfjs-wasm's matMul is fast only untransposed, and its Transpose
 * kernel is slow: ~10 ns per value).
 * Sums accumulate in double precision; values are rounded to float32 once, on store.
 */

/**
 * Output layer of the mean squared error mean((out - y)^2) over all B x n entries, whose input was
 * h: [B][nIn]. out, y: [B][n]. Writes g = (out - y) / B ([B][n]), db[j] = sum_i g[i][j],
 * dW = h^T g ([nIn][n]; computed here because n is small: a matMul would pack all of h for it)
 * and, when given, residual = out - y.
 */
export function outputGrad(
  out: Float32Array,
  y: Float32Array,
  h: Float32Array,
  b: number,
  n: number,
  nIn: number,
  g: Float32Array,
  db: Float32Array,
  dW: Float32Array,
  residual?: Float32Array,
): void {
  const inv = Math.fround(1 / b);
  const accB = new Float64Array(n);
  const accW = new Float64Array(nIn * n);
  const row = new Float64Array(n);
  for (let i = 0; i < b; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) {
      const r = Math.fround(out[o + j] - y[o + j]);
      if (residual) residual[o + j] = r;
      const gj = Math.fround(r * inv);
      g[o + j] = gj;
      row[j] = gj;
      accB[j] += gj;
    }
    // Rows of h in order, dW's accumulators contiguous: this loop is most of the pass.
    const hi = i * nIn;
    if (n === 2) {
      const g0 = row[0];
      const g1 = row[1];
      for (let k = 0; k < nIn; k++) {
        const hk = h[hi + k];
        accW[2 * k] += hk * g0;
        accW[2 * k + 1] += hk * g1;
      }
    } else {
      for (let k = 0; k < nIn; k++) {
        const hk = h[hi + k];
        for (let j = 0; j < n; j++) accW[k * n + j] += hk * row[j];
      }
    }
  }
  for (let j = 0; j < n; j++) db[j] = accB[j];
  for (let k = 0; k < nIn * n; k++) dW[k] = accW[k];
}

/**
 * Through a SiLU layer: with h = z s, s = sigmoid(z), silu'(z) = s + h (1 - s).
 * dh, s, h: [B][n] (dh: the gradient wrt h). Writes gT[j][i] = dh[i][j] silu'(z[i][j]) ([n][B]),
 * the same untransposed into g ([B][n]) when given (the next layer's dh = g W^T needs it), and
 * db[j] = sum_i g[i][j] (the bias gradient of the layer that produced z).
 * Row by row: reads and g's writes are contiguous. (16 x 16 tiles for gT's strided writes measured
 * no faster: the loop is bound by V8's scalar arithmetic, ~2-5 ns per value, not by memory.)
 */
export function siluGrad(dh: Float32Array, s: Float32Array, h: Float32Array, b: number, n: number, gT: Float32Array, db: Float32Array, g?: Float32Array): void {
  const acc = new Float64Array(n);
  for (let i = 0; i < b; i++) {
    const o = i * n;
    for (let j = 0; j < n; j++) {
      const sk = s[o + j];
      const v = Math.fround(dh[o + j] * (sk + h[o + j] * (1 - sk)));
      gT[j * b + i] = v;
      if (g) g[o + j] = v;
      acc[j] += v;
    }
  }
  for (let j = 0; j < n; j++) db[j] = acc[j];
}

/** out = a^T for a: [rows][cols] (out: [cols][rows]). */
export function transposeInto(a: Float32Array, rows: number, cols: number, out: Float32Array): void {
  for (let i = 0; i < rows; i++) {
    const r = i * cols;
    for (let j = 0; j < cols; j++) out[j * rows + i] = a[r + j];
  }
}
