/** Train / pause, reset, and the live counters. */
import { resetModel, singleStep, toggleTraining } from '../state/session';
import { useTraining } from '../state/trainingStore';
import { useShown } from '../state/embedStore';
import { formatLoss } from './format';

export function TrainControls() {
  const wantTraining = useTraining((s) => s.wantTraining);
  const status = useTraining((s) => s.status);
  const step = useTraining((s) => s.step);
  const sps = useTraining((s) => s.stepsPerSecond);
  const loss = useTraining((s) => s.loss);
  const ready = useTraining((s) => s.backend !== null);
  const batch = useTraining((s) => s.stepBatch);
  // An embed shows the parts its link names (train: the button and counters).
  const showTrain = useShown('train');
  const showReset = useShown('reset');
  const showStep = useShown('step');
  if (!showTrain && !showReset && !showStep) return null;
  return (
    <section className="card training" aria-label="training">
      <div className="row buttons">
        {showTrain && (
          <button
            type="button"
            className={`primary ${wantTraining ? 'on' : ''}`}
            data-testid="train-toggle"
            aria-pressed={wantTraining}
            disabled={!ready}
            onClick={toggleTraining}
            title="Train or pause (T)"
          >
            {wantTraining ? '❚❚ Pause training' : step > 0 ? '▶ Resume training' : '▶ Train'}
          </button>
        )}
        {showReset && (
          <button type="button" data-testid="reset-model" onClick={resetModel} disabled={!ready} title="Fresh random weights (R)">
            ↺ Reset model
          </button>
        )}
      </div>
      {showStep && (
        <div className="row buttons">
          <button type="button" data-testid="single-step" onClick={singleStep} disabled={!ready} title="Train exactly one batch and show its pairs and how it changed the field (S)">
            ⇥ Single step
          </button>
        </div>
      )}
      {batch && (
        <p className="step-batch" data-testid="step-batch">
          Step {batch.step.toLocaleString('en-US')} trained on these {batch.count.toLocaleString('en-US')} pairs (x₀ to x₁, with x_t at each pair’s t); the red
          arrows show how it changed the field, magnified.
        </p>
      )}
      {showTrain && (
        <dl className="stats">
          <div>
            <dt>step</dt>
            <dd data-testid="step-counter">{step.toLocaleString('en-US')}</dd>
          </div>
          <div>
            <dt>loss</dt>
            <dd data-testid="loss-value">{formatLoss(loss)}</dd>
          </div>
          <div>
            <dt>steps/s</dt>
            <dd data-testid="steps-per-second">{status === 'training' && sps > 0 ? sps.toFixed(0) : '–'}</dd>
          </div>
        </dl>
      )}
    </section>
  );
}
