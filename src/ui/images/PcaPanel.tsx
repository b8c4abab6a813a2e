/**
 * The 2D intuition for images: each image is a point in 256 dimensions; on the data's first two
 * principal axes the noise cloud, the data cloud and the samples' paths look like the 2D stage.
 */
import { useEffect, useRef } from 'react';
import { clock } from '../../state/clock';
import { useImages } from '../../state/imagesStore';
import { PcaRenderer } from '../../view/imageGridPca';

export function PcaPanel() {
  const ref = useRef<HTMLCanvasElement>(null);
  const explained = useImages((s) => s.info?.explained ?? NaN);

  useEffect(() => {
    const r = new PcaRenderer(ref.current!);
    const take = () => {
      const s = useImages.getState();
      r.selected = s.selected;
      r.setPicture(
        s.info
          ? { dataCloud: s.info.dataCloud, sourceCloud: s.info.sourceCloud, paths: s.snapshot?.paths ?? null, frames: s.snapshot?.frames ?? 0, count: s.snapshot?.count ?? 0 }
          : null,
      );
      clock.invalidate();
    };
    take();
    const unsubs = [
      useImages.subscribe((s, p) => {
        if (s.info !== p.info || s.snapshot !== p.snapshot || s.selected !== p.selected) take();
      }),
      clock.subscribe((t) => r.draw(t)),
    ];
    const ro = new ResizeObserver(() => take());
    ro.observe(ref.current!);
    clock.start();
    return () => {
      unsubs.forEach((u) => u());
      ro.disconnect();
    };
  }, []);

  return (
    <section className="card images-pca" aria-label="principal axes">
      <h2>The same picture in 2D</h2>
      <canvas ref={ref} data-testid="images-pca" role="img" aria-label="noise cloud, data cloud and the samples' paths on the data's first two principal axes" />
      <p className="images-note">
        <i className="dot source" /> noise <i className="dot target" /> data <i className="dot particle" /> samples at t. Each image is one point in 256 dimensions, seen here on the data’s two
        main directions of variation{Number.isFinite(explained) ? ` (${Math.round(100 * explained)}% of its variance)` : ''}: the samples travel from the noise cloud to the data cloud as in the 2D playground.
      </p>
    </section>
  );
}
