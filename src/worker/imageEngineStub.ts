/** TEMPORARY stub of the images engine (wt11 writes the real one); removed after the merge. */
import type { ImageSet } from '../core/images/imageSet';

export interface ImageTrainConfig { hiddenLayers: number; width: number; batchSize: number; learningRate: number; conditional: boolean; labelDrop: number; coupling: 'independent' | 'ot' }
export const DEFAULT_IMAGE_CONFIG: ImageTrainConfig = { hiddenLayers: 3, width: 512, batchSize: 256, learningRate: 1e-3, conditional: true, labelDrop: 0.15, coupling: 'independent' };
export interface FakeModel { data: ImageSet | null; step: number }
export class ImageTrainer {
  step = 0;
  model: FakeModel = { data: null, step: 0 };
  constructor(_o: { config: ImageTrainConfig; seed: number; explicitTranspose: boolean }) {}
  setData(target: ImageSet, _source: ImageSet | null): void { this.model.data = target; }
  async train(steps: number): Promise<{ step: number; loss: number }[]> {
    const out = [];
    for (let i = 0; i < steps; i++) { this.step++; this.model.step = this.step; out.push({ step: this.step, loss: 1 / (1 + this.step / 100) }); }
    await new Promise((r) => setTimeout(r, 5 * steps));
    return out;
  }
  dispose(): void {}
}
export function noiseImages(count: number, dim: number, seed: number): Float32Array {
  const out = new Float32Array(count * dim);
  let s = seed || 1;
  for (let i = 0; i < out.length; i++) { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; out[i] = (s / 2 ** 32) * 2 - 1; }
  return out;
}
export async function sampleImages(model: FakeModel, o: { start: Float32Array; count: number; dim: number; steps: number; solver: string; frames: number; classes?: Int32Array | null; guidance?: number }): Promise<Float32Array> {
  const out = new Float32Array(o.frames * o.count * o.dim);
  const d = model.data!;
  const q = Math.min(1, model.step / 500);
  for (let k = 0; k < o.frames; k++) {
    const t = k / (o.frames - 1);
    for (let i = 0; i < o.count; i++) {
      let j = i * 7;
      if (o.classes && d.labels) { const c = o.classes[i] < 0 ? i % 10 : o.classes[i]; for (let m = 0; m < d.count; m++) if (d.labels[(i * 13 + m) % d.count] === c) { j = (i * 13 + m) % d.count; break; } }
      j %= d.count;
      for (let p = 0; p < o.dim; p++) {
        const x0 = o.start[i * o.dim + p];
        const x1 = q * d.pixels[j * o.dim + p] + (1 - q) * x0 * (o.guidance ?? 1) * 0.5;
        out[(k * o.count + i) * o.dim + p] = (1 - t) * x0 + t * x1;
      }
    }
  }
  return out;
}
