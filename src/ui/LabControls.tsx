/** The laboratory's controls (loaded when the panel first opens): probability path, coupling, reflow, reverse map,
 * density and the closed-form check. */
import { useEffect, useState } from 'react';
import { DIFFUSION_PATH_NAMES, type DiffusionPathName } from '../core/diffusionPaths';
import type { CouplingName } from '../core/config';
import { gaussianMarginalAt, gaussianMarginalVelocity } from '../core/gaussianField';
import { useLab } from '../state/labStore';
import { useScene } from '../state/sceneStore';
import { startReflow } from '../state/session';
import { useTraining } from '../state/trainingStore';
import { gaussianPair } from '../view/labLayers';

const REFLOW_STEPS = 1000;

/** Mean |learned - closed form| over the snapshot's grid, weighted by where the marginal has mass. */
function trueFieldError(): number {
  const s = useTraining.getState().snapshot;
  const pair = gaussianPair();
  if (!s || !pair) return NaN;
  const out: [number, number] = [0, 0];
  const n = s.gridSize;
  const cell = (2 * s.gridExtent) / n;
  let num = 0;
  let den = 0;
  for (let k = 0; k < s.fieldTimes.length; k++) {
    const t = s.fieldTimes[k];
    const m = gaussianMarginalAt(pair.source, pair.target, t);
    const sd = Math.max(m.std, 0.3);
    for (let row = 0; row < n; row++) {
      for (let col = 0; col < n; col++) {
        const x = -s.gridExtent + (col + 0.5) * cell;
        const y = -s.gridExtent + (row + 0.5) * cell;
        const w = Math.exp(-((x - m.mean[0]) ** 2 + (y - m.mean[1]) ** 2) / (2 * sd * sd));
        if (w < 1e-3) continue;
        gaussianMarginalVelocity(pair.source, pair.target, t, x, y, out);
        const o = 2 * ((k * n + row) * n + col);
        num += w * Math.hypot(s.field[o] - out[0], s.field[o + 1] - out[1]);
        den += w;
      }
    }
  }
  return den > 0 ? num / den : NaN;
}

export function LabControls() {
  const train = useScene((s) => s.train);
  const setTrain = useScene((s) => s.setTrain);
  const specs = useScene((s) => `${s.sourceSpec}|${s.targetSpec}`);
  const lab = useLab();
  const snapshot = useTraining((s) => s.snapshot);
  const gaussian = gaussianPair() !== null;
  void specs;
  const [error, setError] = useState(NaN);
  useEffect(() => setError(lab.trueField ? trueFieldError() : NaN), [snapshot, lab.trueField]);
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
        <label className={`chip ${gaussian ? '' : 'disabled'}`} title={gaussian ? 'Closed-form marginal field for the straight path with independent pairs' : 'Needs Gaussian presets on both sides'}>
          <input type="checkbox" checked={lab.trueField && gaussian} disabled={!gaussian} data-testid="lab-true-field" onChange={(e) => lab.set({ trueField: e.target.checked })} />
          true field
        </label>
      </div>
      {lab.density && (
        <p className="lab-note" data-testid="density-source">
          {lab.densityBusy && !d ? 'computing the density…' : d ? `log density at t = ${d.t.toFixed(2)} (${d.ms.toFixed(0)} ms); at t = 0 it starts from ${d.source === 'gaussian' ? 'the exact Gaussian density of the source' : 'a kernel density estimate of the source cloud'}.` : ''}
        </p>
      )}
      {lab.trueField && gaussian && (
        <p className="lab-note">
          mean |learned − true| near the data: <b data-testid="true-field-error">{Number.isFinite(error) ? error.toFixed(3) : '–'}</b>
          {train.path !== 'straight' || train.coupling !== 'independent' ? ' (the closed form assumes the straight path with independent pairs)' : ''}
        </p>
      )}
    </>
  );
}
