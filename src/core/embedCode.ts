/**
 * The "Copy embed code" snippet: an iframe pointing at the embed page with the current scene. A scene
 * of unedited presets at default view travels by name (?source=moons&target=...&seed=7, readable and
 * editable by hand); anything else (drawn clouds, other settings, a view) as a share link (#scene=).
 */
import { DEFAULT_SAMPLE, DEFAULT_TRAIN } from './config';
import { formatShow, type EmbedControl } from './embedParams';
import { DEFAULT_VIEW, type Scene } from './scene';
import { encodeSceneLink, isUneditedPreset } from './sceneLink';
import { NUMERIC_PARAMS } from './startParams';

/** Query text: ',' and ':' stay readable (both are allowed in a query). */
const enc = (v: string): string => encodeURIComponent(v).replace(/%2C/gi, ',').replace(/%3A/gi, ':');

/** The ?source=&target=&seed=... parameters that make `scene` again, or null when they cannot. */
export function presetParams(scene: Scene): [string, string][] | null {
  const { source, target } = scene;
  if (source.origin.kind !== 'preset' || target.origin.kind !== 'preset') return null;
  if (source.origin.seed !== scene.seed || target.origin.seed !== scene.seed) return null;
  if (!isUneditedPreset('source', source) || !isUneditedPreset('target', target)) return null;
  if (scene.view.t !== DEFAULT_VIEW.t) return null;
  for (const [k, v] of Object.entries(DEFAULT_VIEW.layers)) if (scene.view.layers[k as keyof typeof DEFAULT_VIEW.layers] !== v) return null;
  const out: [string, string][] = [
    ['source', source.origin.spec],
    ['target', target.origin.spec],
    ['seed', String(scene.seed)],
  ];
  const carried = new Set<string>();
  for (const [name, [group, key]] of Object.entries(NUMERIC_PARAMS)) {
    carried.add(`${group}.${key}`);
    const value = (scene[group] as unknown as Record<string, number>)[key];
    const def = (group === 'train' ? DEFAULT_TRAIN : DEFAULT_SAMPLE) as unknown as Record<string, number>;
    if (value !== def[key]) out.push([name, String(value)]);
  }
  // A setting no parameter carries (path, coupling, solver...) that differs: only the share link has it.
  for (const [group, defaults] of [['train', DEFAULT_TRAIN], ['sample', DEFAULT_SAMPLE]] as const) {
    for (const [k, v] of Object.entries(defaults)) {
      if (!carried.has(`${group}.${k}`) && (scene[group] as unknown as Record<string, unknown>)[k] !== v) return null;
    }
  }
  return out;
}

/** The embed page's URL for `scene` with the chosen controls. `entry` is the embed page's absolute URL. */
export function embedUrl(entry: string, scene: Scene, show: readonly EmbedControl[]): string {
  const url = new URL(entry);
  url.search = '';
  url.hash = '';
  const params = presetParams(scene) ?? [];
  const s = formatShow(show);
  if (s !== null) params.push(['show', s]);
  const query = params.map(([k, v]) => `${k}=${enc(v)}`).join('&');
  const base = `${url.origin}${url.pathname}${query ? `?${query}` : ''}`;
  return presetParams(scene) ? base : `${base}#scene=${encodeSceneLink(scene)}`;
}

const attr = (s: string): string => s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export interface EmbedSnippet {
  src: string;
  width: number;
  height: number;
  title: string;
}

/** The iframe element's HTML: no border, loaded when scrolled near, titled for screen readers. */
export function embedSnippet({ src, width, height, title }: EmbedSnippet): string {
  return `<iframe src="${attr(src)}" width="${width}" height="${height}" style="border:0" loading="lazy" title="${attr(title)}"></iframe>`;
}

/** "Flow matching: gaussian to moons", or "drawn clouds" for a side drawn by hand. */
export function embedTitle(scene: Scene): string {
  const name = (c: Scene['source']) => (c.origin.kind === 'preset' ? c.origin.spec : 'drawn cloud');
  return `Flow matching: ${name(scene.source)} to ${name(scene.target)}`;
}
