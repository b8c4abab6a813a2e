/**
 * The compare view: one panel per chosen model with the shared time slider under them, and a side
 * column with the lesson (a lesson drives this view), the controls, the race chart, the cost table
 * and the race read out in words.
 */
import { useCompare } from '../../state/compareStore';
import { LessonPanel } from '../lessons/LessonPanel';
import { TimeControls } from '../TimeControls';
import { CompareControls, CompareLayerToggles, useCompareProblem } from './CompareControls';
import { ComparePanel } from './ComparePanel';
import { CostTable } from './CostTable';
import { RaceChart } from './RaceChart';
import { RaceReading } from './RaceReading';

export function CompareView() {
  const objectives = useCompare((s) => s.objectives);
  const problem = useCompareProblem();
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
      </div>
      <aside className="compare-side">
        <LessonPanel />
        <CompareControls problem={problem} />
        <RaceChart />
        <section className="card" aria-label="race reading">
          <h2>Reading</h2>
          <RaceReading />
        </section>
        <CostTable />
      </aside>
    </>
  );
}
