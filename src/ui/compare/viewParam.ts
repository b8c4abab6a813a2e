/**
 * Which view the page shows, kept in the URL as ?view=compare (other parameters and the hash stay),
 * so a reload or a shared link opens the same view. The URL follows the compare store, whoever opens
 * the view (the tabs, a lesson, a scene file). Switching replaces the history entry: the tabs are a
 * view of one page, not a navigation.
 */
import { closeCompare, openCompare } from '../../state/compareSession';
import { useCompare } from '../../state/compareStore';

export type PageView = 'playground' | 'compare';

export const VIEW_PARAM = 'view';

/** The view a query string asks for (anything but "compare" is the playground). */
export function viewFromSearch(search: string): PageView {
  return new URLSearchParams(search).get(VIEW_PARAM) === 'compare' ? 'compare' : 'playground';
}

/** The URL with the view set (the playground drops the parameter), every other part kept. */
export function urlWithView(href: string, view: PageView): string {
  const url = new URL(href);
  if (view === 'compare') url.searchParams.set(VIEW_PARAM, 'compare');
  else url.searchParams.delete(VIEW_PARAM);
  return url.href;
}

/** Switch views (the URL follows, see bindViewParam). */
export function showView(view: PageView): void {
  if (view === 'compare') openCompare();
  else closeCompare();
}

function writeView(view: PageView): void {
  const next = urlWithView(window.location.href, view);
  if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
}

/** At start: a page loaded with ?view=compare opens the compare view; from then on the URL follows the view. */
export function bindViewParam(): void {
  if (viewFromSearch(window.location.search) === 'compare') openCompare();
  writeView(useCompare.getState().open ? 'compare' : 'playground');
  useCompare.subscribe((s, p) => {
    if (s.open !== p.open) writeView(s.open ? 'compare' : 'playground');
  });
}
