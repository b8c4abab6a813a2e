/** Read-only test hooks for single steps and the training history (merged into window.__fm). */
import { useTraining } from '../state/trainingStore';
import { teachingLayer } from './teachingLayer';
import { lastFieldChange } from './stepView';

export interface HistoryDebug {
  /** The last single step's batch as the stage draws it: its step and the number of pairs, or null. */
  stepBatch(): { step: number; count: number; drawn: number } | null;
  /** The last single step whose field change was drawn, and the change's typical size (velocity units). */
  fieldChange(): { step: number; size: number } | null;
  /** Steps of the worker's history checkpoints. */
  checkpoints(): number[];
  /** Whether the latest snapshot shows a history checkpoint rather than the live weights. */
  snapshotFromHistory(): boolean;
}

export function historyHooks(): HistoryDebug {
  return {
    stepBatch: () => {
      const b = useTraining.getState().stepBatch;
      return b ? { step: b.step, count: b.count, drawn: teachingLayer()?.stepPairs?.count ?? 0 } : null;
    },
    fieldChange: () => lastFieldChange,
    checkpoints: () => [...useTraining.getState().checkpoints],
    snapshotFromHistory: () => !!useTraining.getState().snapshot?.fromHistory,
  };
}
