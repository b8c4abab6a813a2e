/**
 * Binds the laboratory's views to the stage renderer: the density heatmap, reverse-mapped points and
 * the closed-form field of Gaussian scenes.
 */
import { gaussianMarginalVelocity, type IsoGaussian } from '../core/gaussianField';
import { parsePreset } from '../core/presets';
import { useLab } from '../state/labStore';
import { useScene } from '../state/sceneStore';
import { clock } from '../state/clock';
import type { StageRenderer, TrueField } from './stageRenderer';

/** Both clouds as isotropic Gaussians when both are untouched Gaussian presets, else null. */
export function gaussianPair(): { source: IsoGaussian; target: IsoGaussian } | null {
  const { sourceSpec, targetSpec } = useScene.getState();
  if (!sourceSpec || !targetSpec) return null;
  const a = parsePreset(sourceSpec);
  const b = parsePreset(targetSpec);
  if (a.name !== 'gaussian' || b.name !== 'gaussian') return null;
  return { source: { mean: a.mean, std: a.std }, target: { mean: b.mean, std: b.std } };
}

export function trueFieldFor(pair: { source: IsoGaussian; target: IsoGaussian }): TrueField {
  return (t, x, y, out) => gaussianMarginalVelocity(pair.source, pair.target, t, x, y, out);
}

export function bindLabLayers(renderer: StageRenderer): () => void {
  const apply = () => {
    const lab = useLab.getState();
    renderer.showReverse = lab.reverse;
    const pair = lab.trueField ? gaussianPair() : null;
    renderer.trueField = pair ? trueFieldFor(pair) : null;
    renderer.setDensity(lab.density && lab.densityResult ? lab.densityResult : null);
    clock.invalidate();
  };
  apply();
  const a = useLab.subscribe((s, p) => {
    if (s.reverse !== p.reverse || s.trueField !== p.trueField || s.density !== p.density || s.densityResult !== p.densityResult) apply();
  });
  const b = useScene.subscribe((s, p) => {
    if (s.sourceSpec !== p.sourceSpec || s.targetSpec !== p.targetSpec) apply();
  });
  return () => {
    a();
    b();
  };
}
