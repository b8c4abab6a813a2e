/**
 * The URL's starting scene: ?source=SPEC&target=SPEC&seed=N&backend=NAME. Bad values are dropped
 * with a message each; the rest of the link still applies.
 */
import { BACKEND_NAMES, type BackendName } from './backendNames';
import { clampToRange, SAMPLE_LIMITS, SEED_LIMITS, TRAIN_LIMITS } from './config';
import { parsePreset, formatPreset, PresetError } from './presets';

/** Numeric settings a link may carry, by URL name: [which config, key] (the embed code writes them too). */
export const NUMERIC_PARAMS = {
  layers: ['train', 'hiddenLayers'],
  width: ['train', 'width'],
  batch: ['train', 'batchSize'],
  lr: ['train', 'learningRate'],
  jitter: ['train', 'jitter'],
  particles: ['sample', 'particles'],
  steps: ['sample', 'steps'],
} as const;

/** ?backend= takes any backend's name (forcing it). */
export const BACKEND_PARAM_VALUES = BACKEND_NAMES;
export type BackendParam = BackendName;

export interface StartParams {
  source?: string;
  target?: string;
  seed?: number;
  backend?: BackendParam;
  train: Partial<Record<'hiddenLayers' | 'width' | 'batchSize' | 'learningRate' | 'jitter', number>>;
  sample: Partial<Record<'particles' | 'steps', number>>;
  errors: string[];
}

/** "Link seed "abc"", or "Link seed" when the value is blank. */
const named = (name: string, raw: string): string => (raw === '' ? `Link ${name}` : `Link ${name} ${JSON.stringify(raw.length > 40 ? `${raw.slice(0, 40)}…` : raw)}`);

/**
 * A link's whole number: plain decimal digits only (no sign, exponent, hex, spaces or fraction), so
 * "0x10" or "1e3" is not silently read as 16 or 1000. Returns the number, or why the text is refused.
 */
export function wholeNumber(raw: string): number | string {
  if (raw === '') return 'is empty';
  if (/^\d+$/.test(raw)) return Number(raw);
  if (/^-\d+$/.test(raw)) return 'is negative';
  if (/^[+-]?(\d+\.\d*|\.\d+)$/.test(raw)) return 'is not a whole number';
  return notDecimal(raw);
}

const notDecimal = (raw: string): string => (raw.trim() === '' || Number.isNaN(Number(raw)) ? 'is not a number' : 'is not a plain decimal number');

/** A link's decimal number: digits with an optional sign, point and exponent (1e-3); no hex, Infinity or spaces. */
export function decimalNumber(raw: string): number | string {
  if (raw === '') return 'is empty';
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(raw)) return Number(raw);
  return notDecimal(raw);
}

/**
 * One message for every problem a link had (each refused or changed value named), so none is lost
 * when several go wrong at once. Null when there were none.
 */
export function linkProblemsMessage(errors: readonly string[]): string | null {
  if (errors.length === 0) return null;
  if (errors.length === 1) return errors[0];
  const items = errors.map((e, i) => `(${i + 1}) ${e.replace(/^Link /, '')}`);
  return `The link had ${errors.length} problems: ${items.join(' ')}`;
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
    const n = wholeNumber(seed);
    if (typeof n === 'number' && n <= SEED_LIMITS.max) out.seed = n;
    else out.errors.push(`${named('seed', seed)} ${typeof n === 'string' ? n : `is larger than ${SEED_LIMITS.max}`}; it takes a whole number from ${SEED_LIMITS.min} to ${SEED_LIMITS.max}, so the default seed is used.`);
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
    const n = range.integer ? wholeNumber(raw) : decimalNumber(raw);
    if (typeof n === 'string') {
      const takes = range.integer ? `a whole number from ${range.min} to ${range.max}` : `a number from ${range.min} to ${range.max}`;
      out.errors.push(`${named(name, raw)} ${n}; it takes ${takes}, so the default is used.`);
      continue;
    }
    const c = clampToRange(n, range);
    if (c.changed) out.errors.push(`Link ${name} ${raw} is outside ${range.min}..${range.max}; using ${c.value}.`);
    (out[group] as Record<string, number>)[key] = c.value;
  }
  return out;
}
