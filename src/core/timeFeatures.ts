/**
 * The network sees time as raw t plus a few sinusoids, so it can bend its field sharply in t
 * without a deep stack. Frequencies are multiples of pi: sin/cos(pi k t) for k in TIME_FREQUENCIES.
 */
export const TIME_FREQUENCIES = [1, 2, 4] as const;
export const TIME_FEATURE_COUNT = 1 + 2 * TIME_FREQUENCIES.length;
/** Inputs of the network: x, y and the time features. */
export const INPUT_SIZE = 2 + TIME_FEATURE_COUNT;

/** Write the time features of t into out starting at offset. */
export function writeTimeFeatures(t: number, out: Float32Array, offset: number): void {
  out[offset] = t;
  let o = offset + 1;
  for (const k of TIME_FREQUENCIES) {
    out[o++] = Math.sin(Math.PI * k * t);
    out[o++] = Math.cos(Math.PI * k * t);
  }
}
