/**
 * Which view the page shows, kept in the URL as ?view=compare (other parameters and the hash stay),
 * so a reload or a shared link opens the same view. Switching replaces the history entry: the tabs
 * are a view of one page, not a navigation.
 */
import { closeCompare, openCompare } from '../../state/compareSession';

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

/** Switch views: open or close the compare models and write the URL. */
export function showView(view: PageView): void {
  if (view === 'compare') openCompare();
  else closeCompare();
  const next = urlWithView(window.location.href, view);
  if (next !== window.location.href) window.history.replaceState(window.history.state, '', next);
}

/** At start: a page loaded with ?view=compare opens the compare view. */
export function openViewFromUrl(): void {
  if (viewFromSearch(window.location.search) === 'compare') openCompare();
}
