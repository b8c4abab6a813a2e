/**
 * What a single step shows on the stage: the batch's pairs on the teaching layer (x0 to x1, with
 * x_t at each pair's own t and its target arrow), and, once the snapshot after the step arrives,
 * the field's change for a moment.
 */
import { useTraining, type StepBatch } from '../state/trainingStore';
import { clock } from '../state/clock';
import type { StageRenderer } from './stageRenderer';
import { teachingLayer } from './teachingLayer';

/** The last field change put on the stage: its step and typical size (tests read it; the drawing fades). */
export let lastFieldChange: { step: number; size: number } | null = null;

export function bindStepView(renderer: StageRenderer): () => void {
  let changeShownFor: StepBatch | null = null;
  const update = () => {
    const { stepBatch: b, snapshot } = useTraining.getState();
    const layer = teachingLayer();
    if (layer) layer.stepPairs = b ? { x0: b.x0, x1: b.x1, t: b.t, count: b.count } : null;
    if (!b) {
      changeShownFor = null;
      renderer.setFieldChange(null, 0);
    } else if (b !== changeShownFor && snapshot && snapshot.step === b.step && !snapshot.fromHistory) {
      changeShownFor = b;
      lastFieldChange = { step: b.step, size: renderer.setFieldChange(b.fieldBefore, performance.now()) };
    }
    clock.invalidate();
  };
  update();
  const unsubs = [
    useTraining.subscribe((s, p) => {
      if (s.stepBatch !== p.stepBatch || s.snapshot !== p.snapshot) update();
    }),
    // Keep redrawing while the change fades out, even when t stands still.
    clock.subscribe(() => {
      if (renderer.changeShowing) clock.invalidate();
    }),
  ];
  return () => unsubs.forEach((u) => u());
}
