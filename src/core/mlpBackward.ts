/**
 * The elementwise parts of the MLP's backward pass, in plain loops over Float32Arrays. The wasm
 * backend runs them on its heap (src/engine/mlp.ts): one pass per layer replaces its ~5 elementwise
 * kernels, the transpose of the activations for the weight gradient and the bias-gradient reduction
 * (tfjs-wasm's Sum over the batch axis transposes first and alone cost ~16% of a step).
 * Gradients leave each pass transposed ([width][B]) because both matMuls of the next layer then
 * take plain (untransposed) operands, the form the wasm backend is fast at:
 *   dW^T = g^T h  and  dh^T = W g^T.
 * Sums accumulate in double precision; values are rounded to float32 once, on store.
 */

/**
 * Output layer of the mean squared error mean((out - y)^2) over all B x n entries.
 * out, y: [B][n]. Writes gT[j][i] = (out - y)[i][j] / B, db[j] = sum_i gT[j][i], and, when given,
 * residual[i][j] = out - y.
 */
export function outputGradT(out: Float32Array, y: Float32Array, b: number, n: number, gT: Float32Array, db: Float32Array, residual?: Float32Array): void {
  const inv = Math.fround(1 / b);
  for (let j = 0; j < n; j++) {
    let sum = 0;
    const row = j * b;
    for (let i = 0; i < b; i++) {
      const r = Math.fround(out[i * n + j] - y[i * n + j]);
      if (residual) residual[i * n + j] = r;
      const g = Math.fround(r * inv);
      gT[row + i] = g;
      sum += g;
    }
    db[j] = sum;
  }
}

/** Rows of the batch per block of siluGradT: keeps the strided reads of s and h in cache. */
const BLOCK = 32;

/**
 * Through a SiLU layer, transposed: with h = z s, s = sigmoid(z), silu'(z) = s + h (1 - s).
 * dhT: [n][B] (the gradient wrt h, transposed); s, h: [B][n]. Writes gT[j][i] = dhT[j][i] silu'(z[i][j])
 * and db[j] = sum_i gT[j][i] (the bias gradient of the layer that produced z).
 */
export function siluGradT(dhT: Float32Array, s: Float32Array, h: Float32Array, b: number, n: number, gT: Float32Array, db: Float32Array): void {
  const acc = new Float64Array(n);
  for (let i0 = 0; i0 < b; i0 += BLOCK) {
    const i1 = Math.min(b, i0 + BLOCK);
    for (let j = 0; j < n; j++) {
      const row = j * b;
      let sum = 0;
      for (let i = i0; i < i1; i++) {
        const k = i * n + j;
        const sk = s[k];
        const g = Math.fround(dhT[row + i] * (sk + h[k] * (1 - sk)));
        gT[row + i] = g;
        sum += g;
      }
      acc[j] += sum;
    }
  }
  for (let j = 0; j < n; j++) db[j] = acc[j];
}
