/**
 * The fit in pixel space: sliced W2 of generated images against held-out ones beside its floor (two
 * draws of the data itself), and the nearest-neighbour ratio with what it means.
 */
import { useImages } from '../../state/imagesStore';
import { formatScore, formatSpread } from '../format';

/** One line on the nearest-neighbour ratio: ~1 the samples are as new as unseen data; far below, they copy; far above, they are not yet like the data. */
export function nnReading(ratio: number): string {
  if (!Number.isFinite(ratio)) return 'The ratio needs held-out images (a data set of 20 images or more).';
  if (ratio > 1.5) return 'Not yet like the data: the samples are much farther from every training image than unseen data is. Train on.';
  if (ratio < 0.5) return 'The model copies: its samples sit much closer to training images than new data does.';
  if (ratio < 0.8) return 'The model partly copies: its samples are closer to training images than new data is.';
  return 'The model generates: its samples are as far from the training images as unseen data is.';
}

export function ImagesFitPanel() {
  const fit = useImages((s) => s.fit);
  return (
    <section className="card fit images-fit" aria-label="image fit">
      <h2>Fit in pixel space</h2>
      <dl className="stats">
        <div>
          <dt>sliced W2 vs held-out</dt>
          <dd data-testid="images-sw2">{formatScore(fit?.slicedW2 ?? NaN)}</dd>
        </div>
        <div>
          <dt>floor (data vs data)</dt>
          <dd className="with-spread" data-testid="images-floor">
            {formatScore(fit?.floor ?? NaN)}
          </dd>
          <dd className="floor-spread">{formatSpread(fit?.floorSd ?? NaN)}</dd>
        </div>
        <div>
          <dt>nearest-neighbour ratio</dt>
          <dd data-testid="images-nn-ratio">{formatScore(fit?.nnRatio ?? NaN)}</dd>
        </div>
        <div>
          <dt>measured at step</dt>
          <dd>{fit ? fit.step.toLocaleString('en-US') : '–'}</dd>
        </div>
      </dl>
      <p className="images-note" data-testid="images-nn-reading">
        {fit ? nnReading(fit.nnRatio) : 'Measured now and then while training, and on pause.'}
      </p>
    </section>
  );
}
