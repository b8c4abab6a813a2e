/**
 * Binds the laboratory's views to the stage renderer: the density heatmap, reverse-mapped points and
 * the exact marginal field (core/trueField.ts) beside the learned one.
 */
import type { IsoGaussian } from '../core/gaussianField';
import { parsePreset } from '../core/presets';
import { planTrueField, trueFieldAt, type TrueFieldPlan } from '../core/trueField';
import { useLab } from '../state/labStore';
import { useScene, type SceneState } from '../state/sceneStore';
import { clock } from '../state/clock';
import type { StageRenderer, TrueField } from './stageRenderer';

/** A cloud's preset as an isotropic Gaussian when it is an untouched Gaussian preset, else null. */
function presetGaussian(spec: string | null): IsoGaussian | null {
  if (!spec) return null;
  try {
    const p = parsePreset(spec);
    return p.name === 'gaussian' ? { mean: p.mean, std: p.std } : null;
  } catch {
    return null;
  }
}

/** The exact field the stage's learned arrows should match (the run's path, class and guidance), or why none exists. */
export function trueFieldPlan(s: SceneState = useScene.getState()): TrueFieldPlan {
  return planTrueField({
    source: presetGaussian(s.sourceSpec),
    targetGaussian: presetGaussian(s.targetSpec),
    target: s.target,
    targetLabels: s.targetLabels,
    path: s.train.path,
    jitter: s.train.jitter,
    conditional: s.train.conditional,
    sampleClass: s.sample.sampleClass,
    guidance: s.sample.guidance,
  });
}

/** What changes the exact field: a new plan is needed when any of these moves. */
const planKey = (s: SceneState) => [s.sourceSpec, s.targetSpec, s.target, s.targetLabels, s.train.path, s.train.jitter, s.train.conditional, s.sample.sampleClass, s.sample.guidance];

/**
 * The exact field for the renderer. An empirical one sums over up to TRUE_FIELD_MAX_POINTS points per
 * arrow, so its values are kept per (t to 1/200, cell): after one pass of the animation a frame reads them back.
 */
export function trueFieldFor(plan: TrueFieldPlan): TrueField | null {
  if (!plan.spec) return null;
  const at = trueFieldAt(plan.spec);
  if (plan.spec.target.kind === 'gaussian') return at;
  const cache = new Map<string, [number, number]>();
  return (t, x, y, out) => {
    const tq = Math.round(t * 200) / 200;
    const key = `${tq}|${x}|${y}`;
    let v = cache.get(key);
    if (!v) {
      if (cache.size > 200_000) cache.clear();
      v = [0, 0];
      at(tq, x, y, v);
      cache.set(key, v);
    }
    out[0] = v[0];
    out[1] = v[1];
  };
}

export function bindLabLayers(renderer: StageRenderer): () => void {
  const apply = () => {
    const lab = useLab.getState();
    renderer.showReverse = lab.reverse;
    renderer.trueField = lab.trueField ? trueFieldFor(trueFieldPlan()) : null;
    renderer.setDensity(lab.density && lab.densityResult ? lab.densityResult : null);
    clock.invalidate();
  };
  apply();
  const a = useLab.subscribe((s, p) => {
    if (s.reverse !== p.reverse || s.trueField !== p.trueField || s.density !== p.density || s.densityResult !== p.densityResult) apply();
  });
  const b = useScene.subscribe((s, p) => {
    const a2 = planKey(s);
    const b2 = planKey(p);
    if (a2.some((x, i) => x !== b2[i])) apply();
  });
  return () => {
    a();
    b();
  };
}
