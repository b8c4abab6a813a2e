/** The image model's loss curve (log scale, view/lossCurve.ts), redrawn when losses arrive. */
import { useEffect, useRef } from 'react';
import { useImages } from '../../state/imagesStore';
import { useDisplay } from '../../state/displayStore';
import { drawLossCurve } from '../../view/lossCurve';

const HEIGHT = 110;
/** Points drawn at most (a long run is thinned evenly). */
const MAX_POINTS = 1500;

export function ImagesLossChart() {
  const ref = useRef<HTMLCanvasElement>(null);
  const version = useImages((s) => s.historyVersion);
  const count = useImages((s) => s.history.steps.length);
  const theme = useDisplay((s) => s.theme);

  useEffect(() => {
    const canvas = ref.current;
    if (!canvas) return;
    const { steps, values } = useImages.getState().history;
    drawLossCurve(canvas, HEIGHT, steps, values, steps.length, MAX_POINTS);
  }, [version, theme]);

  return (
    <section className="card" aria-label="image loss chart">
      <h2>Loss</h2>
      <div className="chart">
        <canvas ref={ref} style={{ width: '100%', height: HEIGHT }} data-testid="images-loss-chart" data-points={count} />
        {count === 0 && <p className="chart-empty">Press Train: the flow-matching loss on 256 pixels appears here.</p>}
      </div>
    </section>
  );
}
