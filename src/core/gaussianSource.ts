/**
 * Which settings need the source to be N(0, I) noise, and the sentence the UI shows when it is not.
 * VP and VE are defined with noise as x0 (VE scales it by VE_SIGMA_MAX when sampling starts); the score
 * target and the SDE read -x0 / sigma_t as the score of p_t, true only for N(0, I) noise. Straight and
 * cosine with the velocity or epsilon target work from any source (epsilon then predicts the source point).
 */
import type { DiffusionPathName } from './diffusionPaths';
import type { TargetKind } from './predictionTargets';
import { parsePreset, PresetError } from './presets';

/** True for the preset spec of N(0, I) ("gaussian" or "gaussian:0,0,1"); a drawn cloud (null) is not. */
export function isStandardNormalSource(spec: string | null): boolean {
  if (!spec) return false;
  try {
    const p = parsePreset(spec);
    return p.name === 'gaussian' && p.mean[0] === 0 && p.mean[1] === 0 && p.std === 1;
  } catch (e) {
    if (e instanceof PresetError) return false;
    throw e;
  }
}

/** The reasons these settings need N(0, I) noise as the source (empty when any source works). */
export function gaussianSourceReasons(path: DiffusionPathName, kind: TargetKind, sdeNoise: number): string[] {
  const reasons: string[] = [];
  if (path === 'vp' || path === 've') reasons.push(`the ${path.toUpperCase()} path adds Gaussian noise to the data: its source is N(0, I) noise`);
  if (kind === 'score') reasons.push('the score target -x0 / sigma_t is the score of the noisy data only when x0 is N(0, I) noise');
  if (sdeNoise > 0) reasons.push('the SDE sampler computes the score from the velocity assuming N(0, I) noise as the source');
  return reasons;
}

/** One sentence for the UI when the source is not N(0, I) but the settings need it; null otherwise. */
export function gaussianSourceWarning(path: DiffusionPathName, kind: TargetKind, sdeNoise: number, sourceSpec: string | null): string | null {
  if (isStandardNormalSource(sourceSpec)) return null;
  const reasons = gaussianSourceReasons(path, kind, sdeNoise);
  if (reasons.length === 0) return null;
  return `Use the Gaussian source N(0, I): ${reasons.join('; ')}.`;
}
