/**
 * The compare view: one panel per chosen model, the shared time slider, and the race under them
 * (chart, reading, cost table); a side column with the lesson (a lesson drives this view), the
 * controls and the clouds.
 */
import { useCompare } from '../../state/compareStore';
import { LessonPanel } from '../lessons/LessonPanel';
import { PresetPicker } from '../PresetPicker';
import { TimeControls } from '../TimeControls';
import { CompareControls, CompareLayerToggles, useCompareProblem } from './CompareControls';
import { ComparePanel } from './ComparePanel';
import { CostTable } from './CostTable';
import { useCompareFrameCap } from './frameCap';
import { RaceChart } from './RaceChart';
import { RaceReading } from './RaceReading';

export function CompareView() {
  const objectives = useCompare((s) => s.objectives);
  const problem = useCompareProblem();
  useCompareFrameCap();
  return (
    <>
      <div className="compare-col" data-testid="compare-view">
        <div className={`compare-panels n${objectives.length}`}>
          {objectives.map((o) => (
            <ComparePanel key={o} objective={o} blocked={!!problem} />
          ))}
        </div>
        <TimeControls />
        <CompareLayerToggles />
        <div className="compare-race">
          <RaceChart />
          <div className="compare-race-side">
            <section className="card" aria-label="race reading">
              <h2>Reading</h2>
              <RaceReading />
            </section>
            <CostTable />
          </div>
        </div>
      </div>
      <aside className="compare-side">
        <LessonPanel />
        <CompareControls problem={problem} />
        {/* The same clouds as the playground: changing them here restarts the race. */}
        <PresetPicker />
      </aside>
    </>
  );
}
