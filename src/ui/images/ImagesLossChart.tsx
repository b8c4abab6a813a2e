/** The image model's loss curve (log scale), redrawn when losses arrive, in the playground chart's look. */
import { useEffect, useRef } from 'react';
import { extent, scaleLinear, scaleLog } from 'd3';
import { useImages } from '../../state/imagesStore';
import { useDisplay } from '../../state/displayStore';
import { COLORS, SPEED_BIN_COLORS } from '../../view/palette';

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
    const width = canvas.clientWidth || 280;
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(HEIGHT * dpr);
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const { steps, values } = useImages.getState().history;
    const n = steps.length;
    if (n < 2) return;
    const finite = values.filter((v) => Number.isFinite(v) && v > 0);
    if (finite.length === 0) return;
    const [lo, hi] = extent(finite) as [number, number];
    const pad = { l: 38, r: 6, t: 6, b: 16 };
    const x = scaleLinear().domain([steps[0], steps[n - 1]]).range([pad.l, width - pad.r]);
    const y = scaleLog().domain([Math.max(lo * 0.9, 1e-6), hi * 1.1]).range([HEIGHT - pad.b, pad.t]).clamp(true);
    ctx.font = '10px system-ui, sans-serif';
    ctx.fillStyle = COLORS.axis;
    ctx.strokeStyle = COLORS.grid;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    for (const tick of y.domain()) {
      const py = y(tick);
      ctx.beginPath();
      ctx.moveTo(pad.l, py);
      ctx.lineTo(width - pad.r, py);
      ctx.stroke();
      ctx.fillText(String(+tick.toPrecision(2)), pad.l - 4, py);
    }
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`step ${Math.round(steps[n - 1]).toLocaleString('en-US')}`, pad.l, HEIGHT);
    ctx.strokeStyle = SPEED_BIN_COLORS[SPEED_BIN_COLORS.length - 1];
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    const stride = Math.max(1, Math.floor(n / MAX_POINTS));
    let started = false;
    for (let i = 0; i < n; i += stride) {
      const v = values[i];
      if (!(v > 0) || !Number.isFinite(v)) continue;
      if (started) ctx.lineTo(x(steps[i]), y(v));
      else ctx.moveTo(x(steps[i]), y(v));
      started = true;
    }
    ctx.stroke();
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
