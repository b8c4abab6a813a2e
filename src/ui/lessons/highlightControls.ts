/** Marks the controls a lesson step is about (DOM only; the step's store actions are in state/lessonActions.ts). */
export const HIGHLIGHT_CLASS = 'lesson-highlight';

/** Add the highlight class to the step's controls (opening a collapsed panel that holds one). */
export function highlightControls(testIds: readonly string[]): () => void {
  const marked: Element[] = [];
  const mark = () => {
    for (const id of testIds) {
      document.querySelectorAll(`[data-testid="${id}"]`).forEach((el) => {
        if (el.classList.contains(HIGHLIGHT_CLASS)) return;
        el.classList.add(HIGHLIGHT_CLASS);
        marked.push(el);
        const details = el.closest('details');
        if (details && !details.open && el.tagName !== 'DETAILS') details.open = true;
        if (el.tagName === 'DETAILS') (el as HTMLDetailsElement).open = true;
      });
    }
  };
  mark();
  // Controls that mount a moment later (a panel that re-renders) still get marked.
  const timer = window.setTimeout(mark, 150);
  return () => {
    window.clearTimeout(timer);
    for (const el of marked) el.classList.remove(HIGHLIGHT_CLASS);
  };
}
