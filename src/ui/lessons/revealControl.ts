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

/** The messages overlay's box when it has something on screen (it floats over the panels). */
function overlayBox(): DOMRect | null {
  const o = document.querySelector('.notices');
  if (!o) return null;
  const r = o.getBoundingClientRect();
  return r.height > 0 && r.width > 0 ? r : null;
}

/**
 * How far to scroll (positive: content moves up) so that `box` clears the overlay, or 0. The overlay
 * sits at the bottom (desktop) or the top (phone with a lesson open); `top` / `bottom` bound the room.
 */
export function clearOfOverlay(box: { top: number; bottom: number; left: number; right: number }, overlay: { top: number; bottom: number; left: number; right: number } | null, top: number, bottom: number): number {
  if (!overlay || overlay.right <= box.left || overlay.left >= box.right) return 0;
  if (overlay.bottom <= box.top || overlay.top >= box.bottom) return 0;
  const overlayLow = overlay.top + overlay.bottom > top + bottom;
  if (overlayLow) return Math.max(0, Math.min(box.bottom - (overlay.top - GAP), box.top - top));
  return -Math.max(0, Math.min(overlay.bottom + GAP - box.top, bottom - box.bottom));
}

/** Scroll the smallest amount that shows `el`; returns false when it is not on the page. */
export function revealControl(el: Element | null): boolean {
  if (!el || !el.isConnected) return false;
  const box = el.getBoundingClientRect();
  if (box.width === 0 && box.height === 0) return false;
  const scroller = scrollParent(el);
  if (!scroller) {
    el.scrollIntoView({ block: 'nearest', inline: 'nearest' });
    const by = clearOfOverlay(el.getBoundingClientRect(), overlayBox(), GAP, window.innerHeight - GAP);
    if (by !== 0) window.scrollBy(0, by);
    return true;
  }
  const area = scroller.getBoundingClientRect();
  let top = area.top + GAP;
  // The pinned lesson card covers the top of the panel.
  const card = scroller.querySelector<HTMLElement>(':scope > .lesson-card');
  if (card && !card.contains(el) && getComputedStyle(card).position === 'sticky') top = Math.max(top, card.getBoundingClientRect().bottom + GAP);
  const bottom = Math.min(area.bottom, window.innerHeight) - GAP;
  if (box.bottom > bottom) scroller.scrollTop += Math.min(box.bottom - bottom, box.top - top);
  else if (box.top < top) scroller.scrollTop -= top - box.top;
  // Then clear the messages overlay, which floats over the panel.
  const by = clearOfOverlay(el.getBoundingClientRect(), overlayBox(), top, bottom);
  if (by !== 0) scroller.scrollTop += by;
  return true;
}

/** The first on-page element with this data-testid. */
export const controlByTestId = (id: string): Element | null => document.querySelector(`[data-testid="${id}"]`);
