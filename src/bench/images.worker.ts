/// <reference lib="webworker" />
/**
 * The Images benchmark worker: the image trainer and sampler of the Images view on one backend, in a
 * module Worker like the app's. Training steps/s and kernels (GPU programs) per step at batch 256,
 * memory before and after many steps (on a smaller net: the same kernels per step, a fraction of the time), and the training seconds until samples are recognisable: the
 * nearest-class-mean classifier agrees with the asked digit on more than 80 % of 64 samples.
 */
import * as tf from '@tensorflow/tfjs-core';
import { classAgreement, classMeans } from '../core/images/classify';
import { DIGITS_DEFAULT, makeDigits } from '../core/images/digits16';
import { DEFAULT_IMAGE_CONFIG, DEFAULT_IMAGE_SAMPLE } from '../core/images/imageConfig';
import { DIGIT_CLASSES, IMAGE_DIM } from '../core/images/imageSet';
import { selectBackend, wasmThreadsAvailable } from '../engine/backendSelect';
import { noiseImages, sampleImages } from '../engine/imageSampling';
import { ImageTrainer } from '../engine/imageTrainer';
import { countKernels, installKernelCounter } from './kernelCount';
import type { BenchRecord, FromBench, ImagesBenchRequest } from './protocol';

const ctx = self as unknown as DedicatedWorkerGlobalScope;
const post = (m: FromBench) => ctx.postMessage(m);
const log = (message: string) => post({ type: 'log', message });
let backendName = '';
const record = (r: Omit<BenchRecord, 'backend'>) => post({ type: 'record', record: { backend: backendName, ...r } as BenchRecord });

/** Samples the recognisability check draws, and the agreement it asks for. */
const CHECK_SAMPLES = 64;
const RECOGNISABLE = 0.8;
const SAMPLE_STEPS = 20;

const label = (s: { hiddenLayers: number; width: number }) => `images batch 256 / ${s.hiddenLayers}x${s.width}`;

function trainerFor(s: { hiddenLayers: number; width: number }, data: ReturnType<typeof makeDigits>, seed = 7): ImageTrainer {
  const t = new ImageTrainer({ config: { ...DEFAULT_IMAGE_CONFIG, ...s, batchSize: 256 }, seed, explicitTranspose: backendName === 'wasm' || backendName === 'cpu' });
  t.setData(data, null);
  return t;
}

async function speed(req: ImagesBenchRequest, data: ReturnType<typeof makeDigits>): Promise<void> {
  for (const s of req.sizes) {
    const trainer = trainerFor(s, data);
    await trainer.train(3, 10);
    const steps = 5;
    const c = await countKernels(() => trainer.train(steps, 10));
    const onGpu = backendName === 'webgpu';
    record({ metric: 'images_kernels_per_step', workload: label(s), value: (onGpu ? c.programs : c.kernels) / steps, unit: onGpu ? 'GPU programs/step' : 'kernels/step', tfjsKernelsPerStep: c.kernels / steps });
    // Chunks of ~1 s (one loss read each, as the app reads it about once a second).
    const w0 = performance.now();
    await trainer.train(2, 10);
    const per = (performance.now() - w0) / 2;
    const chunk = Math.max(1, Math.round(1000 / Math.max(per, 1)));
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < req.seconds * 1000) {
      await trainer.train(chunk, 10);
      n += chunk;
    }
    const ms = performance.now() - t0;
    record({ metric: 'images_train_steps_per_s', workload: label(s), value: (n * 1000) / ms, unit: 'steps/s', steps: n, ms });
    log(`${label(s)}: ${((n * 1000) / ms).toFixed(1)} steps/s`);
    trainer.dispose();
  }
}

async function memory(req: ImagesBenchRequest, data: ReturnType<typeof makeDigits>): Promise<void> {
  const s = req.memorySize;
  const trainer = trainerFor(s, data);
  await trainer.train(10, 10);
  const before = tf.memory();
  const t0 = performance.now();
  for (let done = 0; done < req.memorySteps; ) {
    const n = Math.min(100, req.memorySteps - done);
    await trainer.train(n, 10);
    done += n;
    if (done % 1000 === 0) log(`memory: ${done}/${req.memorySteps} steps`);
  }
  const after = tf.memory();
  const common = { workload: label(s), steps: req.memorySteps, seconds: (performance.now() - t0) / 1000 };
  record({ metric: 'images_memory_tensors_before', value: before.numTensors, unit: 'tensors', ...common });
  record({ metric: 'images_memory_tensors_after', value: after.numTensors, unit: 'tensors', ...common });
  record({ metric: 'images_memory_bytes_before', value: before.numBytes, unit: 'bytes', ...common });
  record({ metric: 'images_memory_bytes_after', value: after.numBytes, unit: 'bytes', ...common });
  trainer.dispose();
}

/** Training seconds (evaluations not counted) until 64 guided samples are recognisable, per size. */
async function recognisable(req: ImagesBenchRequest, data: ReturnType<typeof makeDigits>): Promise<void> {
  const means = classMeans(data);
  const asked = Int32Array.from({ length: CHECK_SAMPLES }, (_, i) => i % DIGIT_CLASSES);
  const start = noiseImages(CHECK_SAMPLES, IMAGE_DIM, 99);
  for (const s of req.sizes) {
    const trainer = trainerFor(s, data, 1);
    let trainMs = 0;
    let agreement = 0;
    const curve: [number, number, number][] = [];
    // Check every ~5 s of training (sooner at first), each a chunk of steps sized from the measured pace.
    let chunk = 20;
    while (trainMs < req.recogniseSeconds * 1000) {
      const t0 = performance.now();
      await trainer.train(chunk, 10);
      const dt = performance.now() - t0;
      trainMs += dt;
      const x = await sampleImages(trainer.model, { start, count: CHECK_SAMPLES, dim: IMAGE_DIM, steps: SAMPLE_STEPS, solver: 'euler', frames: 1, classes: asked, guidance: DEFAULT_IMAGE_SAMPLE.guidance });
      agreement = classAgreement(means, x, asked);
      curve.push([Number((trainMs / 1000).toFixed(1)), trainer.step, agreement]);
      log(`${label(s)}: ${(trainMs / 1000).toFixed(1)} s, step ${trainer.step}, agreement ${agreement.toFixed(2)}`);
      if (agreement > RECOGNISABLE) break;
      chunk = Math.max(10, Math.round((5000 * chunk) / Math.max(dt, 1)));
    }
    const ok = agreement > RECOGNISABLE;
    record({
      metric: 'images_seconds_to_recognisable',
      workload: `${label(s)}, conditional, guidance ${DEFAULT_IMAGE_SAMPLE.guidance}, ${SAMPLE_STEPS} Euler steps`,
      value: ok ? trainMs / 1000 : null,
      unit: 's',
      steps: trainer.step,
      agreement,
      reached: ok,
      limitSeconds: req.recogniseSeconds,
      curve,
      note: `training time until the nearest-class-mean classifier agrees with the asked digit on > ${RECOGNISABLE * 100} % of ${CHECK_SAMPLES} samples (sampling time not counted)`,
    });
    trainer.dispose();
  }
}

async function run(req: ImagesBenchRequest): Promise<void> {
  backendName = req.backend;
  const report = await selectBackend(req.backend);
  backendName = report.name;
  if (report.name !== req.backend) throw new Error(`asked for ${req.backend}, got ${report.name}: ${report.fallbackReason}`);
  installKernelCounter();
  record({
    metric: 'images_backend',
    value: null,
    unit: '',
    adapter: report.adapter,
    wasmThreads: report.name === 'wasm' ? await wasmThreadsAvailable() : false,
    crossOriginIsolated: (self as unknown as { crossOriginIsolated?: boolean }).crossOriginIsolated === true,
  });
  const data = makeDigits(DIGITS_DEFAULT);
  await speed(req, data);
  if (req.memorySteps > 0) await memory(req, data);
  if (req.recogniseSeconds > 0) await recognisable(req, data);
}

ctx.onmessage = (ev: MessageEvent<ImagesBenchRequest>) => {
  run(ev.data)
    .then(() => post({ type: 'done' }))
    .catch((e: unknown) => post({ type: 'error', message: e instanceof Error ? `${e.message}\n${e.stack ?? ''}` : String(e) }));
};
