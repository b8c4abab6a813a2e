/** The stage's colours, in one place. */
import { interpolateRgbBasis } from 'd3';

export const COLORS = {
  background: '#0b1020',
  grid: 'rgba(148, 163, 184, 0.10)',
  axis: '#94a3b8',
  source: '#38bdf8',
  target: '#f472b6',
  particle: '#fde68a',
  trail: 'rgba(186, 230, 253, 0.09)',
  probe: '#a3e635',
} as const;

/** Arrow colour by speed: slow is deep violet, fast is warm yellow. */
export const speedColor = interpolateRgbBasis(['#3b1f6b', '#5b4bbd', '#2fa4c9', '#5fd39a', '#f5e663']);

export const SPEED_BINS = 12;
export const SPEED_BIN_COLORS: readonly string[] = Array.from({ length: SPEED_BINS }, (_, i) => speedColor((i + 0.5) / SPEED_BINS));
