/**
 * Embed mode's link parameters: ?embed=1 shows the stage and only the controls named in
 * &show=slider,play,train (a fixed vocabulary, like TensorFlow Playground's hide flags). Pure: the
 * page reads the result once at start-up; the problems join the link's other problems in one notice.
 */

/** Every control a teacher can show in an embed, in the order the embed lays them out. */
export const EMBED_CONTROLS = ['slider', 'play', 'train', 'step', 'reset', 'presets', 'loss', 'fit', 'layers', 'draw', 'settings', 'lessons'] as const;
export type EmbedControl = (typeof EMBED_CONTROLS)[number];

/** What each name shows (the README and the Scenes panel's picker use these words). */
export const EMBED_CONTROL_LABELS: Record<EmbedControl, string> = {
  slider: 'time slider',
  play: 'play / pause and speed',
  train: 'Train button, step and loss',
  step: 'Single step',
  reset: 'Reset model',
  presets: 'preset pickers',
  loss: 'loss chart',
  fit: 'fit score',
  layers: 'layer toggles',
  draw: 'drawing tools',
  settings: 'settings',
  lessons: 'lessons',
};

/** Shown when the link has ?embed=1 and no show list. */
export const DEFAULT_EMBED_SHOW: readonly EmbedControl[] = ['slider', 'play', 'train'];

export interface EmbedParams {
  embed: boolean;
  /** The controls to show, in EMBED_CONTROLS order; every control when not embedded. */
  show: readonly EmbedControl[];
  /** One sentence per refused value ("Link show ..."); the rest of the link still applies. */
  problems: string[];
}

const isControl = (s: string): s is EmbedControl => (EMBED_CONTROLS as readonly string[]).includes(s);

/**
 * Read embed and show. `forced` is the embed entry page (embed.html), which is always embedded.
 * show: comma-separated names, case-insensitive; "all" means every control, an empty list the stage only.
 */
export function parseEmbedParams(search: string | URLSearchParams, forced = false): EmbedParams {
  const q = typeof search === 'string' ? new URLSearchParams(search) : search;
  const problems: string[] = [];
  let embed = forced;
  const raw = q.get('embed');
  if (raw !== null && !forced) {
    const v = raw.trim().toLowerCase();
    if (v === '1' || v === 'true' || v === '') embed = true;
    else if (v === '0' || v === 'false') embed = false;
    else {
      embed = true;
      problems.push(`Link embed ${JSON.stringify(raw)} is not 1 or 0; showing the embedded view.`);
    }
  }
  const showRaw = q.get('show');
  if (!embed) {
    if (showRaw !== null) problems.push('Link show applies only with embed=1; all controls are shown.');
    return { embed, show: EMBED_CONTROLS, problems };
  }
  if (showRaw === null) return { embed, show: DEFAULT_EMBED_SHOW, problems };
  const names = showRaw
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== '');
  if (names.includes('all')) return { embed, show: EMBED_CONTROLS, problems };
  const unknown = [...new Set(names.filter((n) => !isControl(n)))];
  if (unknown.length > 0) {
    const list = unknown.map((n) => JSON.stringify(n.length > 20 ? `${n.slice(0, 20)}…` : n)).join(', ');
    problems.push(`Link show: unknown control${unknown.length > 1 ? 's' : ''} ${list} left out (known: ${EMBED_CONTROLS.join(', ')}, all).`);
  }
  const chosen = new Set(names.filter(isControl));
  return { embed, show: EMBED_CONTROLS.filter((c) => chosen.has(c)), problems };
}

/** The show parameter for a list of controls; null when it is the default (the link can leave it out). */
export function formatShow(show: readonly EmbedControl[]): string | null {
  const ordered = EMBED_CONTROLS.filter((c) => show.includes(c));
  if (ordered.length === DEFAULT_EMBED_SHOW.length && ordered.every((c, i) => c === DEFAULT_EMBED_SHOW[i])) return null;
  if (ordered.length === EMBED_CONTROLS.length) return 'all';
  return ordered.join(',');
}
