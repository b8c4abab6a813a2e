/**
 * The brush's cost on the page: the whole app is mounted on the benchmark page (its stores, session,
 * worker, React panels and stage), the target cloud is set to a given size, and a ring of synthetic
 * pointer moves is drawn on the stage, one per animation frame as a hand makes them. Per move it
 * times the event's handlers and the stage's next frame, each followed by a forced raster of the
 * clouds canvas (the old renderer drew the clouds in the handler, the new one in the frame); over
 * the stroke it records
 * the page's long tasks (everything else the moves cause: React, worker replies, paint). Then it
 * presses Train and times the first step.
 */
import { parsePreset, samplePreset } from '../core/presets';
import { MAX_CLOUD_POINTS } from '../core/config';
import type { BenchRecord } from './protocol';
import { mountApp } from './mountApp';

export interface BrushBenchOptions {
  /** Cloud sizes at the end of the stroke. */
  points: number[];
  /** Pointer moves per stroke. */
  moves: number;
}

const frame = () => new Promise<number>((r) => requestAnimationFrame(r));
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

async function until(check: () => boolean, ms: number): Promise<number> {
  const t0 = performance.now();
  while (!check()) {
    if (performance.now() - t0 > ms) return NaN;
    await sleep(10);
  }
  return performance.now() - t0;
}

export async function brushBench(opts: BrushBenchOptions, report: (r: BenchRecord) => void): Promise<void> {
  await mountApp();
  const [{ useScene }, { useEdit }, { useTraining }, { setTraining, resetModel }, { StageRenderer }] = await Promise.all([
    import('../state/sceneStore'),
    import('../state/editStore'),
    import('../state/trainingStore'),
    import('../state/session'),
    import('../view/stageRenderer'),
  ]);
  if (Number.isNaN(await until(() => useTraining.getState().backend !== null, 120_000))) throw new Error('the training worker did not start');
  const backend = useTraining.getState().backend!.name;
  const stage = document.querySelector<HTMLElement>('[data-testid=stage]')!;
  const clouds = stage.querySelector('canvas')!;
  // A 1-pixel read makes the canvas finish drawing (its raster may otherwise run elsewhere, later).
  const flush = () => clouds.getContext('2d')!.getImageData(0, 0, 1, 1);
  // Time the stage's frames too: a move's cost includes the redraw it causes in the next frame.
  let frameMs = 0;
  const drawFrame = StageRenderer.prototype.drawFrame;
  StageRenderer.prototype.drawFrame = function (this: InstanceType<typeof StageRenderer>, t: number) {
    const t0 = performance.now();
    drawFrame.call(this, t);
    flush();
    frameMs += performance.now() - t0;
  };
  const density = useEdit.getState().density;
  for (const end of opts.points) {
    // Start low enough that the stroke ends at `end` points and never hits the cap.
    const start = Math.max(0, Math.min(end, MAX_CLOUD_POINTS - opts.moves * density));
    const scene = useScene.getState();
    scene.editCloud('target', samplePreset(parsePreset('moons'), start, 7));
    scene.commitEdit();
    useEdit.setState({ tool: 'brush', side: 'target' });
    setTraining(false);
    resetModel();
    await sleep(1500); // let the worker settle on the new cloud
    const long: number[] = [];
    const observer = new PerformanceObserver((list) => {
      for (const e of list.getEntries()) long.push(e.duration);
    });
    observer.observe({ type: 'longtask' });
    // Long animation frames name the scripts that made them long.
    const culprits = new Map<string, number>();
    const loaf = new PerformanceObserver((list) => {
      for (const e of list.getEntries() as unknown as { scripts?: { invoker: string; sourceFunctionName: string; duration: number }[] }[]) {
        for (const sc of e.scripts ?? []) {
          const key = `${sc.invoker} ${sc.sourceFunctionName}`.trim();
          culprits.set(key, (culprits.get(key) ?? 0) + sc.duration);
        }
      }
    });
    try {
      loaf.observe({ type: 'long-animation-frame' });
    } catch {
      // Older browsers: no attribution.
    }
    const box = stage.getBoundingClientRect();
    const cx = box.left + 0.6 * box.width;
    const cy = box.top + 0.5 * box.height;
    const r = 0.2 * box.width;
    const at = (i: number) => ({ clientX: cx + r * Math.cos((2 * Math.PI * i) / opts.moves), clientY: cy + r * Math.sin((2 * Math.PI * i) / opts.moves) });
    const event = (type: string, i: number) =>
      new PointerEvent(type, { ...at(i), pointerId: 7, pointerType: 'mouse', isPrimary: true, button: 0, buttons: type === 'pointerup' ? 0 : 1, bubbles: true, cancelable: true });
    stage.dispatchEvent(event('pointerdown', 0));
    const perMove: number[] = [];
    await frame();
    for (let i = 1; i <= opts.moves; i++) {
      const t0 = performance.now();
      stage.dispatchEvent(event('pointermove', i));
      await Promise.resolve();
      flush();
      const handler = performance.now() - t0;
      frameMs = 0;
      await frame(); // the stage's frame callback (timed above) runs before this one
      perMove.push(handler + frameMs);
    }
    stage.dispatchEvent(event('pointerup', opts.moves));
    await frame();
    await sleep(100); // long tasks are reported after they end
    observer.disconnect();
    loaf.disconnect();
    const top = [...culprits.entries()].sort((a, b) => b[1] - a[1]).slice(0, 6).map(([k, ms]) => `${k}: ${Math.round(ms)} ms`);
    const got = useScene.getState().target.length >> 1;
    const sorted = [...perMove].sort((a, b) => a - b);
    const workload = `${opts.moves} brush moves, target ${start.toLocaleString('en-US')} -> ${got.toLocaleString('en-US')} points, ${Math.round(box.width)} px stage`;
    report({
      metric: 'brush_move_ms',
      backend: 'page',
      workload,
      value: sorted[sorted.length >> 1],
      unit: 'ms',
      median: sorted[sorted.length >> 1],
      max: sorted[sorted.length - 1],
      points: end,
    });
    report({
      metric: 'brush_longest_task_ms',
      backend: 'page',
      workload,
      value: long.length > 0 ? Math.max(...long) : 0,
      unit: 'ms',
      longTasks: long.length,
      over50: long.filter((d) => d > 50).length,
      slowestScripts: top,
      points: end,
    });
    // Train right after the stroke: how long until the first step shows.
    const before = useTraining.getState().step;
    setTraining(true);
    const firstStep = await until(() => useTraining.getState().step > before, 30_000);
    setTraining(false);
    report({ metric: 'train_after_stroke_ms', backend, workload, value: firstStep, unit: 'ms', points: end });
  }
}
