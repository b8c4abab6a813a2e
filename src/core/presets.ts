/**
 * Preset distributions and their text syntax ("moons", "gaussian:0,-5,0.5").
 * The one list of presets: the selects, URL parsing, the worker and the CLI all read it from here.
 */
import { createRng, type Rng } from './rng';
import type { Points } from './points';

export const PRESET_NAMES = [
  'gaussian',
  'eight-gaussians',
  'moons',
  'checkerboard',
  'spiral',
  'rings',
  'smiley',
] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

export const PRESET_LABELS: Record<PresetName, string> = {
  gaussian: 'Gaussian',
  'eight-gaussians': 'Eight Gaussians',
  moons: 'Two moons',
  checkerboard: 'Checkerboard',
  spiral: 'Spiral',
  rings: 'Rings',
  smiley: 'Smiley',
};

export type PresetSpec =
  | { name: 'gaussian'; mean: [number, number]; std: number }
  | { name: Exclude<PresetName, 'gaussian'> };

export class PresetError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PresetError';
  }
}

/** Largest |mean| and std a Gaussian preset accepts: keeps clouds on the stage. */
export const GAUSSIAN_LIMITS = { mean: 5, std: 3 } as const;

/** Parse the preset syntax. Throws PresetError with a message fit to show a user. */
export function parsePreset(text: string): PresetSpec {
  const raw = text.trim().toLowerCase();
  const [name, args, ...rest] = raw.split(':');
  if (rest.length > 0) throw new PresetError(`"${text}" has more than one ":"`);
  if (!(PRESET_NAMES as readonly string[]).includes(name)) {
    throw new PresetError(`unknown preset "${name}"; choose one of ${PRESET_NAMES.join(', ')}`);
  }
  if (name !== 'gaussian') {
    if (args !== undefined && args !== '') throw new PresetError(`preset "${name}" takes no parameters`);
    return { name: name as Exclude<PresetName, 'gaussian'> };
  }
  if (args === undefined || args === '') return { name: 'gaussian', mean: [0, 0], std: 1 };
  const parts = args.split(',');
  if (parts.length !== 3) {
    throw new PresetError(`gaussian takes three numbers, gaussian:MX,MY,STD (got "${args}")`);
  }
  const nums = parts.map((s) => (s.trim() === '' ? NaN : Number(s)));
  if (nums.some((v) => !Number.isFinite(v))) {
    throw new PresetError(`gaussian parameters must be numbers (got "${args}")`);
  }
  const [mx, my, std] = nums;
  if (Math.abs(mx) > GAUSSIAN_LIMITS.mean || Math.abs(my) > GAUSSIAN_LIMITS.mean) {
    throw new PresetError(`gaussian mean must lie within ±${GAUSSIAN_LIMITS.mean} (got ${mx}, ${my})`);
  }
  if (std < 0 || std > GAUSSIAN_LIMITS.std) {
    throw new PresetError(`gaussian STD must be between 0 and ${GAUSSIAN_LIMITS.std} (got ${std})`);
  }
  return { name: 'gaussian', mean: [mx, my], std };
}

/** Canonical text of a spec; parsePreset(formatPreset(s)) equals s. */
export function formatPreset(spec: PresetSpec): string {
  if (spec.name !== 'gaussian') return spec.name;
  const [mx, my] = spec.mean;
  if (mx === 0 && my === 0 && spec.std === 1) return 'gaussian';
  return `gaussian:${mx},${my},${spec.std}`;
}

/** Writes point i and returns the mixture component it came from (labels.ts turns components into classes). */
type Sampler = (rng: Rng, out: Float32Array, i: number) => number;

const eightGaussians: Sampler = (rng, out, i) => {
  const k = rng.int(8);
  const a = (k * Math.PI) / 4;
  out[2 * i] = 3.5 * Math.cos(a) + 0.3 * rng.normal();
  out[2 * i + 1] = 3.5 * Math.sin(a) + 0.3 * rng.normal();
  return k;
};

const moons: Sampler = (rng, out, i) => {
  // scikit-learn's two moons, centred and scaled by 2.2 so they span about [-3.3, 3.3].
  const a = Math.PI * rng.uniform();
  let x: number;
  let y: number;
  // Component 0: the upper moon, 1: the lower one.
  const moon = rng.uniform() < 0.5 ? 0 : 1;
  if (moon === 0) {
    x = Math.cos(a);
    y = Math.sin(a);
  } else {
    x = 1 - Math.cos(a);
    y = 0.5 - Math.sin(a);
  }
  out[2 * i] = 2.2 * (x - 0.5) + 0.1 * rng.normal();
  out[2 * i + 1] = 2.2 * (y - 0.25) + 0.1 * rng.normal();
  return moon;
};

const checkerboard: Sampler = (rng, out, i) => {
  // 4 x 4 board over [-4, 4]^2; points fill the cells where (col + row) is even.
  const cell = rng.int(8);
  const row = cell >> 1;
  const col = 2 * (cell & 1) + (row & 1);
  out[2 * i] = -4 + 2 * col + 2 * rng.uniform();
  out[2 * i + 1] = -4 + 2 * row + 2 * rng.uniform();
  return cell;
};

const spiral: Sampler = (rng, out, i) => {
  // Archimedean spiral r = 4.2 s over 1.75 turns, denser nowhere in particular.
  const s = Math.sqrt(rng.uniform()) * 0.95 + 0.05;
  const a = s * 3.5 * Math.PI;
  const r = 4.2 * s;
  out[2 * i] = r * Math.cos(a) + 0.12 * rng.normal();
  out[2 * i + 1] = r * Math.sin(a) + 0.12 * rng.normal();
  return 0;
};

const rings: Sampler = (rng, out, i) => {
  // Two concentric rings, point counts proportional to circumference. Component 0: inner, 1: outer.
  const ring = rng.uniform() < 1 / 3 ? 0 : 1;
  const r = ring === 0 ? 1.6 : 3.6;
  const a = 2 * Math.PI * rng.uniform();
  out[2 * i] = r * Math.cos(a) + 0.1 * rng.normal();
  out[2 * i + 1] = r * Math.sin(a) + 0.1 * rng.normal();
  return ring;
};

const smiley: Sampler = (rng, out, i) => {
  const u = rng.uniform();
  let x: number;
  let y: number;
  if (u < 0.55) {
    const a = 2 * Math.PI * rng.uniform();
    x = 4 * Math.cos(a);
    y = 4 * Math.sin(a);
  } else if (u < 0.7) {
    x = -1.5 + 0.25 * rng.normal();
    y = 1.4 + 0.35 * rng.normal();
  } else if (u < 0.85) {
    x = 1.5 + 0.25 * rng.normal();
    y = 1.4 + 0.35 * rng.normal();
  } else {
    const a = Math.PI * (1.2 + 0.6 * rng.uniform());
    x = 2.3 * Math.cos(a);
    y = 2.3 * Math.sin(a) + 0.2;
  }
  out[2 * i] = x + 0.08 * rng.normal();
  out[2 * i + 1] = y + 0.08 * rng.normal();
  return 0;
};

const SAMPLERS: Record<Exclude<PresetName, 'gaussian'>, Sampler> = {
  'eight-gaussians': eightGaussians,
  moons,
  checkerboard,
  spiral,
  rings,
  smiley,
};

/** n points of a preset, deterministic for (spec, n, seed). */
export function samplePreset(spec: PresetSpec, n: number, seed: number): Points {
  return samplePresetComponents(spec, n, seed).points;
}

/**
 * The same n points as samplePreset, with the mixture component each came from: the mode k of
 * eight-gaussians (angle k * 45 degrees), the moon (0 upper, 1 lower), the checkerboard cell (0-7, row =
 * cell >> 1), the ring (0 inner, 1 outer); 0 for presets without components.
 */
export function samplePresetComponents(spec: PresetSpec, n: number, seed: number): { points: Points; components: Uint8Array } {
  const rng = createRng(seed);
  const out = new Float32Array(2 * n);
  const components = new Uint8Array(n);
  if (spec.name === 'gaussian') {
    const [mx, my] = spec.mean;
    for (let i = 0; i < n; i++) {
      out[2 * i] = mx + spec.std * rng.normal();
      out[2 * i + 1] = my + spec.std * rng.normal();
    }
    return { points: out, components };
  }
  const sample = SAMPLERS[spec.name];
  for (let i = 0; i < n; i++) components[i] = sample(rng, out, i);
  return { points: out, components };
}
