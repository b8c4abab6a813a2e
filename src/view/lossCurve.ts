/**
 * A loss curve on a canvas: d3 scales, a log y axis with power-of-ten ticks, the last step's label,
 * the line thinned to at most `maxPoints`. The playground's and the Images view's charts share it.
 */
import { extent, scaleLinear, scaleLog } from 'd3';
import { COLORS, SPEED_BIN_COLORS } from './palette';

type Series = ArrayLike<number>;

export function drawLossCurve(canvas: HTMLCanvasElement, height: number, steps: Series, values: Series, n: number, maxPoints = Infinity): void {
  const width = canvas.clientWidth || 280;
  const dpr = Math.min(window.devicePixelRatio || 1, 2);
  if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr)) {
    canvas.width = Math.round(width * dpr);
    canvas.height = Math.round(height * dpr);
  }
  const ctx = canvas.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  ctx.clearRect(0, 0, width, height);
  if (n < 2) return;
  const finite: number[] = [];
  for (let i = 0; i < n; i++) if (Number.isFinite(values[i]) && values[i] > 0) finite.push(values[i]);
  if (finite.length === 0) return;
  const [lo, hi] = extent(finite) as [number, number];
  const pad = { l: 38, r: 6, t: 6, b: 16 };
  const x = scaleLinear().domain([steps[0], steps[n - 1]]).range([pad.l, width - pad.r]);
  const y = scaleLog().domain([Math.max(lo * 0.9, 1e-6), hi * 1.1]).range([height - pad.b, pad.t]).clamp(true);
  ctx.font = '10px system-ui, sans-serif';
  // The palette follows the theme (the stage sets it before a chart redraws).
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
  ctx.fillText(`step ${Math.round(steps[n - 1]).toLocaleString('en-US')}`, pad.l, height);
  ctx.strokeStyle = SPEED_BIN_COLORS[SPEED_BIN_COLORS.length - 1];
  ctx.lineWidth = 1.5;
  ctx.beginPath();
  const stride = Math.max(1, Math.floor(n / maxPoints));
  let started = false;
  for (let i = 0; i < n; i += stride) {
    const v = values[i];
    if (!(v > 0) || !Number.isFinite(v)) continue;
    if (started) ctx.lineTo(x(steps[i]), y(v));
    else ctx.moveTo(x(steps[i]), y(v));
    started = true;
  }
  ctx.stroke();
}
