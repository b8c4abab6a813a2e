/**
 * The URL's starting scene: ?source=SPEC&target=SPEC&seed=N&backend=NAME. Bad values are dropped
 * with a message each; the rest of the link still applies.
 */
import { parsePreset, formatPreset, PresetError } from './presets';

export const BACKEND_PARAM_VALUES = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendParam = (typeof BACKEND_PARAM_VALUES)[number];

export interface StartParams {
  source?: string;
  target?: string;
  seed?: number;
  backend?: BackendParam;
  errors: string[];
}

export function parseStartParams(search: string): StartParams {
  const q = new URLSearchParams(search);
  const out: StartParams = { errors: [] };
  for (const side of ['source', 'target'] as const) {
    const v = q.get(side);
    if (v === null) continue;
    try {
      out[side] = formatPreset(parsePreset(v));
    } catch (e) {
      out.errors.push(`Link ${side}: ${e instanceof PresetError ? e.message : String(e)}. Using the default ${side}.`);
    }
  }
  const seed = q.get('seed');
  if (seed !== null) {
    const n = Number(seed);
    if (Number.isInteger(n) && n >= 0 && n <= 0xffffffff) out.seed = n;
    else out.errors.push(`Link seed "${seed}" is not a whole number between 0 and 4294967295; using the default seed.`);
  }
  const backend = q.get('backend');
  if (backend !== null) {
    const b = backend.toLowerCase();
    if ((BACKEND_PARAM_VALUES as readonly string[]).includes(b)) out.backend = b as BackendParam;
    else out.errors.push(`Link backend "${backend}" is unknown (use ${BACKEND_PARAM_VALUES.join(', ')}); choosing automatically.`);
  }
  return out;
}
