/**
 * A read-only window into the Images view for end-to-end tests (window.__fmImages), plus one setter:
 * a small net so a test trains in seconds.
 */
import { clock } from '../../state/clock';
import { setImagesSettings } from '../../state/imagesSession';
import { imagesCheckpoint, useImages, type ImagesSettings } from '../../state/imagesStore';
import { useUserImages } from '../../state/imagesUserData';
import { pixelAt } from '../../view/imageGrid';
import { injectFault } from '../../state/session';

export interface ImagesDebug {
  step(): number;
  losses(): number;
  snapshotStep(): number | null;
  fitStep(): number | null;
  /** Pixels of grid sample i at time t (the clock's t by default), as the grid draws them. */
  pixels(i: number, t?: number): number[];
  /** What the latest picture and fit cost the worker, in ms. */
  costs(): { snapshot: number; fit: number; stepsPerSecond: number };
  /** Pictures received since the view opened. */
  snapshots(): number;
  /** The digit each grid cell asked for in the latest picture (-1: none). */
  classes(): number[];
  /** Pixels of the i-th imported picture. */
  imported(i: number): number[];
  /** Step of the last weight checkpoint the page keeps (null: none). */
  checkpointStep(): number | null;
  /** Fault drill: crash the worker (as window.__fm.fault, which needs the stage). */
  fault(kind: 'throw' | 'close'): void;
  /** Settings that start the model over (a small net for tests). */
  configure(patch: Partial<ImagesSettings>): void;
}

declare global {
  interface Window {
    __fmImages?: ImagesDebug;
  }
}

export function installImagesDebug(): () => void {
  let snapshots = 0;
  const unsub = useImages.subscribe((s, p) => {
    if (s.snapshot && s.snapshot !== p.snapshot) snapshots += 1;
  });
  window.__fmImages = {
    snapshots: () => snapshots,
    costs: () => {
      const s = useImages.getState();
      return { snapshot: s.snapshot?.ms ?? NaN, fit: s.fit?.ms ?? NaN, stepsPerSecond: s.stepsPerSecond };
    },
    classes: () => Array.from(useImages.getState().snapshot?.classes ?? []),
    imported: (i) => Array.from(useUserImages.getState().imported[i]?.pixels ?? []),
    step: () => useImages.getState().step,
    losses: () => useImages.getState().history.steps.length,
    snapshotStep: () => useImages.getState().snapshot?.step ?? null,
    fitStep: () => useImages.getState().fit?.step ?? null,
    pixels: (i, t = clock.t) => {
      const s = useImages.getState().snapshot;
      if (!s) return [];
      return Array.from({ length: 256 }, (_, p) => pixelAt(s.samples, s.frames, s.count, i, p, t));
    },
    checkpointStep: () => imagesCheckpoint()?.step ?? null,
    fault: (kind) => injectFault(kind),
    configure: (patch) => setImagesSettings(patch),
  };
  return () => {
    unsub();
    delete window.__fmImages;
  };
}
