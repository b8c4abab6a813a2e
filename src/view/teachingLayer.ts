/**
 * The teaching layer: one more canvas on the stage, above the particles, for what the lessons point
 * at: a sample of training pairs with x_t sliding along each at the clock's t and its target velocity
 * x1 - x0 as a small arrow; probe particles with their whole trajectory and a marker at t; the
 * velocity under the pointer; the worked example's labelled Euler stops. Drawn every frame from
 * precomputed arrays, without allocating; nothing here re-renders React.
 */
import { DEFAULT_PAIR_COUNT, pairAt, samplePairs, type PairSample } from '../core/pairSample';
import { eulerStops, formatStop, type EulerMarkers } from '../core/lessons';
import { positionAt } from '../core/solvers';
import { activeLesson, useLessons } from '../state/lessonStore';
import { useProbes, type HoverVelocity, type Probe } from '../state/probeStore';
import { useScene } from '../state/sceneStore';
import { useView } from '../state/viewStore';
import { requestHoverVelocity } from '../state/session';
import { clock } from '../state/clock';
import { COLORS } from './palette';
import type { StageGeometry } from './stageGeometry';

/** Length of a target-velocity arrow, as a fraction of x1 - x0 (a full arrow would reach x1). */
const PAIR_ARROW = 0.12;
/** Data units per unit of hovered speed. */
const HOVER_ARROW = 0.15;

export class TeachingLayer {
  private ctx: CanvasRenderingContext2D;
  private size = 0;
  pairs: PairSample | null = null;
  /** The last single step's batch (drawn with each pair's own t), or null. */
  stepPairs: PairSample | null = null;
  probes: Probe[] = [];
  hover: HoverVelocity | null = null;
  /** Stops with their labels, made once per lesson step so drawing allocates no strings. */
  markers: { stops: Float32Array; labels: string[]; times: string[] } | null = null;
  private markerFont = '';
  /** Type size of the stop labels (tests read it: presenter mode makes it large). */
  markerFontSize = 11;
  private textPx = -1;
  private readonly pos: [number, number] = [0, 0];
  private readonly vel: [number, number] = [0, 0];

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly geometry: () => StageGeometry,
    /** Pixels per CSS pixel; the screen's unless given (pictures). */
    private readonly dpr = Math.min(window.devicePixelRatio || 1, 2),
  ) {
    this.ctx = canvas.getContext('2d')!;
  }

  /** Nothing is drawn on the canvas now (the next empty frame can leave it alone). */
  private blank = false;

  /** Size the canvas to the stage; true when it changed (which also clears it). */
  private fit(g: StageGeometry): boolean {
    if (g.size === this.size && g.textPx === this.textPx) return false;
    const dpr = this.dpr;
    this.canvas.width = Math.round(g.size * dpr);
    this.canvas.height = Math.round(g.size * dpr);
    this.canvas.style.width = `${g.size}px`;
    this.canvas.style.height = `${g.size}px`;
    this.ctx = this.canvas.getContext('2d')!;
    this.ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
    this.size = g.size;
    this.textPx = g.textPx;
    this.markerFontSize = g.textPx || (g.size > 500 ? 13 : 11);
    this.markerFont = `600 ${this.markerFontSize}px system-ui, sans-serif`;
    return true;
  }

  setMarkers(m: EulerMarkers | null): void {
    if (!m) {
      this.markers = null;
      return;
    }
    const stops = eulerStops(m);
    const labels: string[] = [];
    const times: string[] = [];
    for (let k = 0; k <= m.steps; k++) {
      labels.push(formatStop(stops[2 * k], stops[2 * k + 1]));
      times.push(`t = ${(k / m.steps).toFixed(1)}`);
    }
    this.markers = { stops, labels, times };
  }

  /** Copy what this layer shows onto another layer (a picture), without the pointer readout. */
  copyTo(other: TeachingLayer): void {
    other.pairs = this.pairs;
    other.probes = this.probes;
    other.markers = this.markers;
  }

  draw(t: number): void {
    const g = this.geometry();
    const resized = this.fit(g);
    const empty = !this.markers && !(this.stepPairs && this.stepPairs.count > 0) && !(this.pairs && this.pairs.count > 0) && this.probes.length === 0 && !this.hover;
    // An untouched canvas costs the compositor nothing; clearing a blank one every frame does.
    if (empty && this.blank && !resized) return;
    this.blank = empty;
    const ctx = this.ctx;
    ctx.clearRect(0, 0, g.size, g.size);
    if (this.markers) this.drawMarkers(ctx, g, t);
    if (this.stepPairs && this.stepPairs.count > 0) this.drawPairs(ctx, g, this.stepPairs, t);
    else if (this.pairs && this.pairs.count > 0) this.drawPairs(ctx, g, this.pairs, t);
    for (let i = 0; i < this.probes.length; i++) this.drawProbe(ctx, g, this.probes[i], t, i === this.probes.length - 1);
    if (this.hover) this.drawHover(ctx, g, this.hover);
  }

  private arrow(ctx: CanvasRenderingContext2D, x0: number, y0: number, x1: number, y1: number, head: number): void {
    const dx = x1 - x0;
    const dy = y1 - y0;
    const len = Math.sqrt(dx * dx + dy * dy);
    if (len < 1e-6) return;
    const ux = dx / len;
    const uy = dy / len;
    const h = Math.min(head, len * 0.6);
    ctx.moveTo(x0, y0);
    ctx.lineTo(x1, y1);
    ctx.moveTo(x1 - h * (ux - 0.5 * uy), y1 - h * (uy + 0.5 * ux));
    ctx.lineTo(x1, y1);
    ctx.lineTo(x1 - h * (ux + 0.5 * uy), y1 - h * (uy - 0.5 * ux));
  }

  private drawPairs(ctx: CanvasRenderingContext2D, g: StageGeometry, p: PairSample, t: number): void {
    const { x0, x1, count } = p;
    ctx.lineWidth = 1;
    ctx.strokeStyle = COLORS.pair;
    ctx.beginPath();
    for (let i = 0; i < count; i++) {
      ctx.moveTo(g.ax * x0[2 * i] + g.bx, g.ay * x0[2 * i + 1] + g.by);
      ctx.lineTo(g.ax * x1[2 * i] + g.bx, g.ay * x1[2 * i + 1] + g.by);
    }
    ctx.stroke();
    const { pos, vel } = this;
    ctx.strokeStyle = COLORS.pairArrow;
    ctx.lineWidth = 1.4;
    ctx.beginPath();
    const own = p.t;
    for (let i = 0; i < count; i++) {
      pairAt(p, i, own ? own[i] : t, pos, vel);
      const px = g.ax * pos[0] + g.bx;
      const py = g.ay * pos[1] + g.by;
      this.arrow(ctx, px, py, px + g.ax * PAIR_ARROW * vel[0], py + g.ay * PAIR_ARROW * vel[1], 4);
    }
    ctx.stroke();
    ctx.fillStyle = COLORS.pairDot;
    ctx.beginPath();
    for (let i = 0; i < count; i++) {
      pairAt(p, i, own ? own[i] : t, pos, vel);
      ctx.rect(g.ax * pos[0] + g.bx - 1.6, g.ay * pos[1] + g.by - 1.6, 3.2, 3.2);
    }
    ctx.fill();
  }

  private drawProbe(ctx: CanvasRenderingContext2D, g: StageGeometry, p: Probe, t: number, last: boolean): void {
    const tr = p.trajectory;
    ctx.strokeStyle = COLORS.probe;
    ctx.globalAlpha = last ? 0.95 : 0.55;
    ctx.lineWidth = last ? 2.5 : 1.5;
    ctx.beginPath();
    ctx.moveTo(g.ax * tr[0] + g.bx, g.ay * tr[1] + g.by);
    for (let k = 1; k <= p.steps; k++) ctx.lineTo(g.ax * tr[2 * k] + g.bx, g.ay * tr[2 * k + 1] + g.by);
    ctx.stroke();
    // Where it was dropped: a ring.
    ctx.beginPath();
    ctx.arc(g.ax * p.x + g.bx, g.ay * p.y + g.by, 5, 0, 2 * Math.PI);
    ctx.stroke();
    // Where it is at the clock's t: a filled dot with a dark rim.
    positionAt(tr, p.steps, 0, t, this.pos);
    const px = g.ax * this.pos[0] + g.bx;
    const py = g.ay * this.pos[1] + g.by;
    ctx.globalAlpha = 1;
    ctx.fillStyle = COLORS.probe;
    ctx.strokeStyle = COLORS.background;
    ctx.lineWidth = 1.5;
    ctx.beginPath();
    ctx.arc(px, py, last ? 5 : 4, 0, 2 * Math.PI);
    ctx.fill();
    ctx.stroke();
  }

  private drawHover(ctx: CanvasRenderingContext2D, g: StageGeometry, h: HoverVelocity): void {
    const px = g.ax * h.x + g.bx;
    const py = g.ay * h.y + g.by;
    ctx.strokeStyle = COLORS.hover;
    ctx.lineWidth = 1.6;
    ctx.beginPath();
    this.arrow(ctx, px, py, px + g.ax * HOVER_ARROW * h.u, py + g.ay * HOVER_ARROW * h.v, 6);
    ctx.stroke();
  }

  private drawMarkers(ctx: CanvasRenderingContext2D, g: StageGeometry, t: number): void {
    const { stops, labels, times } = this.markers!;
    const n = labels.length - 1;
    ctx.strokeStyle = COLORS.markerPath;
    ctx.setLineDash([4, 4]);
    ctx.lineWidth = 1;
    ctx.beginPath();
    ctx.moveTo(g.ax * stops[0] + g.bx, g.ay * stops[1] + g.by);
    ctx.lineTo(g.ax * stops[2 * n] + g.bx, g.ay * stops[2 * n + 1] + g.by);
    ctx.stroke();
    ctx.setLineDash([]);
    const font = this.markerFontSize;
    ctx.font = this.markerFont;
    ctx.textBaseline = 'middle';
    for (let k = 0; k <= n; k++) {
      const px = g.ax * stops[2 * k] + g.bx;
      const py = g.ay * stops[2 * k + 1] + g.by;
      const here = Math.abs(t - k / n) < 0.5 / n;
      ctx.strokeStyle = COLORS.marker;
      ctx.lineWidth = here ? 2.5 : 1.5;
      ctx.beginPath();
      ctx.arc(px, py, here ? 9 : 7, 0, 2 * Math.PI);
      ctx.stroke();
      // Labels sit above-left of the diagonal so they never cover the path.
      const text = labels[k];
      const sub = times[k];
      ctx.textAlign = 'right';
      ctx.fillStyle = COLORS.labelBg;
      const w = ctx.measureText(text).width;
      ctx.fillRect(px - 14 - w - 3, py - font - 6, w + 6, 2 * font + 6);
      ctx.fillStyle = here ? COLORS.marker : COLORS.labelText;
      ctx.fillText(text, px - 14, py - font / 2 - 2);
      ctx.fillStyle = COLORS.labelSub;
      ctx.fillText(sub, px - 14, py + font / 2 + 1);
    }
  }
}

/** Wire a teaching layer to the stores and the clock; returns the unsubscribe. */
export function bindTeachingLayer(canvas: HTMLCanvasElement, geometry: () => StageGeometry): () => void {
  const layer = new TeachingLayer(canvas, geometry);
  current = layer;
  const updatePairs = () => {
    const show = !!useView.getState().layers.pairs;
    const s = useScene.getState();
    layer.pairs = show ? samplePairs(s.source, s.target, DEFAULT_PAIR_COUNT, s.seed, s.train.coupling) : null;
    clock.invalidate();
  };
  const updateProbes = () => {
    const p = useProbes.getState();
    layer.probes = p.probes;
    layer.hover = p.hover;
    clock.invalidate();
  };
  const updateMarkers = () => {
    layer.setMarkers(activeLesson()?.setup.markers ?? null);
    clock.invalidate();
  };
  updatePairs();
  updateProbes();
  updateMarkers();
  const unsubs = [
    useView.subscribe((s, p) => {
      if (s.layers.pairs !== p.layers.pairs) updatePairs();
    }),
    useScene.subscribe((s, p) => {
      if (s.source !== p.source || s.target !== p.target || s.seed !== p.seed || s.train.coupling !== p.train.coupling) updatePairs();
    }),
    useProbes.subscribe(updateProbes),
    useLessons.subscribe((s, p) => {
      if (s.active !== p.active || s.index !== p.index) updateMarkers();
    }),
    clock.subscribe((t) => layer.draw(t)),
  ];
  return () => {
    unsubs.forEach((u) => u());
    if (current === layer) current = null;
  };
}

let current: TeachingLayer | null = null;

/** The mounted teaching layer (tests read it through window.__fm). */
export const teachingLayer = (): TeachingLayer | null => current;

/**
 * Report the pointer to the worker for the hover readout, at most ~15 times a second; the last
 * position always goes out. null (the pointer left) clears the readout.
 */
export function createHoverReporter(): (p: [number, number] | null) => void {
  const interval = 66;
  let last = 0;
  let timer = 0;
  let pending: [number, number] | null = null;
  const flush = () => {
    timer = 0;
    if (!pending) return;
    last = performance.now();
    requestHoverVelocity(pending[0], pending[1], clock.t);
    pending = null;
  };
  return (p) => {
    if (!p) {
      pending = null;
      window.clearTimeout(timer);
      timer = 0;
      useProbes.getState().setHover(null);
      return;
    }
    pending = p;
    const wait = interval - (performance.now() - last);
    if (wait <= 0) flush();
    else if (!timer) timer = window.setTimeout(flush, wait);
  };
}
