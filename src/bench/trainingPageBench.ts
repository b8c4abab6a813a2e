/**
 * The page while the default scene trains: the whole app is mounted on the benchmark page, Train is
 * pressed, and for `seconds` it records the page's long tasks, the frames the stage drew and the
 * steps the worker made; also the time from Train to the first reported step. The e2e suite only
 * guards these at a loose bound; the figures are read here.
 */
import type { BenchRecord } from './protocol';
import { mountApp } from './mountApp';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** untilFirstStep: stop at the first step (for a slow backend, where only that figure is read). */
export async function trainingPageBench(seconds: number, report: (r: BenchRecord) => void, untilFirstStep = false): Promise<void> {
  await mountApp();
  const [{ useTraining }, { setTraining }, { clock }] = await Promise.all([import('../state/trainingStore'), import('../state/session'), import('../view/clock')]);
  const t0 = performance.now();
  while (useTraining.getState().backend === null) {
    if (performance.now() - t0 > 120_000) throw new Error('the training worker did not start');
    await sleep(20);
  }
  const backend = useTraining.getState().backend!.name;
  await sleep(1000);
  const long: number[] = [];
  const observer = new PerformanceObserver((list) => {
    for (const e of list.getEntries()) long.push(e.duration);
  });
  observer.observe({ type: 'longtask' });
  const workload = `default scene, ${seconds} s of training, ${navigator.hardwareConcurrency} cores`;
  const frames0 = clock.frames;
  const step0 = useTraining.getState().step;
  const start = performance.now();
  setTraining(true);
  let first = NaN;
  while (performance.now() - start < seconds * 1000) {
    if (Number.isNaN(first) && useTraining.getState().step > step0) {
      first = performance.now() - start;
      if (untilFirstStep) break;
    }
    await sleep(5);
  }
  const ms = performance.now() - start;
  const frames = clock.frames - frames0;
  const steps = useTraining.getState().step - step0;
  setTraining(false);
  await sleep(100);
  observer.disconnect();
  report({ metric: 'train_first_step_ms', backend, workload, value: first, unit: 'ms' });
  report({ metric: 'page_longest_task_while_training_ms', backend, workload, value: long.length ? Math.max(...long) : 0, unit: 'ms', over50: long.filter((d) => d > 50).length, over100: long.filter((d) => d > 100).length, longTasks: long.length });
  report({ metric: 'page_frames_per_s_while_training', backend, workload, value: (frames * 1000) / ms, unit: 'frames/s' });
  report({ metric: 'page_steps_per_s', backend, workload, value: (steps * 1000) / ms, unit: 'steps/s' });
}
