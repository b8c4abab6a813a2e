/** Debian's Chromium and its flags: one list, shared with the benchmark (scripts/bench.mjs). */
export { chromiumPath, quietFlags } from '../scripts/chromium.mjs';
