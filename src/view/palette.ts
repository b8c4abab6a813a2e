/**
 * The stage's colours, in one place, for the dark and the light theme. COLORS and the derived
 * tables are updated in place by setPaletteTheme, so the render loop reads them without allocating.
 */
import { color, interpolateRgb, interpolateRgbBasis } from 'd3';

export type PaletteTheme = 'dark' | 'light';

export interface Palette {
  background: string;
  grid: string;
  axis: string;
  /** Tick lines and the axis domain. */
  axisLine: string;
  source: string;
  target: string;
  particle: string;
  trail: string;
  probe: string;
  erase: string;
  /** The closed-form field's arrows. */
  trueField: string;
  /** Teaching layer: training pairs, x_t, its target velocity, the worked example's stops. */
  pair: string;
  pairDot: string;
  pairArrow: string;
  marker: string;
  markerPath: string;
  labelBg: string;
  labelText: string;
  labelSub: string;
  hover: string;
  /** Legend box on exported pictures. */
  legendBg: string;
  /** Arrow colours by speed, slow to fast. */
  speedRamp: readonly string[];
  /** Class colours A-D (labels.ts MAX_CLASSES); A is the target's colour, so one class looks as before. */
  classes: readonly string[];
}

const DARK: Palette = {
  background: '#0b1020',
  grid: 'rgba(148, 163, 184, 0.10)',
  axis: '#94a3b8',
  axisLine: 'rgba(148, 163, 184, 0.45)',
  source: '#38bdf8',
  target: '#f472b6',
  particle: '#fde68a',
  trail: 'rgba(186, 230, 253, 0.09)',
  probe: '#a3e635',
  erase: '#f87171',
  trueField: 'rgba(255, 255, 255, 0.75)',
  pair: 'rgba(226, 232, 240, 0.3)',
  pairDot: '#f8fafc',
  pairArrow: 'rgba(253, 186, 116, 0.95)',
  marker: '#fde68a',
  markerPath: 'rgba(253, 230, 138, 0.35)',
  labelBg: 'rgba(11, 16, 32, 0.75)',
  labelText: '#e2e8f0',
  labelSub: '#94a3b8',
  hover: '#e2e8f0',
  legendBg: 'rgba(11, 16, 32, 0.7)',
  speedRamp: ['#3b1f6b', '#5b4bbd', '#2fa4c9', '#5fd39a', '#f5e663'],
  classes: ['#f472b6', '#34d399', '#a78bfa', '#fb923c'],
};

/** For bright rooms and paper: dark ink on white, the same hues a step darker. */
const LIGHT: Palette = {
  background: '#ffffff',
  grid: 'rgba(51, 65, 85, 0.10)',
  axis: '#334155',
  axisLine: 'rgba(51, 65, 85, 0.5)',
  source: '#0369a1',
  target: '#be185d',
  particle: '#b45309',
  trail: 'rgba(3, 105, 161, 0.08)',
  probe: '#4d7c0f',
  erase: '#dc2626',
  trueField: 'rgba(15, 23, 42, 0.75)',
  pair: 'rgba(30, 41, 59, 0.28)',
  pairDot: '#0f172a',
  pairArrow: 'rgba(194, 65, 12, 0.95)',
  marker: '#b45309',
  markerPath: 'rgba(180, 83, 9, 0.45)',
  labelBg: 'rgba(255, 255, 255, 0.85)',
  labelText: '#0f172a',
  labelSub: '#475569',
  hover: '#0f172a',
  legendBg: 'rgba(255, 255, 255, 0.85)',
  speedRamp: ['#4c1d95', '#4338ca', '#0e7490', '#15803d', '#c2410c'],
  classes: ['#be185d', '#047857', '#6d28d9', '#c2410c'],
};

export const PALETTES: Record<PaletteTheme, Palette> = { dark: DARK, light: LIGHT };

export const COLORS: Palette = { ...DARK };

export const SPEED_BINS = 12;
export const SPEED_BIN_COLORS: string[] = new Array<string>(SPEED_BINS).fill('');
/** Particle colour along t: the source's colour turning into the particle colour by t = 0.5. */
export const PARTICLE_COLOR_STEPS = 64;
export const PARTICLE_COLORS: string[] = new Array<string>(PARTICLE_COLOR_STEPS + 1).fill('');

/** Class names as the UI writes them. */
export const CLASS_NAMES = ['A', 'B', 'C', 'D'] as const;
/** Per class: its particle colour along t (from the source's colour to the class colour by t = 0.5). */
export const CLASS_PARTICLE_COLORS: string[][] = CLASS_NAMES.map(() => new Array<string>(PARTICLE_COLOR_STEPS + 1).fill(''));
/** Per class: its trails' faint stroke. */
export const CLASS_TRAIL_COLORS: string[] = CLASS_NAMES.map(() => '');

/** Arrow colour by speed in [0, 1]: slow is deep violet, fast is warm (yellow on dark, orange on light). */
export let speedColor = interpolateRgbBasis(DARK.speedRamp as string[]);

let current: PaletteTheme = 'dark';
export const paletteTheme = (): PaletteTheme => current;

export function setPaletteTheme(theme: PaletteTheme): void {
  current = theme;
  Object.assign(COLORS, PALETTES[theme]);
  speedColor = interpolateRgbBasis(COLORS.speedRamp as string[]);
  for (let i = 0; i < SPEED_BINS; i++) SPEED_BIN_COLORS[i] = speedColor((i + 0.5) / SPEED_BINS);
  const particle = interpolateRgb(COLORS.source, COLORS.particle);
  for (let i = 0; i <= PARTICLE_COLOR_STEPS; i++) PARTICLE_COLORS[i] = particle(Math.min(1, (2 * i) / PARTICLE_COLOR_STEPS));
  COLORS.classes.forEach((c, k) => {
    const ramp = interpolateRgb(COLORS.source, c);
    for (let i = 0; i <= PARTICLE_COLOR_STEPS; i++) CLASS_PARTICLE_COLORS[k][i] = ramp(Math.min(1, (2 * i) / PARTICLE_COLOR_STEPS));
    const rgbC = color(c)!.rgb();
    CLASS_TRAIL_COLORS[k] = `rgba(${rgbC.r}, ${rgbC.g}, ${rgbC.b}, ${current === 'dark' ? 0.12 : 0.1})`;
  });
}

setPaletteTheme('dark');
