/** Mount the whole app (src/main.tsx) into the benchmark page, once: for the measurements on the real page. */
let mounted: Promise<void> | null = null;

export function mountApp(): Promise<void> {
  mounted ??= (async () => {
    for (const id of ['stage', 'log']) document.getElementById(id)?.style.setProperty('display', 'none');
    const root = document.createElement('div');
    root.id = 'root';
    document.body.appendChild(root);
    await import('../main');
  })();
  return mounted;
}
