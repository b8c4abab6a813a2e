/** Messages between the benchmark page and its worker. */
export type BenchBackend = 'wasm' | 'webgpu';

export interface Workload {
  batch: number;
  hiddenLayers: number;
  width: number;
}

export const WORKLOADS: Workload[] = [
  { batch: 256, hiddenLayers: 3, width: 64 },
  { batch: 512, hiddenLayers: 3, width: 128 },
  { batch: 2048, hiddenLayers: 3, width: 256 },
];

export const workloadLabel = (w: Workload): string => `batch ${w.batch} / ${w.hiddenLayers}x${w.width}`;

/** One measurement: printed as one JSON line and collected into bench-results/latest.json. */
export interface BenchRecord {
  metric: string;
  backend: string;
  workload?: string;
  value: number | null;
  unit: string;
  [extra: string]: unknown;
}

export interface BenchRequest {
  type: 'run';
  backend: BenchBackend;
  /**
   * full: timings, kernel counts and memory; quick: the same on the two smaller sizes with single
   * runs (npm run bench -- --quick); count: kernel counts (and correctness) only, for a software GPU;
   * density: only the density grid, the product against the naive tf.grad field (BENCH_ONLY=density).
   */
  mode: 'full' | 'quick' | 'count' | 'density';
  /** Training steps of the memory check (20,000 by default). */
  memorySteps: number;
  /** Seconds each steps/s measurement runs. */
  seconds: number;
  /** Only the training rows (kernels and steps/s per size): no sampling, laboratory or memory rows. */
  trainOnly?: boolean;
  /**
   * Also time the product step with the previous backward (tfjs ops: transposes, Sum, elementwise
   * kernels; Mlp.hostBackward = false), as "before" beside "after" in the same run; the three loops
   * are then measured interleaved, chunk by chunk.
   */
  withOpsBackward?: boolean;
}

export type FromBench =
  | { type: 'record'; record: BenchRecord }
  | { type: 'log'; message: string }
  | { type: 'done' }
  | { type: 'error'; message: string };

/** The Images benchmark (BENCH_ONLY=images): flow matching on 16 x 16 digits in a module Worker. */
export interface ImagesBenchRequest {
  type: 'images';
  backend: BenchBackend;
  /** Seconds each steps/s figure runs. */
  seconds: number;
  /** Training steps of the memory check (0: none), on memorySize (a small net keeps 5,000 steps short). */
  memorySteps: number;
  memorySize: { hiddenLayers: number; width: number };
  /** Longest training, in seconds, of each time-to-recognisable run (0: none). */
  recogniseSeconds: number;
  /** Network sizes measured (hidden layers x width), all at batch 256. */
  sizes: { hiddenLayers: number; width: number }[];
}
