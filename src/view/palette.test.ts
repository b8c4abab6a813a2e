import { afterEach, describe, expect, it } from 'vitest';
import { COLORS, PALETTES, PARTICLE_COLORS, SPEED_BIN_COLORS, paletteTheme, setPaletteTheme } from './palette';
import { stageGeometry } from './stageGeometry';
import { clampPresenterFont, PRESENTER_FONT } from '../state/displayStore';

afterEach(() => setPaletteTheme('dark'));

describe('palette themes', () => {
  it('switches the stage colours in place, so the render loop keeps its references', () => {
    const bins = SPEED_BIN_COLORS;
    const particles = PARTICLE_COLORS;
    const darkBins = [...bins];
    expect(COLORS.background).toBe(PALETTES.dark.background);
    setPaletteTheme('light');
    expect(paletteTheme()).toBe('light');
    expect(COLORS.background).toBe('#ffffff');
    expect(COLORS.source).toBe(PALETTES.light.source);
    expect(SPEED_BIN_COLORS).toBe(bins);
    expect(PARTICLE_COLORS).toBe(particles);
    expect(bins).not.toEqual(darkBins);
    expect(bins.every((c) => c.startsWith('rgb('))).toBe(true);
    setPaletteTheme('dark');
    expect(COLORS.background).toBe('#0b1020');
    expect(bins).toEqual(darkBins);
  });

  it('every theme names every colour', () => {
    expect(Object.keys(PALETTES.light).sort()).toEqual(Object.keys(PALETTES.dark).sort());
  });
});

describe('stage text size', () => {
  it('keeps the small margins by default and makes room for large tick labels', () => {
    expect(stageGeometry(400).margin).toBe(22);
    expect(stageGeometry(800).margin).toBe(34);
    expect(stageGeometry(800).textPx).toBe(0);
    const big = stageGeometry(1000, 24);
    expect(big.textPx).toBe(24);
    expect(big.margin).toBeGreaterThanOrEqual(2 * 24);
    // The data square still maps -6..6 onto the space inside the margins.
    expect(big.x(-6)).toBeCloseTo(big.margin, 9);
    expect(big.x(6)).toBeCloseTo(1000 - big.margin, 9);
  });

  it('clamps the presenter type size to 24..40 px', () => {
    expect(clampPresenterFont(10)).toBe(PRESENTER_FONT.min);
    expect(clampPresenterFont(100)).toBe(PRESENTER_FONT.max);
    expect(clampPresenterFont(Number.NaN)).toBe(PRESENTER_FONT.initial);
    expect(clampPresenterFont(28.4)).toBe(28);
  });
});
