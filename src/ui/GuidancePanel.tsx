/**
 * Conditioning and diffusion: the probability path and what the network predicts, class-conditional
 * training, and the sampling options of a labelled scene (the class asked for, the guidance weight w,
 * the SDE noise). Says when the settings need N(0, I) as the source, and offers the switch.
 */
import { DIFFUSION_PATH_LABELS, DIFFUSION_PATH_NAMES, type DiffusionPathName } from '../core/diffusionPaths';
import { gaussianSourceWarning } from '../core/gaussianSource';
import { GUIDANCE_LIMITS } from '../core/guidance';
import { TARGET_KIND_LABELS, TARGET_KINDS, type TargetKind } from '../core/predictionTargets';
import { SDE_NOISE_MAX } from '../core/sdeSampler';
import { classCountOf } from '../core/cloudLabels';
import { TRAIN_LIMITS } from '../core/config';
import { useScene } from '../state/sceneStore';
import { useTraining } from '../state/trainingStore';
import { CLASS_NAMES } from '../view/palette';
import { GuidanceChart } from './GuidanceChart';

export function GuidancePanel() {
  const train = useScene((s) => s.train);
  const sample = useScene((s) => s.sample);
  const setTrain = useScene((s) => s.setTrain);
  const setSample = useScene((s) => s.setSample);
  const sourceSpec = useScene((s) => s.sourceSpec);
  const classes = useScene((s) => classCountOf(s.targetLabels));
  const accuracy = useTraining((s) => s.snapshot?.classAccuracy ?? NaN);
  const warning = gaussianSourceWarning(train.path, train.targetKind, sample.sdeNoise, sourceSpec);
  const labelled = classes > 0;
  const conditional = train.conditional && labelled;
  const who = sample.sampleClass === null ? 'all classes' : `class ${CLASS_NAMES[sample.sampleClass]}`;
  return (
    <details className="card guidance" data-testid="guidance-panel">
      <summary>
        <h2>Conditioning &amp; diffusion</h2>
        <span className="summary-note" data-testid="guidance-summary">
          {train.path} · {train.targetKind}
          {conditional ? ` · ${who}, w = ${sample.guidance}` : ''}
          {sample.sdeNoise > 0 ? ` · SDE σ = ${sample.sdeNoise}` : ''}
        </span>
      </summary>
      <div className="grid2">
        <label className="field">
          <span>probability path</span>
          <select value={train.path} data-testid="set-diffusion-path" onChange={(e) => setTrain({ path: e.target.value as DiffusionPathName })}>
            {DIFFUSION_PATH_NAMES.map((p) => (
              <option key={p} value={p}>
                {DIFFUSION_PATH_LABELS[p]}
              </option>
            ))}
          </select>
        </label>
        <label className="field" title="What the network learns; sampling converts it to a velocity (see What the numbers mean)">
          <span>network predicts</span>
          <select value={train.targetKind} data-testid="set-target-kind" onChange={(e) => setTrain({ targetKind: e.target.value as TargetKind })}>
            {TARGET_KINDS.map((k) => (
              <option key={k} value={k}>
                {TARGET_KIND_LABELS[k]}
              </option>
            ))}
          </select>
        </label>
      </div>
      {warning && (
        <div className="compare-banner" role="status" data-testid="gaussian-source-banner">
          <p>{warning}</p>
          <button type="button" data-testid="use-gaussian-source" onClick={() => useScene.getState().setPreset('source', 'gaussian')}>
            Use N(0, I) as the source
          </button>
        </div>
      )}
      <h3 className="group-title">Conditioning</h3>
      <div className="lab-toggles">
        <label className={`chip ${labelled ? '' : 'disabled'}`} title={labelled ? 'Train v(x, t, class): the network also sees the class of each target point' : 'Needs a labelled target: a labelled preset, or paint with a class'}>
          <input type="checkbox" checked={train.conditional} disabled={!labelled && !train.conditional} data-testid="set-conditional" onChange={(e) => setTrain({ conditional: e.target.checked })} />
          conditional on the class
        </label>
        <label className="field inline" title="Share of training labels hidden (the null class), so one network also learns the unconditional field guidance needs">
          <span>label drop</span>
          <input
            type="number"
            min={TRAIN_LIMITS.labelDrop.min}
            max={TRAIN_LIMITS.labelDrop.max}
            step={0.05}
            value={train.labelDrop}
            data-testid="set-label-drop"
            onChange={(e) => e.target.value !== '' && setTrain({ labelDrop: Number(e.target.value) })}
          />
        </label>
      </div>
      {!labelled && <p className="lab-note">The target has no classes: pick a labelled preset (moons, eight Gaussians, checkerboard, rings) or paint with a class.</p>}
      {conditional && train.coupling === 'ot' && (
        <p className="lab-note" data-testid="ot-within-class">
          Minibatch OT pairs noise with target points within each class: OT over the whole batch would send a point of class A's region to class B's data, and the class would stop saying where a particle goes.
        </p>
      )}
      <h3 className="group-title">Sampling</h3>
      <div className="field">
        <span>class</span>
        <div className="seg class-picker" role="radiogroup" aria-label="class to sample">
          <button type="button" role="radio" aria-checked={sample.sampleClass === null} className={sample.sampleClass === null ? 'active' : ''} data-testid="sample-class-all" onClick={() => setSample({ sampleClass: null })}>
            all classes
          </button>
          {CLASS_NAMES.slice(0, Math.max(classes, 0)).map((name, c) => (
            <button key={name} type="button" role="radio" aria-checked={sample.sampleClass === c} className={`class-${c} ${sample.sampleClass === c ? 'active' : ''}`} data-testid={`sample-class-${c}`} onClick={() => setSample({ sampleClass: c })}>
              <i className={`dot class-${c}`} /> {name}
            </button>
          ))}
        </div>
      </div>
      <label className="field range-field" title="Classifier-free guidance: v = v(x, t, ∅) + w (v(x, t, c) − v(x, t, ∅)); 0 ignores the class, 1 is plain conditional, more pushes deeper into the class">
        <span>
          guidance w <b data-testid="guidance-value">{sample.guidance}</b>
        </span>
        <input type="range" min={GUIDANCE_LIMITS.min} max={GUIDANCE_LIMITS.max} step={0.5} value={sample.guidance} disabled={!conditional} data-testid="set-guidance" onChange={(e) => setSample({ guidance: Number(e.target.value) })} />
      </label>
      {!conditional && <p className="lab-note">Guidance needs a conditional model.</p>}
      <label className="field range-field" title="Euler–Maruyama: the same marginals with noise injected along the way; 0 is the probability-flow ODE">
        <span>
          SDE noise σ <b data-testid="sde-value">{sample.sdeNoise}</b>
          {sample.sdeNoise === 0 ? ' (ODE)' : ''}
        </span>
        <input type="range" min={0} max={SDE_NOISE_MAX} step={0.1} value={sample.sdeNoise} data-testid="set-sde-noise" onChange={(e) => setSample({ sdeNoise: Number(e.target.value) })} />
      </label>
      {conditional && (
        <p className="lab-note">
          class accuracy: <b data-testid="class-accuracy">{Number.isFinite(accuracy) ? `${(accuracy * 100).toFixed(0)}%` : '–'}</b> of the particles land nearest a target point of the class they asked for
        </p>
      )}
      {conditional && <GuidanceChart />}
    </details>
  );
}
