/** The loss curve: d3 scales and line on a canvas, redrawn when the history grows (not per frame). */
import { useEffect, useRef } from 'react';
import { extent, scaleLinear, scaleLog } from 'd3';
import { useTraining } from '../state/trainingStore';
import { useDisplay } from '../state/displayStore';
import { COLORS, SPEED_BIN_COLORS } from '../view/palette';

const HEIGHT = 110;

export function LossChart() {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const version = useTraining((s) => s.historyVersion);
  const empty = useTraining((s) => s.history.length === 0);
  const step = useTraining((s) => s.step);
  const theme = useDisplay((s) => s.theme);

  useEffect(() => {
    const canvas = canvasRef.current;
    if (!canvas) return;
    const width = canvas.clientWidth || 280;
    const dpr = Math.min(window.devicePixelRatio || 1, 2);
    if (canvas.width !== Math.round(width * dpr)) {
      canvas.width = Math.round(width * dpr);
      canvas.height = Math.round(HEIGHT * dpr);
    }
    const ctx = canvas.getContext('2d')!;
    ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    ctx.clearRect(0, 0, width, HEIGHT);
    const h = useTraining.getState().history;
    if (h.length < 2) return;
    const steps = h.steps.subarray(0, h.length);
    const values = h.values.subarray(0, h.length);
    const finite = Array.from(values).filter((v) => Number.isFinite(v) && v > 0);
    if (finite.length === 0) return;
    const [lo, hi] = extent(finite) as [number, number];
    const pad = { l: 38, r: 6, t: 6, b: 16 };
    const x = scaleLinear().domain([steps[0], steps[h.length - 1]]).range([pad.l, width - pad.r]);
    const y = scaleLog().domain([Math.max(lo * 0.9, 1e-6), hi * 1.1]).range([HEIGHT - pad.b, pad.t]).clamp(true);
    ctx.font = '10px system-ui, sans-serif';
    // The stage's palette follows the theme (set by the stage before this effect runs again).
    ctx.fillStyle = COLORS.axis;
    ctx.strokeStyle = COLORS.grid;
    ctx.textAlign = 'right';
    ctx.textBaseline = 'middle';
    // Powers of ten only (a log axis's minor ticks crowd a small chart); the range ends if none fall inside.
    const [d0, d1] = y.domain();
    let ticks = y.ticks(6).filter((v) => Math.abs(Math.log10(v) - Math.round(Math.log10(v))) < 1e-9);
    if (ticks.length < 2) ticks = [d0, d1];
    for (const tick of ticks) {
      const py = y(tick);
      ctx.beginPath();
      ctx.moveTo(pad.l, py);
      ctx.lineTo(width - pad.r, py);
      ctx.stroke();
      ctx.fillText(tick >= 0.01 && tick < 1000 ? String(+tick.toPrecision(2)) : tick.toExponential(0), pad.l - 4, py);
    }
    ctx.textAlign = 'left';
    ctx.textBaseline = 'bottom';
    ctx.fillText(`step ${Math.round(steps[h.length - 1]).toLocaleString('en-US')}`, pad.l, HEIGHT);
    ctx.strokeStyle = SPEED_BIN_COLORS[SPEED_BIN_COLORS.length - 1];
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    let started = false;
    for (let i = 0; i < h.length; i++) {
      const v = values[i];
      if (!(v > 0) || !Number.isFinite(v)) continue;
      const px = x(steps[i]);
      const py = y(v);
      if (started) ctx.lineTo(px, py);
      else ctx.moveTo(px, py);
      started = true;
    }
    ctx.stroke();
  }, [version, theme]);

  return (
    <section className="card" aria-label="loss chart">
      <h2>Loss</h2>
      <div className="chart">
        <canvas ref={canvasRef} style={{ width: '100%', height: HEIGHT }} data-testid="loss-chart" />
        {empty && (
          <p className="chart-empty" data-testid="loss-chart-empty">
            {step > 0
              ? `Trained for ${step.toLocaleString('en-US')} steps; their losses are not kept (a scene file holds no loss history). Train on: new losses appear here.`
              : 'Press Train: the flow-matching loss appears here.'}
          </p>
        )}
      </div>
    </section>
  );
}
