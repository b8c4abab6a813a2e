/** Model, optimiser and sampling settings. Values are clamped by the scene store, which says so. */
import { useEffect, useState } from 'react';
import { SOLVER_NAMES, evalsPerStep, type SolverName } from '../core/solvers';
import { useScene } from '../state/sceneStore';

interface NumberFieldProps {
  label: string;
  value: number;
  testId: string;
  step?: number;
  hint?: string;
  onCommit(v: number): void;
}

/** A number input that commits on Enter or blur, so half-typed values never reach the model. */
function NumberField({ label, value, testId, step, hint, onCommit }: NumberFieldProps) {
  const [draft, setDraft] = useState(String(value));
  useEffect(() => setDraft(String(value)), [value]);
  const commit = () => {
    const v = Number(draft);
    if (draft.trim() === '' || !Number.isFinite(v)) setDraft(String(value));
    else if (v !== value) onCommit(v);
  };
  return (
    <label className="field" title={hint}>
      <span>{label}</span>
      <input
        type="number"
        inputMode="decimal"
        value={draft}
        step={step}
        data-testid={testId}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => e.key === 'Enter' && commit()}
      />
    </label>
  );
}

export function SettingsPanel() {
  const train = useScene((s) => s.train);
  const sample = useScene((s) => s.sample);
  const setTrain = useScene((s) => s.setTrain);
  const setSample = useScene((s) => s.setSample);
  return (
    <details className="card settings">
      <summary>
        <h2>Model &amp; sampling</h2>
        <span className="summary-note">
          {train.hiddenLayers}×{train.width} SiLU · batch {train.batchSize} · {sample.solver} {sample.steps} steps
        </span>
      </summary>
      <div className="grid2">
        <NumberField label="hidden layers" value={train.hiddenLayers} testId="set-layers" onCommit={(v) => setTrain({ hiddenLayers: v })} hint="Changing the architecture starts from fresh weights" />
        <NumberField label="width" value={train.width} testId="set-width" onCommit={(v) => setTrain({ width: v })} />
        <NumberField label="learning rate" value={train.learningRate} step={0.0005} testId="set-lr" onCommit={(v) => setTrain({ learningRate: v })} />
        <NumberField label="batch size" value={train.batchSize} testId="set-batch" onCommit={(v) => setTrain({ batchSize: v })} />
        <NumberField label="jitter σ" value={train.jitter} step={0.01} testId="set-jitter" onCommit={(v) => setTrain({ jitter: v })} hint="Gaussian noise added to resampled cloud points: smooths a few hand-drawn points into a density" />
        <NumberField label="particles" value={sample.particles} testId="set-particles" onCommit={(v) => setSample({ particles: v })} />
        <label className="field">
          <span>solver</span>
          <select value={sample.solver} data-testid="set-solver" onChange={(e) => setSample({ solver: e.target.value as SolverName })}>
            {SOLVER_NAMES.map((s) => (
              <option key={s} value={s}>
                {s}
              </option>
            ))}
          </select>
        </label>
        <NumberField label="solver steps" value={sample.steps} testId="set-steps" onCommit={(v) => setSample({ steps: v })} />
      </div>
      <p className="nfe" data-testid="nfe">
        {sample.steps} {sample.solver} step{sample.steps === 1 ? '' : 's'} = {sample.steps * evalsPerStep(sample.solver)} network evaluations per particle
      </p>
    </details>
  );
}
