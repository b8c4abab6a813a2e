/**
 * How far the learned particles miss the worked example's Euler stops, from the latest snapshot:
 * the number the lesson promises (within a thousandth), shown rather than asserted.
 */
import { stopMisses, type EulerMarkers } from '../../core/lessons';
import { useTraining } from '../../state/trainingStore';

const TARGET = 1e-3;

export function StopReadout({ markers }: { markers: EulerMarkers }) {
  const snapshot = useTraining((s) => s.snapshot);
  const path = snapshot && snapshot.particles > 0 ? snapshot.trajectories.subarray(0, 2 * (snapshot.steps + 1)) : null;
  const misses = path ? stopMisses(path, markers) : null;
  if (!snapshot || !misses) {
    return (
      <p className="stop-readout muted" data-testid="stop-readout">
        {snapshot
          ? `The particles now take ${snapshot.steps} steps; set ${markers.steps} to compare them with the ${markers.steps + 1} stops.`
          : 'Waiting for the first picture of the flow…'}
      </p>
    );
  }
  const worst = Math.max(...misses);
  const landed = worst < TARGET;
  return (
    <div className="stop-readout" data-testid="stop-readout" data-miss={worst} data-step={snapshot.step}>
      <p>
        Largest miss: <b className={landed ? 'good' : undefined}>{worst.toFixed(4)}</b> after {snapshot.step.toLocaleString('en-US')} steps
        {landed ? ': on every stop to a thousandth.' : '.'}
      </p>
      <ol className="stop-misses" aria-label="miss at each stop">
        {misses.map((m, k) => (
          <li key={k} title={`t = ${k}/${markers.steps}`}>
            <span>t={k === 0 ? '0' : k === markers.steps ? '1' : `${k}/${markers.steps}`}</span>
            <span>{m < 5e-5 ? '0' : m.toFixed(4).replace(/^0/, '')}</span>
          </li>
        ))}
      </ol>
    </div>
  );
}
