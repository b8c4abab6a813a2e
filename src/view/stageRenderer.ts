/**
 * Canvas layers of the stage. Clouds and trails are drawn when their data changes; the frame layer
 * (field arrows and particles at the clock's t) is drawn every frame from preallocated arrays.
 */
import { STAGE_EXTENT } from '../core/config';
import { DEFAULT_LAYERS } from '../core/layers';
import type { Snapshot } from '../worker/protocol';
import type { Layers } from '../state/viewStore';
import { arrowAt, arrowStyle, fieldAt, fieldSpeedScale, type ArrowStyle } from './fieldArrows';
import { CLASS_NAMES, CLASS_PARTICLE_COLORS, CLASS_TRAIL_COLORS, COLORS, PARTICLE_COLORS, PARTICLE_COLOR_STEPS, SPEED_BINS, SPEED_BIN_COLORS } from './palette';
import { stageGeometry, type StageGeometry } from './stageGeometry';
import { paintDensity } from './densityScale';
import type { MoveHandles } from './pointerTools';
import { composeCovers, coverSquares, type CloudPaint } from './pointRaster';
import { rgb } from 'd3';

export interface DensityImage {
  gridSize: number;
  extent: number;
  logDensity: Float32Array;
}

export type TrueField = (t: number, x: number, y: number, out: [number, number]) => void;


/** Overlays drawn on the frame layer: the brush ring under the pointer, the move tool's handles. */
export interface Overlay {
  cursor: { x: number; y: number; r: number; color: string } | null;
  handles: (MoveHandles & { color: string }) | null;
}

const SOURCE_PAINT: CloudPaint = { r: 0, g: 0, b: 0, alpha: 1 };
/** One paint per class (palette.ts COLORS.classes), refilled with the theme. */
const CLASS_PAINTS: CloudPaint[] = CLASS_NAMES.map(() => ({ r: 0, g: 0, b: 0, alpha: 1 }));
const TARGET_PAINT: CloudPaint = { r: 0, g: 0, b: 0, alpha: 1 };
/** Refill a paint from a CSS colour (the theme can change the palette between redraws). */
const paintFrom = (paint: CloudPaint, color: string): void => {
  const c = rgb(color);
  paint.r = c.r;
  paint.g = c.g;
  paint.b = c.b;
};

const MAX_TRAILS = 1000;
// Constant dash patterns: the frame loop allocates nothing.
const DASH = [5, 4];
const NO_DASH: number[] = [];
/** A single step's field change fades out over this long (ms), after `changeHoldMs` at full strength. */
const CHANGE_FADE_MS = 2000;
const CHANGE_COLOR = '#ff5c5c';

export interface StageCanvases {
  clouds: HTMLCanvasElement;
  trails: HTMLCanvasElement;
  frame: HTMLCanvasElement;
}

function setupCanvas(c: HTMLCanvasElement, size: number, dpr: number): CanvasRenderingContext2D {
  c.width = Math.round(size * dpr);
  c.height = Math.round(size * dpr);
  c.style.width = `${size}px`;
  c.style.height = `${size}px`;
  const ctx = c.getContext('2d')!;
  ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
  return ctx;
}

/** Add cell k's arrow (shaft, then the two head strokes; 8 coordinates from arrowAt) to the path. */
function arrowPath(ctx: CanvasRenderingContext2D, arrows: Float64Array, k: number): void {
  const o = 8 * k;
  ctx.moveTo(arrows[o], arrows[o + 1]);
  ctx.lineTo(arrows[o + 2], arrows[o + 3]);
  ctx.moveTo(arrows[o + 4], arrows[o + 5]);
  ctx.lineTo(arrows[o + 2], arrows[o + 3]);
  ctx.lineTo(arrows[o + 6], arrows[o + 7]);
}

export class StageRenderer {
  geometry: StageGeometry = stageGeometry(400);
  private readonly canvases: StageCanvases;
  private cloudsCtx: CanvasRenderingContext2D;
  private trailsCtx: CanvasRenderingContext2D;
  private frameCtx: CanvasRenderingContext2D;
  private snapshot: Snapshot | null = null;
  private source: Float32Array = new Float32Array(0);
  private target: Float32Array = new Float32Array(0);
  /** Class of each cloud point (null: unlabelled); each pixel's class lands in classSource / classTarget. */
  private sourceLabels: Uint8Array | null = null;
  private targetLabels: Uint8Array | null = null;
  private classSource = new Uint8Array(0);
  private classTarget = new Uint8Array(0);
  private layers: Layers = { ...DEFAULT_LAYERS };
  /** Field at the current t, [row][col][uv]; reused every frame. */
  private fieldAtT = new Float32Array(0);
  /** Per cell: the arrow's 8 pixel coordinates and its speed bin (-1: none), rebuilt each frame in place. */
  private arrows = new Float64Array(0);
  private arrowBins = new Int8Array(0);
  private readonly arrowSizes: ArrowStyle = { maxLen: 0, head: 0, lineWidth: 0 };
  private maxSpeed = 1;
  /** Particles drawn in the last frame (tests read it through the stage element). */
  drawnParticles = 0;
  readonly overlay: Overlay = { cursor: null, handles: null };
  private density: DensityImage | null = null;
  private densityCanvas: HTMLCanvasElement | null = null;
  /** The clouds' pixels, reused between redraws (see drawCloudPoints). */
  private cloudImage: ImageData | null = null;
  private cloudCanvas: HTMLCanvasElement | null = null;
  private coverSource = new Uint8Array(0);
  private coverTarget = new Uint8Array(0);
  private cloudsDirty = false;
  /** Closed-form field to draw beside the learned one (Gaussian scenes), or null. */
  trueField: TrueField | null = null;
  /** Show reverse-mapped target points (when the snapshot has them). */
  showReverse = false;
  private readonly trueV: [number, number] = [0, 0];
  /** The last single step's field change (after minus before, same grid), scaled on its own, and when it started. */
  private change: { snap: Snapshot; scale: number; start: number } | null = null;
  private changeFieldAtT = new Float32Array(0);
  /** How long the change shows at full strength (ms); screenshot tests lengthen it. */
  changeHoldMs = 3000;

  constructor(canvases: StageCanvases) {
    this.canvases = canvases;
    this.cloudsCtx = canvases.clouds.getContext('2d')!;
    this.trailsCtx = canvases.trails.getContext('2d')!;
    this.frameCtx = canvases.frame.getContext('2d')!;
  }

  /** Type size of the stage's text (0: the small default); presenter mode makes it large. */
  textPx = 0;

  /** Pixels per CSS pixel: the screen's (at most 2) unless given (pictures are drawn at 2x). */
  resize(size: number, dpr = Math.min(window.devicePixelRatio || 1, 2)): void {
    this.geometry = stageGeometry(size, this.textPx);
    this.cloudsCtx = setupCanvas(this.canvases.clouds, size, dpr);
    this.trailsCtx = setupCanvas(this.canvases.trails, size, dpr);
    this.frameCtx = setupCanvas(this.canvases.frame, size, dpr);
    this.drawClouds();
    this.drawTrails();
  }

  /** New clouds are drawn with the next frame (drawFrame): many edits between two frames cost one redraw. */
  setClouds(source: Float32Array, target: Float32Array, sourceLabels: Uint8Array | null = null, targetLabels: Uint8Array | null = null): void {
    this.source = source;
    this.target = target;
    this.sourceLabels = sourceLabels && sourceLabels.length === source.length >> 1 ? sourceLabels : null;
    this.targetLabels = targetLabels && targetLabels.length === target.length >> 1 ? targetLabels : null;
    this.cloudsDirty = true;
  }

  setLayers(layers: Layers): void {
    this.layers = layers;
    this.drawClouds();
    this.drawTrails();
  }

  setSnapshot(s: Snapshot | null): void {
    this.snapshot = s;
    if (this.change && (!s || s.gridSize !== this.change.snap.gridSize)) this.change = null;
    if (s) {
      const cells = s.gridSize * s.gridSize;
      if (this.fieldAtT.length !== 2 * cells) {
        this.fieldAtT = new Float32Array(2 * cells);
        this.arrows = new Float64Array(8 * cells);
        this.arrowBins = new Int8Array(cells);
      }
      this.maxSpeed = fieldSpeedScale(s.field);
    }
    this.drawTrails();
  }

  /** Redraw the layers drawn on change (the theme's colours changed). */
  redraw(): void {
    this.drawClouds();
    this.drawTrails();
  }

  /**
   * A renderer on other canvases showing what this one shows (clouds, trails, density, true field,
   * reverse points), without the pointer overlays: for pictures at another resolution.
   */
  copyTo(canvases: StageCanvases, dpr: number): StageRenderer {
    const r = new StageRenderer(canvases);
    r.source = this.source;
    r.target = this.target;
    r.sourceLabels = this.sourceLabels;
    r.targetLabels = this.targetLabels;
    r.layers = this.layers;
    r.density = this.density;
    r.trueField = this.trueField;
    r.showReverse = this.showReverse;
    r.textPx = this.textPx;
    r.snapshot = this.snapshot;
    if (this.snapshot) {
      const cells = this.snapshot.gridSize * this.snapshot.gridSize;
      r.fieldAtT = new Float32Array(2 * cells);
      r.arrows = new Float64Array(8 * cells);
      r.arrowBins = new Int8Array(cells);
      r.maxSpeed = this.maxSpeed;
    }
    r.resize(this.geometry.size, dpr);
    return r;
  }

  canvasesForPicture(): StageCanvases {
    return this.canvases;
  }

  get shownLayers(): Layers {
    return this.layers;
  }

  /** The heatmap is on: the trails layer is faded so it shows (pictures fade it the same way). */
  get hasDensity(): boolean {
    return this.density !== null;
  }

  /**
   * Show how one step changed the field: `before` is the field grid before the step, the current
   * snapshot the one after. Drawn as arrows of the difference, magnified to read, for a moment.
   */
  setFieldChange(before: Float32Array | null, start: number): number {
    const s = this.snapshot;
    if (!before || !s || before.length !== s.field.length) {
      this.change = null;
      return 0;
    }
    const delta = new Float32Array(before.length);
    for (let i = 0; i < delta.length; i++) delta[i] = s.field[i] - before[i];
    this.change = { snap: { ...s, field: delta }, scale: fieldSpeedScale(delta), start };
    if (this.changeFieldAtT.length !== this.fieldAtT.length) this.changeFieldAtT = new Float32Array(this.fieldAtT.length);
    return this.change.scale;
  }

  /** True while the field change is on screen (the stage keeps redrawing to fade it). */
  get changeShowing(): boolean {
    return this.change !== null;
  }

  private drawFieldChange(ctx: CanvasRenderingContext2D, t: number): void {
    const c = this.change!;
    const elapsed = performance.now() - c.start;
    const alpha = elapsed < this.changeHoldMs ? 1 : 1 - (elapsed - this.changeHoldMs) / CHANGE_FADE_MS;
    if (alpha <= 0) {
      this.change = null;
      return;
    }
    const g = this.geometry;
    const s = c.snap;
    const cells = s.gridSize * s.gridSize;
    const fieldAtT = this.changeFieldAtT;
    fieldAt(s, t, fieldAtT);
    const style = arrowStyle(s, g, this.arrowSizes);
    const arrows = this.arrows;
    ctx.globalAlpha = 0.95 * alpha;
    ctx.strokeStyle = CHANGE_COLOR;
    ctx.lineWidth = style.lineWidth + 0.5;
    ctx.lineCap = 'round';
    ctx.beginPath();
    for (let k = 0; k < cells; k++) {
      if (arrowAt(s, g, style, fieldAtT, c.scale, k, arrows) >= 0) arrowPath(ctx, arrows, k);
    }
    ctx.stroke();
    ctx.globalAlpha = 1;
  }

  /** Both clouds as one image: squares rasterised in JS (src/view/pointRaster.ts), then one blit. */
  private drawCloudPoints(ctx: CanvasRenderingContext2D, r: number, alpha: (n: number) => number): void {
    const g = this.geometry;
    const { width: w, height: h } = this.canvases.clouds;
    if (w === 0 || h === 0) return;
    if (!this.cloudImage || this.cloudImage.width !== w || this.cloudImage.height !== h) {
      this.cloudImage = new ImageData(w, h);
      this.coverSource = new Uint8Array(w * h);
      this.coverTarget = new Uint8Array(w * h);
      this.classSource = new Uint8Array(w * h);
      this.classTarget = new Uint8Array(w * h);
      this.cloudCanvas ??= document.createElement('canvas');
      this.cloudCanvas.width = w;
      this.cloudCanvas.height = h;
    }
    const dpr = w / g.size;
    const map = { sx: dpr * g.ax, tx: dpr * g.bx, sy: dpr * g.ay, ty: dpr * g.by };
    this.coverSource.fill(0);
    this.coverTarget.fill(0);
    coverSquares(this.coverSource, w, h, this.source, map, r * dpr, this.sourceLabels, this.classSource);
    coverSquares(this.coverTarget, w, h, this.target, map, r * dpr, this.targetLabels, this.classTarget);
    paintFrom(SOURCE_PAINT, COLORS.source);
    paintFrom(TARGET_PAINT, COLORS.target);
    SOURCE_PAINT.alpha = alpha(this.source.length >> 1);
    TARGET_PAINT.alpha = alpha(this.target.length >> 1);
    CLASS_PAINTS.forEach((p, k) => paintFrom(p, COLORS.classes[k]));
    const classes = { bottom: this.sourceLabels ? this.classSource : null, top: this.targetLabels ? this.classTarget : null, paints: CLASS_PAINTS };
    composeCovers(this.cloudImage.data, this.coverSource, SOURCE_PAINT, this.coverTarget, TARGET_PAINT, classes);
    this.cloudCanvas!.getContext('2d')!.putImageData(this.cloudImage, 0, 0);
    ctx.drawImage(this.cloudCanvas!, 0, 0, g.size, g.size);
  }

  private drawClouds(): void {
    this.cloudsDirty = false;
    const ctx = this.cloudsCtx;
    const g = this.geometry;
    ctx.clearRect(0, 0, g.size, g.size);
    ctx.fillStyle = COLORS.background;
    ctx.fillRect(0, 0, g.size, g.size);
    // Unit grid.
    ctx.strokeStyle = COLORS.grid;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let v = -STAGE_EXTENT; v <= STAGE_EXTENT; v++) {
      const px = Math.round(g.x(v)) + 0.5;
      const py = Math.round(g.y(v)) + 0.5;
      ctx.moveTo(px, g.margin);
      ctx.lineTo(px, g.size - g.margin);
      ctx.moveTo(g.margin, py);
      ctx.lineTo(g.size - g.margin, py);
    }
    ctx.stroke();
    if (this.density) this.drawDensity(ctx, this.density);
    if (!this.layers.clouds) return;
    const r = g.size > 500 ? 1.6 : 1.3;
    const alpha = (n: number) => Math.min(0.8, Math.max(0.25, 300 / Math.sqrt(n + 1) / 10));
    this.drawCloudPoints(ctx, r, alpha);
  }

  /** The model's density as a heatmap: a small image of the grid, scaled smoothly onto the stage. */
  private drawDensity(ctx: CanvasRenderingContext2D, d: DensityImage): void {
    const g = this.geometry;
    const n = d.gridSize;
    if (!this.densityCanvas) this.densityCanvas = document.createElement('canvas');
    const c = this.densityCanvas;
    paintDensity(c, d.logDensity, n);
    ctx.imageSmoothingEnabled = true;
    const x0 = g.ax * -d.extent + g.bx;
    const y0 = g.ay * d.extent + g.by;
    ctx.drawImage(c, x0, y0, 2 * d.extent * g.ax, 2 * d.extent * -g.ay);
  }

  setDensity(d: DensityImage | null): void {
    this.density = d;
    // The particles and trails sit exactly where the density is high: fade them so the heatmap shows.
    this.trailsCtx.canvas.style.opacity = d ? '0.35' : '';
    this.drawClouds();
  }

  private drawTrails(): void {
    const ctx = this.trailsCtx;
    const g = this.geometry;
    ctx.clearRect(0, 0, g.size, g.size);
    const s = this.snapshot;
    if (!s || !this.layers.trails) return;
    const stride = 2 * (s.steps + 1);
    const n = Math.min(s.particles, MAX_TRAILS);
    ctx.strokeStyle = COLORS.trail;
    ctx.lineWidth = 1;
    const tr = s.trajectories;
    const cls = s.classes && s.classes.length >= n ? s.classes : null;
    // Labelled: one pass per class, in its colour; else one pass over all (class -1).
    for (let k = cls ? 0 : -1; k < (cls ? CLASS_NAMES.length : 0); k++) {
    if (k >= 0) ctx.strokeStyle = CLASS_TRAIL_COLORS[k];
    // Stroke in small groups so overlapping trails build up brightness where the flow concentrates.
    for (let start = 0; start < n; start += 8) {
      ctx.beginPath();
      for (let i = start; i < Math.min(n, start + 8); i++) {
        if (cls && cls[i] !== k) continue;
        const o = i * stride;
        ctx.moveTo(g.ax * tr[o] + g.bx, g.ay * tr[o + 1] + g.by);
        for (let j = 1; j <= s.steps; j++) ctx.lineTo(g.ax * tr[o + 2 * j] + g.bx, g.ay * tr[o + 2 * j + 1] + g.by);
      }
      ctx.stroke();
    }
    }
  }

  /** Draw the frame layer at time t. Allocation-free. */
  drawFrame(t: number): void {
    if (this.cloudsDirty) this.drawClouds();
    const ctx = this.frameCtx;
    const g = this.geometry;
    ctx.clearRect(0, 0, g.size, g.size);
    const s = this.snapshot;
    this.drawnParticles = 0;
    if (s) {
      if (this.layers.field) this.drawField(ctx, s, t);
      if (this.change) this.drawFieldChange(ctx, t);
      if (this.trueField) this.drawTrueField(ctx, s, t, this.trueField);
      if (this.layers.particles) this.drawParticles(ctx, s, t);
      if (this.showReverse && s.reverse) this.drawReverse(ctx, s, s.reverse, t);
    }
    this.drawOverlay(ctx);
  }

  /** Leave the pointer's overlays out of the frame (while a video records the stage). */
  overlayHidden = false;

  private drawOverlay(ctx: CanvasRenderingContext2D): void {
    if (this.overlayHidden) return;
    const g = this.geometry;
    const { cursor, handles } = this.overlay;
    if (handles) {
      const { box } = handles;
      ctx.strokeStyle = handles.color;
      ctx.globalAlpha = 0.7;
      ctx.setLineDash(DASH);
      ctx.lineWidth = 1;
      const x0 = g.ax * box.minX + g.bx;
      const y0 = g.ay * box.maxY + g.by;
      ctx.strokeRect(x0, y0, g.ax * (box.maxX - box.minX), -g.ay * (box.maxY - box.minY));
      ctx.setLineDash(NO_DASH);
      if (handles.rotate) {
        const rx = g.ax * handles.rotate[0] + g.bx;
        const ry = g.ay * handles.rotate[1] + g.by;
        ctx.beginPath();
        ctx.moveTo(rx, y0);
        ctx.lineTo(rx, ry);
        ctx.stroke();
        ctx.globalAlpha = 1;
        ctx.fillStyle = handles.color;
        ctx.beginPath();
        ctx.arc(rx, ry, 6, 0, 2 * Math.PI);
        ctx.fill();
      }
      ctx.globalAlpha = 1;
      if (handles.scale) {
        const sx = g.ax * handles.scale[0] + g.bx;
        const sy = g.ay * handles.scale[1] + g.by;
        ctx.fillStyle = handles.color;
        ctx.fillRect(sx - 5, sy - 5, 10, 10);
      }
      const px = g.ax * handles.pivot[0] + g.bx;
      const py = g.ay * handles.pivot[1] + g.by;
      ctx.beginPath();
      ctx.moveTo(px - 6, py);
      ctx.lineTo(px + 6, py);
      ctx.moveTo(px, py - 6);
      ctx.lineTo(px, py + 6);
      ctx.stroke();
    }
    if (cursor) {
      ctx.strokeStyle = cursor.color;
      ctx.lineWidth = 1.5;
      ctx.beginPath();
      ctx.arc(g.ax * cursor.x + g.bx, g.ay * cursor.y + g.by, Math.max(3, cursor.r * g.ax), 0, 2 * Math.PI);
      ctx.stroke();
    }
  }

  private drawField(ctx: CanvasRenderingContext2D, s: Snapshot, t: number): void {
    const g = this.geometry;
    const cells = s.gridSize * s.gridSize;
    const fieldAtT = this.fieldAtT;
    fieldAt(s, t, fieldAtT);
    const style = arrowStyle(s, g, this.arrowSizes);
    const arrows = this.arrows;
    const bins = this.arrowBins;
    for (let c = 0; c < cells; c++) bins[c] = arrowAt(s, g, style, fieldAtT, this.maxSpeed, c, arrows);
    ctx.lineWidth = style.lineWidth;
    ctx.globalAlpha = 0.8;
    ctx.lineCap = 'round';
    for (let bin = 0; bin < SPEED_BINS; bin++) {
      ctx.strokeStyle = SPEED_BIN_COLORS[bin];
      ctx.beginPath();
      for (let c = 0; c < cells; c++) {
        if (bins[c] === bin) arrowPath(ctx, arrows, c);
      }
      ctx.stroke();
    }
    ctx.globalAlpha = 1;
  }

  /** The closed-form marginal field, thin white arrows at the same cells as the learned one. */
  private drawTrueField(ctx: CanvasRenderingContext2D, s: Snapshot, t: number, field: TrueField): void {
    const g = this.geometry;
    const n = s.gridSize;
    const cellData = (2 * s.gridExtent) / n;
    const maxLen = 0.85 * cellData * g.ax;
    const out = this.trueV;
    ctx.strokeStyle = COLORS.trueField;
    ctx.lineWidth = 1;
    ctx.beginPath();
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const x = -s.gridExtent + (col + 0.5) * cellData;
        const y = -s.gridExtent + (row + 0.5) * cellData;
        field(t, x, y, out);
        const speed = Math.hypot(out[0], out[1]);
        if (speed < 1e-6) continue;
        const len = maxLen * Math.sqrt(Math.min(speed / this.maxSpeed, 1));
        const cx = g.ax * x + g.bx;
        const cy = g.ay * y + g.by;
        const dx = (out[0] / speed) * len;
        const dy = (-out[1] / speed) * len;
        ctx.moveTo(cx - dx / 2, cy - dy / 2);
        ctx.lineTo(cx + dx / 2, cy + dy / 2);
        ctx.arc(cx + dx / 2, cy + dy / 2, 1.2, 0, 2 * Math.PI);
      }
    }
    ctx.stroke();
  }

  /** Target points flowing back to the source: drawn at the clock's t along their reverse paths. */
  private drawReverse(ctx: CanvasRenderingContext2D, s: Snapshot, rev: Float32Array, t: number): void {
    const g = this.geometry;
    const steps = s.steps;
    const stride = 2 * (steps + 1);
    const n = rev.length / stride;
    const f = Math.min(Math.max(t, 0), 1) * steps;
    const k = Math.min(Math.floor(f), steps - 1);
    const w = f - k;
    ctx.fillStyle = COLORS.target;
    ctx.beginPath();
    for (let i = 0; i < n; i++) {
      const o = i * stride + 2 * k;
      const x = rev[o] + w * (rev[o + 2] - rev[o]);
      const y = rev[o + 1] + w * (rev[o + 3] - rev[o + 1]);
      ctx.moveTo(g.ax * x + g.bx + 1.8, g.ay * y + g.by);
      ctx.arc(g.ax * x + g.bx, g.ay * y + g.by, 1.8, 0, 2 * Math.PI);
    }
    ctx.fill();
  }

  private drawParticles(ctx: CanvasRenderingContext2D, s: Snapshot, t: number): void {
    const g = this.geometry;
    const steps = s.steps;
    const stride = 2 * (steps + 1);
    const f = Math.min(Math.max(t, 0), 1) * steps;
    const k = Math.min(Math.floor(f), steps - 1);
    const w = f - k;
    const tr = s.trajectories;
    const r = g.size > 500 ? 1.25 : 1;
    const step = Math.round(Math.min(Math.max(t, 0), 1) * PARTICLE_COLOR_STEPS);
    ctx.globalAlpha = this.density ? 0.3 : 1;
    const cls = s.classes && s.classes.length >= s.particles ? s.classes : null;
    // Labelled: one path per class, in the class colour; else one path (class -1) in the particle colour.
    for (let c = cls ? 0 : -1; c < (cls ? CLASS_NAMES.length : 0); c++) {
      ctx.fillStyle = c >= 0 ? CLASS_PARTICLE_COLORS[c][step] : PARTICLE_COLORS[step];
      ctx.beginPath();
      for (let i = 0; i < s.particles; i++) {
        if (cls && cls[i] !== c) continue;
        const o = i * stride + 2 * k;
        const x = tr[o] + w * (tr[o + 2] - tr[o]);
        const y = tr[o + 1] + w * (tr[o + 3] - tr[o + 1]);
        ctx.rect(g.ax * x + g.bx - r, g.ay * y + g.by - r, 2 * r, 2 * r);
      }
      ctx.fill();
    }
    ctx.globalAlpha = 1;
    this.drawnParticles = s.particles;
  }
}

/** The stage's renderer while the stage is on the page (pictures are drawn from it). */
export const mountedStage: { renderer: StageRenderer | null } = { renderer: null };
