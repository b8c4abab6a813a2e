/**
 * Embed mode, read once from the page's URL (and embed.html's data-embed mark) when first imported,
 * so every module sees it from the start: the components hide what the teacher did not pick, and
 * the scene stores neither read nor write the visitor's saved scenes.
 */
import { create } from 'zustand';
import { EMBED_CONTROLS, parseEmbedParams, type EmbedControl, type EmbedParams } from '../core/embedParams';

function fromPage(): EmbedParams {
  if (typeof window === 'undefined' || typeof document === 'undefined') return { embed: false, show: EMBED_CONTROLS, problems: [] };
  return parseEmbedParams(window.location.search, document.documentElement.hasAttribute('data-embed'));
}

export const useEmbed = create<EmbedParams>(() => fromPage());

/** Whether the page is an embed (then nothing reads or writes the autosave, last scene or lesson state). */
export function isEmbedded(): boolean {
  return useEmbed.getState().embed;
}

/** Whether a control shows: always outside embed mode, else when the link's show list names it. */
export function useShown(control: EmbedControl): boolean {
  return useEmbed((s) => !s.embed || s.show.includes(control));
}
