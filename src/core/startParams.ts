/**
 * The URL's starting scene: ?source=SPEC&target=SPEC&seed=N&backend=NAME. Bad values are dropped
 * with a message each; the rest of the link still applies.
 */
import { clampToRange, SAMPLE_LIMITS, TRAIN_LIMITS } from './config';
import { parsePreset, formatPreset, PresetError } from './presets';

/** Numeric settings a link may carry, by URL name: [which config, key]. */
const NUMERIC_PARAMS = {
  layers: ['train', 'hiddenLayers'],
  width: ['train', 'width'],
  batch: ['train', 'batchSize'],
  lr: ['train', 'learningRate'],
  jitter: ['train', 'jitter'],
  particles: ['sample', 'particles'],
  steps: ['sample', 'steps'],
} as const;

export const BACKEND_PARAM_VALUES = ['webgpu', 'wasm', 'webgl', 'cpu'] as const;
export type BackendParam = (typeof BACKEND_PARAM_VALUES)[number];

export interface StartParams {
  source?: string;
  target?: string;
  seed?: number;
  backend?: BackendParam;
  train: Partial<Record<'hiddenLayers' | 'width' | 'batchSize' | 'learningRate' | 'jitter', number>>;
  sample: Partial<Record<'particles' | 'steps', number>>;
  errors: string[];
}

export function parseStartParams(search: string): StartParams {
  const q = new URLSearchParams(search);
  const out: StartParams = { train: {}, sample: {}, errors: [] };
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
  for (const [name, [group, key]] of Object.entries(NUMERIC_PARAMS)) {
    const raw = q.get(name);
    if (raw === null) continue;
    const limits = (group === 'train' ? TRAIN_LIMITS : SAMPLE_LIMITS) as Record<string, { min: number; max: number; integer?: boolean }>;
    const range = limits[key];
    const n = Number(raw);
    if (raw.trim() === '' || !Number.isFinite(n)) {
      out.errors.push(`Link ${name} "${raw}" is not a number; using the default.`);
      continue;
    }
    const c = clampToRange(n, range);
    if (c.changed) out.errors.push(`Link ${name} ${raw} is outside ${range.min}..${range.max}; using ${c.value}.`);
    (out[group] as Record<string, number>)[key] = c.value;
  }
  return out;
}
