/**
 * Which view the page shows, kept in the URL as ?view=compare or ?view=images (other parameters and
 * the hash stay), so a reload or a shared link opens the same view. The URL follows the stores,
 * whoever opens the view (the tabs, a lesson, a scene file). Switching replaces the history entry:
 * the tabs are views of one page, not a navigation.
 */
import { closeCompare, openCompare } from '../../state/compareSession';
import { useCompare } from '../../state/compareStore';
import { closeImages, openImages } from '../../state/imagesSession';
import { useImages } from '../../state/imagesStore';

export type PageView = 'playground' | 'compare' | 'images';

export const VIEW_PARAM = 'view';

/** The view a query string asks for (anything but "compare" or "images" is the playground). */
export function viewFromSearch(search: string): PageView {
  const v = new URLSearchParams(search).get(VIEW_PARAM);
  return v === 'compare' || v === 'images' ? v : 'playground';
}

/** The URL with the view set (the playground drops the parameter), every other part kept. */
export function urlWithView(href: string, view: PageView): string {
  const url = new URL(href);
  if (view !== 'playground') url.searchParams.set(VIEW_PARAM, view);
  else url.searchParams.delete(VIEW_PARAM);
  return url.href;
}

/** The view the stores say is open. */
export function currentView(): PageView {
  return useImages.getState().open ? 'images' : useCompare.getState().open ? 'compare' : 'playground';
}

/** Switch views (the URL follows, see bindViewParam). */
export function showView(view: PageView): void {
  if (view !== 'images') closeImages();
  if (view !== 'compare') closeCompare();
  if (view === 'compare') openCompare();
  if (view === 'images') openImages();
}

function writeView(view: PageView): void {
  const next = urlWithView(window.location.href, view);
  if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
}

/** At start: a page loaded with ?view=compare or ?view=images opens that view; from then on the URL follows the view. */
export function bindViewParam(): void {
  const asked = viewFromSearch(window.location.search);
  if (asked !== 'playground') showView(asked);
  writeView(currentView());
  useCompare.subscribe((s, p) => {
    if (s.open !== p.open) writeView(currentView());
  });
  useImages.subscribe((s, p) => {
    if (s.open !== p.open) writeView(currentView());
  });
}
