/**
 * Pictures of the stage: a PNG drawn afresh at twice the stage's resolution (layers, axes, legend;
 * never the pointer's brush ring or the move tool's handles), a vector SVG (clouds,
 * particles at t, field arrows) built as text, and a WebM of t running from 0 to 1, recorded with
 * MediaRecorder from a composited canvas's captureStream.
 */
import { STAGE_EXTENT } from '../core/config';
import { positionAt } from '../core/solvers';
import type { Snapshot } from '../worker/protocol';
import type { Layers } from '../state/viewStore';
import { clock } from '../state/clock';
import { arrowAt, arrowStyle, fieldAt, fieldSpeedScale } from './fieldArrows';
import { COLORS, SPEED_BINS, SPEED_BIN_COLORS } from './palette';
import { stageGeometry, stageTicks, type StageGeometry } from './stageGeometry';
import { mountedStage } from './stageRenderer';
import { TeachingLayer, teachingLayer } from './teachingLayer';

/** The stage's canvas layers, bottom to top. */
export function stageCanvases(): HTMLCanvasElement[] {
  return Array.from(document.querySelectorAll<HTMLCanvasElement>('[data-testid="stage"] canvas'));
}

/** Draw the layers onto `out` (resized to the layers' pixel size, or scaled into its size when fixed). */
export function compositeStage(out: HTMLCanvasElement, fixedSize = false): HTMLCanvasElement {
  const layers = stageCanvases();
  if (layers.length === 0) throw new Error('the stage is not on the page');
  const w = layers[0].width;
  const h = layers[0].height;
  if (!fixedSize && (out.width !== w || out.height !== h)) {
    out.width = w;
    out.height = h;
  }
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, out.width, out.height);
  for (const c of layers) {
    // A layer faded with CSS (the trails under the density heatmap) is faded in the picture too.
    const opacity = c.style.opacity === '' ? 1 : Number(c.style.opacity);
    ctx.globalAlpha = Number.isFinite(opacity) ? opacity : 1;
    ctx.drawImage(c, 0, 0, out.width, out.height);
  }
  ctx.globalAlpha = 1;
  return out;
}

const minus = (v: number): string => String(v).replace('-', '−');

/** Axis lines, ticks and labels as the stage's SVG axes draw them. */
function drawAxes(ctx: CanvasRenderingContext2D, g: StageGeometry): void {
  const font = g.textPx || 10;
  const ticks = stageTicks(g.size);
  const y0 = g.size - g.margin;
  const x0 = g.margin;
  ctx.strokeStyle = COLORS.axisLine;
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(g.margin, y0 + 0.5);
  ctx.lineTo(g.size - g.margin, y0 + 0.5);
  ctx.moveTo(x0 - 0.5, g.margin);
  ctx.lineTo(x0 - 0.5, g.size - g.margin);
  for (const v of ticks) {
    ctx.moveTo(g.x(v), y0);
    ctx.lineTo(g.x(v), y0 + 4);
    ctx.moveTo(x0, g.y(v));
    ctx.lineTo(x0 - 4, g.y(v));
  }
  ctx.stroke();
  ctx.fillStyle = COLORS.axis;
  ctx.font = `${font}px system-ui, sans-serif`;
  ctx.textAlign = 'center';
  ctx.textBaseline = 'top';
  for (const v of ticks) ctx.fillText(minus(v), g.x(v), y0 + 7);
  ctx.textAlign = 'right';
  ctx.textBaseline = 'middle';
  for (const v of ticks) ctx.fillText(minus(v), x0 - 7, g.y(v));
}

/** The legend (what the stage names, for the layers shown) and t, top right. */
function drawLegend(ctx: CanvasRenderingContext2D, g: StageGeometry, layers: Layers, t: number): void {
  const font = g.textPx || 11;
  const items: [string | null, string][] = [];
  if (layers.clouds) items.push([COLORS.source, 'source (t = 0)'], [COLORS.target, 'target (t = 1)']);
  if (layers.particles) items.push([COLORS.particle, 'particles']);
  items.push([null, `t = ${t.toFixed(2)}`]);
  ctx.font = `${font}px system-ui, sans-serif`;
  const dot = Math.round(font * 0.7);
  const gap = Math.round(font * 0.9);
  const widths = items.map(([c, label]) => ctx.measureText(label).width + (c ? dot + 4 : 0));
  const pad = Math.round(font * 0.6);
  const w = widths.reduce((a, b) => a + b, 0) + gap * (items.length - 1) + 2 * pad;
  const h = Math.round(font * 1.6);
  let x = g.size - 10 - w;
  const y = 8;
  ctx.fillStyle = COLORS.legendBg;
  ctx.beginPath();
  ctx.roundRect(x, y, w, h, 6);
  ctx.fill();
  x += pad;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  items.forEach(([color, label], i) => {
    if (color) {
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.arc(x + dot / 2, y + h / 2, dot / 2, 0, 2 * Math.PI);
      ctx.fill();
      x += dot + 4;
    }
    ctx.fillStyle = COLORS.axis;
    ctx.fillText(label, x, y + h / 2);
    x += widths[i] - (color ? dot + 4 : 0) + gap;
  });
}

/**
 * The stage as one picture, `scale` image pixels per CSS pixel: drawn afresh from what the stage
 * shows (so the pointer's overlays stay out), with its axes and legend, in the active theme.
 */
export function stagePicture(scale = 2, t = clock.t): HTMLCanvasElement {
  const live = mountedStage.renderer;
  if (!live) throw new Error('the stage is not on the page');
  const make = () => document.createElement('canvas');
  const copy = live.copyTo({ clouds: make(), trails: make(), frame: make() }, scale);
  copy.drawFrame(t);
  const g = copy.geometry;
  const teach = make();
  const liveTeaching = teachingLayer();
  if (liveTeaching) {
    const layer = new TeachingLayer(teach, () => g, scale);
    liveTeaching.copyTo(layer);
    layer.draw(t);
  }
  const out = make();
  out.width = Math.round(g.size * scale);
  out.height = out.width;
  const ctx = out.getContext('2d')!;
  ctx.fillStyle = COLORS.background;
  ctx.fillRect(0, 0, out.width, out.height);
  const { clouds, trails, frame } = copy.canvasesForPicture();
  ctx.drawImage(clouds, 0, 0);
  // The trails are faded under the density heatmap, as on the stage.
  ctx.globalAlpha = copy.hasDensity ? 0.35 : 1;
  ctx.drawImage(trails, 0, 0);
  ctx.globalAlpha = 1;
  ctx.drawImage(frame, 0, 0);
  if (liveTeaching) ctx.drawImage(teach, 0, 0);
  ctx.setTransform(scale, 0, 0, scale, 0, 0);
  drawAxes(ctx, g);
  drawLegend(ctx, g, copy.shownLayers, t);
  return out;
}

export function stagePng(scale = 2): Promise<Blob> {
  const canvas = stagePicture(scale);
  return new Promise((resolve, reject) => canvas.toBlob((b) => (b ? resolve(b) : reject(new Error('the browser could not encode a PNG'))), 'image/png'));
}

// ---------------------------------------------------------------------------------------------
// SVG

export interface SvgInput {
  source: Float32Array;
  target: Float32Array;
  snapshot: Snapshot | null;
  t: number;
  layers: Layers;
  /** Pixels of the square picture. */
  size?: number;
}

/** A coordinate with two decimals (SVG text stays short). */
const round2 = (v: number): string => String(Math.round(v * 100) / 100);

/** Small squares at the points, as one path (much smaller than an element per point). */
function squaresPath(xy: ArrayLike<number>, n: number, g: StageGeometry, r: number): string {
  const parts: string[] = [];
  const d = round2(2 * r);
  for (let i = 0; i < n; i++) {
    const x = g.ax * xy[2 * i] + g.bx - r;
    const y = g.ay * xy[2 * i + 1] + g.by - r;
    parts.push(`M${round2(x)} ${round2(y)}h${d}v${d}h-${d}z`);
  }
  return parts.join('');
}

/** The stage as standalone SVG text: background, unit grid, axes labels, clouds, field arrows, particles at t. */
export function stageSvg(input: SvgInput): string {
  const size = input.size ?? 800;
  const g = stageGeometry(size);
  const out: string[] = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 ${size} ${size}">`);
  out.push(`<rect width="${size}" height="${size}" fill="${COLORS.background}"/>`);
  const grid: string[] = [];
  for (let v = -STAGE_EXTENT; v <= STAGE_EXTENT; v++) {
    grid.push(`M${round2(g.x(v))} ${g.margin}V${size - g.margin}M${g.margin} ${round2(g.y(v))}H${size - g.margin}`);
  }
  out.push(`<path d="${grid.join('')}" stroke="${COLORS.grid}" stroke-width="1" fill="none"/>`);
  const labels: string[] = [];
  for (let v = -STAGE_EXTENT; v <= STAGE_EXTENT; v += 2) {
    labels.push(`<text x="${round2(g.x(v))}" y="${size - g.margin + 14}" text-anchor="middle">${v}</text>`);
    labels.push(`<text x="${g.margin - 6}" y="${round2(g.y(v) + 3)}" text-anchor="end">${v}</text>`);
  }
  out.push(`<g font-family="sans-serif" font-size="10" fill="${COLORS.axis}">${labels.join('')}</g>`);
  const pr = size > 500 ? 1.6 : 1.3;
  if (input.layers.clouds) {
    out.push(`<path d="${squaresPath(input.source, input.source.length >> 1, g, pr)}" fill="${COLORS.source}" fill-opacity="0.45"/>`);
    out.push(`<path d="${squaresPath(input.target, input.target.length >> 1, g, pr)}" fill="${COLORS.target}" fill-opacity="0.45"/>`);
  }
  const s = input.snapshot;
  if (s && input.layers.field) out.push(fieldArrows(s, input.t, g));
  if (s && input.layers.particles) {
    const pts = new Float32Array(2 * s.particles);
    const p: [number, number] = [0, 0];
    for (let i = 0; i < s.particles; i++) {
      positionAt(s.trajectories, s.steps, i, input.t, p);
      pts[2 * i] = p[0];
      pts[2 * i + 1] = p[1];
    }
    out.push(`<path d="${squaresPath(pts, s.particles, g, size > 500 ? 1.25 : 1)}" fill="${COLORS.particle}"/>`);
  }
  out.push(`<text x="${size - g.margin}" y="${g.margin - 8}" text-anchor="end" font-family="sans-serif" font-size="11" fill="${COLORS.axis}">t = ${input.t.toFixed(2)}</text>`);
  out.push('</svg>');
  return out.join('\n');
}

/** Field arrows at t, coloured by speed as on the stage (same interpolation, scale and shapes). */
function fieldArrows(s: Snapshot, t: number, g: StageGeometry): string {
  const cells = s.gridSize * s.gridSize;
  const fieldAtT = new Float32Array(2 * cells);
  fieldAt(s, t, fieldAtT);
  const maxSpeed = fieldSpeedScale(s.field);
  const style = arrowStyle(s, g);
  const a = new Float64Array(8 * cells);
  const bins: string[][] = Array.from({ length: SPEED_BINS }, () => []);
  for (let c = 0; c < cells; c++) {
    const bin = arrowAt(s, g, style, fieldAtT, maxSpeed, c, a);
    if (bin < 0) continue;
    const o = 8 * c;
    const [x0, y0, x1, y1, b0x, b0y, b1x, b1y] = Array.from(a.subarray(o, o + 8), round2);
    bins[bin].push(`M${x0} ${y0}L${x1} ${y1}M${b0x} ${b0y}L${x1} ${y1}L${b1x} ${b1y}`);
  }
  return `<g fill="none" stroke-linecap="round" stroke-opacity="0.8" stroke-width="${round2(style.lineWidth)}">${bins
    .map((d, i) => (d.length ? `<path d="${d.join('')}" stroke="${SPEED_BIN_COLORS[i]}"/>` : ''))
    .join('')}</g>`;
}

// ---------------------------------------------------------------------------------------------
// Video

/** The first WebM type this browser's MediaRecorder can write, or null. */
export function webmType(): string | null {
  if (typeof MediaRecorder === 'undefined' || typeof HTMLCanvasElement.prototype.captureStream !== 'function') return null;
  for (const t of ['video/webm;codecs=vp9', 'video/webm;codecs=vp8', 'video/webm']) {
    if (MediaRecorder.isTypeSupported(t)) return t;
  }
  return null;
}

/**
 * Record t from 0 to 1 over `seconds` as WebM. The animation is driven here (play pauses while
 * recording; t and the play state come back afterwards). Rejects when the browser cannot record WebM.
 */
export function recordStageVideo(seconds = 3, onProgress?: (fraction: number) => void): Promise<Blob> {
  const type = webmType();
  if (!type) return Promise.reject(new Error('this browser cannot record WebM video (no MediaRecorder with WebM support)'));
  const first = stageCanvases()[0];
  if (!first) return Promise.reject(new Error('the stage is not on the page'));
  // At most 720 pixels a side: encoders are slow on large frames.
  const scale = Math.min(1, 720 / first.width);
  const canvas = document.createElement('canvas');
  canvas.width = Math.round((first.width * scale) / 2) * 2;
  canvas.height = Math.round((first.height * scale) / 2) * 2;
  compositeStage(canvas, true);
  const stream = canvas.captureStream(30);
  const recorder = new MediaRecorder(stream, { mimeType: type, videoBitsPerSecond: 4_000_000 });
  const chunks: Blob[] = [];
  recorder.ondataavailable = (e) => {
    if (e.data.size > 0) chunks.push(e.data);
  };
  const wasPlaying = clock.playing;
  const t0 = clock.t;
  clock.playing = false;
  // The video shows the flow, not the brush ring or the move tool's handles.
  const renderer = mountedStage.renderer;
  if (renderer) renderer.overlayHidden = true;
  return new Promise<Blob>((resolve, reject) => {
    let raf = 0;
    let start = 0;
    // Composite after the stage has drawn the frame (listeners run in subscription order).
    const unsubscribe = clock.subscribe(() => compositeStage(canvas, true));
    const finish = (err?: Error) => {
      cancelAnimationFrame(raf);
      unsubscribe();
      clock.playing = wasPlaying;
      clock.setT(t0);
      if (renderer) renderer.overlayHidden = false;
      stream.getTracks().forEach((tr) => tr.stop());
      if (err) reject(err);
    };
    recorder.onstop = () => {
      finish();
      resolve(new Blob(chunks, { type: 'video/webm' }));
    };
    recorder.onerror = () => finish(new Error('the video recorder failed'));
    const frame = (now: number) => {
      if (!start) start = now;
      const f = Math.min(1, (now - start) / (seconds * 1000));
      clock.setT(f);
      onProgress?.(f);
      if (f >= 1) {
        // One more frame at t = 1, then stop.
        raf = requestAnimationFrame(() => recorder.state !== 'inactive' && recorder.stop());
        return;
      }
      raf = requestAnimationFrame(frame);
    };
    try {
      recorder.start(250);
    } catch (e) {
      finish(e instanceof Error ? e : new Error(String(e)));
      return;
    }
    clock.setT(0);
    raf = requestAnimationFrame(frame);
  });
}
