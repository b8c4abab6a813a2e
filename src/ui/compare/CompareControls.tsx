/**
 * The compare view's controls: which models race, train / pause / restart them all, the CNF's solver
 * steps and RealNVP's couplings, and the banner when the source has no closed-form density.
 */
import { useEffect, useState } from 'react';
import { OBJECTIVE_COLORS, OBJECTIVE_LABELS, OBJECTIVES, type Objective } from '../../core/objectives';
import { COMPARE_LIMITS, compareSource, useCompare } from '../../state/compareStore';
import { restartCompare, setCompareObjectives, setCompareOption, switchToStandardGaussianSource, trainCompare } from '../../state/compareSession';
import { useScene } from '../../state/sceneStore';

/** Why the likelihood models cannot train on the current source, or null (re-renders when the source changes). */
export function useCompareProblem(): string | null {
  const sourceSpec = useScene((s) => s.sourceSpec);
  const src = compareSource(sourceSpec);
  return src.ok ? null : src.reason;
}

export function CompareControls({ problem }: { problem: string | null }) {
  const objectives = useCompare((s) => s.objectives);
  const anyRunning = useCompare((s) => s.objectives.some((o) => s.models[o]?.running));
  const toggle = (o: Objective) => {
    const next = objectives.includes(o) ? objectives.filter((x) => x !== o) : [...objectives, o];
    setCompareObjectives(next);
  };
  return (
    <section className="card compare-controls" aria-label="compare training">
      <h2>Models</h2>
      <div className="compare-models" role="group" aria-label="models to compare">
        {OBJECTIVES.map((o) => (
          <label key={o} className="chip">
            <input type="checkbox" checked={objectives.includes(o)} onChange={() => toggle(o)} data-testid={`compare-pick-${o}`} />
            <i className="model-dot" style={{ background: OBJECTIVE_COLORS[o] }} aria-hidden="true" />
            {OBJECTIVE_LABELS[o]}
          </label>
        ))}
      </div>
      {problem && (
        <div className="compare-banner" role="status" data-testid="compare-source-banner">
          <p>The likelihood models cannot train: {problem}.</p>
          <button type="button" data-testid="compare-use-gaussian" onClick={switchToStandardGaussianSource}>
            Use a standard Gaussian source
          </button>
        </div>
      )}
      <div className="row buttons">
        <button
          type="button"
          className={`primary ${anyRunning ? 'on' : ''}`}
          data-testid="compare-train-all"
          aria-pressed={anyRunning}
          disabled={!!problem && !anyRunning}
          onClick={() => trainCompare(null, !anyRunning)}
        >
          {anyRunning ? '❚❚ Pause all' : '▶ Train all'}
        </button>
        <button type="button" data-testid="compare-restart" onClick={restartCompare} title="Every model back to step 0 on the same clouds and seed">
          ↺ Restart
        </button>
      </div>
      <div className="compare-options">
        <NumberOption label="CNF solver steps (RK4)" field="cnfSteps" testId="compare-cnf-steps" />
        <NumberOption label="RealNVP couplings" field="couplings" testId="compare-couplings" />
      </div>
    </section>
  );
}

/** A whole-number setting, applied on Enter or when the field loses focus (each change restarts the race). */
function NumberOption({ label, field, testId }: { label: string; field: 'cnfSteps' | 'couplings'; testId: string }) {
  const value = useCompare((s) => s[field]);
  const [text, setText] = useState(String(value));
  useEffect(() => setText(String(value)), [value]);
  const commit = () => {
    const n = Number(text);
    if (text.trim() === '' || !Number.isFinite(n)) setText(String(value));
    else if (n !== value) setCompareOption(field, n);
    else setText(String(value));
  };
  const { min, max } = COMPARE_LIMITS[field];
  return (
    <label className="compare-option">
      <span>{label}</span>
      <input
        type="number"
        min={min}
        max={max}
        step={1}
        value={text}
        data-testid={testId}
        onChange={(e) => setText(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}

const LAYER_NAMES = { density: 'density', sheet: 'rubber sheet', trails: 'trails', particles: 'particles', target: 'target' } as const;

export function CompareLayerToggles() {
  const layers = useCompare((s) => s.layers);
  const toggle = useCompare((s) => s.toggleLayer);
  return (
    <div className="layer-toggles compare-layers" role="group" aria-label="compare layers">
      {(Object.keys(LAYER_NAMES) as (keyof typeof LAYER_NAMES)[]).map((k) => (
        <label key={k} className="chip">
          <input type="checkbox" checked={layers[k]} onChange={() => toggle(k)} data-testid={`compare-layer-${k}`} />
          {LAYER_NAMES[k]}
        </label>
      ))}
    </div>
  );
}
