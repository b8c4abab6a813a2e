/**
 * The Images view's model in the worker (issue 16): one scheduled run that trains an MLP on 16 x 16
 * images with the same flow-matching step as the 2D playground, and draws what the page shows: the
 * grid of 64 samples from t = 0 to t = 1, their paths on the data's first two principal axes, each
 * sample's nearest training image, and now and then the pixel-space fit and the Euler-steps strip.
 * Pictures are paced by their cost (as the 2D run's are), so training keeps most of the worker.
 */
import { nextChunkSize } from '../core/chunkSize';
import { createRng, deriveSeed } from '../core/rng';
import { IMAGE_DIM, splitHeldOut, type ImageSet } from '../core/images/imageSet';
import { makeDigits } from '../core/images/digits16';
import { augmentDrawings } from '../core/images/userImages';
import { fitPca2, projectPca2, type Pca2 } from '../core/images/pca';
import { nearestImages, nearestRatio } from '../core/images/nearest';
import { slicedW2Pixels, slicedW2PixelsFloor } from '../core/images/pixelFit';
import { ImageTrainer } from '../engine/imageTrainer';
import { noiseImages, sampleImages } from '../engine/imageSampling';
import type { FromWorker } from './protocol';
import type { ScheduledRun } from './scheduler';
import { CHUNK_MS } from './modelRun';
import type { ImageDataSpec, ImageRunSettings, ImageSampleSettings, ImagesDataInfo, ImageToWorker, ImageWeights } from './imageProtocol';
import { assertNever } from '../core/assertNever';

export const IMAGES_RUN_ID = 'images';
/** Samples in the grid (8 x 8) and frames sent from t = 0 to 1. */
export const GRID_COUNT = 64;
export const GRID_FRAMES = 21;
/** The strip: the same starts after 1, 2, 4, 8 and 50 Euler steps. */
export const STRIP_STEPS = [1, 2, 4, 8, 50];
export const STRIP_COUNT = 8;
/** Held-out share of the data (for the fit and the nearest-neighbour ratio). */
const HELD_OUT = 0.1;
/** Generated images in a fit measurement (at most the held-out count), and those of them in the nearest-neighbour ratio (each is a scan of the training set). */
const FIT_COUNT = 128;
const NN_COUNT = 128;
/** Points of each cloud drawn on the principal-axes stage. */
const CLOUD_POINTS = 600;
/**
 * Least gap between two grid pictures while training, and between two fits; a costly one waits
 * longer (COST_FACTOR times what it took), so pictures and fits take at most ~15% and ~7% of the
 * worker (3 x 512 on wasm on two busy cores: a picture ~0.5 s, a fit ~2 s; the default 3 x 256 less).
 */
const SNAPSHOT_GAP_MS = 1500;
const FIT_GAP_MS = 5000;
const SNAPSHOT_COST_FACTOR = 6;
const FIT_COST_FACTOR = 15;
/** Least gap between two weight checkpoints posted to the page while training (3 x 512: 3.2 MB each, a readback of a few ms). */
export const CHECKPOINT_GAP_MS = 5000;

export const DEFAULT_IMAGE_SAMPLE: ImageSampleSettings = { solver: 'euler', steps: 20, digit: -1, guidance: 1 };

export interface ImageHost {
  post(msg: FromWorker): void;
  explicitTranspose(): boolean;
}

/** Build an image set from the page's description. */
export function buildImageSet(spec: ImageDataSpec, seed: number): ImageSet {
  switch (spec.kind) {
    case 'digits':
      return makeDigits({ seed: spec.seed, perClass: spec.perClass });
    case 'drawings':
      return augmentDrawings(spec.drawings, spec.count, seed, spec.labels ?? undefined);
    case 'imported': {
      const labels = spec.labels && spec.labels.length === spec.count ? Uint8Array.from(spec.labels) : null;
      return { count: spec.count, pixels: spec.pixels, labels, classes: labels ? Math.max(...labels) + 1 : 0 };
    }
    default:
      return assertNever(spec, 'image data');
  }
}

/** `count` images drawn in turn from a set (a shuffled cycle), as one flat array. */
function drawFrom(set: ImageSet, count: number, seed: number): Float32Array {
  const out = new Float32Array(count * IMAGE_DIM);
  const order = Array.from({ length: set.count }, (_, i) => i);
  const rng = createRng(seed);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  for (let i = 0; i < count; i++) out.set(set.pixels.subarray(order[i % set.count] * IMAGE_DIM, (order[i % set.count] + 1) * IMAGE_DIM), i * IMAGE_DIM);
  return out;
}

/** The first `n` images of a set as a set (a view, no copy). */
function headOf(set: ImageSet, n: number): ImageSet {
  const count = Math.min(n, set.count);
  return { count, pixels: set.pixels.subarray(0, count * IMAGE_DIM), labels: set.labels ? set.labels.subarray(0, count) : null, classes: set.classes };
}

export class ImageRuns implements ScheduledRun {
  readonly id = IMAGES_RUN_ID;
  running = false;
  private trainer: ImageTrainer | null = null;
  private readonly train: ImageSet;
  private readonly heldOut: ImageSet;
  private readonly source: ImageSet | null;
  private readonly conditional: boolean;
  private readonly pca: Pca2;
  private readonly gridStarts: Float32Array;
  private readonly fitStarts: Float32Array;
  private sample: ImageSampleSettings = { ...DEFAULT_IMAGE_SAMPLE };
  private stepsPerChunk = 1;
  private losses: number[] = [];
  private stepsPerSecond = 0;
  private diverged = false;
  private snapshotWanted = true;
  private lastSnapshotAt = -Infinity;
  private snapshotGap = SNAPSHOT_GAP_MS;
  private fitStep = -1;
  private lastFitAt = -Infinity;
  private fitGap = FIT_GAP_MS;
  private floor: { mean: number; sd: number } | null = null;
  private heldOutDistance = NaN;
  /** The newest weights posted to the page (or the ones the run started from): a rebuild goes on from them. */
  private checkpoint: ImageWeights | null;
  private lastCheckpointAt = -Infinity;
  private checkpointWanted = false;
  /** The page's last Train / Pause / start-over request applied here. */
  private seq: number;
  /** The request that started this run. */
  private readonly run: number;

  constructor(
    private readonly host: ImageHost,
    private readonly settings: ImageRunSettings,
    seq = 0,
  ) {
    this.seq = seq;
    this.run = seq;
    this.checkpoint = settings.resume ?? null;
    const seed = settings.seed;
    const target = buildImageSet(settings.target, deriveSeed(seed, 'images-target'));
    // A handful of images cannot spare any for a held-out set: then the fit is not measured.
    const share = settings.heldOut ?? HELD_OUT;
    const split = target.count >= 20 && share > 0 ? splitHeldOut(target, share, deriveSeed(seed, 'held-out')) : { train: target, heldOut: headOf(target, 0) };
    this.train = split.train;
    this.heldOut = split.heldOut;
    this.source = settings.source ? buildImageSet(settings.source, deriveSeed(seed, 'images-source')) : null;
    this.conditional = settings.config.conditional && this.train.labels !== null && this.train.classes > 1;
    this.pca = fitPca2(this.train.pixels, this.train.count, IMAGE_DIM);
    this.gridStarts = this.starts(GRID_COUNT, deriveSeed(seed, 'grid'));
    this.fitStarts = this.starts(FIT_COUNT, deriveSeed(seed, 'fit'));
    this.build();
    this.postData();
  }

  /** t = 0 points: N(0, I) draws, or images of the source set. */
  private starts(count: number, seed: number): Float32Array {
    return this.source ? drawFrom(this.source, count, seed) : noiseImages(count, IMAGE_DIM, seed);
  }

  /** (Re)build the model on the current backend: from the last checkpoint (or the weights it was given), else afresh. */
  build(): void {
    this.trainer?.dispose();
    this.trainer = new ImageTrainer({
      config: { ...this.settings.config, conditional: this.conditional },
      seed: this.settings.seed,
      explicitTranspose: this.host.explicitTranspose(),
    });
    const from = this.checkpoint;
    // The page checks a file's weights against the data; a mismatch here starts afresh rather than failing.
    if (from && !!from.weights.shape.conditional === this.conditional) this.trainer.load({ shape: from.weights.shape, arrays: from.weights.arrays }, from.step);
    this.trainer.setData(this.train, this.source);
    this.stepsPerChunk = 1;
    this.losses = [];
    this.diverged = false;
    this.snapshotWanted = true;
    this.fitStep = -1;
    // While training, the first fit waits its gap: the first picture and the first steps come first.
    this.lastFitAt = performance.now();
    this.post();
  }

  private postData(): void {
    const cloud = (pixels: Float32Array, count: number) => {
      const n = Math.min(count, CLOUD_POINTS);
      return projectPca2(this.pca, pixels.subarray(0, n * IMAGE_DIM), n, IMAGE_DIM);
    };
    const sourcePixels = this.source ? drawFrom(this.source, Math.min(CLOUD_POINTS, this.source.count), 7) : noiseImages(CLOUD_POINTS, IMAGE_DIM, deriveSeed(this.settings.seed, 'cloud'));
    const total = totalVariance(this.train);
    const info: ImagesDataInfo = {
      trainCount: this.train.count,
      heldOutCount: this.heldOut.count,
      labelled: this.train.labels !== null && this.train.classes > 1,
      conditional: this.conditional,
      dataCloud: cloud(drawFrom(this.train, Math.min(CLOUD_POINTS, this.train.count), 3), Math.min(CLOUD_POINTS, this.train.count)),
      sourceCloud: cloud(sourcePixels, sourcePixels.length / IMAGE_DIM),
      variance: [this.pca.variance[0], this.pca.variance[1]],
      explained: total > 0 ? (this.pca.variance[0] + this.pca.variance[1]) / total : 0,
    };
    this.host.post({ type: 'imagesData', run: this.run, info });
  }

  ready(): boolean {
    return this.trainer !== null;
  }

  apply(msg: Exclude<ImageToWorker, { type: 'images' }>): void {
    switch (msg.type) {
      case 'imagesTrain':
        this.running = msg.running && !this.diverged;
        this.seq = msg.seq;
        // Pausing shows (and measures) the final weights, and keeps a checkpoint of them.
        if (!msg.running) {
          this.snapshotWanted = true;
          this.checkpointWanted = true;
        }
        this.post();
        break;
      case 'imagesSample':
        this.sample = { ...msg.sample };
        this.snapshotWanted = true;
        this.lastSnapshotAt = -Infinity;
        // The strip and the fit follow the solver and guidance too.
        this.fitStep = -1;
        break;
      case 'imagesWeights':
        void this.copyWeights().then((checkpoint) => this.host.post({ type: 'imagesWeightsResult', id: msg.id, run: this.run, checkpoint }));
        break;
      default:
        assertNever(msg, 'image message');
    }
  }

  /** A copy of the current weights and their step (null without a model). */
  private async copyWeights(): Promise<ImageWeights | null> {
    const trainer = this.trainer;
    if (!trainer) return null;
    const step = trainer.step;
    const w = await trainer.weights();
    return { weights: { shape: { ...w.shape }, arrays: w.arrays }, step };
  }

  /** Post the weights to the page when due: every CHECKPOINT_GAP_MS while training, and once on pausing. */
  private async postCheckpoint(now: number): Promise<void> {
    const step = this.trainer?.step ?? 0;
    if (step === 0 || step === this.checkpoint?.step) {
      this.checkpointWanted = false;
      return;
    }
    if (!this.checkpointWanted && now - this.lastCheckpointAt < CHECKPOINT_GAP_MS) return;
    this.checkpointWanted = false;
    this.lastCheckpointAt = now;
    const c = await this.copyWeights();
    if (!c) return;
    this.checkpoint = { weights: { shape: c.weights.shape, arrays: c.weights.arrays.map((a) => a.slice()) }, step: c.step };
    this.host.post({ type: 'imagesCheckpoint', run: this.run, checkpoint: c });
  }

  async trainChunk(): Promise<void> {
    const trainer = this.trainer;
    // The first picture (the untrained model) comes before any training: the grid is never empty for long.
    if (!trainer || this.lastSnapshotAt === -Infinity) return;
    const count = this.stepsPerChunk;
    const t0 = performance.now();
    const losses = await trainer.train(count);
    const ms = performance.now() - t0;
    this.stepsPerChunk = nextChunkSize(count, ms, CHUNK_MS);
    const rate = (1000 * count) / Math.max(ms, 1e-3);
    this.stepsPerSecond = this.stepsPerSecond > 0 ? 0.8 * this.stepsPerSecond + 0.2 * rate : rate;
    for (const p of losses) this.losses.push(p.step, p.loss);
    const bad = losses.find((p) => !Number.isFinite(p.loss));
    if (bad) {
      this.running = false;
      this.diverged = true;
      this.host.post({ type: 'imagesDiverged', run: this.run, step: bad.step, message: `The image model diverged at step ${bad.step} (its loss is not a number) and stopped. Reset it, perhaps with a lower learning rate.` });
    }
    this.post();
  }

  private post(): void {
    const losses = Float32Array.from(this.losses);
    this.losses = [];
    this.host.post({ type: 'imagesProgress', run: this.run, step: this.trainer?.step ?? 0, losses, stepsPerSecond: this.stepsPerSecond, running: this.running, seq: this.seq });
  }

  async refresh(): Promise<void> {
    if (!this.trainer) return;
    if (this.running) this.snapshotWanted = true;
    const now = performance.now();
    if (this.snapshotWanted && (!this.running || now - this.lastSnapshotAt > this.snapshotGap)) await this.snapshot(now);
    if (this.fitDue(performance.now())) await this.measure(performance.now());
    if (this.running || this.checkpointWanted) await this.postCheckpoint(performance.now());
  }

  pending(): boolean {
    return this.snapshotWanted || this.checkpointWanted || this.fitDue(performance.now());
  }

  private fitDue(now: number): boolean {
    if (!this.trainer || this.fitStep === this.trainer.step) return false;
    return !this.running || now - this.lastFitAt > this.fitGap;
  }

  /** Cell i asks for the picked digit, or digit i mod 10 ("all"); none without a conditional net. */
  private classes(count: number): Int32Array | null {
    if (!this.conditional) return null;
    const out = new Int32Array(count);
    for (let i = 0; i < count; i++) out[i] = this.sample.digit >= 0 ? this.sample.digit : i % this.train.classes;
    return out;
  }

  private async snapshot(now: number): Promise<void> {
    const trainer = this.trainer!;
    this.snapshotWanted = false;
    this.lastSnapshotAt = now;
    const classes = this.classes(GRID_COUNT);
    const samples = await sampleImages(trainer.model, {
      start: this.gridStarts,
      count: GRID_COUNT,
      dim: IMAGE_DIM,
      steps: this.sample.steps,
      solver: this.sample.solver,
      frames: GRID_FRAMES,
      classes,
      guidance: this.sample.guidance,
    });
    const frames = samples.length / (GRID_COUNT * IMAGE_DIM);
    const paths = projectPca2(this.pca, samples, frames * GRID_COUNT, IMAGE_DIM);
    const last = samples.subarray((frames - 1) * GRID_COUNT * IMAGE_DIM);
    const nn = nearestImages(last, GRID_COUNT, this.train.pixels, this.train.count, IMAGE_DIM);
    const nearest = new Float32Array(GRID_COUNT * IMAGE_DIM);
    for (let i = 0; i < GRID_COUNT; i++) nearest.set(this.train.pixels.subarray(nn.index[i] * IMAGE_DIM, (nn.index[i] + 1) * IMAGE_DIM), i * IMAGE_DIM);
    if (Number.isNaN(this.heldOutDistance) && this.heldOut.count > 0) this.heldOutDistance = median(nearestImages(this.heldOut.pixels, this.heldOut.count, this.train.pixels, this.train.count, IMAGE_DIM).distance);
    this.host.post({
      type: 'imagesSnapshot',
      run: this.run,
      snapshot: {
        step: trainer.step,
        count: GRID_COUNT,
        frames,
        samples,
        paths,
        nearest,
        nearestDistance: Float32Array.from(nn.distance),
        heldOutDistance: this.heldOutDistance,
        classes: classes ?? new Int32Array(GRID_COUNT).fill(-1),
        guidance: this.sample.guidance,
        ms: performance.now() - now,
      },
    });
    this.snapshotGap = Math.max(SNAPSHOT_GAP_MS, SNAPSHOT_COST_FACTOR * (performance.now() - now));
  }

  /** The pixel-space fit against held-out images, the nearest-neighbour ratio, and the Euler-steps strip. */
  private async measure(now: number): Promise<void> {
    const trainer = this.trainer!;
    this.fitStep = trainer.step;
    this.lastFitAt = now;
    const n = Math.min(FIT_COUNT, this.heldOut.count);
    let slicedW2 = NaN;
    let nnRatio = NaN;
    if (n >= 2) {
      const held = headOf(this.heldOut, n);
      // The conditional net is measured as it was trained: each sample asks for a held-out image's label, no extra guidance.
      const classes = this.conditional && held.labels ? Int32Array.from(held.labels) : null;
      const generated = await sampleImages(trainer.model, { start: this.fitStarts.subarray(0, n * IMAGE_DIM), count: n, dim: IMAGE_DIM, steps: this.sample.steps, solver: this.sample.solver, frames: 2, classes, guidance: 1 });
      const gen = generated.subarray(n * IMAGE_DIM);
      const seed = deriveSeed(this.settings.seed, 'fit-directions');
      slicedW2 = slicedW2Pixels(gen, n, held.pixels, n, IMAGE_DIM, { directions: 64, seed });
      this.floor ??= slicedW2PixelsFloor(held.pixels, this.train.pixels, IMAGE_DIM, { directions: 64, seed, samples: n });
      const m = Math.min(NN_COUNT, n) * IMAGE_DIM;
      nnRatio = nearestRatio(gen.subarray(0, m), held.pixels.subarray(0, m), this.train.pixels, IMAGE_DIM);
    }
    const classes = this.classes(STRIP_COUNT);
    const strip = new Float32Array(STRIP_STEPS.length * STRIP_COUNT * IMAGE_DIM);
    for (let r = 0; r < STRIP_STEPS.length; r++) {
      const out = await sampleImages(trainer.model, {
        start: this.gridStarts.subarray(0, STRIP_COUNT * IMAGE_DIM),
        count: STRIP_COUNT,
        dim: IMAGE_DIM,
        steps: STRIP_STEPS[r],
        solver: 'euler',
        frames: 2,
        classes,
        guidance: this.sample.guidance,
      });
      strip.set(out.subarray(STRIP_COUNT * IMAGE_DIM), r * STRIP_COUNT * IMAGE_DIM);
    }
    this.host.post({
      type: 'imagesFit',
      run: this.run,
      fit: { ms: performance.now() - now, step: trainer.step, slicedW2, floor: this.floor?.mean ?? NaN, floorSd: this.floor?.sd ?? NaN, nnRatio, samples: n, stripSteps: [...STRIP_STEPS], stripCount: STRIP_COUNT, strip },
    });
    this.fitGap = Math.max(FIT_GAP_MS, FIT_COST_FACTOR * (performance.now() - now));
  }

  dispose(): void {
    this.trainer?.dispose();
    this.trainer = null;
  }
}

/** Sum of the per-pixel variances of a set (the total the principal axes share). */
function totalVariance(set: ImageSet): number {
  const n = set.count;
  if (n < 2) return 0;
  let total = 0;
  for (let d = 0; d < IMAGE_DIM; d++) {
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < n; i++) {
      const v = set.pixels[i * IMAGE_DIM + d];
      s += v;
      s2 += v * v;
    }
    total += (s2 - (s * s) / n) / (n - 1);
  }
  return total;
}

function median(values: ArrayLike<number>): number {
  const a = Array.from(values).sort((x, y) => x - y);
  return a.length === 0 ? NaN : a[a.length >> 1];
}

/** The worker's side of the Images view: opens, closes and addresses the one image run. */
export function imagesController(scheduler: { add<T extends ScheduledRun>(run: T): T; remove(id: string): void }, host: ImageHost) {
  let run: ImageRuns | null = null;
  return {
    apply(msg: ImageToWorker): void {
      if (msg.type === 'images') {
        scheduler.remove(IMAGES_RUN_ID);
        run = msg.settings ? scheduler.add(new ImageRuns(host, msg.settings, msg.seq)) : null;
      } else if (run) run.apply(msg);
      else if (msg.type === 'imagesWeights') host.post({ type: 'imagesWeightsResult', id: msg.id, run: 0, checkpoint: null });
    },
    /** The backend changed: the model's tensors lived on the old one, so it starts over. */
    rebuild(): void {
      run?.build();
    },
  };
}
