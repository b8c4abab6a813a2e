/** The same eight starts after 1, 2, 4, 8 and 50 Euler steps: how few steps the learned field needs. */
import { useImages } from '../../state/imagesStore';
import { ImageStrip } from './ImageStrip';

const DIM = 256;

export function StepsStrip() {
  const fit = useImages((s) => s.fit);
  return (
    <section className="card images-steps" aria-label="Euler steps">
      <h2>{fit ? fit.stripSteps.join(', ') : '1, 2, 4, 8, 50'} Euler steps</h2>
      <div className="steps-rows" data-testid="images-steps">
        {fit?.stripSteps.map((n, r) => (
          <div className="steps-row" key={n}>
            <span>
              {n} step{n === 1 ? '' : 's'}
            </span>
            <ImageStrip pixels={fit.strip.subarray(r * fit.stripCount * DIM, (r + 1) * fit.stripCount * DIM)} count={fit.stripCount} columns={fit.stripCount} label={`${fit.stripCount} samples after ${n} Euler steps`} />
          </div>
        ))}
        {!fit && <p className="images-note">Measured after the first training chunk.</p>}
      </div>
    </section>
  );
}
