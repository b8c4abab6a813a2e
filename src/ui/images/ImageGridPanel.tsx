/**
 * The grid of 64 samples from noise (t = 0) to images (t = 1), moved by the page's time slider and
 * Play, and the sample under the pointer (or clicked) large with its pixel values. Both are drawn
 * from the clock, outside React: a frame re-renders nothing.
 */
import { useEffect, useRef } from 'react';
import { clock } from '../../state/clock';
import { useImages } from '../../state/imagesStore';
import { cellAt, drawSampleLarge, ImageGridRenderer } from '../../view/imageGrid';

export const GRID_COLUMNS = 8;

export function ImageGridPanel() {
  const gridRef = useRef<HTMLCanvasElement>(null);
  const largeRef = useRef<HTMLCanvasElement>(null);
  const hover = useRef(-1);
  const hasSnapshot = useImages((s) => s.snapshot !== null);
  const step = useImages((s) => s.snapshot?.step ?? null);
  const selected = useImages((s) => s.selected);
  const digit = useImages((s) => s.snapshot?.classes[s.selected] ?? -1);

  useEffect(() => {
    const grid = new ImageGridRenderer(gridRef.current!, GRID_COLUMNS);
    const large = largeRef.current!;
    const draw = (t: number) => {
      grid.draw(t);
      const s = useImages.getState();
      const snap = s.snapshot;
      if (!snap) return;
      const i = hover.current >= 0 ? hover.current : s.selected;
      drawSampleLarge(large, snap.samples, snap.frames, snap.count, Math.min(i, snap.count - 1), t);
    };
    const take = () => {
      const snap = useImages.getState().snapshot;
      grid.setSamples(snap?.samples ?? null, snap?.frames ?? 0, snap?.count ?? 0);
      clock.invalidate();
    };
    take();
    const unsubs = [
      useImages.subscribe((s, p) => {
        if (s.snapshot !== p.snapshot) take();
        else if (s.selected !== p.selected) clock.invalidate();
      }),
      clock.subscribe(draw),
    ];
    const ro = new ResizeObserver(() => clock.invalidate());
    ro.observe(large);
    clock.start();
    return () => {
      unsubs.forEach((u) => u());
      ro.disconnect();
    };
  }, []);

  const cellOf = (e: React.MouseEvent<HTMLCanvasElement>): number => {
    const r = e.currentTarget.getBoundingClientRect();
    const count = useImages.getState().snapshot?.count ?? 64;
    return cellAt((e.clientX - r.left) / r.width, (e.clientY - r.top) / r.height, count, GRID_COLUMNS);
  };

  return (
    <section className="card images-grid-card" aria-label="samples">
      <div className="images-grid-row">
        <div className="images-grid-wrap">
          <canvas
            ref={gridRef}
            className="images-grid pixelated"
            data-testid="images-grid"
            role="img"
            aria-label="64 samples of the model at time t; click one to show it large"
            onPointerMove={(e) => {
              hover.current = cellOf(e);
              clock.invalidate();
            }}
            onPointerLeave={() => {
              hover.current = -1;
              clock.invalidate();
            }}
            onClick={(e) => {
              const i = cellOf(e);
              if (i >= 0) useImages.getState().select(i);
            }}
          />
          {!hasSnapshot && <p className="images-empty">The samples appear here once the model is built.</p>}
        </div>
        <figure className="images-large">
          <canvas ref={largeRef} data-testid="images-large" role="img" aria-label="one sample, large, with its pixel values (−1 black, +1 white)" />
          <figcaption>
            Sample {selected + 1}
            {digit >= 0 ? `, asked for a ${digit}` : ''}: its 256 pixel values at t (−1 black, +1 white){step !== null ? `; model of step ${step.toLocaleString('en-US')}` : ''}.
          </figcaption>
        </figure>
      </div>
    </section>
  );
}
