/**
 * One compare panel's canvas: the model's density heatmap and the faint target cloud (a base image
 * rebuilt only when they change), then per frame the rubber sheet, the trails and the particles at
 * the clock's t. Positions between two snapshot frames are interpolated linearly; the frame loop
 * allocates nothing.
 */
import { rgb } from 'd3';
import type { CompareSnapshot } from '../worker/protocol';
import type { CompareLayers } from '../state/compareStore';
import { DEFAULT_COMPARE_LAYERS } from '../state/compareStore';
import { COLORS } from './palette';
import { stageGeometry, type StageGeometry } from './stageGeometry';
import { paintDensity } from './densityScale';

/** Where t falls between two frames: frame index k and the fraction toward k + 1. */
export function frameAt(t: number, frames: number): { k: number; f: number } {
  if (frames <= 1) return { k: 0, f: 0 };
  const x = Math.min(Math.max(t, 0), 1) * (frames - 1);
  const k = Math.min(Math.floor(x), frames - 2);
  return { k, f: x - k };
}

/** A CSS colour with an alpha, for a hex or rgb() input. */
function withAlpha(color: string, alpha: number): string {
  const c = rgb(color);
  c.opacity = alpha;
  return c.formatRgb();
}

export class CompareRenderer {
  geometry: StageGeometry = stageGeometry(300);
  private ctx: CanvasRenderingContext2D;
  private snapshot: CompareSnapshot | null = null;
  private target: Float32Array = new Float32Array(0);
  private layers: CompareLayers = { ...DEFAULT_COMPARE_LAYERS };
  /** Density heatmap + target cloud at the panel's size, redrawn when one of them changes. */
  private base: HTMLCanvasElement | null = null;
  private densityImage: HTMLCanvasElement | null = null;
  private densitySource: Float32Array | null = null;
  private baseDirty = true;
  private dpr = 1;
  /** Styles derived from the model's colour (set once, not per frame). */
  private sheetStyle = 'rgba(255,255,255,0.5)';
  private trailStyle = 'rgba(255,255,255,0.08)';
  /** Particles drawn in the last frame (tests read it). */
  drawnParticles = 0;
  /** The t of the last drawn frame. */
  lastT = 0;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    color: string,
  ) {
    this.ctx = canvas.getContext('2d')!;
    this.setColor(color);
  }

  setColor(color: string): void {
    this.sheetStyle = withAlpha(color, 0.55);
    this.trailStyle = withAlpha(color, 0.1);
  }

  resize(size: number, dpr = Math.min(window.devicePixelRatio || 1, 2)): void {
    this.geometry = stageGeometry(size);
    this.dpr = dpr;
    this.canvas.width = Math.round(size * dpr);
    this.canvas.height = Math.round(size * dpr);
    this.canvas.style.width = `${size}px`;
    this.canvas.style.height = `${size}px`;
    this.ctx = this.canvas.getContext('2d')!;
    this.baseDirty = true;
  }

  setSnapshot(s: CompareSnapshot | null): void {
    this.snapshot = s;
    const density = s?.density ?? null;
    if (density !== this.densitySource) {
      this.densitySource = density;
      this.densityImage = s && density ? densityCanvas(density, s.densitySize) : null;
      this.baseDirty = true;
    }
  }

  setTarget(target: Float32Array): void {
    this.target = target;
    this.baseDirty = true;
  }

  setLayers(layers: CompareLayers): void {
    this.layers = layers;
    this.baseDirty = true;
  }

  /** Colours changed (theme). */
  redraw(): void {
    this.baseDirty = true;
  }

  private drawBase(): void {
    const g = this.geometry;
    if (!this.base) this.base = document.createElement('canvas');
    const c = this.base;
    c.width = this.canvas.width;
    c.height = this.canvas.height;
    const ctx = c.getContext('2d')!;
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    ctx.fillStyle = COLORS.background;
    ctx.fillRect(0, 0, g.size, g.size);
    const s = this.snapshot;
    if (this.layers.density && s && this.densityImage) {
      ctx.imageSmoothingEnabled = true;
      const x0 = g.ax * -s.extent + g.bx;
      const y0 = g.ay * s.extent + g.by;
      ctx.drawImage(this.densityImage, x0, y0, 2 * s.extent * g.ax, 2 * s.extent * -g.ay);
    }
    if (this.layers.target) {
      ctx.fillStyle = withAlpha(COLORS.target, 0.35);
      const t = this.target;
      for (let i = 0; i + 1 < t.length; i += 2) ctx.fillRect(g.ax * t[i] + g.bx - 1, g.ay * t[i + 1] + g.by - 1, 2, 2);
    }
    this.baseDirty = false;
  }

  drawFrame(t: number): void {
    const g = this.geometry;
    const ctx = this.ctx;
    if (this.baseDirty) this.drawBase();
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.base!, 0, 0);
    ctx.setTransform(this.dpr, 0, 0, this.dpr, 0, 0);
    this.lastT = t;
    this.drawnParticles = 0;
    const s = this.snapshot;
    if (!s || s.frames < 1) return;
    const { k, f } = frameAt(t, s.frames);
    const frames = s.frames;
    const k1 = Math.min(k + 1, frames - 1);
    const { ax, bx, ay, by } = g;

    if (this.layers.sheet && s.sheetLines > 0 && s.sheetPoints > 1) {
      const P = s.sheetPoints;
      const d = s.sheet;
      ctx.strokeStyle = this.sheetStyle;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let line = 0; line < 2 * s.sheetLines; line++) {
        for (let j = 0; j < P; j++) {
          const o = ((line * P + j) * frames + k) * 2;
          const o1 = ((line * P + j) * frames + k1) * 2;
          const x = d[o] + f * (d[o1] - d[o]);
          const y = d[o + 1] + f * (d[o1 + 1] - d[o + 1]);
          if (j === 0) ctx.moveTo(ax * x + bx, ay * y + by);
          else ctx.lineTo(ax * x + bx, ay * y + by);
        }
      }
      ctx.stroke();
    }

    const p = s.particles;
    const n = s.particleCount;
    if (this.layers.trails && frames > 1) {
      ctx.strokeStyle = this.trailStyle;
      ctx.lineWidth = 1;
      ctx.beginPath();
      for (let i = 0; i < n; i++) {
        const base = i * frames * 2;
        ctx.moveTo(ax * p[base] + bx, ay * p[base + 1] + by);
        for (let j = 1; j <= k; j++) ctx.lineTo(ax * p[base + 2 * j] + bx, ay * p[base + 2 * j + 1] + by);
        const o = base + 2 * k;
        const o1 = base + 2 * k1;
        ctx.lineTo(ax * (p[o] + f * (p[o1] - p[o])) + bx, ay * (p[o + 1] + f * (p[o1 + 1] - p[o + 1])) + by);
      }
      ctx.stroke();
    }

    if (this.layers.particles) {
      ctx.fillStyle = COLORS.particle;
      const r = g.size > 400 ? 1.6 : 1.2;
      for (let i = 0; i < n; i++) {
        const o = (i * frames + k) * 2;
        const o1 = (i * frames + k1) * 2;
        const x = p[o] + f * (p[o1] - p[o]);
        const y = p[o + 1] + f * (p[o1 + 1] - p[o + 1]);
        if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
        ctx.fillRect(ax * x + bx - r, ay * y + by - r, 2 * r, 2 * r);
        this.drawnParticles++;
      }
    }
  }
}

/** The log-density grid as a small image (rows bottom-up in the grid, top-down in the image). */
function densityCanvas(logDensity: Float32Array, n: number): HTMLCanvasElement {
  const c = document.createElement('canvas');
  paintDensity(c, logDensity, n);
  return c;
}
