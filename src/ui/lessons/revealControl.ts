/**
 * Bring a control a lesson points at into view without moving the stage: inside the side panel only
 * the panel scrolls (below the lesson card, which stays pinned at its top); on a phone, where the page
 * itself scrolls, the browser's scrollIntoView with block 'nearest' (the page's scroll padding keeps
 * the control clear of the lesson sheet).
 */
const GAP = 8;

function scrollParent(el: Element): HTMLElement | null {
  for (let p = el.parentElement; p; p = p.parentElement) {
    const o = getComputedStyle(p).overflowY;
    // A strip that only scrolls sideways (its overflow-y computes to auto too) is not the one.
    if ((o === 'auto' || o === 'scroll') && p.scrollHeight > p.clientHeight + 4) return p;
  }
  return null;
}

/** Scroll the smallest amount that shows `el`; returns false when it is not on the page. */
export function revealControl(el: Element | null): boolean {
  if (!el || !el.isConnected) return false;
  const box = el.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) return false;
  const scroller = scrollParent(el);
  if (!scroller) {
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    return true;
  }
  const area = scroller.getBoundingClientRect();
  let top = area.top + GAP;
  // The pinned lesson card covers the top of the panel.
  const card = scroller.querySelector<HTMLElement>(':scope > .lesson-card');
  if (card && !card.contains(el) && getComputedStyle(card).position === 'sticky') top = Math.max(top, card.getBoundingClientRect().bottom + GAP);
  const bottom = area.bottom - GAP;
  if (box.bottom > bottom) scroller.scrollTop += Math.min(box.bottom - bottom, box.top - top);
  else if (box.top < top) scroller.scrollTop -= top - box.top;
  return true;
}

/** The first on-page element with this data-testid. */
export const controlByTestId = (id: string): Element | null => document.querySelector(`[data-testid="${id}"]`);
