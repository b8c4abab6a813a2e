/**
 * The stage from the keyboard: arrow keys move a probe cursor (Shift: bigger steps), Enter drops a
 * probe there (as a click with the Probe tool does), Escape clears the cursor and the probes. The
 * keys are handled on the focused stage and go no further, so the page's ←/→ (step t) do not fire;
 * Space, T, R and the other shortcuts still reach the page.
 */
import { STAGE_EXTENT } from '../core/config';

/** Cursor step in data units: fine, and with Shift. */
export const CURSOR_STEP = 0.25;
export const CURSOR_STEP_SHIFT = 1;

const DIRECTIONS: Record<string, [number, number]> = {
  ArrowLeft: [-1, 0],
  ArrowRight: [1, 0],
  ArrowUp: [0, 1],
  ArrowDown: [0, -1],
};

/** Where an arrow key moves the cursor (null: not an arrow key); the cursor stays on the stage. */
export function moveCursor(p: [number, number], key: string, shift: boolean): [number, number] | null {
  const d = DIRECTIONS[key];
  if (!d) return null;
  const step = shift ? CURSOR_STEP_SHIFT : CURSOR_STEP;
  // Rounded so that repeated steps land on exact grid values (0.25 * 4 = 1, not 0.9999...).
  const clamp = (v: number) => Math.max(-STAGE_EXTENT, Math.min(STAGE_EXTENT, Math.round(v * 1e9) / 1e9));
  return [clamp(p[0] + d[0] * step), clamp(p[1] + d[1] * step)];
}

export interface StageKeyboardOptions {
  element: HTMLElement;
  /** The cursor moved (data units) or was cleared (null). */
  onCursor(p: [number, number] | null): void;
  /** Enter: drop a probe at the cursor. */
  onDrop(p: [number, number]): void;
  /** Escape: clear the probes too. */
  onClear(): void;
}

export function attachStageKeyboard(opts: StageKeyboardOptions): () => void {
  const { element } = opts;
  let cursor: [number, number] | null = null;
  const onKey = (e: KeyboardEvent) => {
    if (e.target !== element || e.metaKey || e.ctrlKey || e.altKey) return;
    const next = moveCursor(cursor ?? [0, 0], e.key, e.shiftKey);
    if (next) {
      cursor = next;
      opts.onCursor(cursor);
    } else if (e.key === 'Enter') {
      cursor = cursor ?? [0, 0];
      opts.onCursor(cursor);
      opts.onDrop(cursor);
    } else if (e.key === 'Escape') {
      cursor = null;
      opts.onCursor(null);
      opts.onClear();
    } else return;
    e.preventDefault();
    e.stopPropagation();
  };
  // Focus from the keyboard (Tab) shows the cursor at once; a mouse click on the stage does not.
  const onFocus = () => {
    let keyboard = true;
    try {
      keyboard = element.matches(':focus-visible');
    } catch {
      // Browsers without :focus-visible: show it.
    }
    if (!keyboard) return;
    cursor = cursor ?? [0, 0];
    opts.onCursor(cursor);
  };
  // Leaving the stage hides the cursor; coming back shows it where it was.
  const onBlur = () => opts.onCursor(null);
  element.addEventListener('keydown', onKey);
  element.addEventListener('focus', onFocus);
  element.addEventListener('blur', onBlur);
  return () => {
    element.removeEventListener('keydown', onKey);
    element.removeEventListener('focus', onFocus);
    element.removeEventListener('blur', onBlur);
  };
}
