import { describe, expect, it } from 'vitest';
import { DEFAULT_SAMPLE, DEFAULT_TRAIN } from './config';
import { embedSnippet, embedTitle, embedUrl, presetParams } from './embedCode';
import { parseEmbedParams } from './embedParams';
import { DEFAULT_VIEW, presetCloud, type Scene } from './scene';
import { decodeSceneLink, QUANT_STEP } from './sceneLink';
import { parseStartParams } from './startParams';

const ENTRY = 'https://course.example/fm/embed.html';

function presetScene(seed = 7): Scene {
  return {
    version: 1,
    seed,
    source: { points: presetCloud('source', 'gaussian:0,-1,0.5', seed), origin: { kind: 'preset', spec: 'gaussian:0,-1,0.5', seed } },
    target: { points: presetCloud('target', 'moons', seed), origin: { kind: 'preset', spec: 'moons', seed } },
    train: { ...DEFAULT_TRAIN },
    sample: { ...DEFAULT_SAMPLE },
    view: { t: DEFAULT_VIEW.t, layers: { ...DEFAULT_VIEW.layers } },
  };
}

describe('embedUrl', () => {
  it('names an unedited preset scene in readable parameters that the start-up parser reads back', () => {
    const scene = { ...presetScene(), train: { ...DEFAULT_TRAIN, width: 32 } };
    const url = embedUrl(ENTRY, scene, ['train', 'loss']);
    expect(url).toBe('https://course.example/fm/embed.html?source=gaussian:0,-1,0.5&target=moons&seed=7&width=32&show=train,loss');
    const q = new URL(url).search;
    const start = parseStartParams(q);
    expect(start).toMatchObject({ source: 'gaussian:0,-1,0.5', target: 'moons', seed: 7, train: { width: 32 }, errors: [] });
    expect(parseEmbedParams(q, true).show).toEqual(['train', 'loss']);
  });
  it('leaves out the default show list and drops the entry page own query and hash', () => {
    expect(embedUrl(`${ENTRY}?x=1#y`, presetScene(), ['slider', 'play', 'train'])).toBe(`${ENTRY}?source=gaussian:0,-1,0.5&target=moons&seed=7`);
  });
  it('sends a drawn cloud as a share link that decodes to the same scene', () => {
    const scene = presetScene();
    scene.target = { points: new Float32Array([0.5, -1, 2, 2.25]), origin: { kind: 'drawn' } };
    const url = embedUrl(ENTRY, scene, ['train']);
    expect(url).toMatch(/^https:\/\/course\.example\/fm\/embed\.html\?show=train#scene=[A-Za-z0-9_-]+$/);
    const back = decodeSceneLink(url.slice(url.indexOf('#scene=') + 7));
    const want = [0.5, -1, 2, 2.25];
    back.target.points.forEach((v, i) => expect(Math.abs(v - want[i])).toBeLessThanOrEqual(QUANT_STEP));
    expect(back.seed).toBe(7);
  });
  it('uses the share link for settings no parameter carries (coupling, solver, view)', () => {
    expect(presetParams({ ...presetScene(), train: { ...DEFAULT_TRAIN, coupling: 'ot' } })).toBeNull();
    expect(presetParams({ ...presetScene(), sample: { ...DEFAULT_SAMPLE, solver: 'rk4' } })).toBeNull();
    expect(presetParams({ ...presetScene(), view: { ...DEFAULT_VIEW, t: 0.5 } })).toBeNull();
    expect(embedUrl(ENTRY, { ...presetScene(), train: { ...DEFAULT_TRAIN, coupling: 'ot' } }, [])).toMatch(/\?show=#scene=/);
  });
  it('uses the share link when a preset cloud was edited or has its own seed', () => {
    const edited = presetScene();
    edited.source = { ...edited.source, points: edited.source.points.map((v, i) => (i === 0 ? v + 1 : v)) };
    expect(presetParams(edited)).toBeNull();
    const otherSeed = presetScene();
    otherSeed.target = { points: presetCloud('target', 'moons', 3), origin: { kind: 'preset', spec: 'moons', seed: 3 } };
    expect(presetParams(otherSeed)).toBeNull();
  });
});

describe('embedSnippet', () => {
  it('writes a borderless, lazily loaded, titled iframe with escaped attributes', () => {
    const html = embedSnippet({ src: 'https://a.example/embed.html?source=moons&show=train', width: 640, height: 480, title: 'Flow "matching" <demo>' });
    expect(html).toBe(
      '<iframe src="https://a.example/embed.html?source=moons&amp;show=train" width="640" height="480" style="border:0" loading="lazy" title="Flow &quot;matching&quot; &lt;demo&gt;"></iframe>',
    );
  });
  it('titles the scene by its presets', () => {
    const scene = presetScene();
    expect(embedTitle(scene)).toBe('Flow matching: gaussian:0,-1,0.5 to moons');
    scene.source = { points: new Float32Array(2), origin: { kind: 'drawn' } };
    expect(embedTitle(scene)).toBe('Flow matching: drawn cloud to moons');
  });
});
