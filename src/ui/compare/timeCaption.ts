/** The line under each compare panel: what t means for that model. */
import type { Objective } from '../../core/objectives';

/** What t is for this model, at this t (RealNVP: which coupling layers have been applied). */
export function timeCaption(objective: Objective, t: number, couplings: number): string {
  if (objective === 'realnvp') {
    const k = Math.round(t * couplings * 1000) / 1000;
    const whole = Number.isInteger(k);
    return whole
      ? `t = ${t.toFixed(2)}: after ${k} of ${couplings} couplings (invertible layers)`
      : `t = ${t.toFixed(2)}: between couplings ${Math.floor(k)} and ${Math.floor(k) + 1} of ${couplings}`;
  }
  return `t = ${t.toFixed(2)}: ODE time, from the source (0) to the target (1)`;
}
