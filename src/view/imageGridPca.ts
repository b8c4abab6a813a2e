/**
 * The 2D intuition kept for images: every 256-pixel image is a point, seen on the data's first two
 * principal axes. Drawn like the 2D stage, in its colours: the noise (source) cloud, the data (target)
 * cloud, each grid sample's path from t = 0 to t = 1, and the samples as dots moving along their
 * paths with t. Clouds and paths go on a background canvas when the data or a snapshot arrive; a
 * frame copies it and draws the dots, allocating nothing.
 */
import { COLORS } from './palette';

export interface PcaPicture {
  dataCloud: Float32Array;
  sourceCloud: Float32Array;
  /** frames x count x 2, or null before the first snapshot. */
  paths: Float32Array | null;
  frames: number;
  count: number;
}

export class PcaRenderer {
  private readonly back: HTMLCanvasElement;
  private pic: PcaPicture | null = null;
  private sx = 1;
  private bx = 0;
  private sy = 1;
  private by = 0;
  selected = -1;

  constructor(private readonly canvas: HTMLCanvasElement) {
    this.back = document.createElement('canvas');
  }

  /** New clouds or paths: fit the scale to everything and redraw the background. */
  setPicture(pic: PcaPicture | null): void {
    this.pic = pic;
    this.resize();
  }

  /** The canvas's CSS size changed (or the picture): backing store at the device's pixel ratio. */
  resize(): void {
    const cssW = this.canvas.clientWidth || 300;
    const cssH = this.canvas.clientHeight || 300;
    const dpr = Math.min(globalThis.devicePixelRatio || 1, 2);
    const w = Math.round(cssW * dpr);
    const h = Math.round(cssH * dpr);
    this.canvas.width = w;
    this.canvas.height = h;
    this.back.width = w;
    this.back.height = h;
    const pic = this.pic;
    const ctx = this.back.getContext('2d')!;
    ctx.fillStyle = COLORS.background;
    ctx.fillRect(0, 0, w, h);
    if (!pic) return;
    // One scale for both axes (distances stay true), fitted to the clouds and the paths.
    let x0 = Infinity;
    let x1 = -Infinity;
    let y0 = Infinity;
    let y1 = -Infinity;
    for (const a of [pic.dataCloud, pic.sourceCloud, pic.paths ?? new Float32Array(0)]) {
      for (let i = 0; i + 1 < a.length; i += 2) {
        if (!Number.isFinite(a[i]) || !Number.isFinite(a[i + 1])) continue;
        x0 = Math.min(x0, a[i]);
        x1 = Math.max(x1, a[i]);
        y0 = Math.min(y0, a[i + 1]);
        y1 = Math.max(y1, a[i + 1]);
      }
    }
    if (!Number.isFinite(x0)) return;
    const pad = 12 * dpr;
    const s = Math.min((w - 2 * pad) / Math.max(x1 - x0, 1e-6), (h - 2 * pad) / Math.max(y1 - y0, 1e-6));
    this.sx = s;
    this.sy = -s;
    this.bx = w / 2 - (s * (x0 + x1)) / 2;
    this.by = h / 2 + (s * (y0 + y1)) / 2;
    // Clouds of a few hundred points: dots big enough to read on a projector.
    const r = Math.max(2.2, Math.min(w, h) / 260) * dpr;
    const dots = (a: Float32Array, color: string) => {
      ctx.fillStyle = color;
      ctx.globalAlpha = 0.7;
      for (let i = 0; i + 1 < a.length; i += 2) ctx.fillRect(this.sx * a[i] + this.bx - r / 2, this.sy * a[i + 1] + this.by - r / 2, r, r);
      ctx.globalAlpha = 1;
    };
    dots(pic.sourceCloud, COLORS.source);
    dots(pic.dataCloud, COLORS.target);
    if (pic.paths) {
      ctx.lineWidth = dpr;
      for (let i = 0; i < pic.count; i++) {
        ctx.strokeStyle = i === this.selected ? COLORS.particle : COLORS.markerPath;
        ctx.beginPath();
        for (let k = 0; k < pic.frames; k++) {
          const o = (k * pic.count + i) * 2;
          const x = this.sx * pic.paths[o] + this.bx;
          const y = this.sy * pic.paths[o + 1] + this.by;
          if (k === 0) ctx.moveTo(x, y);
          else ctx.lineTo(x, y);
        }
        ctx.stroke();
      }
    }
  }

  draw(t: number): void {
    const ctx = this.canvas.getContext('2d')!;
    ctx.drawImage(this.back, 0, 0);
    const pic = this.pic;
    if (!pic?.paths || pic.frames < 2) return;
    const f = Math.min(Math.max(t, 0), 1) * (pic.frames - 1);
    const k = Math.min(Math.floor(f), pic.frames - 2);
    const a = f - k;
    const dpr = this.canvas.width / (this.canvas.clientWidth || this.canvas.width);
    ctx.fillStyle = COLORS.particle;
    for (let i = 0; i < pic.count; i++) {
      const o0 = (k * pic.count + i) * 2;
      const o1 = o0 + pic.count * 2;
      const x = this.sx * (pic.paths[o0] * (1 - a) + pic.paths[o1] * a) + this.bx;
      const y = this.sy * (pic.paths[o0 + 1] * (1 - a) + pic.paths[o1 + 1] * a) + this.by;
      const r = (i === this.selected ? 4.5 : 2.8) * dpr;
      ctx.beginPath();
      ctx.arc(x, y, r, 0, 2 * Math.PI);
      ctx.fill();
    }
  }
}
