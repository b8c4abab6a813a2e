/**
 * Does the model generate or copy? Beside each of the first samples, the training image nearest to it
 * and the distance between them, against how close a held-out image gets to the training set.
 */
import { useMemo } from 'react';
import { useImages } from '../../state/imagesStore';
import { ImageStrip } from './ImageStrip';

const SHOWN = 8;
const DIM = 256;

export function NearestPanel() {
  const snap = useImages((s) => s.snapshot);
  const pairs = useMemo(() => {
    if (!snap) return null;
    const last = (snap.frames - 1) * snap.count * DIM;
    return Array.from({ length: Math.min(SHOWN, snap.count) }, (_, i) => {
      const both = new Float32Array(2 * DIM);
      both.set(snap.samples.subarray(last + i * DIM, last + (i + 1) * DIM));
      both.set(snap.nearest.subarray(i * DIM, (i + 1) * DIM), DIM);
      return { both, distance: snap.nearestDistance[i] };
    });
  }, [snap]);
  return (
    <section className="card images-nearest" aria-label="nearest training images">
      <h2>Nearest training image</h2>
      <p className="images-note">
        Top: a sample (t = 1). Below: the training image closest to it, and their distance (pixel space).
        {snap && Number.isFinite(snap.heldOutDistance) ? ` A held-out digit is typically ${snap.heldOutDistance.toFixed(1)} from its nearest training image; far less would mean a copy.` : ''}
      </p>
      <div className="nearest-pairs" data-testid="images-nearest">
        {pairs?.map((p, i) => (
          <figure key={i}>
            <ImageStrip pixels={p.both} count={2} columns={1} label={`sample ${i + 1} and its nearest training image`} />
            <figcaption>{p.distance.toFixed(1)}</figcaption>
          </figure>
        ))}
      </div>
    </section>
  );
}
