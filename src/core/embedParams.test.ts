import { describe, expect, it } from 'vitest';
import { DEFAULT_EMBED_SHOW, EMBED_CONTROLS, formatShow, parseEmbedParams } from './embedParams';

describe('parseEmbedParams', () => {
  it('is off, with every control, for a plain link', () => {
    expect(parseEmbedParams('?source=moons')).toEqual({ embed: false, show: EMBED_CONTROLS, problems: [] });
  });
  it('shows slider, play and train when embed=1 has no show list', () => {
    expect(parseEmbedParams('?embed=1')).toEqual({ embed: true, show: ['slider', 'play', 'train'], problems: [] });
    expect(parseEmbedParams('?embed=true').embed).toBe(true);
    expect(parseEmbedParams('?embed').embed).toBe(true);
    expect(parseEmbedParams('?embed=0').embed).toBe(false);
  });
  it('keeps the chosen controls in layout order, ignoring case, spaces and repeats', () => {
    const p = parseEmbedParams('?embed=1&show=Train, presets,slider,train');
    expect(p.show).toEqual(['slider', 'train', 'presets']);
    expect(p.problems).toEqual([]);
  });
  it('names unknown controls once and keeps the known ones', () => {
    const p = parseEmbedParams('?embed=1&show=train,sliders,foo,foo');
    expect(p.show).toEqual(['train']);
    expect(p.problems).toHaveLength(1);
    expect(p.problems[0]).toMatch(/^Link show: unknown controls "sliders", "foo" left out \(known: slider, play, train/);
  });
  it('reads "all" and an empty list (the stage alone)', () => {
    expect(parseEmbedParams('?embed=1&show=all').show).toEqual(EMBED_CONTROLS);
    expect(parseEmbedParams('?embed=1&show=').show).toEqual([]);
    expect(parseEmbedParams('?embed=1&show=,,').show).toEqual([]);
  });
  it('is always on for the embed page, whatever embed says', () => {
    expect(parseEmbedParams('', true)).toEqual({ embed: true, show: DEFAULT_EMBED_SHOW, problems: [] });
    expect(parseEmbedParams('?embed=0&show=loss', true)).toEqual({ embed: true, show: ['loss'], problems: [] });
  });
  it('says so when show comes without embed, or embed has an odd value', () => {
    expect(parseEmbedParams('?show=train').problems).toEqual(['Link show applies only with embed=1; all controls are shown.']);
    const p = parseEmbedParams('?embed=yes');
    expect(p.embed).toBe(true);
    expect(p.problems[0]).toMatch(/embed "yes" is not 1 or 0/);
  });
});

describe('formatShow', () => {
  it('leaves the default out, writes "all" for every control, and orders the rest', () => {
    expect(formatShow(['train', 'play', 'slider'])).toBeNull();
    expect(formatShow([...EMBED_CONTROLS].reverse())).toBe('all');
    expect(formatShow(['loss', 'train'])).toBe('train,loss');
    expect(formatShow([])).toBe('');
  });
  it('round-trips through parseEmbedParams', () => {
    for (const show of [['train', 'loss'], [], ['lessons', 'draw', 'slider']] as const) {
      const s = formatShow(show);
      const parsed = parseEmbedParams(`?embed=1${s === null ? '' : `&show=${s}`}`).show;
      expect([...parsed].sort()).toEqual([...show].sort());
    }
  });
});
