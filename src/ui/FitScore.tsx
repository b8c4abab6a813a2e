/** The fit score (sliced W2 of generated vs target samples) beside its noise floor. */
import { useTraining } from '../state/trainingStore';
import { formatScore, formatSpread } from './format';
import { FLOOR_PAIRS } from '../core/noiseFloor';
import { CLASS_NAMES } from '../view/palette';

export function FitScore() {
  const fit = useTraining((s) => s.snapshot?.fit ?? NaN);
  const floor = useTraining((s) => s.snapshot?.fitFloor ?? NaN);
  const spread = useTraining((s) => formatSpread(s.snapshot?.fitFloorSpread ?? NaN));
  const stale = useTraining((s) => s.snapshotStale && s.snapshot !== null);
  const fitClass = useTraining((s) => s.snapshot?.fitClass ?? null);
  const ratio = fit / floor;
  const quality = stale || !Number.isFinite(ratio) ? '' : ratio < 1.5 ? 'good' : ratio < 3 ? 'fair' : 'poor';
  return (
    <section className={`card fit${stale ? ' stale' : ''}`} aria-label="fit" data-stale={stale} aria-busy={stale}>
      <div className="fit-head">
        <h2>Fit</h2>
        {stale ? (
          <span className="pill" data-testid="fit-stale" title="The weights changed; the score below is of the previous ones until the new score arrives">
            recomputing…
          </span>
        ) : (
          <span className={`pill ${quality}`}>{quality && `${ratio.toFixed(1)}× floor`}</span>
        )}
      </div>
      <dl className="stats">
        <div>
          <dt title="Sliced Wasserstein-2 distance between 1,000 generated points and 1,000 target points">sliced W₂</dt>
          <dd data-testid="fit-score">{formatScore(fit)}</dd>
        </div>
        <div>
          <dt title={`The same distance between two independent 1,000-point draws of the target, averaged over ${FLOOR_PAIRS} pairs of draws (± its standard deviation across them): no model can reliably score below it`}>
            noise floor
          </dt>
          <dd data-testid="fit-floor" className={spread ? 'with-spread' : undefined}>{formatScore(floor)}</dd>
          {spread && <dd className="floor-spread" data-testid="fit-floor-spread">{spread}</dd>}
        </div>
      </dl>
      <p className="fit-hint" data-testid="fit-meaning">
        Lower is better; the floor is the best a model can reliably reach.
        {fitClass !== null && ` Both are against the target's class ${CLASS_NAMES[fitClass]} points, the class every particle asks for.`}
      </p>
    </section>
  );
}
