/**
 * Couplings: how the trainer pairs its source draws x0 with its target draws x1 inside a batch.
 * Independent pairs need no work; minibatch OT re-pairs x1 by the exact optimal assignment.
 */
import type { CouplingName } from './config';
import { applyPairing, otPairing } from './otAssignment';
import type { Coupler } from './trainingBatch';

/**
 * Exact minibatch OT: x1 is permuted in place so x0[i] meets the partner that minimises the summed
 * squared distance. A permutation, never sampling the plan with replacement, which would duplicate
 * some targets and drop others (and bias the learned marginals).
 */
export function createOtCoupler(): Coupler {
  // applyPairing cannot reorder in place; one scratch buffer per coupler, regrown only when the batch grows.
  let scratch = new Float32Array(0);
  return (x0, x1) => {
    if (scratch.length !== x1.length) scratch = new Float32Array(x1.length);
    applyPairing(x1, otPairing(x0, x1), scratch);
    x1.set(scratch);
  };
}

/** The coupler for a setting; undefined means independent pairs (the trainer then skips coupling). */
export function couplerFor(name: CouplingName): Coupler | undefined {
  switch (name) {
    case 'ot':
      return createOtCoupler();
    case 'independent':
      return undefined;
  }
}
