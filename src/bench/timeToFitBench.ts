/**
 * Time to fit on the app: the whole app is mounted on the benchmark page (a link's seed chooses the
 * draws), Train is pressed, and every snapshot's fit score is read against its noise floor until the
 * score is within `factor` times the floor. The time is when that snapshot reached the page, so it
 * includes everything the app does around training (snapshots, fit scores, the page); its resolution
 * is the snapshot interval (0.5 s or more).
 */
import type { BenchRecord } from './protocol';
import { mountApp } from './mountApp';

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export async function timeToFitBench(factor: number, maxSeconds: number, report: (r: BenchRecord) => void): Promise<void> {
  await mountApp();
  const [{ useTraining }, { setTraining }, { useScene }] = await Promise.all([import('../state/trainingStore'), import('../state/session'), import('../state/sceneStore')]);
  const t0 = performance.now();
  while (useTraining.getState().backend === null || useTraining.getState().snapshot === null) {
    if (performance.now() - t0 > 120_000) throw new Error('the training worker did not start');
    await sleep(20);
  }
  const backend = useTraining.getState().backend!.name;
  const seed = useScene.getState().seed;
  await sleep(500);
  interface Seen {
    step: number;
    fit: number;
    floor: number;
  }
  // Written by the store subscription (a closure), read after the wait.
  const seen: { reached: (Seen & { ms: number }) | null; last: Seen | null } = { reached: null, last: null };
  const start = performance.now();
  const unsubscribe = useTraining.subscribe((s, p) => {
    const snap = s.snapshot;
    if (!snap || snap === p.snapshot || seen.reached || snap.step === 0) return;
    seen.last = { step: snap.step, fit: snap.fit, floor: snap.fitFloor };
    if (snap.fit <= factor * snap.fitFloor) seen.reached = { ms: performance.now() - start, ...seen.last };
  });
  setTraining(true);
  while (!seen.reached && performance.now() - start < maxSeconds * 1000) await sleep(20);
  setTraining(false);
  unsubscribe();
  const { reached } = seen;
  const end = reached ?? seen.last;
  report({
    metric: 'time_to_fit_s',
    backend,
    workload: `default scene, sliced W2 <= ${factor}x its floor, seed ${seed}`,
    value: reached ? reached.ms / 1000 : null,
    unit: 's',
    reached: reached !== null,
    step: end?.step ?? null,
    fit: end?.fit ?? null,
    floor: end?.floor ?? null,
    limitSeconds: maxSeconds,
  });
}
