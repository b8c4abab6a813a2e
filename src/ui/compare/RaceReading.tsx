/** The race read out in a sentence per model (computed by core/raceSummary.ts). */
import { raceReading } from '../../core/raceSummary';
import { useCompare } from '../../state/compareStore';

export function RaceReading() {
  useCompare((s) => s.raceVersion);
  const objectives = useCompare((s) => s.objectives);
  const models = useCompare((s) => s.models);
  const entries = objectives.map((o) => ({ objective: o, msPerStep: models[o]?.msPerStep ?? NaN, heldOut: models[o]?.heldOut ?? [] }));
  return (
    <div className="race-reading" data-testid="race-reading">
      {raceReading(entries).map((s) => (
        <p key={s}>{s}</p>
      ))}
    </div>
  );
}
