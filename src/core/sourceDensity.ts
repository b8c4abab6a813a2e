/**
 * The source density the maximum-likelihood trainers (RealNVP, CNF) need in closed form: exact for a
 * Gaussian preset (any mean and std), unavailable for any other source (a sampled or drawn cloud has
 * no exact density, and a KDE would make the likelihood a property of the bandwidth, not the model).
 * Flow matching needs no source density at all.
 */
import { gaussianLogDensity, MIN_DENSITY_STD, type LogDensityFn } from './densityModels';
import type { IsoGaussian } from './gaussianField';
import type { PresetSpec } from './presets';

export const LOG_2PI = Math.log(2 * Math.PI);

/** A closed-form Gaussian source, or why there is none (for the panel to say, offering N(0, I)). */
export type SourceDensity = { ok: true; gaussian: IsoGaussian; logDensity: LogDensityFn } | { ok: false; reason: string };

/** The standard Gaussian N(0, I): what the panel offers when the source has no closed-form density. */
export const STANDARD_GAUSSIAN: IsoGaussian = { mean: [0, 0], std: 1 };

/** Std as the density uses it: floored at MIN_DENSITY_STD, as gaussianLogDensity does. */
export function densityStd(g: IsoGaussian): number {
  return Math.max(g.std, MIN_DENSITY_STD);
}

/** The exact source density of a preset, or why the likelihood trainers cannot use it. */
export function sourceDensityOf(spec: PresetSpec | null): SourceDensity {
  if (spec === null) {
    return { ok: false, reason: 'a drawn or imported source has no closed-form density: maximum likelihood needs one (use a Gaussian source)' };
  }
  if (spec.name !== 'gaussian') {
    return { ok: false, reason: `the ${spec.name} source has no closed-form density here: maximum likelihood needs one (use a Gaussian source)` };
  }
  const gaussian: IsoGaussian = { mean: [spec.mean[0], spec.mean[1]], std: spec.std };
  return { ok: true, gaussian, logDensity: gaussianLogDensity(gaussian.mean, gaussian.std) };
}

/** Differential entropy of an isotropic 2D Gaussian: log(2 pi e s^2), the best achievable mean NLL. */
export function gaussianEntropy(std: number): number {
  return LOG_2PI + 1 + 2 * Math.log(std);
}
