/** The laboratory's controls (loaded when the panel first opens): probability path, coupling, reflow, reverse map,
 * density and the closed-form check. */
import { useEffect, useMemo, useRef, useState } from 'react';
import { DIFFUSION_PATH_NAMES, VE_SIGMA_MAX, type DiffusionPathName } from '../core/diffusionPaths';
import type { CouplingName } from '../core/config';
import { fieldErrorAgainst, trueFieldCaveat, trueFieldGrid, type TrueFieldGrid } from '../core/trueField';
import { useLab } from '../state/labStore';
import { useScene } from '../state/sceneStore';
import { startReflow } from '../state/session';
import { useTraining } from '../state/trainingStore';
import { trueFieldPlan } from '../view/labLayers';
import { CLASS_NAMES } from '../view/palette';

const REFLOW_STEPS = 1000;

export function LabControls() {
  const train = useScene((s) => s.train);
  const setTrain = useScene((s) => s.setTrain);
  const lab = useLab();
  const snapshot = useTraining((s) => s.snapshot);
  // The exact field follows the clouds, the path, the picked class and the guidance weight.
  const [sourceSpec, targetSpec, target, targetLabels, jitter, conditional, sampleClass, guidance] = [
    useScene((s) => s.sourceSpec),
    useScene((s) => s.targetSpec),
    useScene((s) => s.target),
    useScene((s) => s.targetLabels),
    useScene((s) => s.train.jitter),
    useScene((s) => s.train.conditional),
    useScene((s) => s.sample.sampleClass),
    useScene((s) => s.sample.guidance),
  ];
  const plan = useMemo(() => trueFieldPlan(), [sourceSpec, targetSpec, target, targetLabels, train.path, jitter, conditional, sampleClass, guidance]);
  const available = plan.spec !== null;
  // The exact field on the snapshot's grid, computed once per plan (an empirical field sums over the
  // target's points at every cell); each snapshot then costs one pass over the grid.
  const truth = useRef<{ spec: object; key: string; grid: TrueFieldGrid } | null>(null);
  const [error, setError] = useState(NaN);
  useEffect(() => {
    if (!lab.trueField || !plan.spec || !snapshot) return setError(NaN);
    // Mid-gesture the plan changes with every move; the full snapshot after the gesture measures again.
    if (useScene.getState().editing && truth.current?.spec !== plan.spec) return;
    const key = `${snapshot.gridSize}|${snapshot.gridExtent}|${Array.from(snapshot.fieldTimes).join(',')}`;
    if (truth.current?.spec !== plan.spec || truth.current.key !== key) {
      truth.current = { spec: plan.spec, key, grid: trueFieldGrid(plan.spec, snapshot.fieldTimes, snapshot.gridSize, snapshot.gridExtent) };
    }
    setError(fieldErrorAgainst(truth.current.grid, snapshot.field));
  }, [snapshot, lab.trueField, plan]);
  const caveat = trueFieldCaveat(train.coupling, lab.reflowRound, train.sigmaMin);
  const d = lab.densityResult;

  return (
    <>
      <div className="grid2">
        <label className="field">
          <span>probability path</span>
          <select value={train.path} data-testid="set-path" onChange={(e) => setTrain({ path: e.target.value as DiffusionPathName })}>
            {DIFFUSION_PATH_NAMES.map((p) => (
              <option key={p} value={p}>
                {p === 'straight' ? 'straight (CondOT)' : p === 'cosine' ? 'cosine' : p === 'vp' ? 'VP (diffusion)' : 'VE (diffusion)'}
              </option>
            ))}
          </select>
        </label>
        <label className="field" title="Gaussian noise of this std added to x_t during training">
          <span>σ_min</span>
          <input type="number" min={0} max={1} step={0.01} value={train.sigmaMin} data-testid="set-sigma-min" onChange={(e) => setTrain({ sigmaMin: Number(e.target.value) })} />
        </label>
        <label className="field">
          <span>coupling</span>
          <select value={train.coupling} data-testid="set-coupling" onChange={(e) => setTrain({ coupling: e.target.value as CouplingName })}>
            <option value="independent">independent pairs</option>
            <option value="ot">minibatch OT</option>
          </select>
        </label>
        <div className="field">
          <span>
            reflow round <b data-testid="reflow-round">{lab.reflowRound}</b>
            {lab.reflowStepsLeft > 0 ? ` · ${lab.reflowStepsLeft} steps left` : ''}
          </span>
          <button type="button" data-testid="reflow" onClick={() => startReflow(REFLOW_STEPS)} disabled={lab.reflowStepsLeft > 0} title={`Integrate the current flow to pair each source point with where it lands, then fine-tune ${REFLOW_STEPS} steps on those pairs`}>
            Reflow → {lab.reflowRound + 1}-RF
          </button>
        </div>
      </div>
      <div className="lab-toggles">
        <label className="chip">
          <input type="checkbox" checked={lab.reverse} data-testid="lab-reverse" onChange={(e) => lab.set({ reverse: e.target.checked })} />
          reverse: target → source
        </label>
        <label className="chip">
          <input type="checkbox" checked={lab.density} data-testid="lab-density" onChange={(e) => lab.set({ density: e.target.checked })} />
          density heatmap
        </label>
        <label
          className="chip"
          title={
            plan.spec
              ? `The exact marginal field of ${plan.spec.target.kind === 'gaussian' ? 'the Gaussian target (closed form)' : plan.spec.targetClass !== null ? `class ${CLASS_NAMES[plan.spec.targetClass] ?? plan.spec.targetClass}'s target points` : "the target's points"} on this path, with independent pairs`
              : plan.reason
          }
        >
          <input type="checkbox" checked={lab.trueField} data-testid="lab-true-field" onChange={(e) => lab.set({ trueField: e.target.checked })} />
          true field
        </label>
      </div>
      {lab.density && (
        <p className="lab-note" data-testid="density-source">
          {lab.densityBusy && !d ? 'computing the density…' : d ? `log density at t = ${d.t.toFixed(2)} (${d.ms.toFixed(0)} ms); at t = 0 it starts from ${d.source === 'gaussian' ? 'the exact Gaussian density of the source' : 'a kernel density estimate of the source cloud'}${train.path === 've' ? `, spread ${VE_SIGMA_MAX}× (VE starts from the source scaled up)` : ''}.` : ''}
        </p>
      )}
      {lab.trueField && available && (
        <p className="lab-note">
          mean |learned − true| near the data: <b data-testid="true-field-error">{Number.isFinite(error) ? error.toFixed(3) : '–'}</b>
          {caveat ? ` (${caveat})` : ''}
        </p>
      )}
      {lab.trueField && !available && (
        <p className="lab-note" data-testid="true-field-none">
          {plan.reason}
        </p>
      )}
    </>
  );
}
