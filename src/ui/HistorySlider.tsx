/**
 * The training history: a second slider that scrubs the model through its checkpoints (log-spaced
 * steps the worker keeps). Its right end is the latest weights, where training goes on.
 */
import { viewCheckpoint } from '../state/session';
import { useTraining } from '../state/trainingStore';

export function HistorySlider() {
  const checkpoints = useTraining((s) => s.checkpoints);
  const viewStep = useTraining((s) => s.viewStep);
  const step = useTraining((s) => s.step);
  const n = checkpoints.length;
  const index = viewStep === null ? n : Math.max(0, checkpoints.indexOf(viewStep));
  const text = viewStep === null ? `latest (step ${step.toLocaleString('en-US')})` : `step ${viewStep.toLocaleString('en-US')}`;
  return (
    <section className="card history" aria-label="training history">
      <label className="slider">
        <span>
          model at <output data-testid="history-step">{text}</output>
        </span>
        <input
          type="range"
          min={0}
          max={n}
          step={1}
          value={index}
          disabled={n === 0}
          data-testid="history-slider"
          aria-label="model at training step"
          aria-valuetext={text}
          title="Scrub the model through its training: field and particles at earlier steps (training pauses)"
          onChange={(e) => {
            const i = Number(e.target.value);
            viewCheckpoint(i >= n ? null : checkpoints[i]);
          }}
        />
      </label>
      {/* Always there (disabled at the latest), so the slider never changes length. */}
      <button type="button" className="ghost" data-testid="history-latest" disabled={viewStep === null} onClick={() => viewCheckpoint(null)}>
        Back to latest
      </button>
    </section>
  );
}
